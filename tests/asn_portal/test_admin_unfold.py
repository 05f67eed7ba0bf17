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
    monkeypatch.setattr(unfold_list, "items_for_result", unfold_list.items_for_result.__wrapped__)  # type: ignore[attr-defined]
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


# --- cells from a plan, rows and filters written out (asn_portal.admin_unfold, asn_admin_list) ---
_CSRF_ATTRIBUTE = re.compile(r'data-csrftoken="[^"]+"')


def _normalised(html: str) -> str:
    """The page without its per-request values and without whitespace between tags (which the
    written-out rows and filters leave out)."""
    html = _CSRF_ATTRIBUTE.sub("", _PER_REQUEST.sub(r"\1=…", html))
    return re.sub(r"\s*([<>])\s*", r"\1", re.sub(r"\s+", " ", html))


def _changelists() -> list[str]:
    from django.contrib import admin

    return [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]


@pytest.fixture
def demo_world(db: None, settings: Any) -> None:
    from django.core.management import call_command

    settings.DEBUG = True  # seed_demo refuses to run in production
    call_command("seed_demo", stdout=__import__("io").StringIO())


@pytest.mark.usefixtures("demo_world")
def test_every_changelist_reads_as_unfolds_own_rendering(
    admin_bkd: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every changelist of the admin, on the demo data, sorted and searched: the cells from the
    plan are byte-identical to unfold's ``items_for_result``; the rows and filters written out
    in Python read as unfold's templates, markup for markup."""
    from django.contrib.auth import get_user_model

    from asn_portal.templatetags import asn_admin_list

    superuser = get_user_model().objects.create_superuser("super", "s@example.go.id", "x")
    written_rows = asn_admin_list.ResultListNode.render
    written_filter = asn_admin_list.ListFilterNode.render
    planned = unfold_list.items_for_result
    pages = rows = 0
    variants = {superuser: ("", "?o=-2", "?q=a", "?status__exact=pns"), admin_bkd: ("",)}
    for user, queries in variants.items():
        client = client_for(user)
        for url in _changelists():
            for query in queries:
                response = client.get(url + query)
                if response.status_code != 200:
                    # A filter the model does not have, or a list Admin BKD may not open.
                    assert response.status_code in (302, 403), url + query
                    continue
                ours = response.content.decode()
                monkeypatch.setattr(unfold_list, "items_for_result", planned.__wrapped__)  # type: ignore[attr-defined]
                unfolds_cells = client.get(url + query).content.decode()
                monkeypatch.setattr(
                    asn_admin_list.ResultListNode,
                    "render",
                    asn_admin_list.ResultListNode.unfold_template,
                )
                monkeypatch.setattr(
                    asn_admin_list.ListFilterNode,
                    "render",
                    asn_admin_list.ListFilterNode.unfold_template,
                )
                unfolds_own = client.get(url + query).content.decode()
                monkeypatch.setattr(unfold_list, "items_for_result", planned)
                monkeypatch.setattr(asn_admin_list.ResultListNode, "render", written_rows)
                monkeypatch.setattr(asn_admin_list.ListFilterNode, "render", written_filter)

                assert _normalised(ours) == _normalised(unfolds_own), url + query
                # Only the rows' whitespace differs between the two renderings of the cells.
                assert _normalised(ours) == _normalised(unfolds_cells), url + query
                pages += 1
                rows += ours.count('class="data-row ')
    assert pages > 3 * len(_changelists())
    assert rows > 500  # the demo data fills the lists: rows were compared, not empty tables


def test_written_out_cells_and_filters_escape_what_they_show(admin_bkd: Any, unit_a: Any) -> None:
    PegawaiFactory(nama='<script>alert("x")</script> & Co')
    page = client_for(admin_bkd).get(reverse("admin:jabatan_pegawai_changelist")).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in page


def test_a_selected_filter_keeps_its_value_and_is_marked(admin_bkd: Any, unit_a: Any) -> None:
    _placed(2, unit_a)
    url = reverse("admin:jabatan_pegawai_changelist") + "?status__exact=pns"
    page = client_for(admin_bkd).get(url).content.decode()
    assert '<input type="hidden" name="status__exact" value="pns" />' in page
    selected = re.search(
        r'<li class="[^"]*font-semibold text-primary-600[^"]*"><a href="\?status__exact=pns"', page
    )
    assert selected, "the chosen status is marked as selected"
    assert "> Menurut status kepegawaian <" in page  # the project's translation of the heading
