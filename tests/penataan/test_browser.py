"""Browser journey: an operator drafts with the wizard, a Verifikator approves, an Admin BKD
applies, and the ASN sees the change on "Perubahan jabatan saya"."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group

from asn_portal.roles import ASN
from jabatan.models import RiwayatJabatan
from jabatan.penataan.models import RencanaPenataan
from tests.artifacts import screenshot_path
from tests.factories import UserFactory
from tests.penataan.conftest import Dunia

PASSWORD = "rahasia-uji-123"


def _login_admin(browser: Any, base: str, username: str) -> Any:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_penyetaraan_journey(
    browser: Any, live_server: Any, dunia: Dunia, operator_a: Any, verifikator: Any, admin_bkd: Any
) -> None:
    base = live_server.url
    akun_kabid = UserFactory(username="kabid")
    akun_kabid.groups.add(Group.objects.get(name=ASN))
    dunia.p_kabid.user = akun_kabid
    dunia.p_kabid.save()

    # 1. The operator of unit A runs the wizard.
    page = _login_admin(browser, base, "operator_a")
    page.goto(f"{base}/admin/jabatan/rencanapenataan/")
    page.get_by_role("link", name="Wizard penyetaraan").click()
    page.select_option("#id_units_from", label="Dinas A (A)")
    page.click("#id_units_add")
    page.fill("#id_nama", "Penyetaraan Dinas A")
    page.fill("#id_tmt", "2026-01-01")
    page.click("input[type=submit]")
    page.wait_for_selector("#tabel-butir")
    assert page.locator("#tabel-butir tbody tr").count() == 3
    assert page.locator(
        "[data-testid=validasi-gagal]"
    ).is_visible()  # Kasi's golongan needs a reason
    page.screenshot(path=screenshot_path("penataan-1-wizard.png"), full_page=True)

    # 2. She acknowledges the warning and submits.
    row = page.locator("#tabel-butir tbody tr", has_text="Kasi")
    row.get_by_role("link", name="Ubah").click()
    page.fill("#id_alasan_peringatan", "Inpassing tanpa memandang pangkat dan golongan")
    page.click("[name=_save]")
    page.wait_for_selector("[data-testid=validasi-ok]")
    page.get_by_role("button", name="Ajukan untuk persetujuan").click()
    page.wait_for_selector("#penataan-rencana[data-status=diajukan]")
    # Four eyes: not hers to approve; no button to be refused by, the reason in words.
    assert page.get_by_role("button", name="Setujui").count() == 0
    assert (
        "Menunggu keputusan Verifikator"
        in page.locator("[data-testid=keterangan-langkah]").inner_text()
    )

    # 3. The Verifikator approves after reading the preview.
    rencana = RencanaPenataan.objects.get()
    page = _login_admin(browser, base, "verifikator")
    page.goto(f"{base}/admin/jabatan/rencanapenataan/{rencana.pk}/change/")
    assert page.locator("[data-testid=tabel-kelas]").is_visible()
    page.get_by_role("button", name="Setujui").click()
    page.wait_for_selector("#penataan-rencana[data-status=disetujui]")
    assert page.get_by_role("button", name="Terapkan").count() == 0
    assert "Admin BKD" in page.locator("[data-testid=keterangan-langkah]").inner_text()

    # 4. The Admin BKD applies it.
    page = _login_admin(browser, base, "admin_bkd")
    page.goto(f"{base}/admin/jabatan/rencanapenataan/{rencana.pk}/change/")
    page.get_by_role("button", name="Terapkan").click()
    page.wait_for_selector("#penataan-rencana[data-status=diterapkan]")
    page.goto(f"{base}/jabatan/penataan/{rencana.pk}/pratinjau/")
    kabid_row = page.locator(f"[data-testid=tabel-kelas] tr[data-nip='{dunia.p_kabid.nip}']")
    assert "Analis Kebijakan Ahli Madya" in kabid_row.inner_text()
    assert page.locator("[data-testid=status]").inner_text() == "Diterapkan"
    page.screenshot(path=screenshot_path("penataan-2-diterapkan.png"), full_page=True)
    terbuka = RiwayatJabatan.objects.get(pegawai=dunia.p_kabid, tmt_selesai__isnull=True)
    assert terbuka.formasi.jabatan.nama == "Analis Kebijakan Ahli Madya"

    # 5. The ASN sees the change among "Perubahan jabatan saya".
    asn = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    asn.goto(f"{base}/portal/masuk/?next=/jabatan/penataan/saya/")
    asn.fill("#id_username", "kabid")
    asn.fill("#id_password", PASSWORD)
    asn.get_by_role("button", name="Masuk").click()
    asn.wait_for_url(f"{base}/jabatan/penataan/saya/")
    sesudah = asn.locator("[data-testid=jabatan-sesudah]").inner_text()
    assert "Analis Kebijakan Ahli Madya" in sesudah and "kelas jabatan 12" in sesudah
    asn.screenshot(path=screenshot_path("penataan-3-saya.png"), full_page=True)
