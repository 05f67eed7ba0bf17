from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from asn_portal.transfer.kinds.pegawai import PegawaiKind
from tests.factories import FormasiFactory, JabatanFactory

PEGAWAI_HEADERS = PegawaiKind.headers(*PegawaiKind.placement_columns)


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


def patch_sheet_xml(data: bytes, edit: Callable[[str], str], sheet: str = "sheet1") -> bytes:
    """Rewrite one worksheet's XML inside an XLSX, e.g. to give formulas the cached results Excel
    saves (openpyxl writes formulas without them) or to format rows down the sheet."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == f"xl/worksheets/{sheet}.xml":
                content = edit(content.decode()).encode()
            target.writestr(item, content)
    return out.getvalue()


def cached_formula(xml: str, coordinate: str, value: str, *, text: bool = False) -> str:
    """Give the formula in ``coordinate`` a saved result, as Excel does when it saves."""
    import re

    pattern = re.compile(rf'<c r="{coordinate}"([^>]*)><f>([^<]*)</f><v\s*/>')
    kind = ' t="str"' if text else ""
    patched, count = pattern.subn(rf'<c r="{coordinate}"\1{kind}><f>\2</f><v>{value}</v>', xml)
    assert count == 1, f"no formula in {coordinate}"
    return patched
