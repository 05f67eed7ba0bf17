"""Browser journey: an operator imports ASN from the template, fixing one bad row on the way."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.artifacts import screenshot_path
from tests.conftest import client_for
from tests.factories import make_nip


def _login(page, live_server, user) -> None:
    client = client_for(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def _filled(template: bytes, rows: list[list[str]]) -> bytes:
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook["Data"]
    sheet.delete_rows(2)  # the example row
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_operator_imports_asn_after_fixing_a_bad_row(
    page, live_server, operator_a, operator_b, formasi_a, tmp_path
):
    _login(page, live_server, operator_a)
    page.goto(f"{live_server.url}/transfer/")
    expect(page.get_by_role("heading", name="Impor data", exact=True)).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh templat XLSX Pegawai ASN").click()
    template = Path(download_info.value.path()).read_bytes()

    nip = make_nip(4242)
    good = [
        nip,
        "Rahmat Hidayat",
        "",
        "S.Kom.",
        "PNS",
        "III/a",
        "",
        "S1",
        "",
        "",
        "A.1",
        "ANL",
        "01/05/2020",
        "",
    ]
    bad = [
        make_nip(4243),
        "Salah Unit",
        "",
        "",
        "PNS",
        "III/a",
        "",
        "",
        "",
        "",
        "B",
        "ANL",
        "01/05/2020",
        "",
    ]
    first = tmp_path / "pegawai.xlsx"
    first.write_bytes(_filled(template, [good, bad]))

    page.get_by_role("link", name="Unggah berkas Pegawai ASN").click()
    page.get_by_label("Berkas CSV atau XLSX").set_input_files(str(first))
    page.get_by_role("button", name="Periksa berkas").click()
    errors = page.locator("#tabel-kesalahan")
    expect(errors).to_contain_text(
        "Baris 3, kolom Kode unit: Unit Dinas B (B) di luar kewenangan Anda."
    )
    expect(page.locator("#tombol-impor")).to_have_count(0)
    page.screenshot(path=screenshot_path("transfer-kesalahan.png"), full_page=True)

    fixed = tmp_path / "pegawai-perbaikan.xlsx"
    fixed.write_bytes(_filled(template, [good, [*bad[:10], "A", *bad[11:]]]))
    page.get_by_role("link", name="Unggah berkas yang sudah diperbaiki").click()
    page.get_by_label("Berkas CSV atau XLSX").set_input_files(str(fixed))
    page.get_by_role("button", name="Periksa berkas").click()
    expect(page.locator("#jumlah-baru")).to_have_text("2")
    page.locator("#tombol-impor").click()
    expect(page.get_by_role("status").filter(has_text="Impor selesai")).to_be_visible(
        timeout=30_000
    )
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    page.screenshot(path=screenshot_path("transfer-selesai.png"), full_page=True)

    page.goto(f"{live_server.url}/admin/jabatan/pegawai/?q=Rahmat")
    expect(page.locator("#result_list")).to_contain_text(re.compile("Rahmat Hidayat"))
    other = client_for(operator_b).get("/admin/jabatan/pegawai/?q=Rahmat").content.decode()
    assert "Rahmat Hidayat" not in other
