"""Issue 17 item 4 for imports, with real processes: Celery workers on a Redis broker of
the test's own, killed by their PID, and beat running the sweep (short clocks, see FAST)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from asn_portal.transfer import services
from asn_portal.transfer.models import ImportJob, ImportStatus
from jabatan.models import Pegawai
from tests import procs
from tests.factories import make_nip
from tests.transfer.conftest import PEGAWAI_HEADERS, csv_bytes

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

FAST = {
    "JOB_HEARTBEAT_SECONDS": "1",
    "JOB_STALE_SECONDS": "3",
    "JOB_SWEEP_SECONDS": "1",
    "JOB_REQUEUE_AFTER_SECONDS": "2",
}


def _previewed(user, rows: int) -> ImportJob:
    """A job checked in this (eager) process and then marked "commit requested" without its
    message: the test sends the messages itself."""
    content = csv_bytes(
        PEGAWAI_HEADERS,
        [
            [make_nip(n), f"Pegawai {n}", "pns", "III/a", "", "A", "ANL", "01/05/2020"]
            for n in range(rows)
        ],
        delimiter=";",
    )
    job = services.import_job_create(
        user=user, kind="pegawai", upload=SimpleUploadedFile("p.csv", content)
    )
    job = services.import_validate(job=ImportJob.objects.get(pk=job.pk))
    assert job.status == ImportStatus.PRATINJAU, job.errors[:3]
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.MENGIMPOR, committed_by=user, heartbeat_at=None
    )
    return job


def _beat(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "asn_portal", "beat", "-l", "warning", "--pidfile="],
        cwd=procs.REPO,
        env=env,
    )


def _finished(pk: int) -> ImportJob | None:
    job = ImportJob.objects.get(pk=pk)
    return job if job.status not in (ImportStatus.MENGIMPOR, ImportStatus.MEMERIKSA) else None


def test_a_commit_whose_worker_was_killed_is_failed_with_a_message_soon_after_restart(
    admin_bkd, formasi_a
) -> None:
    broker = procs.RedisServer().start()
    env = procs.child_env(CELERY_BROKER_URL=broker.url(2), CELERY_VISIBILITY_TIMEOUT="3600", **FAST)
    worker = procs.start_worker(env, name="dies")
    beat: subprocess.Popen[bytes] | None = None
    try:
        # Checked before beat starts: with the test's 3-second staleness its sweep would fail a
        # check that a loaded machine keeps between two heartbeats for longer.
        job = _previewed(admin_bkd, 8000)
        beat = _beat(env)  # its sweep sends the waiting commit (the outbox)
        procs.wait_for(
            lambda: ImportJob.objects.filter(pk=job.pk, heartbeat_at__isnull=False).exists(),
            120,
            "the commit to start",
        )
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)

        back = time.monotonic()
        worker = procs.start_worker(env, name="back")
        # beat kept running: its sweep finds the dead commit by its stale heartbeat.
        failed = procs.wait_for(lambda: _finished(job.pk), 300, "the dead commit to be failed")
        recovery = time.monotonic() - back
        # Before: "mengimpor" until the 30-minute task time limit (and the Redis visibility
        # timeout of an hour, set here on purpose).
        assert failed.status == ImportStatus.GAGAL
        assert "tidak ada data yang disimpan" in failed.message
        assert Pegawai.objects.count() == 0  # the commit rolled back with its worker
        assert recovery < 300
        print(f"import failed with a message {recovery:.1f} s after the worker came back")  # noqa: T201
    finally:
        procs.stop(beat)
        procs.stop(worker)
        broker.kill()
