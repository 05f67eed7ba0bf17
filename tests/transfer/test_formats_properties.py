"""Property-based tests of the import readers and cell parsers: random bytes, wrong encodings,
formulas and huge cells are read or refused with the readers' Indonesian error (FileError /
CellError), never an unexpected exception; what the one writer emits reads back unchanged except
that formulas arrive neutralised."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import math
from decimal import Decimal
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from asn_portal.files import CSV, XLSX, is_formula_like, write_table
from asn_portal.transfer.formats import (
    _INVISIBLE_CHARS,
    CellError,
    FileError,
    parse_date_cell,
    parse_decimal_cell,
    parse_int_cell,
    read_table,
)
from asn_portal.transfer.nip_cells import NipValue, parse_nip_cell

FORMULA = st.builds(
    lambda start, rest: start + rest,
    st.sampled_from(["=", "+", "-", "@", "\t", "|", "%"]),
    st.sampled_from(['HYPERLINK("http://x","klik")', "1+1", "cmd|' /C calc'!A0", "SUM(A1:A9)"]),
)
# Text a person might type or paste into a cell: formulas, non-Latin names, control characters.
# (Without the invisible characters the reader deliberately drops: a cell of only those is blank.)
CELL_TEXT = st.one_of(
    st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters=_INVISIBLE_CHARS),
        max_size=60,
    ),
    FORMULA,
)


def _refused(exc: Exception) -> None:
    assert str(exc), "pesan kosong"


@given(st.binary(max_size=4096), st.sampled_from(["data.csv", "data.xlsx", "data.txt"]))
def test_random_bytes_are_read_or_refused_with_a_message(data: bytes, name: str) -> None:
    try:
        table = read_table(data, name)
    except FileError as exc:
        _refused(exc)
    else:
        assert all(isinstance(h, str) for h in table.headers)
        assert all(number >= 2 for number, _ in table.rows)


@given(
    st.lists(st.lists(CELL_TEXT, min_size=1, max_size=5), min_size=1, max_size=8),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16", "utf-32"]),
    st.sampled_from([",", ";", "\t"]),
)
def test_text_in_any_encoding_is_read_or_refused(
    rows: list[list[str]], encoding: str, sep: str
) -> None:
    text = "\r\n".join(sep.join(row) for row in rows)
    data = codecs.encode(text, encoding, errors="replace")
    try:
        read_table(data, "data.csv")
    except FileError as exc:
        _refused(exc)


@given(st.integers(131_073, 400_000), st.sampled_from(["x", "é", " "]))
def test_a_huge_csv_cell_is_refused_with_a_message(size: int, char: str) -> None:
    data = ("nip,nama\n1," + char * size + "\n").encode()
    try:
        read_table(data, "data.csv")
    except FileError as exc:
        assert "terlalu panjang" in str(exc)
    else:
        raise AssertionError("sel raksasa diterima")


@settings(max_examples=30)
@given(st.integers(1, 32_767))
def test_a_cell_up_to_excels_limit_reads_back(size: int) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["nama"])
    sheet.append(["a" * size])
    out = io.BytesIO()
    workbook.save(out)
    table = read_table(out.getvalue(), "data.xlsx")
    assert table.rows[0][1][0] == "a" * size


@given(
    st.lists(
        st.text(st.characters(categories=("L", "N")), min_size=1, max_size=12),
        min_size=1,
        max_size=4,
        unique=True,
    ),
    st.lists(st.lists(CELL_TEXT, min_size=4, max_size=4), min_size=1, max_size=10),
    st.sampled_from([CSV, XLSX]),
)
def test_what_we_write_reads_back_with_formulas_neutralised(
    headers: list[str], rows: list[list[str]], fmt: str
) -> None:
    rows = [row[: len(headers)] for row in rows]
    data, count = write_table(fmt, headers, rows)
    if fmt == XLSX:  # XLSX cannot hold most control characters: the writer drops them
        rows = [[ILLEGAL_CHARACTERS_RE.sub("", v) for v in row] for row in rows]
        # and XML stores every line break as LF
        rows = [[v.replace("\r\n", "\n").replace("\r", "\n") for v in row] for row in rows]
        # and the reader takes a cell holding only whitespace for an empty one
        rows = [[v if v.strip() else "" for v in row] for row in rows]
    assert count == len(rows)
    table = read_table(data, f"data.{fmt}")
    kept = [values for values in rows if any(v.strip() for v in values)]
    if fmt == CSV:  # a lone CR/LF cell is the csv module's line ending, not a value
        assume(all("\r" not in v and "\n" not in v for row in rows for v in row))
    assert len(table.rows) == len(kept)
    for (_number, got), wrote in zip(table.rows, kept, strict=True):
        for value, original in zip(got, wrote, strict=False):
            value = "" if value is None else str(value)
            if fmt == CSV and is_formula_like(original):
                assert value == "'" + original  # never a live formula
            else:
                assert value == original
    if fmt == XLSX:  # formula-like text is stored as quoted text, never as a formula cell
        sheet = load_workbook(io.BytesIO(data)).active
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                if isinstance(cell.value, str) and is_formula_like(cell.value):
                    assert cell.quotePrefix


ANY_CELL = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.from_regex(r"\A-?[0-9]{1,25}([.,][0-9]{0,6})?([eE][+-]?[0-9]{1,12})?\Z"),
    st.sampled_from(["nan", "sNaN", "inf", "-Infinity", "1e999999999", "1,98609E+17", "1.200,5"]),
    st.dates().map(lambda d: d.isoformat()),
    st.datetimes(),
    FORMULA,
)


@given(ANY_CELL)
def test_cell_parsers_answer_a_value_or_a_cell_error(value: Any) -> None:
    for parse in (parse_nip_cell, parse_date_cell, parse_decimal_cell, parse_int_cell):
        try:
            result = parse(value)
        except CellError as exc:
            _refused(exc)
            continue
        if parse is parse_nip_cell:
            assert isinstance(result, NipValue)
        elif parse is parse_date_cell:
            assert result is None or isinstance(result, dt.date)
        elif parse is parse_decimal_cell:
            assert result is None or (isinstance(result, Decimal) and result.is_finite())
        else:
            assert result is None or isinstance(result, int)
            assert result is None or abs(result) < 10**16


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=1, max_value=2958465))
def test_excel_serial_dates_are_read(serial: float) -> None:
    assert isinstance(parse_date_cell(serial), dt.date)
    assert not math.isnan(serial)
