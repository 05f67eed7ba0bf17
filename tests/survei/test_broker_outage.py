"""Issue 17 item 1: a broker outage never turns a stored survey answer into a 500.

Real processes: a Redis of the test's own as the broker (killed, then started again), gunicorn
with DEBUG off, a Celery worker and beat. Before the fix the thank-you page was a 500
(``transaction.on_commit(partial(...), robust=True)`` read ``__qualname__`` of a partial).
"""

from __future__ import annotations

import time

import pytest

from survei.models import Respons
from survei.partisipasi.models import Kasus
from tests import procs
from tests.survei.conftest import isian

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_suggestion_sent_while_the_broker_is_down_gets_the_thank_you_page_and_its_case_later(
    layanan_a,
) -> None:
    broker = procs.RedisServer().start()
    env = procs.web_env(
        CELERY_BROKER_URL=broker.url(2),
        JOB_SWEEP_SECONDS="1",
        PARTISIPASI_KASUS_SWEEP_SECONDS="1",
    )
    port = procs.free_port()
    web = procs.start_gunicorn(env, port)
    worker = beat = None
    try:
        broker.kill()  # the broker goes away before the citizen submits
        browser = procs.Browser(f"http://127.0.0.1:{port}")
        assert browser.get(f"/survei/{layanan_a.kode}/").status_code == 200  # warm up

        data = isian(idempotency_key=browser.field("idempotency_key"))

        started = time.monotonic()
        sent = browser.post(f"/survei/{layanan_a.kode}/", data)
        elapsed = time.monotonic() - started

        assert sent.status_code == 302, sent.text[:500]
        thanks = browser.get(sent.headers["Location"])
        assert thanks.status_code == 200 and "Terima kasih" in thanks.text
        assert elapsed < 15  # the failed enqueue gives up quickly (about 1 s on an idle machine)
        respons = Respons.objects.get()
        assert respons.saran == data["saran"]
        assert not Kasus.objects.exists()  # no worker could make it yet

        broker.start()  # the broker is back: the sweep creates the follow-up case
        worker = procs.start_worker(procs.child_env(CELERY_BROKER_URL=broker.url(2)))
        beat = subprocess_beat(env)
        kasus = procs.wait_for(
            lambda: Kasus.objects.filter(respons=respons).first(), 120, "the follow-up case"
        )
        assert kasus is not None and Respons.objects.count() == 1
    finally:
        procs.stop(beat)
        procs.stop(worker)
        procs.stop(web)
        broker.kill()


def subprocess_beat(env: dict[str, str]):
    import subprocess
    import sys

    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "asn_portal", "beat", "-l", "warning", "--pidfile="],
        cwd=procs.REPO,
        env=env,
    )
