from __future__ import annotations

from typing import Any

import pytest

from asn_portal.laporan import services
from asn_portal.laporan.models import Laporan
from tests.artifacts import screenshot_path


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_request_a_report_watch_it_finish_and_open_the_charts(
    page: Any, live_server: Any, register: Any, admin_bkd: Any, monkeypatch: Any
) -> None:
    queued: list[int] = []
    # The worker is played by the test itself, so that the page is seen while the job waits.
    monkeypatch.setattr(services, "_enqueue_generate", queued.append)

    page.goto(f"{live_server.url}/admin/login/?next=/admin/asn_portal/laporan/add/")
    page.locator("#id_username").fill("admin_bkd")
    page.locator("#id_password").fill("rahasia-uji-123")
    page.locator("[type=submit]").click()

    page.locator("#id_jenis").select_option("bulanan")
    page.locator("#id_tahun").fill("2026")
    page.locator("#id_nomor").fill("1")
    page.locator("#id_unit").select_option(label="Seluruh provinsi")
    page.locator("[name=_save]").click()

    status = page.locator("#laporan-status")
    assert status.inner_text() == "Dalam antrean"
    assert page.locator("#laporan-tautan").is_hidden()
    assert queued == [Laporan.objects.get().pk]

    services.laporan_generate(laporan_id=queued[0])

    page.locator("#laporan-tautan").wait_for(state="visible", timeout=20_000)
    assert status.inner_text() == "Siap"
    assert (
        page.locator("#laporan-bar").get_attribute("value") == "100"
        or page.locator("#laporan-persen").inner_text() == "100%"
    )
    page.screenshot(path=screenshot_path("laporan-admin-progres.png"), full_page=True)

    page.get_by_role("link", name="Buka laporan (HTML)").click()
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .startswith("Laporan Kemajuan Penataan Jabatan")
    )
    assert page.locator("svg[role=img]").count() >= 4
    assert page.get_by_role("table", name="IKM dan mutu per unit layanan").is_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=screenshot_path("laporan-html-ponsel.png"), full_page=True)
