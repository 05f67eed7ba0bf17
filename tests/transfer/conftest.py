from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.factories import FormasiFactory, JabatanFactory

PEGAWAI_HEADERS = [
    "NIP",
    "Nama",
    "Status kepegawaian",
    "Golongan",
    "TMT golongan",
    "Kode unit",
    "Kode jabatan",
    "TMT jabatan",
]


def csv_bytes(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture
def jabatan_analis(db: None) -> Any:
    return JabatanFactory(
        kode="ANL", nama="Analis SDM Aparatur", kategori="pelaksana", kelas_jabatan=7
    )


@pytest.fixture
def formasi_a(unit_a: Any, jabatan_analis: Any) -> Any:
    return FormasiFactory(unit=unit_a, jabatan=jabatan_analis)


@pytest.fixture
def run_import(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """Upload a file as ``user``, let the (eager) Celery tasks run, optionally commit."""
    from asn_portal.transfer import services

    def run(user: Any, kind: str, name: str, content: bytes, *, commit: bool = False) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            job = services.import_job_create(user=user, kind=kind, upload=upload(name, content))
        job.refresh_from_db()
        if commit and job.status == "pratinjau":
            with django_capture_on_commit_callbacks(execute=True):
                services.import_commit_request(job=job, user=user)
            job.refresh_from_db()
        return job

    return run
