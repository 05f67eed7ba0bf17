"""The Content-Security-Policy holds on the pages no journey test visits: the admin (including
third-party admins), the API docs and the error pages. Violations fail the test through the
browser harness in tests/conftest.py; this test also proves that harness catches one."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

PASSWORD = "rahasia-uji-123"

PAGES = [
    "/admin/",
    "/admin/jabatan/pegawai/",
    "/admin/jabatan/pegawai/add/",
    "/admin/jabatan/unitorganisasi/",
    "/admin/django_celery_beat/periodictask/",
    "/admin/django_celery_beat/periodictask/add/",
    "/admin/axes/accessattempt/",
    "/admin/auth/user/add/",
    "/api/docs/",
    "/partisipasi/",
    "/halaman-yang-tidak-ada/",
]


def _login(page: Page, base: str) -> None:
    get_user_model().objects.create_superuser("csp_root", "root@example.go.id", PASSWORD)
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", "csp_root")
    page.fill("input[name=password]", PASSWORD)
    page.click("[type=submit]")
    expect(page).to_have_url(base + "/admin/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_docs_and_error_pages_satisfy_the_policy(page: Page, live_server: Any):
    _login(page, live_server.url)
    for url in PAGES:
        response = page.goto(live_server.url + url, wait_until="networkidle")
        assert response is not None
        policy = response.headers.get("content-security-policy", "")
        script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
        assert "'self'" in script_src and "unsafe-inline" not in script_src, url
        # unfold's Alpine.js needs eval on the staff admin, nowhere else (asn_portal/admin_csp.py).
        assert ("'unsafe-eval'" in script_src) == url.startswith("/admin/"), url
    expect(page.get_by_role("heading", level=1)).to_contain_text("Halaman tidak ditemukan")
    page.goto(live_server.url + "/api/docs/", wait_until="networkidle")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("ASN Portal API")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_harness_reports_an_inline_script(page: Page, live_server: Any, _no_csp_violations):
    page.goto(live_server.url + "/partisipasi/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.x = 1'; document.body.appendChild(s); }"
    )
    page.wait_for_timeout(300)
    assert any("script-src" in v for v in _no_csp_violations), _no_csp_violations
    assert page.evaluate("() => window.x") is None
    _no_csp_violations.clear()  # the expected one; any other still fails the test
