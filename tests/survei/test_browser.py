from __future__ import annotations

import re

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from asn_portal.periode import Periode
from survei import services
from survei.models import Respons
from tests.artifacts import screenshot_path
from tests.survei.factories import jawaban_dari_jumlah, respons_bulk

URUTAN = ["u1", "u2", "u3", "u4", "u6", "u7", "u9", "u8"]  # every unsur except U5


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_citizen_fills_the_form_on_a_phone_then_reads_published_results(
    page: Page, live_server, layanan_a
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/survei/")
    page.get_by_label("Cari unit layanan").fill("Dukcapil")
    page.get_by_role("button", name="Cari").click()
    page.get_by_role("link", name=f"Isi survei {layanan_a.nama}").click()
    expect(page).to_have_url(re.compile(rf"/survei/{layanan_a.kode}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Survei kepuasan masyarakat")

    for name in URUTAN:
        page.locator(f"#grup-{name} input[value='3']").check()
    page.get_by_role("group", name=re.compile("kompetensi", re.I)).get_by_label(
        "Sangat kompeten", exact=True
    ).check()
    page.get_by_label("Jenis layanan yang Anda terima").select_option("Kartu Keluarga")
    page.get_by_label("Umur (tahun)").fill("29")
    page.get_by_label("Perempuan").check()
    page.get_by_label("Pendidikan terakhir").select_option(label="D4/S1")
    page.get_by_label("Pekerjaan utama").select_option(label="Wirausaha")
    page.get_by_label("Saran dan masukan (tidak wajib)").fill("Antrean di loket 2 lambat.")
    page.get_by_role("button", name="Kirim jawaban").click()

    # U5 was missed: the message sits next to that question and everything else is kept.
    expect(page.locator("#ringkasan-galat")).to_be_visible()
    grup = page.locator("#grup-u5")
    expect(grup.locator(".errorlist")).to_contain_text("Pilih salah satu jawaban")
    expect(page.locator("#grup-u1 input[value='3']")).to_be_checked()
    expect(page.get_by_label("Umur (tahun)")).to_have_value("29")
    expect(page.get_by_label("Saran dan masukan (tidak wajib)")).to_have_value(
        "Antrean di loket 2 lambat."
    )
    assert Respons.objects.count() == 0
    grup.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_path("survei-form-galat.png"), full_page=False)

    grup.get_by_label("Sangat sesuai", exact=True).check()
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Terima kasih!")
    page.screenshot(path=screenshot_path("survei-terima-kasih.png"), full_page=True)
    respons = Respons.objects.get()
    assert (respons.u5, respons.u6, respons.umur, respons.jenis_layanan) == (
        4,
        4,
        29,
        "Kartu Keluarga",
    )

    # A refresh of the thanks page (a GET after the redirect) does not add anything; going back
    # lands on the POSTed error page, which the browser does not send again (ERR_CACHE_MISS).
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Terima kasih!")
    assert Respons.objects.count() == 1
    # Chromium either fails the history navigation with ERR_CACHE_MISS or lets it return and
    # then shows its "resend?" error page; both end on that error page, never a second POST.
    try:
        page.go_back()
    except PlaywrightError as exc:
        assert "ERR_CACHE_MISS" in str(exc)
    page.wait_for_url("chrome-error://chromewebdata/")
    assert Respons.objects.count() == 1

    # Staff publish a period; the public results page shows the chart and its table.
    periode = Periode.parse("2026-T1")
    respons_bulk(
        layanan_a,
        jawaban_dari_jumlah([105, 101, 100, 116, 102, 105, 106, 105, 115], 29),
        tanggal=periode.awal,
    )
    services.publikasi_publish(unit_layanan=layanan_a, periode=periode, user=None)
    page.goto(live_server.url + f"/survei/{layanan_a.kode}/hasil/")
    page.get_by_role("link", name="Triwulan I 2026").click()
    chart = page.get_by_role("img", name="NRR per unsur pelayanan")
    expect(chart).to_be_visible()
    expect(page.locator(".ikm-ringkas")).to_contain_text("91,48")  # Indonesian decimal comma
    expect(page.get_by_role("cell", name="3,9655")).to_be_visible()
    page.screenshot(path=screenshot_path("survei-hasil.png"), full_page=True)


def _overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the viewport (0: no sideways scrolling)."""
    return int(
        page.evaluate(
            "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
            " - window.innerWidth"
        )
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_published_results_tables_fit_a_390_px_phone(page: Page, live_server, layanan_a) -> None:
    periode = Periode.parse("2026-T1")
    respons_bulk(
        layanan_a,
        jawaban_dari_jumlah([105, 101, 100, 116, 102, 105, 106, 105, 115], 29),
        tanggal=periode.awal,
    )
    services.publikasi_publish(unit_layanan=layanan_a, periode=periode, user=None)
    page.set_viewport_size({"width": 390, "height": 844})
    for path, nama in (
        ("/survei/hasil/", "survei-hasil-provinsi-390.png"),
        (f"/survei/{layanan_a.kode}/hasil/", "survei-hasil-unit-390.png"),
        (f"/survei/{layanan_a.kode}/hasil/2026-T1/", "survei-hasil-periode-390.png"),
    ):
        page.goto(live_server.url + path)
        expect(page.locator("table.tabel-tumpuk").first).to_be_visible()
        assert _overflow(page) <= 0, path
        # every table cell lies inside the viewport, none is cut off at the right edge
        lebar = page.evaluate(
            "Math.max(...[...document.querySelectorAll('table.tabel-tumpuk td')]"
            ".map(td => td.getBoundingClientRect().right))"
        )
        assert lebar <= 390, (path, lebar)
        page.screenshot(path=screenshot_path(nama), full_page=True)
    # each value keeps its label on the phone
    expect(page.locator("td[data-label='NRR']").first).to_be_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_operator_enters_paper_questionnaires_with_the_keyboard(
    page: Page, live_server, layanan_a, operator_a
) -> None:
    from django.conf import settings as django_settings
    from django.test import Client

    client = Client()
    client.force_login(operator_a)
    page.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + f"/survei/staf/{layanan_a.kode}/kertas/")
    for sheet in range(2):
        expect(page.locator("#id_u1")).to_be_focused()
        for digit in "434343434":
            page.keyboard.type(digit)
            page.keyboard.press("Tab")
        page.get_by_label("Umur (tahun)").fill(str(40 + sheet))
        page.get_by_label("Jenis kelamin").select_option("L")
        page.get_by_label("Pendidikan terakhir").select_option("sma")
        page.get_by_label("Pekerjaan utama").select_option("pns")
        page.get_by_label("Jenis layanan yang Anda terima").select_option("Kartu Keluarga")
        if sheet == 0:
            page.get_by_label("Tanggal menerima layanan").fill("2026-01-05")
        page.get_by_label("Umur (tahun)").press("Enter")
        expect(page.locator(".messages")).to_contain_text("tersimpan")
    page.screenshot(path=screenshot_path("survei-kertas.png"), full_page=True)
    rows = Respons.objects.order_by("id")
    assert [(r.u1, r.u2, r.umur, r.sumber, str(r.tanggal_layanan)) for r in rows] == [
        (4, 3, 40, "kertas", "2026-01-05"),
        (4, 3, 41, "kertas", "2026-01-05"),
    ]
    page.goto(live_server.url + f"/survei/staf/{layanan_a.kode}/?periode=2026-T1")
    expect(page.locator(".ikm-ringkas")).to_contain_text("2")
    page.screenshot(path=screenshot_path("survei-staf-unit.png"), full_page=True)
