"""Every CSV/XLSX the product produces goes through this writer, and every download into one log.

Formula neutralising (CSV injection, OWASP; CWE-1236): a text cell whose first character is one of
``= + - @ | %`` (also after leading spaces, which some spreadsheets trim on import), or that starts
with a tab, CR, LF or NUL, must never be run as a formula:

- CSV has no cell types, so such a value gets a leading apostrophe (``'=1+1``), and every field
  is quoted, so a ``;`` inside a value cannot start a new cell in an Excel whose list separator is
  the semicolon (Indonesian regional settings).
- XLSX cells are typed: such a value is written as a text cell with Excel's "quote prefix" (what
  Excel stores when someone types ``'=1+1``), so the reader sees exactly the stored text, editing
  the cell keeps it text, and an import "current data" file can be imported back unchanged.

XLSX cells carry Indonesian formats (:mod:`asn_portal.l10n`): numbers stay numbers with a
thousands format (1.234,5 in an Indonesian Excel), dates are date cells shown as "3 Agu 2026".
CSV stays a machine format (ISO dates, a dot for decimals), UTF-8 with a BOM for Excel.

Every file a user downloads is written to :class:`~asn_portal.transfer.models.ExportLog` through
:func:`export_log_create` or :func:`download_response`; docs/exports.md lists the sources.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from asn_portal import l10n
from asn_portal.access import instansi_of_new_rows

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

    from asn_portal.transfer.models import ExportLog

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}

FORMULA_CHARS = frozenset("=+-@|%")
CONTROL_START = frozenset("\t\r\n\x00")
XLSX_MAX_TEXT = 32767  # Excel's limit for one cell
_WIDTH_SAMPLE = 200  # rows looked at for the column widths; the rest is streamed
_MIN_WIDTH, _MAX_WIDTH = 8, 50
_BOLD = Font(bold=True)


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula (or as a cell split off by it)."""
    if not text:
        return False
    if text[0] in CONTROL_START:
        return True
    stripped = text.lstrip()
    return bool(stripped) and stripped[0] in FORMULA_CHARS


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe; other values pass."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def _local(value: dt.datetime) -> dt.datetime:
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def _text(value: Any) -> Any:
    """The value as a cell holds it: numbers and dates stay typed, the rest becomes text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    if isinstance(value, dt.datetime):
        return _local(value)
    if isinstance(value, int | float | Decimal | dt.date):
        return value
    return str(value)


# --- CSV ----------------------------------------------------------------------------------------


def _csv_value(value: Any) -> str:
    value = _text(value)
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise(value)
    return str(value)


def write_csv(headers: Sequence[Any], rows: Iterable[Sequence[Any]]) -> tuple[bytes, int]:
    """UTF-8 with BOM so that Excel shows Indonesian names right. Returns (content, row count)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow([_csv_value(h) for h in headers])
    count = 0
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
        count += 1
    return out.getvalue().encode("utf-8-sig"), count


# --- XLSX ---------------------------------------------------------------------------------------


@dataclass
class Sheet:
    """One worksheet: optional note lines above a bold, frozen header row, then the rows."""

    title: str
    headers: Sequence[Any]
    rows: Iterable[Sequence[Any]]
    notes: Sequence[str] = field(default_factory=tuple)


def sheet_title(title: str) -> str:
    return re.sub(r"[\\/*?:\[\]]", "-", title)[:31] or "Data"


def _xlsx_text(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", text)[:XLSX_MAX_TEXT]


def style_cell(cell: Cell | WriteOnlyCell, value: Any) -> None:
    """Put ``value`` into ``cell`` typed and formatted, a formula-like text as quoted text."""
    value = _text(value)
    if isinstance(value, str):
        value = _xlsx_text(value)
        cell.value = value
        if is_formula_like(value):
            cell.data_type = "s"  # openpyxl took the leading "=" for a formula
            cell.quotePrefix = True
        return
    cell.value = value
    if isinstance(value, dt.datetime):
        cell.number_format = l10n.XLSX_DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell.number_format = l10n.XLSX_DATE_FORMAT
    elif isinstance(value, int | float | Decimal):
        cell.number_format = l10n.xlsx_number_format(value)


def append_row(ws: Worksheet, values: Sequence[Any], *, bold: bool = False) -> None:
    """Append one row to a regular (not write-only) worksheet through :func:`style_cell`."""
    row = ws._current_row + 1  # where ws.append() would write (an empty row counts too)
    for column, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=column)
        style_cell(cell, value)
        if bold:
            cell.font = _BOLD
    ws._current_row = row


def new_workbook() -> Workbook:
    """A regular workbook for files that need drop-downs or hidden sheets (import templates);
    fill it with :func:`append_row`/:func:`style_cell` only."""
    return Workbook()


def workbook_bytes(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _shown_length(value: Any) -> int:
    value = _text(value)
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 16 if isinstance(value, dt.datetime) else 11
    if isinstance(value, int | float | Decimal):
        return len(l10n.angka(value))
    return max((len(line) for line in str(value).splitlines()), default=0)


def _widths(headers: Sequence[Any], sample: Sequence[Sequence[Any]]) -> list[float]:
    widths = [float(_shown_length(h)) for h in headers]
    for row in sample:
        for index, value in enumerate(row[: len(widths)]):
            widths[index] = max(widths[index], float(_shown_length(value)))
    return [min(_MAX_WIDTH, max(_MIN_WIDTH, w + 2)) for w in widths]


def _write_sheet(workbook: Workbook, sheet: Sheet) -> int:
    ws = workbook.create_sheet(title=sheet_title(sheet.title))
    rows: Iterator[Sequence[Any]] = iter(sheet.rows)
    sample = list(itertools.islice(rows, _WIDTH_SAMPLE))
    for index, width in enumerate(_widths(sheet.headers, sample), start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    header_row = len(sheet.notes) + 1
    ws.freeze_panes = f"A{header_row + 1}"

    def cells(values: Sequence[Any], *, bold: bool = False) -> list[WriteOnlyCell]:
        out = []
        for value in values:
            cell = WriteOnlyCell(ws)
            style_cell(cell, value)
            if bold:
                cell.font = _BOLD
            out.append(cell)
        return out

    for note in sheet.notes:
        ws.append(cells([note]))
    ws.append(cells(sheet.headers, bold=True))
    count = 0
    for row in itertools.chain(sample, rows):
        ws.append(cells(row))
        count += 1
    return count


def write_xlsx(sheets: Sequence[Sheet]) -> tuple[bytes, int]:
    """One workbook, one worksheet per :class:`Sheet`. Returns (content, rows of the first sheet)."""
    workbook = Workbook(write_only=True)
    counts = [_write_sheet(workbook, sheet) for sheet in sheets]
    return workbook_bytes(workbook), counts[0] if counts else 0


def write_table(
    fmt: str,
    headers: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    *,
    title: str = "Data",
    notes: Sequence[str] = (),
) -> tuple[bytes, int]:
    """One table as CSV or XLSX (notes become lines above the header in XLSX only)."""
    if fmt == XLSX:
        return write_xlsx([Sheet(title=title, headers=headers, rows=rows, notes=notes)])
    if fmt == CSV:
        return write_csv(headers, rows)
    raise ValueError(fmt)


# --- the log ------------------------------------------------------------------------------------


def export_log_create(
    *, user: Any, source: str, fmt: str, row_count: int = 0, query: str = ""
) -> ExportLog:
    """Record one produced file: who took which file (``source``) with which filters."""
    from asn_portal.transfer.models import ExportLog

    return cast(
        "ExportLog",
        ExportLog.objects.create(
            source=source[:120],
            fmt=fmt,
            query=query,
            created_by=user,
            row_count=row_count,
            instansi_id=instansi_of_new_rows(user),
        ),
    )


def file_response(content: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def download_response(
    *,
    user: Any,
    source: str,
    fmt: str,
    content: bytes,
    filename: str,
    row_count: int = 0,
    query: str = "",
) -> HttpResponse:
    """Log the file, then hand it out as an attachment."""
    export_log_create(user=user, source=source, fmt=fmt, row_count=row_count, query=query)
    return file_response(content, fmt, filename)


def table_download(
    *,
    user: Any,
    source: str,
    fmt: str,
    headers: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    filename: str,
    title: str = "Data",
    notes: Sequence[str] = (),
    query: str = "",
) -> HttpResponse:
    """Write one table, log it and return it: the whole path of a list export in one call."""
    content, count = write_table(fmt, headers, rows, title=title, notes=notes)
    return download_response(
        user=user,
        source=source,
        fmt=fmt,
        content=content,
        filename=f"{filename}.{fmt}",
        row_count=count,
        query=query,
    )
