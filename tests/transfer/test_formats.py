from __future__ import annotations

import datetime as dt

import pytest

from asn_portal.files import write_table
from asn_portal.transfer.formats import (
    CellError,
    FileError,
    clean_text,
    parse_date_cell,
    parse_decimal_cell,
    read_table,
)
from asn_portal.transfer.nip_cells import parse_nip_cell
from tests.transfer.conftest import csv_bytes, xlsx_bytes


def test_it_reads_utf8_with_and_without_bom_the_same():
    plain = csv_bytes(["NIP", "Nama"], [["1", "Ñoman Sitompul"]])
    with_bom = "\ufeff".encode() + plain
    for data in (plain, with_bom):
        table = read_table(data, "a.csv")
        assert table.headers == ["nip", "nama"]
        assert table.rows == [(2, ["1", "Ñoman Sitompul"])]


def test_it_falls_back_to_windows_1252():
    data = csv_bytes(["Nama"], [["José Gonçalves – Sekretariat"]], encoding="cp1252")
    assert read_table(data, "a.csv").rows[0][1] == ["José Gonçalves – Sekretariat"]


def test_it_detects_semicolon_delimiters_and_skips_blank_rows():
    data = csv_bytes(
        ["NIP", "Nama", "Golongan"], [["1", "Ani, S.E.", "III/a"], ["", "", ""]], delimiter=";"
    )
    table = read_table(data, "a.csv")
    assert table.headers == ["nip", "nama", "golongan"]
    assert table.rows == [(2, ["1", "Ani, S.E.", "III/a"])]


def test_it_reads_the_data_sheet_of_an_xlsx():
    table = read_table(
        xlsx_bytes(["Kode Unit*", "TMT jabatan"], [["A", dt.datetime(2020, 1, 2)]]), "a.xlsx"
    )
    assert table.headers == ["kode_unit", "tmt_jabatan"]
    assert table.rows == [(2, ["A", dt.datetime(2020, 1, 2)])]


def test_it_refuses_other_file_types_and_empty_files():
    with pytest.raises(FileError, match="tidak didukung"):
        read_table(b"x", "a.pdf")
    with pytest.raises(FileError, match="kosong"):
        read_table(b"\n\n", "a.csv")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (43556, dt.date(2019, 4, 1)),
        (43556.0, dt.date(2019, 4, 1)),
        ("43556", dt.date(2019, 4, 1)),
        ("01/04/2019", dt.date(2019, 4, 1)),
        ("1-4-2019", dt.date(2019, 4, 1)),
        ("01.04.2019", dt.date(2019, 4, 1)),
        ("2019-04-01", dt.date(2019, 4, 1)),
        (" 01/04/2019 00:00:00 ", dt.date(2019, 4, 1)),
        (dt.datetime(2019, 4, 1, 0, 0), dt.date(2019, 4, 1)),
        ("", None),
        (None, None),
    ],
)
def test_it_parses_serial_and_ddmmyyyy_dates(raw, expected):
    assert parse_date_cell(raw) == expected


@pytest.mark.parametrize("raw", ["31/02/2019", "kemarin", "04/2019"])
def test_it_rejects_impossible_dates_in_indonesian(raw):
    with pytest.raises(CellError, match="Tanggal tidak valid"):
        parse_date_cell(raw)


def test_nip_as_integer_text_or_spaced_keeps_every_digit():
    assert parse_nip_cell(198609262015051001).nip == "198609262015051001"
    assert parse_nip_cell("19860926 201505 1 001").nip == "198609262015051001"
    assert parse_nip_cell("'198609262015051001").nip == "198609262015051001"
    assert parse_nip_cell("198609262015051001.0").nip == "198609262015051001"
    assert parse_nip_cell("1.98609262015051001E+17").nip == "198609262015051001"


def test_nip_in_scientific_notation_keeps_the_first_15_digits():
    for raw in ("1.98609262015051E+17", "1,98609262015051E+17", 1.98609262015051e17):
        value = parse_nip_cell(raw)
        assert value.nip == ""
        assert value.prefix == "198609262015051"


def test_stray_spaces_are_removed():
    assert clean_text("  Budi\u00a0  Santoso \t") == "Budi Santoso"
    assert clean_text(12.0) == "12"


def test_decimal_comma_and_thousands():
    assert str(parse_decimal_cell("12,5")) == "12.5"
    assert str(parse_decimal_cell("1.200")) == "1200"
    assert str(parse_decimal_cell("1.200,75")) == "1200.75"
    with pytest.raises(CellError, match="Bukan angka"):
        parse_decimal_cell("dua belas")


def test_an_exported_current_data_file_reads_back_unchanged():
    """XLSX keeps a formula-like name exactly (as quoted text), so an import round-trips it."""
    content, _count = write_table("xlsx", ["NIP", "Nama"], [["1", "=1+1"]])
    table = read_table(content, "data.xlsx")
    assert table.rows == [(2, ["1", "=1+1"])]
