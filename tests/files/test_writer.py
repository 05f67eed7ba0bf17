"""The one writer: what counts as a formula, how CSV and XLSX carry it, Indonesian formats."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from asn_portal import files


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("http://x","y")',
        "+1+1",
        "-2",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "\n=1",
        "|calc",
        "%0A",
        "  =1+1",  # spreadsheets that trim spaces on import would still run it
        "\u00a0=1",
    ],
)
def test_formula_like_text_gets_a_leading_apostrophe(value: str) -> None:
    assert files.neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Budi", "Dinas Kesehatan", "a=b", "1-2", "", "'=1"])
def test_plain_text_is_left_alone(value: str) -> None:
    assert files.neutralise(value) == value


def test_numbers_are_not_text() -> None:
    assert files.neutralise(-5) == -5
    assert files.neutralise(Decimal("-1.5")) == Decimal("-1.5")


def test_csv_is_utf8_with_bom_every_field_quoted_and_machine_formats() -> None:
    content, count = files.write_csv(
        ["Nama", "Tanggal", "Nilai", "Aktif"],
        [["=1+1;=2", dt.date(2026, 8, 3), Decimal("1234.5"), True], ["Ñoman", None, -2, False]],
    )
    assert count == 2
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    # Quoted fields: a ";" inside a value cannot open a cell in a semicolon-separated Excel.
    assert text.splitlines()[1] == '"\'=1+1;=2","2026-08-03","1234.5","Ya"'
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[2] == ["Ñoman", "", "-2", "Tidak"]


def test_csv_datetimes_are_local_time() -> None:
    content, _count = files.write_csv(["W"], [[dt.datetime(2026, 1, 1, 1, 0, tzinfo=dt.UTC)]])
    assert "2026-01-01 08:00" in content.decode("utf-8-sig")  # Asia/Jakarta


def test_xlsx_keeps_text_exact_as_quoted_text_and_types_numbers_and_dates() -> None:
    content, count = files.write_table(
        "xlsx",
        ["Nama", "Jumlah", "Persen", "Tanggal", "Kontrol"],
        [['=HYPERLINK("http://x","y")', 1234, Decimal("12.50"), dt.date(2026, 8, 3), "a\x01b"]],
        title="Uji: [1]",
        notes=["Konvensi: contoh"],
    )
    assert count == 1
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "Uji- -1-"
    assert sheet["A1"].value == "Konvensi: contoh"
    assert [c.value for c in sheet[2]] == ["Nama", "Jumlah", "Persen", "Tanggal", "Kontrol"]
    assert sheet["A2"].font.b
    assert sheet.freeze_panes == "A3"
    name, jumlah, persen, tanggal, kontrol = sheet[3]
    assert name.value == '=HYPERLINK("http://x","y")'
    assert name.data_type == "s" and name.quotePrefix
    assert jumlah.value == 1234 and jumlah.number_format == "#,##0"
    assert persen.value == 12.5 and persen.number_format == "#,##0.00"
    assert tanggal.value == dt.datetime(2026, 8, 3) and tanggal.number_format == "[$-421]d mmm yyyy"
    assert kontrol.value == "ab"  # characters XLSX cannot hold are dropped, not a crash
    assert sheet.column_dimensions["A"].width > sheet.column_dimensions["B"].width


def test_header_cells_are_neutralised_too() -> None:
    content, _count = files.write_csv(["=Nama"], [])
    assert content.decode("utf-8-sig").strip() == '"\'=Nama"'


def test_rows_appended_to_a_regular_sheet_never_overwrite_each_other() -> None:
    workbook = files.new_workbook()
    sheet = workbook.active
    files.append_row(sheet, [None, "a"])
    files.append_row(sheet, [])
    files.append_row(sheet, ["=1"])
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        [None, "a"],
        [None, None],
        ["=1", None],
    ]
    assert sheet["A3"].data_type == "s" and sheet["A3"].quotePrefix
