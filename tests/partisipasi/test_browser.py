from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, Route, expect

from survei.models import Respons
from survei.partisipasi import services
from survei.partisipasi.models import Kasus, KirimanKiosk
from tests.artifacts import screenshot_path


def _isi_kiosk(page: Page, saran: str = "") -> None:
    for i in range(1, 10):
        page.locator(f"label.ubin:has(input[name='U{i}'][value='3'])").click()
    page.get_by_label("Jenis layanan yang Anda terima").select_option("Kartu Keluarga")
    page.get_by_label("Umur (tahun)").fill("52")
    page.locator("label.ubin:has(input[name='jenis_kelamin'][value='L'])").click()
    page.locator("label.ubin:has(input[name='pendidikan'][value='sma'])").click()
    page.locator("label.ubin:has(input[name='pekerjaan'][value='wirausaha'])").click()
    if saran:
        page.get_by_label("Saran dan masukan (tidak wajib)").fill(saran)
    page.get_by_role("button", name="Kirim jawaban").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_kiosk_answers_offline_and_sends_exactly_once(
    page: Page, live_server: Any, kiosk_a: Any
) -> None:
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(live_server.url + f"/partisipasi/kiosk/{kiosk_a.token}/")
    antrean = page.get_by_test_id("antrean")
    expect(antrean).to_have_text("0")
    # The installable app's worker takes control of the kiosk scope.
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope.endswith("/partisipasi/kiosk/")
    page.screenshot(path=screenshot_path("partisipasi-kiosk.png"))

    page.context.set_offline(True)
    _isi_kiosk(page, saran="Mohon sediakan air minum di ruang tunggu.")
    expect(page.get_by_role("heading", name="Terima kasih!")).to_be_visible()
    expect(antrean).to_have_text("1")
    expect(page.locator("#status-jaringan")).to_contain_text("Tanpa sinyal")
    page.screenshot(path=screenshot_path("partisipasi-kiosk-luring.png"))
    assert Respons.objects.count() == 0
    # The form reset itself for the next citizen.
    expect(page.locator("#kiosk-form")).to_be_visible(timeout=8000)
    expect(page.locator("input[name='U1']:checked")).to_have_count(0)

    # Back online, but the server's answer is lost on the way back: the item stays queued.
    hilang: list[int] = []

    def jawaban_hilang(route: Route) -> None:
        response = route.fetch()
        hilang.append(response.status)
        route.abort()

    page.route("**/kirim/", jawaban_hilang)
    page.context.set_offline(False)
    for _ in range(50):  # the route handler runs while Playwright waits
        if hilang:
            break
        page.wait_for_timeout(200)
    assert hilang == [201]
    expect(antrean).to_have_text("1")
    assert Respons.objects.count() == 1

    # The next attempt resends the same key: the server answers "already stored", the queue empties.
    page.unroute("**/kirim/")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(antrean).to_have_text("0")
    assert Respons.objects.count() == 1
    assert KirimanKiosk.objects.filter(kiosk=kiosk_a).count() == 1
    page.screenshot(path=screenshot_path("partisipasi-kiosk-terkirim.png"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_citizen_scans_a_receipt_code_on_a_phone(
    page: Page, live_server: Any, layanan_a: Any
) -> None:
    kode = services.kode_issue(unit_layanan=layanan_a, jenis_layanan="KTP elektronik")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + f"/partisipasi/k/{kode.kode}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Survei kepuasan masyarakat")
    for i in range(1, 10):
        page.locator(f"#grup-u{i} input[value='4']").check()
    page.get_by_label("Umur (tahun)").fill("31")
    page.get_by_label("Perempuan").check()
    page.get_by_label("Pendidikan terakhir").select_option(label="SMA")
    page.get_by_label("Pekerjaan utama").select_option(label="Swasta")
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Terima kasih!")
    respons = Respons.objects.get()
    assert respons.jenis_layanan == "KTP elektronik" and respons.kode_struk.kode == kode.kode
    page.goto(live_server.url + f"/partisipasi/k/{kode.kode}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kode ini sudah dipakai")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_citizen_files_a_complaint_and_follows_it(
    page: Page, live_server: Any, layanan_a: Any, operator_a: Any
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/partisipasi/pengaduan/")
    page.get_by_label("Unit layanan").select_option(label=layanan_a.nama)
    page.get_by_label("Pengaduan", exact=True).check()
    page.get_by_label("Uraian").fill("Nomor antrean habis pukul 10 pagi, warga disuruh pulang.")
    page.get_by_role("button", name="Kirim").click()
    kode = page.get_by_test_id("kode-lacak").first.inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{10}", kode)
    expect(page.get_by_test_id("status")).to_have_text("Diterima")
    page.screenshot(path=screenshot_path("partisipasi-pengaduan.png"), full_page=True)

    kasus = Kasus.objects.get(kode_lacak=kode)
    services.kasus_answer(
        kasus=kasus, jawaban="Kuota antrean kini dibuka sampai pukul 14.00.", user=operator_a
    )

    page.goto(live_server.url + "/partisipasi/lacak/")
    page.get_by_label("Kode lacak").fill(kode.lower())
    page.get_by_role("button", name="Lihat status").click()
    expect(page.get_by_test_id("status")).to_have_text("Sudah dijawab")
    expect(page.get_by_test_id("jawaban")).to_contain_text("sampai pukul 14.00")
