"""django-unfold's changelist headers are built once per page and its row checkbox rendered once
(``asn_portal.admin_unfold``), and the page reads exactly as with unfold's own rendering."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.admin import helpers
from django.urls import reverse
from django.utils import translation
from unfold import admin as unfold_admin
from unfold.templatetags import unfold_list

from tests.conftest import client_for
from tests.factories import FormasiFactory, PegawaiFactory, RiwayatJabatanFactory

pytestmark = pytest.mark.django_db

# Per-request values: the CSP nonce and the CSRF token.
_PER_REQUEST = re.compile(r'(nonce|csrfmiddlewaretoken" value|csrfToken)="?[^" >]+')


def _page(client: Any, url: str) -> str:
    return _PER_REQUEST.sub(r"\1=…", client.get(url).content.decode())


def _placed(count: int, unit: Any) -> None:
    for i in range(count):
        pegawai = PegawaiFactory(nama=f"Pegawai {i:02d}")
        RiwayatJabatanFactory(pegawai=pegawai, formasi=FormasiFactory(unit=unit))


def test_headers_built_once_and_the_page_is_unchanged(
    admin_bkd: Any, unit_a: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _placed(12, unit_a)
    client = client_for(admin_bkd)
    url = reverse("admin:jabatan_pegawai_changelist") + "?o=2.-1"  # sorted on two columns
    original = unfold_list.result_headers.__wrapped__  # type: ignore[attr-defined]
    builds: list[Any] = []

    def counted(cl: Any) -> Any:
        builds.append(cl)
        return original(cl)

    monkeypatch.setattr(unfold_list.result_headers, "__wrapped__", counted, raising=True)
    patched = _page(client, url)
    per_page = len(builds)

    # unfold's own behaviour: the headers again for every row.
    monkeypatch.setattr(unfold_list, "result_headers", counted)
    builds.clear()
    unpatched = _page(client, url)

    assert per_page == 1
    assert len(builds) == 12 + 1  # one per row, plus the table head
    assert patched == unpatched
    assert "Pegawai 00" in patched and "Pegawai 11" in patched


def test_row_checkbox_rendered_once_reads_as_unfolds_own(
    admin_bkd: Any, unit_a: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _placed(3, unit_a)
    client = client_for(admin_bkd)
    url = reverse("admin:jabatan_pegawai_changelist")
    patched = _page(client, url)

    original = unfold_admin.ModelAdmin.action_checkbox.__wrapped__  # type: ignore[attr-defined]
    monkeypatch.setattr(unfold_admin.ModelAdmin, "action_checkbox", original)
    monkeypatch.delattr(unfold_admin.ModelAdmin, "list_sections")
    unpatched = _page(client, url)

    assert patched == unpatched
    assert patched.count(f'name="{helpers.ACTION_CHECKBOX_NAME}"') == 3
    # Each language gets its own markup (the checkbox's label is translated).
    pegawai = PegawaiFactory.build(pk=7)
    for language in ("id", "en"):
        with translation.override(language):
            rendered = unfold_admin.ModelAdmin.action_checkbox(None, pegawai)  # type: ignore[arg-type]
            assert rendered == original(None, pegawai)


def test_row_checkbox_escapes_the_pk() -> None:
    class Row:
        pk = '"><script>'

    rendered = unfold_admin.ModelAdmin.action_checkbox(None, Row())  # type: ignore[arg-type]
    assert "<script>" not in rendered
    assert rendered == unfold_admin.ModelAdmin.action_checkbox.__wrapped__(None, Row())  # type: ignore[attr-defined]


def test_the_application_list_is_built_only_when_a_page_reads_it(
    admin_bkd: Any, operator_a: Any, unit_a: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.contrib import admin

    _placed(2, unit_a)
    site_class = type(admin.site)
    original = site_class.get_app_list
    builds: list[Any] = []

    def counted(site: Any, request: Any, app_label: str | None = None) -> Any:
        builds.append(app_label)
        return original(site, request, app_label)

    urls = [
        "/admin/",
        reverse("admin:app_list", args=["jabatan"]),
        reverse("admin:jabatan_pegawai_changelist"),
        reverse("admin:jabatan_formasi_changelist"),
    ]
    lazy = {}
    monkeypatch.setattr(site_class, "get_app_list", counted)
    for user in (admin_bkd, operator_a):
        for url in urls:
            builds.clear()
            lazy[user.pk, url] = _page(client_for(user), url)
            # Only an application's page shows the list (the home page is the project's own).
            assert bool(builds) == (url == urls[1]), url

    monkeypatch.delattr(admin.site, "get_app_list")  # Django's list, built for every page
    for user in (admin_bkd, operator_a):
        for url in urls:
            builds.clear()
            assert _page(client_for(user), url) == lazy[user.pk, url], url
            assert builds, url
