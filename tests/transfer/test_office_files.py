"""Spreadsheets as offices make them: several sheets, merged and invisible-character headers,
hidden rows and columns, formulas, sheets formatted to the end, Indonesian numbers and dates."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook

from asn_portal.transfer.formats import (
    EMPTY_RUN_LIMIT,
    CellError,
    FileError,
    SheetChoiceNeeded,
    parse_date_cell,
    parse_decimal_cell,
    parse_int_cell,
    read_table,
    shown,
)
from asn_portal.transfer.models import ImportStatus
from jabatan.models import Pegawai
from tests.factories import make_nip
from tests.transfer.conftest import (
    PEGAWAI_HEADERS,
    cached_formula,
    csv_bytes,
    patch_sheet_xml,
    xlsx_bytes,
)


def _save(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _pegawai_row(n: int, nama: str = "Ani") -> list:
    return [make_nip(n), nama, "pns", "III/a", "01/04/2019", "A", "ANL", "01/05/2020"]


def _errors(job):
    return {(e["row"], e["column"]): e["message"] for e in job.errors}


# --- headers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("invisible", ["\ufeff", "\u200b", "\u200c", "\u200d", "\u00a0", "\u2060"])
def test_invisible_characters_in_headers_are_ignored_in_xlsx_and_csv(invisible):
    headers = [f"{invisible}NIP*", f"Nama{invisible}", f"Kode {invisible}unit"]
    for data, name in ((xlsx_bytes(headers, [["1", "a", "b"]]), "a.xlsx"),):
        assert read_table(data, name).headers == ["nip", "nama", "kode_unit"]
    # a BOM that is not the file's first bytes (a header pasted from another file)
    data = ("Kolom," + ",".join(headers) + "\nx,1,a,b\n").encode()
    assert read_table(data, "a.csv").headers == ["kolom", "nip", "nama", "kode_unit"]


def test_bom_header_no_longer_fails_the_required_column_check(admin_bkd, formasi_a, run_import):
    headers = ["\ufeffNIP*", *PEGAWAI_HEADERS[1:]]
    job = run_import(admin_bkd, "pegawai", "p.xlsx", xlsx_bytes(headers, [_pegawai_row(5000)]))
    assert job.status == ImportStatus.PRATINJAU, job.errors


def test_merged_header_cells_over_two_rows():
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    sheet["A1"], sheet["B1"], sheet["C1"] = "NIP", "Nama", "Kepegawaian"
    sheet["C2"], sheet["D2"] = "Status kepegawaian", "Golongan"
    sheet.merge_cells("A1:A2")
    sheet.merge_cells("B1:B2")
    sheet.merge_cells("C1:D1")
    sheet.append([make_nip(1), "Ani", "pns", "III/a"])
    sheet.append([make_nip(2), "Budi", "pns", "III/b"])
    table = read_table(_save(workbook), "a.xlsx")
    assert table.headers == ["nip", "nama", "status_kepegawaian", "golongan"]
    assert [n for n, _v in table.rows] == [3, 4]


def test_a_value_merged_down_over_data_rows_belongs_to_each_row():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["NIP", "Kode unit"])
    sheet.append(["1", "A"])
    sheet.append(["2", None])
    sheet.merge_cells("B2:B3")
    table = read_table(_save(workbook), "a.xlsx")
    assert table.rows == [(2, ["1", "A"]), (3, ["2", "A"])]


# --- sheets -------------------------------------------------------------------------------------


def _two_sheets() -> bytes:
    workbook = Workbook()
    rekap = workbook.active
    rekap.title = "Rekap"
    rekap.append(["Jumlah", 2])
    pegawai = workbook.create_sheet("Pegawai baru")
    pegawai.append(PEGAWAI_HEADERS)
    pegawai.append(_pegawai_row(5100))
    workbook.create_sheet("Kosong")
    hidden = workbook.create_sheet("Lama")
    hidden.append(["x"])
    hidden.sheet_state = "hidden"
    return _save(workbook)


def test_several_sheets_with_data_are_refused_with_their_names():
    with pytest.raises(SheetChoiceNeeded) as exc:
        read_table(_two_sheets(), "a.xlsx")
    assert exc.value.sheets == ["Rekap", "Pegawai baru"]  # empty and hidden sheets are not offered
    assert "Rekap, Pegawai baru" in str(exc.value)
    table = read_table(_two_sheets(), "a.xlsx", sheet="Pegawai baru")
    assert table.headers[0] == "nip" and table.sheet == "Pegawai baru"
    with pytest.raises(FileError, match="Lembar Data tidak ada di berkas"):
        read_table(_two_sheets(), "a.xlsx", sheet="Data")


def test_the_officer_chooses_the_sheet_on_the_preview_page(
    client, admin_bkd, formasi_a, run_import, django_capture_on_commit_callbacks
):
    job = run_import(admin_bkd, "pegawai", "p.xlsx", _two_sheets())
    assert job.status == ImportStatus.DITOLAK
    assert job.sheet_choices == ["Rekap", "Pegawai baru"]
    client.force_login(admin_bkd)
    page = client.get(reverse("transfer:impor_detail", args=[job.pk])).content.decode()
    assert 'id="form-lembar"' in page and '<option value="Pegawai baru">' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("transfer:impor_lembar", args=[job.pk]), {"lembar": "Pegawai baru"})
    job.refresh_from_db()
    assert job.status == ImportStatus.PRATINJAU, job.errors
    assert job.created_count == 1
    assert "Dibaca dari lembar Pegawai baru." in job.notes


def test_the_sheet_can_be_named_on_upload(admin_bkd, formasi_a, django_capture_on_commit_callbacks):
    from asn_portal.transfer import services
    from tests.transfer.conftest import upload

    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_create(
            user=admin_bkd,
            kind="pegawai",
            upload=upload("p.xlsx", _two_sheets()),
            sheet="Pegawai baru",
        )
    job.refresh_from_db()
    assert job.status == ImportStatus.PRATINJAU, job.errors


# --- hidden rows and columns --------------------------------------------------------------------


def test_hidden_rows_are_skipped_and_counted_hidden_columns_are_read(
    admin_bkd, formasi_a, run_import
):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    sheet.append(PEGAWAI_HEADERS)
    for n in range(3):
        sheet.append(_pegawai_row(5200 + n, nama=f"Orang {n}"))
    sheet.row_dimensions[3].hidden = True
    sheet.column_dimensions["B"].hidden = True
    job = run_import(admin_bkd, "pegawai", "p.xlsx", _save(workbook), commit=True)
    assert job.status == ImportStatus.SELESAI, job.errors
    assert sorted(Pegawai.objects.values_list("nama", flat=True)) == ["Orang 0", "Orang 2"]
    assert "1 baris tersembunyi dilewati (baris 3)." in job.notes
    assert "Kolom tersembunyi tetap dibaca: nama." in job.notes


# --- formulas -----------------------------------------------------------------------------------


def _with_formulas() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    sheet.append(["Nama", "JP", "Tanggal"])
    sheet.append(['=PROPER("budi")', "=20+20", "=DATE(2025,3,7)"])
    return _save(workbook)


def test_formulas_are_read_as_their_saved_results():
    def results(xml: str) -> str:
        xml = cached_formula(xml, "A2", "Budi", text=True)
        xml = cached_formula(xml, "B2", "40")
        return cached_formula(xml, "C2", "45723")

    table = read_table(patch_sheet_xml(_with_formulas(), results), "a.xlsx")
    assert table.rows[0][1][:2] == ["Budi", 40]
    assert parse_date_cell(table.rows[0][1][2]) == dt.date(2025, 3, 7)


def test_a_formula_without_a_saved_result_is_an_error_naming_the_cell():
    table = read_table(_with_formulas(), "a.xlsx")  # openpyxl saves no results
    with pytest.raises(CellError, match="Sel B2 berisi rumus tanpa hasil tersimpan"):
        parse_int_cell(table.rows[0][1][1])


def test_an_excel_error_value_is_an_error_naming_the_cell():
    def broken(xml: str) -> str:
        return xml.replace("<f>=20+20</f><v />", "<f>20+20</f><v />").replace(
            '<c r="B2"><f>20+20</f><v />', '<c r="B2" t="e"><f>A1/0</f><v>#DIV/0!</v>'
        )

    table = read_table(patch_sheet_xml(_with_formulas(), broken), "a.xlsx")
    with pytest.raises(CellError, match="Sel B2 berisi kesalahan rumus #DIV/0!"):
        parse_int_cell(table.rows[0][1][1])


def test_formula_errors_reach_the_preview_with_row_and_column(admin_bkd, formasi_a, run_import):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    sheet.append(PEGAWAI_HEADERS)
    sheet.append([make_nip(5300), '=UPPER("ani")', "pns", "III/a", None, "A", "ANL", "01/05/2020"])
    job = run_import(admin_bkd, "pegawai", "p.xlsx", _save(workbook))
    assert "Sel B2 berisi rumus tanpa hasil tersimpan" in _errors(job)[(2, "Nama")]


# --- sheets formatted to the end ----------------------------------------------------------------


def test_rows_and_columns_formatted_to_the_end_of_the_sheet_are_not_walked():
    data = xlsx_bytes(["NIP", "Nama"], [["1", "Ani"], ["2", "Budi"]])

    def format_to_the_end(xml: str) -> str:
        empty = "".join(
            f'<row r="{n}" s="1" customFormat="1"><c r="A{n}" s="1"/><c r="XFD{n}" s="1"/></row>'
            for n in range(4, 4 + EMPTY_RUN_LIMIT + 50)
        )
        far = 4 + EMPTY_RUN_LIMIT + 60
        stray = f'<row r="{far}"><c r="A{far}" t="inlineStr"><is><t>catatan</t></is></c></row>'
        xml = re.sub(r'<dimension ref="[^"]+"\s*/>', '<dimension ref="A1:XFD1048576"/>', xml)
        return xml.replace("</sheetData>", empty + stray + "</sheetData>")

    table = read_table(patch_sheet_xml(data, format_to_the_end), "a.xlsx")
    assert table.headers == ["nip", "nama"]  # not 16,384 columns
    assert table.rows == [(2, ["1", "Ani"]), (3, ["2", "Budi"])]
    assert table.stopped_at == 3 + EMPTY_RUN_LIMIT
    assert any("Pembacaan berhenti di baris" in note for note in table.notes)


# --- values as Indonesian officers type and see them -------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("5/3/1987", dt.date(1987, 3, 5)),
        ("05/03/87", dt.date(1987, 3, 5)),
        ("5-3-87", dt.date(1987, 3, 5)),
        ("1-4-19", dt.date(2019, 4, 1)),
        ("26.9.29", dt.date(2029, 9, 26)),
        ("26.9.30", dt.date(1930, 9, 26)),
    ],
)
def test_dates_typed_as_text_with_two_digit_years(raw, expected):
    assert parse_date_cell(raw) == expected


def test_an_impossible_date_is_spelled_out_in_indonesian():
    with pytest.raises(CellError) as exc:
        parse_date_cell("30/02/1990")
    assert str(exc.value) == "Tanggal tidak valid: 30 Februari 1990 tidak ada di kalender."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.234", Decimal("1234")),
        ("1.234,5", Decimal("1234.5")),
        ("12.345.678", Decimal("12345678")),
        ("1,234", Decimal("1.234")),  # the decimal comma of Indonesian Excel, not thousands
        ("1,234.5", Decimal("1234.5")),
        ("1 234", Decimal("1234")),
        ("1\u00a0234,5", Decimal("1234.5")),
    ],
)
def test_numbers_with_thousand_separators(raw, expected):
    assert parse_decimal_cell(raw) == expected


def test_messages_quote_numbers_as_excel_shows_them():
    assert shown(1.98609262015051e17) == "1,98609E+17"
    assert shown(12.5) == "12,5"
    assert shown(40) == "40"
    assert shown(dt.date(2015, 9, 30)) == "30/09/2015"
    with pytest.raises(CellError, match=r"^Harus bilangan bulat, tertulis 1,5\.$"):
        parse_int_cell(1.5)
    with pytest.raises(CellError, match=r"^Nomor seri tanggal Excel di luar jangkauan: 3000000\.$"):
        parse_date_cell(3e6)


def test_every_message_of_a_bad_file_starts_with_a_capital_letter(admin_bkd, formasi_a, run_import):
    rows = [
        ["19850230 201001 1 001", "A", "pns", "III/a", "", "A", "ANL", "01/05/2020"],
        [make_nip(5400), "B", "pns", "III/z", "30/02/1990", "A", "ANL", "01/05/2020"],
        [make_nip(5401), "C", "pns", "III/a", "", "ZZ", "ANL", "01/05/2020"],
        ["198609262027051001", "D", "pns", "III/a", "", "A", "ANL", "01/05/2020"],
    ]
    job = run_import(admin_bkd, "pegawai", "p.csv", csv_bytes(PEGAWAI_HEADERS, rows))
    assert job.error_count >= 5
    for error in job.errors:
        assert error["message"][0].isupper(), error
    errors = _errors(job)
    assert errors[(2, "NIP")] == "Tanggal lahir dalam NIP tidak valid: 30 Februari 1985."
    assert "30 Februari 1990" in errors[(3, "TMT golongan")]
    assert "TMT CPNS dalam NIP ada di masa depan: Mei 2027." in errors[(5, "NIP")]


def test_values_excel_cannot_hold_are_quoted_as_they_are():
    assert shown(float("inf")) == "inf" and shown(Decimal("NaN")) == "NaN"
    with pytest.raises(CellError, match=r"NIP tidak valid: inf\."):
        from asn_portal.transfer.nip_cells import parse_nip_cell

        parse_nip_cell(float("inf"))
