"""The period picker of "Buat laporan": a period that has not ended is explained before the
form is sent, and an ended one goes to the queue."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from asn_portal.laporan import services
from asn_portal.laporan.models import Laporan
from asn_portal.periode import periode_selesai_terakhir
from tests.artifacts import screenshot_path


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_picker_explains_a_period_not_yet_ended_before_sending(
    page: Any, live_server: Any, admin_bkd: Any, monkeypatch: Any
) -> None:
    queued: list[int] = []
    monkeypatch.setattr(services, "_enqueue_generate", queued.append)
    page.goto(f"{live_server.url}/admin/login/?next=/laporan/")
    page.locator("#id_username").fill("admin_bkd")
    page.locator("#id_password").fill("rahasia-uji-123")
    page.locator("[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/laporan/")

    pesan = page.locator("#periode-belum-berakhir")
    tombol = page.get_by_role("button", name="Buat laporan")
    expect(pesan).to_be_hidden()  # set to the last month that has ended
    expect(tombol).to_be_enabled()

    today = timezone.localdate()
    terakhir = periode_selesai_terakhir("bulan", timezone.now())
    page.locator("#id_tahun").select_option(str(today.year))
    page.locator("#id_nomor").select_option(str(today.month))
    expect(pesan).to_be_visible()
    expect(pesan).to_contain_text(f"Periode terakhir yang sudah selesai: {terakhir.label}.")
    expect(tombol).to_be_disabled()
    page.screenshot(path=screenshot_path("laporan-buat-belum-berakhir.png"), full_page=True)

    # A yearly report: the number field goes away; this year has not ended either.
    page.locator("#id_jenis").select_option("tahunan")
    expect(page.locator("#baris-nomor")).to_be_hidden()
    expect(pesan).to_contain_text(f"Tahun {today.year - 1}")
    page.locator("#id_tahun").select_option(str(today.year - 1))
    expect(pesan).to_be_hidden()
    tombol.click()
    page.wait_for_url("**/admin/asn_portal/laporan/*/change/")
    laporan = Laporan.objects.get()
    assert (laporan.jenis, laporan.tahun) == ("tahunan", today.year - 1)
    assert queued == [laporan.pk]
