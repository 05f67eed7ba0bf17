"""axe-core on every page of tests/a11y/pages.py, on a desktop and on a phone: 0 violations of
the WCAG 2.0/2.1 A and AA rules and the WCAG 2.2 AA rules axe knows.

Each page writes VAR_DIR/a11y/<page>-<viewport>.json (pages, rules checked, violations) and a
screenshot to VAR_DIR/screenshots/: public and portal pages at 390 px, staff pages at 1280 px.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import resolve
from playwright.sync_api import Page

from tests.a11y.axe import assert_no_axe_violations
from tests.a11y.conftest import Situs
from tests.a11y.pages import ANONIM, ASN, PAGES, STAF, Halaman
from tests.artifacts import screenshot_path

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "ponsel": {"width": 390, "height": 844}}
SCREENSHOT_AT = {ANONIM: "ponsel", ASN: "ponsel", STAF: "desktop"}


@pytest.mark.browser
@pytest.mark.django_db  # the test database is set up for these tests even when run alone
@pytest.mark.parametrize("halaman", PAGES, ids=str)
def test_page_has_no_axe_violations_on_desktop_and_phone(
    halaman: Halaman, page: Page, situs: Situs
) -> None:
    if halaman.persona != ANONIM:
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": situs.sesi[halaman.persona],
                    "url": situs.url,
                }
            ]
        )
    url = situs.url + halaman.path(situs.dunia)
    failures = []
    for viewport, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        response = page.goto(url)
        assert response is not None and response.status == halaman.status, (
            f"{halaman.name}: {url} answered {response and response.status}"
        )
        if halaman.redirects_to:
            assert resolve(urlsplit(page.url).path).view_name == halaman.redirects_to, page.url
        else:
            assert page.url == url, f"{halaman.name}: {url} redirected to {page.url}"
        if SCREENSHOT_AT[halaman.persona] == viewport:
            page.screenshot(
                path=screenshot_path(f"{halaman.name}.png"), full_page=True, caret="initial"
            )
        try:
            assert_no_axe_violations(page, f"{halaman.name}-{viewport}")
        except AssertionError as exc:
            failures.append(str(exc))
    assert not failures, "\n\n".join(failures)
