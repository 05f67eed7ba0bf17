"""The operator's journey: add an ASN with a mistyped NIP, fix it, place them, find them."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from jabatan.models import Pegawai
from tests.artifacts import screenshot_path

PASSWORD = "rahasia-uji-123"


def _login(page: Any, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/admin/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_operator_adds_an_asn_and_only_their_unit_sees_them(
    page: Any, live_server: Any, operator_a: Any, operator_b: Any, formasi_a: Any, unit_a: Any
) -> None:
    _login(page, live_server, "operator_a")
    page.goto(f"{live_server.url}/admin/jabatan/pegawai/add/")

    page.locator("#id_nip").fill("19850230 201001 1 001")  # 30 February does not exist
    page.locator("#id_nama").fill("Rahmat Hidayat")
    page.locator("#id_status").select_option("pns")
    page.locator("#id_golongan").select_option("III/a")
    # The formasi is an autocomplete (select2) limited to the operator's units.
    page.locator("#id_formasi").locator("xpath=following-sibling::span[1]").click()
    page.locator(".select2-search__field").fill("Penata")
    page.locator(".select2-results__option", has_text="Penata Layanan Operasional").click()
    page.locator("#id_tmt_mulai").fill("2026-01-05")
    page.locator("#id_nomor_sk").fill("821.2/15/BKD/2026")
    page.locator("[name=_save]").click()

    error = page.locator(".errorlist").first
    assert "Tanggal lahir dalam NIP tidak valid: 30 Februari 1985." in error.inner_text()
    page.screenshot(path=screenshot_path("jabatan-nip-salah.png"), full_page=True)
    assert not Pegawai.objects.filter(nama="Rahmat Hidayat").exists()

    page.locator("#id_nip").fill("19850228 201001 1 001")
    page.locator("[name=_save]").click()
    # unfold's message list: the success message names the new pegawai.
    message = page.locator("li", has_text="berhasil").filter(has_text="Rahmat Hidayat")
    expect(message).to_have_count(1)

    pegawai = Pegawai.objects.get(nama="Rahmat Hidayat")
    assert pegawai.nip == "198502282010011001"
    page.goto(f"{live_server.url}/admin/jabatan/pegawai/?q=198502282010011001")
    row = page.locator("#result_list tbody tr").filter(has_text="Rahmat Hidayat")
    assert "Seksi A11" in row.inner_text()
    assert "Penata Layanan Operasional" in row.inner_text()

    page.goto(f"{live_server.url}/jabatan/unit/{unit_a.pk}/dasbor/")
    assert page.locator("#jumlah-pegawai").inner_text().strip() == "1"
    page.get_by_text("Tampilkan siapa memegang formasi apa").click()
    assert "Rahmat Hidayat" in page.locator("#susunan").inner_text()
    page.screenshot(path=screenshot_path("jabatan-dasbor.png"), full_page=True)

    # Another unit's operator finds nothing.
    page.context.clear_cookies()
    _login(page, live_server, "operator_b")
    page.goto(f"{live_server.url}/admin/jabatan/pegawai/?q=198502282010011001")
    assert "Rahmat Hidayat" not in page.content()
    assert page.locator("#result_list tbody tr").count() == 0
    response = page.goto(f"{live_server.url}/jabatan/unit/{unit_a.pk}/dasbor/")
    assert response is not None and response.status == 404
