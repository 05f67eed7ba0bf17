"""Exports of the JP shortfall list as CSV or XLSX, with spreadsheet formulas neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def kekurangan_rows(posisi: Iterable[Any], minimum: int) -> Iterable[list[Any]]:
    for row in posisi:
        yield [
            row.pegawai.nip,
            row.pegawai.nama_lengkap,
            row.formasi.jabatan.nama,
            row.formasi.unit.nama,
            row.jp,
            minimum,
            max(minimum - row.jp, 0),
        ]


def header() -> list[str]:
    return [
        _("NIP"),
        _("Nama"),
        _("Jabatan"),
        _("Unit"),
        _("JP terverifikasi"),
        _("JP minimal"),
        _("Kekurangan JP"),
    ]


def as_csv(rows: Iterable[Sequence[Any]], filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header())
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
    response = HttpResponse(
        buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def as_xlsx(rows: Iterable[Sequence[Any]], filename: str, *, catatan: str) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Kekurangan JP"))
    sheet.append([catatan])
    sheet.append(header())
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
