"""The staff admin in a 1280x800 browser: the main pages are photographed, and no changelist the
sidebar opens is wider than the screen (neither the page nor its results table scrolls
sideways)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse
from playwright.sync_api import Page

from asn_portal.sidebar import navigation
from jabatan.penataan.models import ItemRencana, RencanaPenataan
from tests.artifacts import screenshot_path
from tests.factories import FormasiFactory, PegawaiFactory, RiwayatJabatanFactory

PASSWORD = "rahasia-uji-123"
VIEWPORT = {"width": 1280, "height": 800}

OVERFLOW = """() => {
  const page = document.scrollingElement.scrollWidth - window.innerWidth;
  const table = document.querySelector('#result_list');
  const box = table && table.parentElement;
  return {page, table: table ? table.scrollWidth - box.clientWidth : 0};
}"""


def _data(unit: Any, admin: Any) -> tuple[Any, RencanaPenataan]:
    formasi = FormasiFactory(unit=unit)
    pegawai = [PegawaiFactory(nama=f"Pegawai Contoh Bernama Panjang {i}") for i in range(12)]
    for p in pegawai:
        RiwayatJabatanFactory(pegawai=p, formasi=formasi)
    rencana = RencanaPenataan.objects.create(
        nama="Penataan Dinas A 2026",
        jenis="penyetaraan",
        dasar_hukum="Kep. Gub. 800/1/2026",
        tmt=dt.date(2026, 1, 15),
        dibuat_oleh=admin,
    )
    ItemRencana.objects.create(
        rencana=rencana,
        jenis="penyetaraan",
        pegawai=pegawai[0],
        formasi_asal=formasi,
        jabatan=formasi.jabatan,
    )
    return pegawai[0], rencana


def _login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("[type=submit]")
    page.wait_for_url(f"{base}/admin/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_main_staff_pages_fit_1280_and_are_photographed(
    browser: Any, live_server: Any, unit_a: Any
) -> None:
    root = get_user_model().objects.create_superuser("ui_root", "root@example.go.id", PASSWORD)
    pegawai, rencana = _data(unit_a, root)
    base = live_server.url
    page = browser.new_context(viewport=VIEWPORT).new_page()
    _login(page, base, "ui_root")

    main = {
        "beranda": "/admin/",
        "pegawai-daftar": "/admin/jabatan/pegawai/",
        "pegawai-ubah": f"/admin/jabatan/pegawai/{pegawai.pk}/change/",
        "rencana-penataan": f"/admin/jabatan/rencanapenataan/{rencana.pk}/change/",
        "hasil-survei": "/survei/staf/",
        "laporan": "/admin/asn_portal/laporan/",
        "wizard-penyetaraan": reverse("admin:jabatan_rencanapenataan_penyetaraan"),
        "klon-unit": reverse("admin:jabatan_unitorganisasi_klon", args=[unit_a.pk]),
    }
    for name, url in main.items():
        response = page.goto(base + url, wait_until="networkidle")
        assert response is not None and response.status == 200, url
        path = Path(screenshot_path(f"staf-{name}-1280.png"))
        page.screenshot(path=str(path), full_page=name.endswith(("-ubah", "penataan")))
        assert path.stat().st_size > 10_000, name
        assert page.evaluate(OVERFLOW)["page"] <= 0, url

    request = RequestFactory().get("/admin/")
    request.user = root
    changelists = [
        item["link"]
        for group in navigation(request)
        for item in group["items"]
        if item["link"].startswith("/admin/")
    ]
    assert len(changelists) >= 40  # every model of the sidebar, Sistem included
    too_wide = {}
    for url in changelists:
        response = page.goto(base + url, wait_until="networkidle")
        assert response is not None and response.status == 200, url
        overflow = page.evaluate(OVERFLOW)
        if overflow["page"] > 0 or overflow["table"] > 1:
            too_wide[url] = overflow
    assert too_wide == {}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_header_names_the_operators_role_and_unit(
    browser: Any, live_server: Any, operator_a: Any
) -> None:
    operator_a.set_password(PASSWORD)
    operator_a.save()
    page = browser.new_context(viewport=VIEWPORT).new_page()
    _login(page, live_server.url, "operator_a")
    assert page.get_by_text("Operator OPD · Dinas A").first.is_visible()
    page.screenshot(path=screenshot_path("staf-beranda-operator-1280.png"))
