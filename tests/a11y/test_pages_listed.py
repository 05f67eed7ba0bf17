"""The page table follows the URLconf: a new URL is either an axe row or a named non-page."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from tests.a11y.pages import NOT_PAGES, OUTSIDE, PAGES, POST_ONLY, url_names
from tests.conftest import client_for


def test_every_url_outside_admin_and_api_is_a_checked_page_or_a_named_non_page():
    found = {name for name, _route in url_names()}
    listed = {page.url_name for page in PAGES if page.url_name} - {
        page.url_name for page in PAGES if page.url_name and page.url_name.startswith("admin:")
    }
    missing = sorted(found - listed - set(NOT_PAGES))
    assert not missing, (
        "URL tanpa baris aksesibilitas: tambahkan ke PAGES (diperiksa axe) atau NOT_PAGES "
        f"(dengan alasan) di tests/a11y/pages.py: {missing}"
    )
    stale = sorted((listed | set(NOT_PAGES)) - found)
    assert not stale, f"baris untuk URL yang tidak ada lagi: {stale}"
    assert not listed & set(NOT_PAGES), "URL tercantum sebagai halaman dan bukan-halaman"


def test_the_walk_sees_the_public_survey_and_skips_admin_and_api():
    routes = dict(url_names())
    assert routes["survei:form"] == "survei/<slug:kode>/"
    assert not any(route.startswith(OUTSIDE) for route in routes.values())


def test_page_names_are_unique_and_admin_rows_reverse():
    names = [page.name for page in PAGES]
    assert len(names) == len(set(names))
    for page in PAGES:
        if page.url_name and page.url_name.startswith("admin:"):
            try:
                reverse(page.url_name, args=[1] if page.url_name.endswith("_change") else [])
            except NoReverseMatch as exc:  # pragma: no cover - the message is the point
                pytest.fail(f"{page.name}: {exc}")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name", sorted(name for name, why in NOT_PAGES.items() if why == POST_ONLY)
)
def test_a_url_listed_as_post_only_refuses_get(url_name, admin_bkd):
    """The exemption is true: a staff member opening it in the browser gets 405, not a page."""
    route = dict(url_names())[url_name]
    args = ["pegawai" if "<slug:kind>" in part else "1" for part in route.split("/") if "<" in part]
    response = client_for(admin_bkd).get(reverse(url_name, args=args))
    assert response.status_code == 405, (url_name, response.status_code)
