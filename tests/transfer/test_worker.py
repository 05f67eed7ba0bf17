"""A large import through a real Celery worker process (not eager)."""

from __future__ import annotations

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from asn_portal.progress import progress_get
from asn_portal.transfer import services
from asn_portal.transfer.models import ImportJob, ImportStatus
from jabatan.models import Pegawai, RiwayatJabatan
from tests.factories import make_nip
from tests.transfer.conftest import PEGAWAI_HEADERS, csv_bytes


def _wait(job_id: int, until: set[str], seen: list[dict], timeout: float = 240) -> ImportJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = ImportJob.objects.get(pk=job_id)
        progress = progress_get(services.PROGRESS_KIND, job_id)
        if progress:
            seen.append(progress)
        if job.status in until:
            return job
        # Often: a phase of 6,000 rows takes well under a second on a quiet machine, and its
        # intermediate progress lives only until the phase's last step.
        time.sleep(0.02)
    raise AssertionError(f"job {job_id} did not finish: {job.status}")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_large_import_runs_on_a_real_worker_with_progress(real_worker, admin_bkd, formasi_a):
    rows = [
        [make_nip(n), f"Pegawai {n}", "pns", "III/a", "", "A", "ANL", "01/05/2020"]
        for n in range(6000)
    ]
    content = csv_bytes(PEGAWAI_HEADERS, rows, delimiter=";")
    with transaction.atomic():
        job = services.import_job_create(
            user=admin_bkd, kind="pegawai", upload=SimpleUploadedFile("besar.csv", content)
        )
    seen: list[dict] = []
    job = _wait(job.pk, {ImportStatus.PRATINJAU, ImportStatus.DITOLAK, ImportStatus.GAGAL}, seen)
    assert job.status == ImportStatus.PRATINJAU, job.errors[:3]
    assert job.created_count == 6000
    with transaction.atomic():
        services.import_commit_request(job=job, user=admin_bkd)
    job = _wait(job.pk, {ImportStatus.SELESAI, ImportStatus.DITOLAK, ImportStatus.GAGAL}, seen)
    assert job.status == ImportStatus.SELESAI, job.message
    assert Pegawai.objects.count() == 6000
    assert RiwayatJabatan.objects.filter(formasi=formasi_a).count() == 6000
    # the page saw intermediate progress, not only the end
    assert any(0 < p["done"] < p["total"] for p in seen), seen[:5]
    assert real_worker.poll() is None
