from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.artifacts import screenshot_path


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_landing_sends_each_kind_of_user_where_they_belong(page: Page, live_server, settings):
    settings.INSTANSI_NAMA = "Pemerintah Provinsi Bengkulu"
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Provinsi Bengkulu")
    page.screenshot(path=screenshot_path("landing.png"), full_page=True)

    page.get_by_role("link", name="Isi survei kepuasan").click()
    expect(page).to_have_url(re.compile(r"/survei/$"))

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Masuk Portal ASN").click()
    expect(page).to_have_url(re.compile(r"/portal/masuk/"))
    expect(page.get_by_label("Kata sandi")).to_be_visible()

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Masuk ruang kerja admin").click()
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    expect(page.locator("input[name=username]")).to_be_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_landing_is_keyboard_reachable(page: Page, live_server):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Langsung ke konten")).to_be_focused()
