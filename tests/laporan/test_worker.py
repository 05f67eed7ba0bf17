from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from asn_portal.celery import app as celery_app
from asn_portal.laporan import services
from asn_portal.laporan.models import Laporan, StatusLaporan

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def laporan_worker() -> Iterator[subprocess.Popen[bytes]]:
    """A real Celery worker on the Redis broker, sharing the test database and media folder."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "SITE_URL": settings.SITE_URL,
    }
    process = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "asn_portal",
            "worker",
            "-l",
            "warning",
            "--pool",
            "solo",
            "-n",
            f"laporan-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
    )
    celery_app.conf.task_always_eager = False
    try:
        yield process
    finally:
        celery_app.conf.task_always_eager = True
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_report_and_the_admin_sees_it_ready(register, laporan_worker):
    laporan = services.laporan_request(jenis="bulanan", tahun=2026, nomor=1)

    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        laporan.refresh_from_db()
        if laporan.status in (StatusLaporan.SIAP, StatusLaporan.GAGAL):
            break
        time.sleep(1)
    assert laporan.status == StatusLaporan.SIAP, laporan.pesan_galat
    assert laporan.progres == 100 and Path(laporan.pdf.path).read_bytes().startswith(b"%PDF")
    assert laporan.hash_konten == services.hash_data(laporan.data)
    assert laporan_worker.poll() is None
    assert Laporan.objects.count() == 1
