"""The site's own 404/500 pages (DEBUG off and on, public side), JSON 404s under /api/, the
citizens' channel page at /partisipasi/, and API docs that load nothing from another host."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import path

from asn_portal import errors
from asn_portal import urls as root_urls


def _boom(request: Any) -> Any:
    raise RuntimeError("uji gangguan")


urlpatterns = [*root_urls.urlpatterns, path("uji-gangguan/", _boom)]
handler404 = root_urls.handler404
handler500 = root_urls.handler500


def _assert_site_404(response: Any) -> None:
    assert response.status_code == 404
    text = response.content.decode()
    assert "Halaman tidak ditemukan" in text
    assert 'class="site-header"' in text and "css/app.css" in text
    assert "Page not found" not in text and "Traceback" not in text


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])
def test_unknown_public_page_answers_the_site_404(settings, debug):
    settings.DEBUG = debug
    _assert_site_404(Client().get("/tidak-ada-halaman-ini/"))
    _assert_site_404(Client().get("/partisipasi/lacak/ZZZ/tidak/ada/"))


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])
def test_a_view_raising_http404_answers_the_site_404(settings, debug):
    settings.DEBUG = debug
    _assert_site_404(Client().get("/partisipasi/konsultasi/tidak-ada/"))


@pytest.mark.django_db
def test_staff_keep_django_debug_page_while_debugging(settings, admin_bkd):
    settings.DEBUG = True
    client = Client()
    client.force_login(admin_bkd)
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize(
    "url", ["/api/v1/tidak-ada/", "/api/tidak-ada", "/api/v1/pegawai/999999999/"]
)
def test_api_answers_json_for_its_own_404s(settings, admin_bkd, debug, url):
    settings.DEBUG = debug
    client = Client()
    client.force_login(admin_bkd)
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.urls("tests.asn_portal.test_error_pages")
@pytest.mark.parametrize("debug", [False, True])
def test_a_server_error_answers_the_site_500(settings, debug):
    settings.DEBUG = debug
    response = Client(raise_request_exception=False).get("/uji-gangguan/")
    assert response.status_code == 500
    text = response.content.decode()
    assert "Maaf, terjadi gangguan pada server" in text
    assert "css/app.css" in text and settings.INSTANSI_BKD in text
    assert "uji gangguan" not in text and "Traceback" not in text


@pytest.mark.django_db
def test_the_500_page_runs_no_query(settings):
    request = RequestFactory().get("/survei/")
    with CaptureQueriesContext(connection) as queries:
        response = errors.server_error(request)
    assert response.status_code == 500
    assert "Maaf, terjadi gangguan" in response.content.decode()
    assert len(queries) == 0


@pytest.mark.django_db
def test_partisipasi_root_lists_the_citizen_channels():
    response = Client().get("/partisipasi/")
    assert response.status_code == 200
    text = response.content.decode()
    for url in (
        "/partisipasi/pengaduan/",
        "/partisipasi/lacak/",
        "/partisipasi/konsultasi/",
        "/partisipasi/k/",
        "/survei/",
    ):
        assert f'href="{url}"' in text


EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.I)


@pytest.mark.django_db
def test_api_docs_load_only_the_apps_own_files(admin_bkd):
    url = "/api/docs/"
    client = Client()
    client.force_login(admin_bkd)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert not EXTERNAL.search(html), EXTERNAL.search(html)
    assert "cdn." not in html and "googleapis" not in html
    assets = re.findall(r"""(?:src|href)="(/static/[^"]+)\"""", html)
    assert any("swagger-ui-bundle.js" in a for a in assets)
    for asset in assets:
        assert finders.find(asset.removeprefix("/static/").split("?")[0]), asset
