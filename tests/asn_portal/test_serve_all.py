"""Issue 17 item 5: ``manage.py serve_all`` supervises its children: a crashed (killed) worker
or beat is started again, and everything stops only on Ctrl-C."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from tests import procs

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _children(pid: int) -> dict[str, int]:
    found: dict[str, int] = {}
    out = subprocess.run(  # noqa: S603
        ["ps", "-o", "pid=,args=", "--ppid", str(pid)], capture_output=True, text=True
    ).stdout
    for line in out.splitlines():
        child, _, args = line.strip().partition(" ")
        for name in ("worker", "beat"):
            if f"asn_portal {name}" in args:
                found[name] = int(child)
    return found


def test_a_killed_worker_and_beat_are_restarted_and_ctrl_c_stops_all() -> None:
    broker = procs.RedisServer().start()
    env = procs.child_env(CELERY_BROKER_URL=broker.url(2))
    serve = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "serve_all", "--no-web"], cwd=procs.REPO, env=env
    )
    try:
        first = procs.wait_for(
            lambda: (c := _children(serve.pid)) and len(c) == 2 and c, 60, "worker and beat"
        )
        for name in ("worker", "beat"):
            subprocess.run(["kill", "-9", str(first[name])], check=True)  # noqa: S603,S607
        # Before: serve_all stopped everything as soon as one child exited.
        again = procs.wait_for(
            lambda: (
                (c := _children(serve.pid))
                and len(c) == 2
                and c["worker"] != first["worker"]
                and c["beat"] != first["beat"]
                and c
            ),
            60,
            "worker and beat started again",
        )
        assert serve.poll() is None and again
        serve.send_signal(signal.SIGINT)  # Ctrl-C
        assert serve.wait(timeout=60) == 0
        assert not _children(serve.pid)
    finally:
        procs.stop(serve, kill=True)
        broker.kill()
