"""Browser journey of penataan as a task: an operator drafts a plan, adds an item by choosing
the ASN through the search box (current formasi filled in) and the target by unit then jabatan,
sees the item's warning beside it, gives the reason, and submits; a Verifikator approves with a
note and an Admin BKD applies, each through the page's one next-action button."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from jabatan.models import RiwayatJabatan
from jabatan.penataan.models import RencanaPenataan, StatusRencana
from tests.artifacts import screenshot_path
from tests.penataan.conftest import Dunia
from tests.penataan.test_browser import _login_admin


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_plan_item_by_search_then_one_button_per_role(
    browser: Any, live_server: Any, dunia: Dunia, operator_a: Any, verifikator: Any, admin_bkd: Any
) -> None:
    base = live_server.url

    # 1. The operator of unit A drafts an empty plan.
    page = _login_admin(browser, base, "operator_a")
    page.goto(f"{base}/admin/jabatan/rencanapenataan/add/")
    page.fill("#id_nama", "Rotasi Bidang A1")
    page.fill("#id_dasar_hukum", "SK Kepala Dinas A Nomor 5/2026")
    page.fill("#id_tmt", "2026-01-01")
    page.click("[name=_continue]")
    page.wait_for_selector("#butir-baru")

    # 2. The ASN by name; the current formasi fills in from the definitive assignment.
    page.fill("#id_pegawai_cari", "analis s")
    opsi = page.get_by_role("option", name="Analis Satu", exact=False)
    expect(opsi).to_have_count(1)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("#id_pegawai_cari")).to_have_value(f"Analis Satu ({dunia.p_analis1.nip})")
    expect(page.locator("#butir-formasi-asal")).to_contain_text("Analis Data")
    expect(page.locator("#butir-formasi-asal")).to_contain_text("Seksi A11")

    # 3. The target by unit, then jabatan; the warning shows at once, beside the item.
    page.select_option("#id_unit_tujuan", label="Bidang A1 (A.1)")
    expect(page.locator("#id_formasi_tujuan")).to_be_enabled()
    page.select_option("#id_formasi_tujuan", value=str(dunia.f_pengolah_a.pk))
    validasi = page.locator("#butir-validasi")
    expect(validasi).to_contain_text("Peringatan: Kelas jabatan turun dari 7 ke 6")
    expect(page.locator("#id_alasan_peringatan")).to_have_attribute("aria-invalid", "true")
    page.screenshot(path=screenshot_path("penataan-butir-1-peringatan.png"), full_page=True)
    page.fill("#id_alasan_peringatan", "Rotasi berkala sesuai pola karier")
    expect(page.locator("#id_alasan_peringatan")).to_have_attribute("aria-invalid", "false")
    page.click("#tombol-tambah-butir")
    row = page.locator("#tabel-butir tbody tr", has_text="Analis Satu")
    expect(row.locator("[data-testid=status-butir]")).to_have_text("Siap (peringatan diakui)")

    # 4. One primary button: submit.
    utama = page.locator("#tombol-utama")
    expect(utama).to_have_text("Ajukan untuk persetujuan")
    utama.click()
    page.wait_for_selector("#penataan-rencana[data-status=diajukan]")
    expect(page.locator("#tombol-utama")).to_have_count(0)
    expect(page.locator("[data-testid=keterangan-langkah]")).to_contain_text(
        "Menunggu keputusan Verifikator"
    )

    # 5. The Verifikator approves with a note.
    rencana = RencanaPenataan.objects.get()
    page = _login_admin(browser, base, "verifikator")
    page.goto(f"{base}/admin/jabatan/rencanapenataan/{rencana.pk}/change/")
    expect(page.locator("#butir-baru")).to_have_count(0)
    expect(page.locator("#tombol-utama")).to_have_text("Setujui")
    page.fill("#id_catatan", "Sesuai hasil ABK")
    page.screenshot(path=screenshot_path("penataan-butir-2-setujui.png"), full_page=True)
    page.locator("#tombol-utama").click()
    page.wait_for_selector("#penataan-rencana[data-status=disetujui]")
    expect(page.locator("#tombol-utama")).to_have_count(0)

    # 6. The Admin BKD applies.
    page = _login_admin(browser, base, "admin_bkd")
    page.goto(f"{base}/admin/jabatan/rencanapenataan/{rencana.pk}/change/")
    expect(page.locator("#tombol-utama")).to_have_text("Terapkan")
    page.locator("#tombol-utama").click()
    page.wait_for_selector("#penataan-rencana[data-status=diterapkan]")
    expect(page.locator("#tabel-butir [data-testid=status-butir]")).to_have_text("Diterapkan")
    rencana.refresh_from_db()
    assert rencana.status == StatusRencana.DITERAPKAN
    assert rencana.transisi.get(ke_status=StatusRencana.DISETUJUI).alasan == "Sesuai hasil ABK"
    terbuka = RiwayatJabatan.objects.get(pegawai=dunia.p_analis1, tmt_selesai__isnull=True)
    assert terbuka.formasi == dunia.f_pengolah_a
