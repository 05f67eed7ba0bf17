"""Issue 17 items 2-6 for reports, with real processes: a Redis broker of the test's own that is
killed and started again, Celery workers killed by their PID, and beat running the sweep.

Settings of the children make the clocks short: heartbeat every second, a heartbeat older than
3 s is a dead worker, the sweep runs every second and re-sends rows waiting over 2 s.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from asn_portal.laporan import services
from asn_portal.laporan.models import Laporan, StatusLaporan
from asn_portal.periode import periode_selesai_terakhir
from tests import procs

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

FAST = {
    "JOB_HEARTBEAT_SECONDS": "1",
    "JOB_STALE_SECONDS": "3",
    "JOB_SWEEP_SECONDS": "1",
    "JOB_REQUEUE_AFTER_SECONDS": "2",
}


def _beat(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "asn_portal", "beat", "-l", "warning", "--pidfile="],
        cwd=procs.REPO,
        env=env,
    )


def _ready(pk: int) -> Laporan | None:
    laporan = Laporan.objects.get(pk=pk)
    return (
        laporan if laporan.status == StatusLaporan.SIAP and laporan.diminta_pada is None else None
    )


def test_a_report_requested_while_the_broker_is_down_is_built_once_it_is_back_and_never_hidden(
    register, admin_bkd
) -> None:
    broker = procs.RedisServer().start()
    env = procs.web_env(CELERY_BROKER_URL=broker.url(2), **FAST)
    port = procs.free_port()
    web = procs.start_gunicorn(env, port)
    token = Token.objects.create(user=admin_bkd).key
    import requests

    api = requests.Session()
    api.headers["Authorization"] = f"Token {token}"
    url = f"http://127.0.0.1:{port}/api/v1/laporan/"
    worker = beat = None
    try:
        broker.kill()
        answer = api.post(url, json={"jenis": "bulanan", "tahun": 2026, "nomor": 1}, timeout=90)
        # Before: a 500 with the row committed "antre" and never sent.
        assert answer.status_code == 202, answer.text[:300]
        assert "akan diproses otomatis" in answer.json()["peringatan"]
        laporan = Laporan.objects.get()
        assert laporan.status == StatusLaporan.ANTRE and laporan.diminta_pada is not None

        broker.start()
        worker = procs.start_worker(procs.child_env(CELERY_BROKER_URL=broker.url(2), **FAST))
        beat = _beat(procs.child_env(CELERY_BROKER_URL=broker.url(2), **FAST))
        built = procs.wait_for(lambda: _ready(laporan.pk), 240, "the report built by the sweep")
        assert built.versi == 1

        # Re-requesting a ready report keeps it ready and visible while the new build waits.
        procs.stop(worker)
        again = api.post(url, json={"jenis": "bulanan", "tahun": 2026, "nomor": 1}, timeout=90)
        assert again.status_code == 202
        waiting = Laporan.objects.get(pk=laporan.pk)
        assert waiting.status == StatusLaporan.SIAP and waiting.is_terlihat
        assert waiting.diminta_pada is not None
        pdf = api.get(f"{url}{laporan.pk}/pdf/", timeout=90)
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    finally:
        procs.stop(beat)
        procs.stop(worker)
        procs.stop(web)
        broker.kill()


def test_a_report_survives_a_killed_worker_and_a_broker_drop(register) -> None:
    broker = procs.RedisServer().start()
    env = procs.child_env(CELERY_BROKER_URL=broker.url(2), **FAST)
    worker = beat = None
    try:
        # The request's message is never sent: the beat's sweep sends it (the outbox).
        laporan = services.laporan_request(jenis="bulanan", tahun=2026, nomor=2, enqueue=False)
        worker = procs.start_worker(env, pool="prefork", name="dies")
        beat = _beat(env)
        procs.wait_for(
            lambda: Laporan.objects.filter(pk=laporan.pk, heartbeat_at__isnull=False).exists(),
            180,
            "the build to start",
        )

        # The whole worker dies (SIGKILL of its main process and its pool child).
        children = subprocess.run(  # noqa: S603
            ["pgrep", "-P", str(worker.pid)], capture_output=True, text=True
        ).stdout.split()
        worker.send_signal(signal.SIGKILL)
        for child in children:
            subprocess.run(["kill", "-9", child], check=False)  # noqa: S603,S607
        worker.wait(timeout=10)
        assert Laporan.objects.get(pk=laporan.pk).status == StatusLaporan.PROSES

        # The worker comes back; the broker drops once more mid-build and returns.
        back = time.monotonic()
        worker = procs.start_worker(env, pool="prefork", name="back")
        procs.wait_for(
            lambda: Laporan.objects.filter(
                pk=laporan.pk, heartbeat_at__gt=timezone.now() - timezone.timedelta(seconds=2)
            ).exists(),
            180,
            "the build to be taken again",
        )
        broker.kill()
        time.sleep(2)
        broker.start()
        built = procs.wait_for(lambda: _ready(laporan.pk), 300, "the report")
        recovery = time.monotonic() - back
        assert worker.poll() is None, "the worker exited when the broker dropped"
        assert built.versi == 1  # published once; the killed run published nothing
        assert Laporan.objects.count() == 1
        assert recovery < 300, f"ready {recovery:.0f} s after the worker came back"
        print(f"report ready {recovery:.1f} s after the worker came back")  # noqa: T201
    finally:
        procs.stop(beat)
        procs.stop(worker)
        broker.kill()


def test_a_scheduled_report_missed_during_an_outage_is_built_when_the_system_is_back(
    register,
) -> None:
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    crontab = CrontabSchedule.objects.create(minute="0", hour="2", day_of_month="1")
    PeriodicTask.objects.create(
        name="laporan bulanan",
        task="asn_portal.laporan.terjadwal",
        crontab=crontab,
        args='["bulanan"]',
    )
    periode = periode_selesai_terakhir("bulanan", timezone.now())
    assert not Laporan.objects.exists()  # the run on the 1st was lost (broker down)

    broker = procs.RedisServer().start()
    env = procs.child_env(CELERY_BROKER_URL=broker.url(2), **FAST)
    worker = procs.start_worker(env)
    beat = _beat(env)
    try:
        laporan = procs.wait_for(
            lambda: Laporan.objects.filter(
                jenis="bulanan", tahun=periode.tahun, nomor=periode.nomor, unit__isnull=True
            ).first(),
            120,
            "the missed report to be requested",
        )
        assert procs.wait_for(lambda: _ready(laporan.pk), 300, "the missed report built")
    finally:
        procs.stop(beat)
        procs.stop(worker)
        broker.kill()
