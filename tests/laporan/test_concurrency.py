from __future__ import annotations

import threading
from pathlib import Path

import pytest
from django.db import connection

from asn_portal.laporan import services
from asn_portal.laporan.models import Laporan, StatusLaporan
from asn_portal.periode import Periode


def _in_threads(target, n=2):
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def run():
        try:
            barrier.wait(timeout=30)
            target()
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_requests_and_builds_make_exactly_one_report(register, settings):
    expected = services.hash_data(
        services.laporan_data_compute(periode=Periode(2026, "bulanan", 1), unit=None)
    )

    errors = _in_threads(lambda: services.laporan_request(jenis="bulanan", tahun=2026, nomor=1))

    assert errors == []
    laporan = Laporan.objects.get()
    assert laporan.status == StatusLaporan.SIAP and laporan.hash_konten == expected
    assert laporan.token_proses == ""
    # The superseded run's files were removed: only the published PDF and XLSX remain.
    files = sorted(p.name for p in (Path(settings.MEDIA_ROOT) / "laporan").iterdir())
    assert files == sorted([Path(laporan.pdf.name).name, Path(laporan.xlsx.name).name])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_taking_the_same_job_publish_one_version_of_the_same_numbers(
    register, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        queued = services.laporan_request(jenis="bulanan", tahun=2026, nomor=1)

    errors = _in_threads(lambda: services.laporan_generate(laporan_id=queued.pk))

    assert errors == []
    laporan = Laporan.objects.get()
    assert laporan.status == StatusLaporan.SIAP and laporan.versi in (1, 2)
    assert len(laporan.hash_konten) == 64
