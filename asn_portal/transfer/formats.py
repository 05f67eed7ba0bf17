"""Reading CSV/XLSX files as people really save them, and writing exports safely.

Spreadsheets arrive with a BOM or without, in Windows-1252 from an old Excel, with semicolons
where Excel's regional settings use the comma for decimals, with dates as serial numbers and
NIPs turned into numbers. Everything here turns such cells into plain Python values or raises a
:class:`CellError` whose message (Indonesian) the import shows next to the row and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.datetime import from_excel

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


class FileError(ValueError):
    """The file as a whole cannot be read (wrong type, no header, empty)."""


class CellError(ValueError):
    """One cell's value is not acceptable; the message is shown to the user."""


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[Any]]]  # (row number as the spreadsheet shows it, values)


def detect_format(filename: str) -> str:
    name = filename.lower()
    if name.endswith(".xlsx") or name.endswith(".xlsm"):
        return XLSX
    if name.endswith(".csv") or name.endswith(".txt"):
        return CSV
    raise FileError(_("Jenis berkas tidak didukung: gunakan .csv atau .xlsx."))


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) first; Windows-1252 as old Excel writes it otherwise."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def detect_delimiter(first_line: str) -> str:
    # Counting beats csv.Sniffer on short headers; quoted separators are rare in header rows.
    counts = {sep: first_line.count(sep) for sep in (";", ",", "\t", "|")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _blank(values: Sequence[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def read_table(data: bytes, filename: str) -> Table:
    fmt = detect_format(filename)
    if fmt == XLSX:
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
            raise FileError(_("Berkas XLSX tidak dapat dibaca: %(e)s") % {"e": exc}) from None
        sheet = workbook["Data"] if "Data" in workbook.sheetnames else workbook.worksheets[0]
        raw_rows: Iterator[Sequence[Any]] = sheet.iter_rows(values_only=True)
    else:
        text = decode_text(data)
        first_line = text.split("\n", 1)[0]
        raw_rows = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(first_line))
    headers: list[str] | None = None
    rows: list[tuple[int, list[Any]]] = []
    for number, values in enumerate(raw_rows, start=1):
        if headers is None:
            if _blank(values):
                continue
            headers = [normalize_header(v) for v in values]
            continue
        if _blank(values):
            continue
        rows.append((number, list(values)))
    if fmt == XLSX:
        workbook.close()
    if headers is None:
        raise FileError(_("Berkas kosong: baris judul kolom tidak ditemukan."))
    return Table(headers=headers, rows=rows)


def normalize_header(value: Any) -> str:
    """``" Kode Unit* "`` and ``KODE_UNIT`` both become ``kode_unit``."""
    text = str(value or "").strip().lower().replace("*", "")
    return re.sub(r"[\s\-/.]+", "_", text).strip("_")


# --- cell parsing -------------------------------------------------------------------------------


def clean_text(value: Any) -> str:
    """Strip and collapse runs of spaces (including non-breaking ones pasted from the web)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return re.sub(r"\s+", " ", str(value).replace("\u00a0", " ")).strip()


_SCIENTIFIC = re.compile(r"^[0-9]+([.,][0-9]+)?[eE]\+?[0-9]+$")


@dataclass(frozen=True)
class NipValue:
    """A NIP as read. ``prefix`` is set instead of ``nip`` when Excel kept only 15 digits."""

    nip: str = ""
    prefix: str = ""
    shown: str = ""


def parse_nip_cell(value: Any) -> NipValue:
    """Read a NIP written as text, with spaces, as an integer or as a float/scientific number.

    Excel keeps 15 significant digits, so ``1,98609E+17`` or a float cell lost the sequence
    digits 16–18. The first 15 digits (birth date, TMT, sex) survive; the caller may match them
    against the register.
    """
    if value is None:
        return NipValue()
    if isinstance(value, bool):
        raise CellError(_("NIP tidak valid."))
    if isinstance(value, int):
        return NipValue(nip=str(value), shown=str(value))
    if isinstance(value, float):
        return _nip_from_decimal(Decimal(repr(value)), shown=repr(value))
    text = clean_text(value)
    compact = re.sub(r"[\s']", "", text)
    if _SCIENTIFIC.match(compact):
        try:
            number = Decimal(compact.replace(",", "."))
        except InvalidOperation:
            raise CellError(_("NIP tidak valid: %(v)s") % {"v": text}) from None
        return _nip_from_decimal(number, shown=text)
    if re.fullmatch(r"[0-9]+\.0+", compact):
        compact = compact.split(".")[0]
    return NipValue(nip=compact, shown=text)


def _nip_from_decimal(number: Decimal, *, shown: str) -> NipValue:
    if number != number.to_integral_value() or number <= 0:
        raise CellError(_("NIP tidak valid: %(v)s") % {"v": shown})
    digits = number.normalize().as_tuple().digits
    whole = str(int(number))
    if len(digits) > 15:  # every digit was written out: nothing was lost
        return NipValue(nip=whole, shown=shown)
    if len(whole) != 18:
        raise CellError(_("NIP harus terdiri dari 18 angka, tertulis %(v)s.") % {"v": shown})
    return NipValue(prefix=whole[:15], shown=shown)


_DATE_PATTERNS = (
    (re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("y", "m", "d")),
)


def parse_date_cell(value: Any) -> dt.date | None:
    """Dates as date cells, Excel serial numbers, dd/mm/yyyy (also - and .) or yyyy-mm-dd."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(value)
    text = clean_text(value)
    if re.fullmatch(r"\d{4,5}(\.\d+)?", text):
        return _from_serial(float(text))
    text = text.split(" ")[0]  # "26/09/1986 00:00:00" from a datetime column
    for pattern, order in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            try:
                return dt.date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                break
    raise CellError(
        _("Tanggal tidak valid: %(v)s (gunakan dd/mm/yyyy, misalnya 26/09/2015).") % {"v": text}
    )


def _from_serial(serial: float) -> dt.date:
    if not 1 <= serial < 2958466:
        raise CellError(_("Nomor seri tanggal Excel di luar jangkauan: %(v)s") % {"v": serial})
    return from_excel(serial).date()


def parse_decimal_cell(value: Any) -> Decimal | None:
    """Numbers, also written with a decimal comma (``12,5``) or thousands dots (``1.200``)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    text = clean_text(value).replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text):
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text):
        text = text.replace(",", "")
    else:
        text = text.replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise CellError(_("Bukan angka: %(v)s") % {"v": value}) from None


def parse_int_cell(value: Any) -> int | None:
    number = parse_decimal_cell(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise CellError(_("Harus bilangan bulat, tertulis %(v)s.") % {"v": value})
    return int(number)


# --- writing ------------------------------------------------------------------------------------


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _cell_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)
    if isinstance(value, str | int | float | Decimal | dt.date):
        return neutralise(value)
    return neutralise(str(value))


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]], out: io.BytesIO) -> int:
    """UTF-8 with BOM so that Excel shows Indonesian names right. Returns the row count."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow([neutralise(str(h)) for h in headers])
    count = 0
    for row in rows:
        writer.writerow(
            [v.isoformat() if isinstance(v, dt.date) else v for v in map(_cell_value, row)]
        )
        count += 1
    text.detach()
    return count


def write_xlsx(
    headers: Sequence[str], rows: Iterable[Sequence[Any]], out: io.BytesIO, *, title: str = "Data"
) -> int:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=re.sub(r"[\\/*?:\[\]]", "-", title)[:31] or "Data")
    sheet.append([neutralise(str(h)) for h in headers])
    count = 0
    for row in rows:
        sheet.append([_cell_value(v) for v in row])
        count += 1
    workbook.save(out)
    return count


def write_table(
    fmt: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str = "Data"
) -> tuple[bytes, int]:
    out = io.BytesIO()
    count = (
        write_xlsx(headers, rows, out, title=title)
        if fmt == XLSX
        else write_csv(headers, rows, out)
    )
    return out.getvalue(), count


CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
