"""The staff admin in django-unfold: Indonesian labels everywhere, a sidebar grouped by job whose
"Sistem" group only superusers see, and a header naming the user's role and scope."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from asn_portal.context_processors import scope_label
from tests.conftest import client_for
from tests.factories import UnitOrganisasiFactory, grant_unit

# English that Django, unfold and the third-party apps ship and that must not reach a page.
ENGLISH = [
    "Periodic task",
    "Crontabs",
    "Solar event",
    "Clocked",
    "Intervals",
    "Interval Schedule",
    "Task result",
    "Group result",
    "Celery Results",
    "Audit log",
    "Log entr",
    "Tokens",
    "Auth Token",
    "Access attempt",
    "Access log",
    "Access failure",
    "Authentication and Authorization",
    "Django",
    "Select action",
    "Type to search",
    "Search apps",
    "Filters",
    "Select all",
    "Recent actions",
    "Log out",
    "Start Datetime",
    "Last Run",
    "One-off",
    "Task Name",
    "Task State",
    "Task ID",
    "Worker",
    "Completed",
    "Created",
    "Enabled",
    "Clock Time",
    "User Agent",
    "Group ID",
]
ENGLISH_RE = re.compile("|".join(re.escape(w) for w in ENGLISH), re.IGNORECASE)


def _labels(html: str) -> str:
    """The page's labels: title, headings, sidebar, column headers, filters and buttons; the
    data rows are left out (a task name stays what it is)."""
    html = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.S)
    html = re.sub(r"<tbody.*?</tbody>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html)
    attrs = " ".join(re.findall(r'(?:placeholder|title|aria-label)="([^"]*)"', html))
    return re.sub(r"\s+", " ", f"{text} {attrs}")


def _registered_changelists() -> list[str]:
    return [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]


@pytest.fixture
def superuser(db: None) -> Any:
    return get_user_model().objects.create_superuser("root", "root@example.go.id", "x")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["superuser", "admin_bkd"])
def test_no_english_label_is_left_on_the_admin(persona: str, request: Any) -> None:
    user = request.getfixturevalue(persona)
    client = client_for(user)
    found = {}
    pages = ["/admin/", *_registered_changelists()]
    opened = 0
    for url in pages:
        response = client.get(url)
        if response.status_code == 403:
            continue
        assert response.status_code == 200, url
        opened += 1
        english = set(ENGLISH_RE.findall(_labels(response.content.decode())))
        if english:
            found[url] = english
    assert found == {}
    assert opened >= (len(pages) if persona == "superuser" else 30)


@pytest.mark.django_db
def test_third_party_models_carry_indonesian_names() -> None:
    from django.apps import apps

    assert str(apps.get_model("django_celery_beat.PeriodicTask")._meta.verbose_name_plural) == (
        "tugas terjadwal"
    )
    assert str(apps.get_app_config("django_celery_results").verbose_name) == "Hasil tugas latar"
    assert str(apps.get_model("auditlog.LogEntry")._meta.verbose_name_plural) == "jejak audit"


def _sidebar_groups(html: str) -> list[str]:
    return re.findall(r"<h2[^>]*>\s*([^<]+?)\s*</h2>", html)


@pytest.mark.django_db
def test_only_superusers_see_the_sistem_group(superuser: Any, admin_bkd: Any) -> None:
    root_html = client_for(superuser).get("/admin/").content.decode()
    bkd_html = client_for(admin_bkd).get("/admin/").content.decode()
    periodic = reverse("admin:django_celery_beat_periodictask_changelist")
    assert "Sistem" in _sidebar_groups(root_html)
    assert f'href="{periodic}"' in root_html
    assert "Sistem" not in _sidebar_groups(bkd_html)
    assert f'href="{periodic}"' not in bkd_html
    for group in ("Struktur &amp; Jabatan", "Pegawai", "Penataan", "Kompetensi", "Laporan"):
        assert group in _sidebar_groups(bkd_html), group


@pytest.mark.django_db
def test_the_sidebar_shows_only_what_the_user_may_view(operator_a: Any) -> None:
    from asn_portal.sidebar import GROUPS, Model

    html = client_for(operator_a).get("/admin/").content.decode()
    models = [e for g in GROUPS if not g.superuser_only for e in g.entries if isinstance(e, Model)]
    shown = [m for m in models if f'href="{reverse(m.url_name)}"' in html]
    hidden = [m for m in models if m not in shown]
    assert shown and hidden  # an operator reaches some registers, not all
    for entry in shown:
        assert entry.allowed(operator_a), entry.label
    for entry in hidden:
        assert not entry.allowed(operator_a), entry.label
        assert client_for(operator_a).get(reverse(entry.url_name)).status_code == 403


@pytest.mark.django_db
def test_header_names_role_and_scope(
    operator_a: Any, admin_bkd: Any, verifikator: Any, superuser: Any, unit_b: Any
) -> None:
    assert scope_label(admin_bkd) == "Admin BKD · Provinsi Bengkulu"
    assert scope_label(verifikator) == "Verifikator · Provinsi Bengkulu"
    assert scope_label(superuser) == "Administrator sistem · Provinsi Bengkulu"
    assert scope_label(operator_a) == "Operator OPD · Dinas A"
    html = client_for(operator_a).get("/admin/").content.decode()
    assert "Operator OPD · Dinas A" in html
    assert "<title>" in html and "Portal ASN — BKD Provinsi Bengkulu" in html


@pytest.mark.django_db
def test_header_counts_the_units_it_does_not_name(operator_a: Any, unit_b: Any) -> None:
    grant_unit(operator_a, unit_b)
    grant_unit(operator_a, UnitOrganisasiFactory(kode="C", nama="Dinas C", jenis="opd"))
    operator_a = get_user_model().objects.get(pk=operator_a.pk)
    assert scope_label(operator_a) == "Operator OPD · Dinas A, Dinas B +1 unit lain"


@pytest.mark.django_db
def test_lists_write_numbers_the_indonesian_way(admin_bkd: Any, unit_a: Any) -> None:
    from tests.survei.factories import UnitLayananFactory

    UnitLayananFactory(kode="dukcapil", nama="Layanan Dukcapil", unit=unit_a, jumlah_pengguna=12345)
    html = client_for(admin_bkd).get("/admin/survei/unitlayanan/").content.decode()
    assert "12.345" in html
    assert "12345" not in html


@pytest.mark.django_db
def test_pegawai_list_keeps_its_query_count(
    admin_bkd: Any, unit_a: Any, django_assert_max_num_queries: Any
) -> None:
    from tests.factories import FormasiFactory, RiwayatJabatanFactory

    client = client_for(admin_bkd)
    RiwayatJabatanFactory(formasi=FormasiFactory(unit=unit_a))
    client.get("/admin/jabatan/pegawai/")
    with django_assert_max_num_queries(20) as first:
        client.get("/admin/jabatan/pegawai/")
    for _ in range(15):
        RiwayatJabatanFactory(formasi=FormasiFactory(unit=unit_a))
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get("/admin/jabatan/pegawai/")
