from __future__ import annotations

import time
from pathlib import Path

import pytest

from asn_portal.laporan import services
from asn_portal.laporan.models import Laporan, StatusLaporan

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_report_and_the_admin_sees_it_ready(register, real_worker):
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
    assert real_worker.poll() is None
    assert Laporan.objects.count() == 1
