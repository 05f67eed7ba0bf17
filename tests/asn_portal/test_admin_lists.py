"""Big lists that cost what their page costs: the date drill-down from index probes
(``asn_portal.admin_dates``), searches through related rows by subquery (``asn_portal.search``)
with trigram indexes, and the survey list's unit filter read from the unit table. Each answers
exactly what Django's (or DRF's) own code answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags import admin_list
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework import filters as drf_filters

from asn_portal import search
from asn_portal.admin_dates import _MOST_PROBES, _periods, dates_with_rows
from jabatan.models import Pegawai, RiwayatJabatan
from survei.models import Respons
from tests.conftest import client_for
from tests.factories import FormasiFactory, PegawaiFactory, RiwayatJabatanFactory, make_nip
from tests.survei.factories import UnitLayananFactory, respons_bulk

pytestmark = pytest.mark.django_db

# Sparse on purpose: years without rows between years with rows, months and days likewise.
_TANGGAL = [
    dt.date(1995, 3, 1),
    dt.date(1995, 3, 17),
    dt.date(1998, 11, 30),
    dt.date(2020, 1, 1),
    dt.date(2020, 1, 31),
    dt.date(2020, 7, 4),
    dt.date(2024, 12, 31),
]


@pytest.fixture
def riwayat(unit_a: Any, unit_b: Any) -> list[RiwayatJabatan]:
    rows = []
    for i, tanggal in enumerate(_TANGGAL):
        rows.append(
            RiwayatJabatanFactory(
                pegawai=PegawaiFactory(nama=f"Agus Salim {i}" if i % 2 else f"Budi Santoso {i}"),
                formasi=FormasiFactory(unit=unit_a if i % 3 else unit_b),
                tmt_mulai=tanggal,
                tmt_selesai=None,
                nomor_sk=f"821/{i}/BKD/{tanggal.year}",
            )
        )
    return rows


@pytest.mark.usefixtures("riwayat")
@pytest.mark.parametrize("kind", ["year", "month", "day"])
def test_the_drill_down_dates_are_djangos(kind: str, unit_a: Any) -> None:
    for queryset in (
        RiwayatJabatan.objects.all(),
        RiwayatJabatan.objects.filter(formasi__unit=unit_a),
        RiwayatJabatan.objects.filter(tmt_mulai__year=2020),
        RiwayatJabatan.objects.filter(tmt_mulai__year=2020, tmt_mulai__month=1),
        RiwayatJabatan.objects.none(),
    ):
        with CaptureQueriesContext(connection) as queries:
            found = dates_with_rows(queryset, "tmt_mulai", kind)
        assert found == list(queryset.dates("tmt_mulai", kind)), (kind, queryset.query)
        assert len(queries) <= 2  # noqa: PLR2004  # first/last date, then one probe query
        bounds = [d for d in (queryset.first(), queryset.last()) if d is not None]
        span = (
            _periods(min(b.tmt_mulai for b in bounds), max(b.tmt_mulai for b in bounds), kind)
            if bounds
            else []
        )
        if len(span) <= _MOST_PROBES:  # a list spanning more periods keeps Django's DISTINCT
            assert all("DISTINCT" not in q["sql"] for q in queries.captured_queries)


@pytest.mark.usefixtures("riwayat")
@pytest.mark.parametrize(
    "query", ["", "?tmt_mulai__year=2020", "?tmt_mulai__year=2020&tmt_mulai__month=1", "?q=agus"]
)
def test_the_changelists_drill_down_is_djangos(query: str, admin_bkd: Any) -> None:
    model_admin = admin.site._registry[RiwayatJabatan]
    request = RequestFactory().get(reverse("admin:jabatan_riwayatjabatan_changelist") + query)
    request.user = admin_bkd
    ours = admin_list.date_hierarchy(model_admin.get_changelist_instance(request))
    djangos = admin_list.date_hierarchy.__wrapped__(  # type: ignore[attr-defined]
        model_admin.get_changelist_instance(request)
    )
    assert ours == djangos
    assert ours["choices"], "the drill-down lists periods"


def test_the_drill_down_query_count_does_not_grow_with_the_years(
    admin_bkd: Any, unit_a: Any
) -> None:
    def queries_for(years: range) -> int:
        for year in years:
            RiwayatJabatanFactory(
                formasi=FormasiFactory(unit=unit_a), tmt_mulai=dt.date(year, 5, 1)
            )
        client = client_for(admin_bkd)
        url = reverse("admin:jabatan_riwayatjabatan_changelist")
        client.get(url)  # warm the per-account caches (its instansi, the sidebar)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url)
        assert page.status_code == 200
        assert f"?tmt_mulai__year={years[-1]}" in page.content.decode()
        return len(queries)

    assert queries_for(range(2001, 2004)) == queries_for(range(1980, 2001))


def _pks(queryset: Any) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


@pytest.mark.usefixtures("riwayat")
@pytest.mark.parametrize(
    "term", ["agus", "AGUS salim", '"Salim 1"', "821/4", make_nip(3)[:8], "tidak-ada", "Pelaksana"]
)
def test_admin_search_finds_what_djangos_search_finds(term: str, admin_bkd: Any) -> None:
    request = RequestFactory().get("/")
    request.user = admin_bkd
    for model in (RiwayatJabatan, Pegawai):
        model_admin = admin.site._registry[model]
        queryset = model_admin.get_queryset(request)
        ours, _dup = model_admin.get_search_results(request, queryset, term)
        djangos, _dup = type(model_admin).get_search_results.__wrapped__(  # type: ignore[attr-defined]
            model_admin, request, queryset, term
        )
        assert _pks(ours) == _pks(djangos), (model, term)


@pytest.mark.usefixtures("riwayat")
def test_searching_a_related_row_is_a_subquery_not_a_join(admin_bkd: Any) -> None:
    url = reverse("admin:jabatan_riwayatjabatan_changelist") + "?q=agus"
    with CaptureQueriesContext(connection) as queries:
        page = client_for(admin_bkd).get(url)
    assert page.status_code == 200
    assert "Agus Salim 1" in page.content.decode()
    assert "Budi Santoso" not in page.content.decode()
    (count,) = [
        q["sql"] for q in queries.captured_queries if "COUNT(*)" in q["sql"] and "ANY" in q["sql"]
    ][:1]
    assert '"jabatan_riwayatjabatan"."pegawai_id" = ANY((ARRAY(SELECT' in count
    assert 'JOIN "jabatan_pegawai"' not in count  # the search joins no ASN to the list


@pytest.mark.usefixtures("riwayat")
@pytest.mark.parametrize("term", ["agus", "salim 3", "821/", "zzz"])
def test_api_search_finds_what_drfs_search_finds(term: str, admin_bkd: Any) -> None:
    response = client_for(admin_bkd).get(
        "/api/v1/riwayat-jabatan/", {"search": term, "page_size": 500}
    )
    assert response.status_code == 200
    found = {row["id"] for row in response.json()["results"]}

    class View:
        search_fields = ["pegawai__nip", "pegawai__nama", "nomor_sk"]

    request = RequestFactory().get("/", {"search": term})
    from rest_framework.request import Request

    drf = drf_filters.SearchFilter().filter_queryset(
        Request(request), RiwayatJabatan.objects.all(), View()
    )
    from jabatan.api import RiwayatJabatanViewSet

    assert RiwayatJabatanViewSet.search_fields == View.search_fields
    assert found == _pks(drf), term


def test_every_admin_search_goes_through_the_one_search_rule() -> None:
    for model_admin in admin.site._registry.values():
        assert hasattr(type(model_admin).get_search_results, "__wrapped__"), type(model_admin)
    from django.conf import settings

    backends = settings.REST_FRAMEWORK["DEFAULT_FILTER_BACKENDS"]
    assert "asn_portal.api.SubquerySearchFilter" in backends
    assert "rest_framework.filters.SearchFilter" not in backends
    assert search.search_q  # the one function both call


def test_the_survey_lists_unit_filter_lists_the_users_units_without_reading_responses(
    operator_a: Any, unit_a: Any, unit_b: Any
) -> None:
    mine = UnitLayananFactory(unit=unit_a, nama="Layanan Kecamatan A")
    theirs = UnitLayananFactory(unit=unit_b, nama="Layanan Kecamatan B")
    unused = UnitLayananFactory(unit=unit_a, nama="Layanan Tanpa Respons")
    for unit in (mine, theirs):
        respons_bulk(unit, [[3] * 9] * 2, tanggal=dt.date(2025, 5, 1))
    with CaptureQueriesContext(connection) as queries:
        page = client_for(operator_a).get(reverse("admin:survei_respons_changelist"))
    html = page.content.decode()
    assert page.status_code == 200
    assert f"unit_layanan__id__exact={mine.pk}" in html
    assert f"unit_layanan__id__exact={unused.pk}" in html
    assert f"unit_layanan__id__exact={theirs.pk}" not in html
    assert "Layanan Kecamatan B" not in html
    assert not [
        q
        for q in queries.captured_queries
        if "DISTINCT" in q["sql"] and "survei_respons" in q["sql"]
    ]
    assert Respons.objects.count() == 4  # noqa: PLR2004


def test_the_search_indexes_exist() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE %s", ["%_trgm"])
        names = {row[0] for row in cursor.fetchall()}
    assert {
        "pegawai_nama_trgm",
        "pegawai_nip_trgm",
        "riwayat_nomor_sk_trgm",
        "riwayat_pel_nama_trgm",
        "respons_saran_trgm",
    } <= names


def test_the_database_runs_without_jit() -> None:
    """The JIT compiler cost more than it saved on the province's aggregates (migration
    asn_portal 0010): it is off for the database, so for every new connection, pooled or not."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT unnest(s.setconfig) FROM pg_db_role_setting s "
            "JOIN pg_database d ON d.oid = s.setdatabase "
            "WHERE d.datname = current_database() AND s.setrole = 0"
        )
        settings = {row[0] for row in cursor.fetchall()}
    assert "jit=off" in settings
