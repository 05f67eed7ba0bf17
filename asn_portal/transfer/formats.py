"""Reading CSV/XLSX files as people really save them (writing is :mod:`asn_portal.files`).

Spreadsheets arrive with a BOM or without, in Windows-1252 from an old Excel, with semicolons
where Excel's regional settings use the comma for decimals, with dates as serial numbers and
NIPs turned into numbers. Everything here turns such cells into plain Python values or raises a
:class:`CellError` whose message (Indonesian) the import shows next to the row and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

from asn_portal.files import CSV, FORMATS, XLSX  # noqa: F401 - readers name the same formats
from jabatan.nip import tanggal_teks


class FileError(ValueError):
    """The file as a whole cannot be read (wrong type, no header, empty)."""


class SheetChoiceNeeded(FileError):
    """The workbook has several sheets with data (or the chosen one is missing): the officer
    chooses one of ``sheets``."""

    def __init__(self, message: str, sheets: list[str]) -> None:
        super().__init__(message)
        self.sheets = sheets


class CellError(ValueError):
    """One cell's value is not acceptable; the message is shown to the user."""


@dataclass(frozen=True)
class BadCell:
    """A cell the officer sees as a value but the file does not carry one (a formula without a
    saved result, or an Excel error such as ``#REF!``). Every cell parser refuses it."""

    message: str


# Rows after this many empty rows in a row are not read: sheets formatted down to row 1,048,576
# would otherwise be walked to the end (docs/import-formats.md).
EMPTY_RUN_LIMIT = 1000
# Sheets of our own template that never hold data.
_HELPER_SHEETS = ("Petunjuk", "Pilihan")


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[Any]]]  # (row number as the spreadsheet shows it, values)
    sheet: str = ""
    # Hidden rows that held data and were skipped; hidden columns that were read (their headers)
    hidden_rows: list[int] = field(default_factory=list)
    hidden_columns: list[str] = field(default_factory=list)
    # Reading stopped at this row after EMPTY_RUN_LIMIT empty rows although the sheet goes on
    stopped_at: int | None = None

    @property
    def notes(self) -> list[str]:
        """What the officer should know about how the file was read (shown in the preview)."""
        notes = []
        if self.sheet:
            notes.append(_("Dibaca dari lembar %(s)s.") % {"s": self.sheet})
        if self.hidden_rows:
            shown = ", ".join(str(n) for n in self.hidden_rows[:10])
            more = "…" if len(self.hidden_rows) > 10 else ""
            notes.append(
                _("%(n)s baris tersembunyi dilewati (baris %(r)s%(m)s).")
                % {"n": len(self.hidden_rows), "r": shown, "m": more}
            )
        if self.hidden_columns:
            notes.append(
                _("Kolom tersembunyi tetap dibaca: %(c)s.") % {"c": ", ".join(self.hidden_columns)}
            )
        if self.stopped_at:
            notes.append(
                _("Pembacaan berhenti di baris %(r)s setelah %(n)s baris kosong berturut-turut.")
                % {"r": self.stopped_at, "n": EMPTY_RUN_LIMIT}
            )
        return notes


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


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        text = value.strip()
        # fast path: a cell starting with a visible character holds something
        return not text or (text[0] in _INVISIBLE_CHARS and not _visible(text).strip())
    return False


def _blank(values: Sequence[Any]) -> bool:
    return all(_empty(v) for v in values)


def read_table(data: bytes, filename: str, *, sheet: str = "") -> Table:
    """The header row and the data rows of a CSV or of one sheet of an XLSX."""
    if detect_format(filename) == XLSX:
        return _read_xlsx(data, sheet)
    text = decode_text(data)
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(first_line))
    headers: list[str] | None = None
    rows: list[tuple[int, list[Any]]] = []
    number = 0
    try:
        for number, values in enumerate(reader, start=1):
            if _blank(values):
                continue
            if headers is None:
                headers = [normalize_header(v) for v in values]
            else:
                rows.append((number, list(values)))
    except csv.Error:
        raise FileError(
            _(
                "Berkas CSV tidak dapat dibaca setelah baris %(n)d: ada sel yang terlalu panjang "
                "(lebih dari %(maks)s karakter) atau tanda kutip yang tidak ditutup."
            )
            % {"n": number, "maks": f"{csv.field_size_limit():,}".replace(",", ".")}
        ) from None
    if headers is None:
        raise FileError(_("Berkas kosong: baris judul kolom tidak ditemukan."))
    return Table(headers=headers, rows=rows)


# --- the table as read, kept for the commit ------------------------------------------------------
# A previewed XLSX is committed from the rows the preview read, not by parsing the workbook again
# (the parse is most of an XLSX import's time). Values keep their types, so every cell parser
# sees at the commit exactly what it saw at the preview.
_TYPED: dict[str, tuple[type, Any, Any]] = {
    "dt": (dt.datetime, dt.datetime.isoformat, dt.datetime.fromisoformat),
    "d": (dt.date, dt.date.isoformat, dt.date.fromisoformat),
    "tm": (dt.time, dt.time.isoformat, dt.time.fromisoformat),
    "td": (dt.timedelta, dt.timedelta.total_seconds, lambda s: dt.timedelta(seconds=s)),
    "dec": (Decimal, str, Decimal),
    "bad": (BadCell, lambda b: b.message, BadCell),
}


def _cell_out(value: Any) -> Any:
    if value is None or type(value) in (str, int, float, bool):
        return value
    for tag, (kind, out, _back) in _TYPED.items():
        if type(value) is kind:
            return {"t": tag, "v": out(value)}
    raise TypeError(f"cell value of type {type(value).__name__} is not kept")


def _cell_in(value: Any) -> Any:
    if isinstance(value, dict):
        return _TYPED[value["t"]][2](value["v"])
    return value


def table_dumps(table: Table, *, source: str) -> bytes:
    """``table`` as compressed JSON, tied to the digest ``source`` of the file it was read from.
    Raises TypeError for a value it cannot keep exactly (the caller then keeps no copy)."""
    payload = {
        "source": source,
        "headers": table.headers,
        "rows": [[number, [_cell_out(v) for v in values]] for number, values in table.rows],
        "sheet": table.sheet,
        "hidden_rows": table.hidden_rows,
        "hidden_columns": table.hidden_columns,
        "stopped_at": table.stopped_at,
    }
    return gzip.compress(json.dumps(payload, separators=(",", ":")).encode(), compresslevel=1)


def table_loads(data: bytes, *, source: str) -> Table | None:
    """The table :func:`table_dumps` kept, or None when it was read from another file."""
    payload = json.loads(gzip.decompress(data))
    if payload["source"] != source:
        return None
    return Table(
        headers=payload["headers"],
        rows=[(number, [_cell_in(v) for v in values]) for number, values in payload["rows"]],
        sheet=payload["sheet"],
        hidden_rows=payload["hidden_rows"],
        hidden_columns=payload["hidden_columns"],
        stopped_at=payload["stopped_at"],
    )


def xlsx_sheet_names(data: bytes) -> list[str]:
    """Visible sheets of a workbook, in order (hidden and very hidden ones are not offered)."""
    workbook = _open_workbook(data)
    try:
        return [ws.title for ws in workbook.worksheets if ws.sheet_state == "visible"]
    finally:
        workbook.close()


def _open_workbook(data: bytes) -> Any:
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise FileError(_("Berkas XLSX tidak dapat dibaca: %(e)s") % {"e": exc}) from None


class _SheetParser(WorkSheetParser):
    """openpyxl's streaming parser, told to keep what the officer would see as a problem: a
    formula with no saved result and an Excel error value."""

    def parse_cell(self, element: Any) -> dict[str, Any]:
        cell = super().parse_cell(element)
        coordinate = element.get("r") or f"{get_column_letter(cell['column'])}{cell['row']}"
        if cell["value"] is None and element.find(FORMULA_TAG) is not None:
            cell["value"] = BadCell(
                _(
                    "Sel %(c)s berisi rumus tanpa hasil tersimpan; buka berkas di Excel, simpan "
                    "lagi, atau ganti rumus dengan nilainya (Tempel Spesial → Nilai)."
                )
                % {"c": coordinate}
            )
        elif cell["data_type"] == "e":
            cell["value"] = BadCell(
                _("Sel %(c)s berisi kesalahan rumus %(v)s.") % {"c": coordinate, "v": cell["value"]}
            )
        return cell


def _truthy(attrs: dict[str, str] | None, name: str) -> bool:
    return bool(attrs) and str(attrs.get(name, "")).lower() in ("1", "true")  # type: ignore[union-attr]


def _choose_sheet(workbook: Any, wanted: str) -> Any:
    names = [ws.title for ws in workbook.worksheets if ws.sheet_state == "visible"]
    if wanted:
        if wanted not in workbook.sheetnames:
            raise SheetChoiceNeeded(
                _("Lembar %(s)s tidak ada di berkas; lembar yang ada: %(n)s.")
                % {"s": wanted, "n": ", ".join(names)},
                names,
            )
        return workbook[wanted]
    if "Data" in workbook.sheetnames:  # our template
        return workbook["Data"]
    candidates = [
        workbook[name]
        for name in names
        if name not in _HELPER_SHEETS and _has_values(workbook[name])
    ]
    if len(candidates) > 1:
        titles = [ws.title for ws in candidates]
        raise SheetChoiceNeeded(
            _("Berkas berisi beberapa lembar berisi data: %(n)s. Pilih lembar yang akan diimpor.")
            % {"n": ", ".join(titles)},
            titles,
        )
    return candidates[0] if candidates else workbook.worksheets[0]


def _has_values(worksheet: Any) -> bool:
    if (worksheet.max_row or 0) > 1 or (worksheet.max_column or 0) > 1:
        return True
    return any(
        not _empty(v) for row in worksheet.iter_rows(max_row=1, values_only=True) for v in row
    )


def _read_xlsx(data: bytes, sheet: str) -> Table:
    workbook = _open_workbook(data)
    try:
        worksheet = _choose_sheet(workbook, sheet)
        multi = len([ws for ws in workbook.worksheets if ws.sheet_state == "visible"]) > 1
        with worksheet._get_source() as source:  # noqa: SLF001 - streaming needs the raw sheet
            parser = _SheetParser(
                source,
                worksheet._shared_strings,  # noqa: SLF001
                data_only=True,
                epoch=workbook.epoch,
                date_formats=workbook._date_formats,  # noqa: SLF001
                timedelta_formats=workbook._timedelta_formats,  # noqa: SLF001
            )
            cells_by_row: dict[int, dict[int, Any]] = {}
            hidden_rows: set[int] = set()
            empty_run = 0
            stopped_at = None
            for number, cells in parser.parse():
                values = {c["column"]: c["value"] for c in cells if not _empty(c["value"])}
                if not values:
                    empty_run += 1
                    if empty_run >= EMPTY_RUN_LIMIT:
                        stopped_at = number
                        break
                    continue
                empty_run = 0
                cells_by_row[number] = values
                if _truthy(parser.row_dimensions.get(str(number)), "hidden"):
                    hidden_rows.add(number)
            if stopped_at is None:
                merges = [
                    m.ref for m in (parser.merged_cells.mergeCell if parser.merged_cells else [])
                ]
            else:
                merges = _merge_refs(workbook, worksheet)
            hidden_columns = [
                (int(attrs["min"]), int(attrs.get("max", attrs["min"])))
                for attrs in parser.column_dimensions.values()
                if _truthy(attrs, "hidden")
            ]
    finally:
        workbook.close()
    table = _table_from_cells(cells_by_row, merges, hidden_rows, hidden_columns)
    table.sheet = worksheet.title if multi or sheet else ""
    table.stopped_at = stopped_at
    return table


_MERGE_REF = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]+[0-9]+:[A-Z]+[0-9]+)\"")


def _merge_refs(workbook: Any, worksheet: Any) -> list[str]:
    """Merged ranges without walking the rows (they follow the rows in the sheet's XML)."""
    raw = workbook._archive.read(worksheet._worksheet_path)  # noqa: SLF001
    start = raw.rfind(b"mergeCells")
    if start < 0:
        return []
    return [m.decode() for m in _MERGE_REF.findall(raw, max(0, raw.rfind(b"<", 0, start)))]


def _table_from_cells(
    cells_by_row: dict[int, dict[int, Any]],
    merges: list[str],
    hidden_rows: set[int],
    hidden_columns: list[tuple[int, int]],
) -> Table:
    if not cells_by_row:
        raise FileError(_("Berkas kosong: baris judul kolom tidak ditemukan."))
    numbers = sorted(cells_by_row)
    first = numbers[0]
    boxes = [range_boundaries(ref) for ref in merges]  # (min_col, min_row, max_col, max_row)
    # A header cell merged downwards makes the rows it covers part of the header.
    last = max([b[3] for b in boxes if b[1] == first] + [first])
    header_rows = {n: dict(cells_by_row.get(n, {})) for n in range(first, last + 1)}
    for min_col, min_row, max_col, max_row in boxes:
        if first <= min_row <= last:
            value = cells_by_row.get(min_row, {}).get(min_col)
            for r in range(min_row, min(max_row, last) + 1):
                for c in range(min_col, max_col + 1):
                    header_rows[r].setdefault(c, value)
    width = max((c for row in header_rows.values() for c in row), default=0)
    headers = []
    for column in range(1, width + 1):
        # the lowest text of the header block names the column ("Kode unit" under "Jabatan")
        texts = [header_rows[r].get(column) for r in range(last, first - 1, -1)]
        headers.append(normalize_header(next((t for t in texts if not _empty(t)), "")))
    # A value merged down over several data rows belongs to each of them (as the officer sees it)
    for min_col, min_row, _max_col, max_row in boxes:
        if min_row > last and min_row in cells_by_row and min_col in cells_by_row[min_row]:
            value = cells_by_row[min_row][min_col]
            for r in range(min_row + 1, max_row + 1):
                if r in cells_by_row:
                    cells_by_row[r].setdefault(min_col, value)
    rows = []
    skipped = []
    for number in numbers:
        if number <= last:
            continue
        if number in hidden_rows:
            skipped.append(number)
            continue
        values = cells_by_row[number]
        rows.append((number, [values.get(c) for c in range(1, width + 1)]))
    hidden_headers = [
        headers[c - 1]
        for c in range(1, width + 1)
        if headers[c - 1] and any(lo <= c <= hi for lo, hi in hidden_columns)
    ]
    return Table(headers=headers, rows=rows, hidden_rows=skipped, hidden_columns=hidden_headers)


# Invisible characters Excel users cannot see in a header or a value: byte-order marks, zero-width
# spaces and joiners, word joiners, soft hyphens. Non-breaking and other odd spaces become spaces.
_INVISIBLE_CHARS = "\ufeff\u200b\u200c\u200d\u2060\u00ad\ufffe"
_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARS), None)
_ODD_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u3000"), " ")


def _visible(text: str) -> str:
    return text.translate(_INVISIBLE).translate(_ODD_SPACES)


def normalize_header(value: Any) -> str:
    """``" Kode Unit* "``, ``KODE_UNIT`` and ``\\ufeffKode\\u00a0unit`` all become ``kode_unit``."""
    text = _visible(str(value if value is not None else "")).strip().lower().replace("*", "")
    return re.sub(r"[\s\-/.]+", "_", text).strip("_")


# --- cell parsing -------------------------------------------------------------------------------


def _refuse_bad(value: Any) -> None:
    if isinstance(value, BadCell):
        raise CellError(value.message)


def shown(value: Any) -> str:
    """A cell value as Excel (Indonesian) shows it in a General cell: ``1,98609E+17``, ``12,5``,
    ``30/09/2015``. Messages quote values this way so the officer finds them in the sheet."""
    if isinstance(value, BadCell):
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        return _general_number(number) if number.is_finite() else str(value)
    return clean_text(value)


def _general_number(number: Decimal) -> str:
    # Excel's General format in a standard column: up to 11 characters, else scientific with
    # 6 significant digits; the decimal separator of an Indonesian Windows is the comma.
    if not number.is_finite():  # no spreadsheet stores these; a CSV may spell them out
        return str(number)
    if number == number.to_integral_value() and abs(number) < Decimal("1e11"):
        return str(int(number))
    if abs(number) >= Decimal("1e11") or (number != 0 and abs(number) < Decimal("1e-9")):
        mantissa, exponent = f"{number:.5E}".split("E")
        mantissa = mantissa.rstrip("0").rstrip(".")
        sign = "-" if exponent.startswith("-") else "+"
        return f"{mantissa.replace('.', ',')}E{sign}{abs(int(exponent)):02d}"
    text = format(number.normalize(), "f")
    whole, _dot, fraction = text.partition(".")
    room = max(0, 10 - len(whole.lstrip("-")))
    rounded = format(round(number, room).normalize(), "f") if room else whole
    return rounded.replace(".", ",")


def clean_text(value: Any) -> str:
    """Strip and collapse runs of spaces (including non-breaking ones pasted from the web) and
    drop characters nobody can see (zero-width spaces, byte-order marks)."""
    _refuse_bad(value)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if not text.isascii():  # every invisible and odd space character is outside ASCII
        text = _visible(text)
    # str.split() splits on exactly the characters r"\s" matches (str.isspace()).
    return " ".join(text.split())


_DATE_PATTERNS = (
    (re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4}|\d{2})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("y", "m", "d")),
)


def _full_year(year: int, digits: int) -> int:
    # Excel's own rule for two-digit years: 00–29 → 2000s, 30–99 → 1900s.
    if digits > 2:
        return year
    return 2000 + year if year < 30 else 1900 + year


def parse_date_cell(value: Any) -> dt.date | None:
    """Dates as date cells, Excel serial numbers, dd/mm/yyyy or d-m-yy (also ``.``) or
    yyyy-mm-dd."""
    _refuse_bad(value)
    if value is None:
        return None
    if isinstance(value, str):
        text = clean_text(value)
        return _parse_date_text(text) if text else None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(value)
    return _parse_date_text(clean_text(value))


_SERIAL = re.compile(r"\d{4,5}(\.\d+)?")


def _parse_date_text(text: str) -> dt.date:
    if _SERIAL.fullmatch(text):
        return _from_serial(float(text))
    text = text.split(" ")[0]  # "26/09/1986 00:00:00" from a datetime column
    for pattern, order in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            year = _full_year(parts["y"], len(match.group(order.index("y") + 1)))
            try:
                return dt.date(year, parts["m"], parts["d"])
            except ValueError:
                if not 1 <= parts["m"] <= 12:
                    break
                raise CellError(
                    _("Tanggal tidak valid: %(v)s tidak ada di kalender.")
                    % {"v": tanggal_teks(year, parts["m"], parts["d"])}
                ) from None
    raise CellError(
        _("Tanggal tidak valid: %(v)s (gunakan dd/mm/yyyy, misalnya 26/09/2015).") % {"v": text}
    )


def _from_serial(serial: float) -> dt.date:
    if not 1 <= serial < 2958466:
        raise CellError(
            _("Nomor seri tanggal Excel di luar jangkauan: %(v)s.") % {"v": shown(serial)}
        )
    return from_excel(serial).date()


def parse_decimal_cell(value: Any) -> Decimal | None:
    """Numbers as Indonesian officers type them: decimal comma (``12,5``), thousands dots
    (``1.234``, ``1.234,5``). A comma followed by a point (``1,234.5``) is read the English way."""
    _refuse_bad(value)
    if value is None or (isinstance(value, str) and not clean_text(value)):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        return _finite(number, raw=value)
    text = clean_text(value).replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text):
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(,\d{3})+\.\d+", text):
        text = text.replace(",", "")
    elif re.fullmatch(r"-?\d+(,\d+)?", text):
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellError(_("Bukan angka: %(v)s.") % {"v": shown(value)}) from None
    return _finite(number, raw=value)


# No import column holds a number of more than 15 digits; larger exponents ("1e999999999") would
# otherwise cost minutes of CPU when turned into an int.
_BATAS_DIGIT = 15


def _finite(number: Decimal, *, raw: Any) -> Decimal:
    if not number.is_finite():
        raise CellError(_("Bukan angka: %(v)s.") % {"v": shown(raw)})
    if number.adjusted() >= _BATAS_DIGIT:
        raise CellError(
            _("Angka terlalu besar: %(v)s (paling banyak %(n)d digit).")
            % {"v": shown(raw), "n": _BATAS_DIGIT}
        )
    return number


def parse_int_cell(value: Any) -> int | None:
    number = parse_decimal_cell(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise CellError(_("Harus bilangan bulat, tertulis %(v)s.") % {"v": shown(value)})
    return int(number)
