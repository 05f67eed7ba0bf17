"""Generated from the admin registry, the URLconf (staff pages) and the API router: a persona of
one instansi never sees, nor reaches, an object of the other. List pages do not contain the
other instansi's marker; a detail, change or action URL of the other's object answers exactly
like one of an object that does not exist. The tables must name exactly what is found: a new
admin, page or endpoint without a row fails."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from asn_portal.access import RELATED_SCOPES, UNSCOPED, scoped_related_queryset
from tests.asn_portal.test_staff_member import _fill, staff_routes
from tests.conftest import client_for
from tests.lintas_instansi.conftest import MARKER, ROLES_A, ROLES_B, Dunia

pytestmark = pytest.mark.django_db

# persona -> (its side, the other side, the other side's marker)
PERSONAS = {
    **dict.fromkeys(ROLES_A.values(), ("a", "b", MARKER)),
    **dict.fromkeys(ROLES_B.values(), ("b", "a", "Provmarker")),
}
STAFF_PERSONAS = [
    name for roles in (ROLES_A, ROLES_B) for role, name in roles.items() if role != "asn"
]

# Admin models -> the world's key of an instansi's object of it, or None: shared by every
# instansi (catalogues, schedules) or not about an instansi's data (login logs).
ADMIN_OBJECTS: dict[str, str | None] = {
    "asn_portal.ExportLog": "asn_portal.ExportLog",
    "asn_portal.ImportJob": "asn_portal.ImportJob",
    "asn_portal.LanggananLaporan": None,  # a user's own subscription (filtered by user)
    "asn_portal.Laporan": "asn_portal.Laporan",
    "asn_portal.Rekonsiliasi": "asn_portal.Rekonsiliasi",
    "auditlog.LogEntry": None,  # listed by actor: tested by the changelists' marker check
    "auth.Group": None,  # the roles, the same in every instansi
    "auth.User": "auth.User",
    "authtoken.TokenProxy": None,
    "axes.AccessAttempt": None,
    "axes.AccessFailureLog": None,
    "axes.AccessLog": None,
    "django_celery_beat.ClockedSchedule": None,
    "django_celery_beat.CrontabSchedule": None,
    "django_celery_beat.IntervalSchedule": None,
    "django_celery_beat.PeriodicTask": None,
    "django_celery_beat.SolarSchedule": None,
    "django_celery_results.GroupResult": None,
    "django_celery_results.TaskResult": None,
    "jabatan.Formasi": "jabatan.Formasi",
    "jabatan.Instansi": "jabatan.Instansi",
    "jabatan.ItemRencana": "jabatan.ItemRencana",
    "jabatan.Jabatan": "jabatan.Jabatan",  # an instansi's own addition to the catalogue
    "jabatan.Pegawai": "jabatan.Pegawai",
    # who reads which roll-up: the province's Admin BKD keeps those of the instansi under it
    # (tests/lintas_instansi/test_rekap.py), so "the other instansi" is not a plain refusal
    "jabatan.PemantauInstansi": None,
    "jabatan.RencanaPenataan": "jabatan.RencanaPenataan",
    "jabatan.RiwayatJabatan": "jabatan.RiwayatJabatan",
    "jabatan.UnitOrganisasi": "jabatan.UnitOrganisasi",
    "jabatan.UraianTugas": "jabatan.UraianTugas",
    "pelatihan.Angkatan": "pelatihan.Angkatan",  # an instansi's own run (shared ones: NULL)
    "pelatihan.Kompetensi": "pelatihan.Kompetensi",
    "pelatihan.PeringatanJp": None,
    "pelatihan.Peserta": "pelatihan.Peserta",
    "pelatihan.ProgramPelatihan": None,
    "pelatihan.RiwayatPelatihan": "pelatihan.RiwayatPelatihan",
    "pelatihan.StandarKompetensi": None,
    "survei.BatchKodeStruk": "survei.BatchKodeStruk",
    "survei.Kasus": "survei.Kasus",
    "survei.Kiosk": "survei.Kiosk",
    "survei.KodeStruk": "survei.KodeStruk",
    "survei.Konsultasi": "survei.Konsultasi",
    "survei.Kuesioner": None,
    "survei.MasukanKonsultasi": "survei.MasukanKonsultasi",
    "survei.PeriodePublikasi": None,
    "survei.RencanaTindakLanjut": "survei.RencanaTindakLanjut",
    "survei.Respons": "survei.Respons",
    "survei.UnitLayanan": "survei.UnitLayanan",
}

# Staff pages with a parameter -> (the world's key of the object it names, its lookup field),
# or None for a parameter that names no instansi's object.
PAGE_OBJECTS: dict[str, tuple[str, str] | None] = {
    "jabatan/penataan/<int:pk>/pratinjau/": ("jabatan.RencanaPenataan", "pk"),
    "jabatan/unit/<int:pk>/dasbor/": ("jabatan.UnitOrganisasi", "pk"),
    "laporan/<int:pk>/": ("asn_portal.Laporan", "pk"),
    "laporan/<int:pk>/pdf/": ("asn_portal.Laporan", "pk"),
    "laporan/<int:pk>/status/": ("asn_portal.Laporan", "pk"),
    "laporan/<int:pk>/xlsx/": ("asn_portal.Laporan", "pk"),
    "partisipasi/staf/kasus/<int:pk>/": ("survei.Kasus", "pk"),
    "partisipasi/staf/kode/batch/<int:pk>/slip.pdf": ("survei.BatchKodeStruk", "pk"),
    "pelatihan/angkatan/<int:pk>/peserta/": ("pelatihan.Angkatan", "pk"),
    "pelatihan/verifikasi/<int:pk>/": ("pelatihan.RiwayatPelatihan", "pk"),
    "survei/staf/<slug:kode>/": ("survei.UnitLayanan", "kode"),
    "survei/staf/<slug:kode>/kertas/": ("survei.UnitLayanan", "kode"),
    "survei/staf/<slug:kode>/rencana/": ("survei.UnitLayanan", "kode"),
    "survei/staf/<slug:kode>/terbitkan/": ("survei.UnitLayanan", "kode"),
    "survei/staf/rencana/<int:pk>/": ("survei.RencanaTindakLanjut", "pk"),
    "transfer/ekspor/<int:pk>/": ("asn_portal.ExportLog", "pk"),
    "transfer/ekspor/<int:pk>/unduh/": ("asn_portal.ExportLog", "pk"),
    "transfer/impor/<slug:kind>/": None,  # the kind of data, not an object
    "transfer/impor/<slug:kind>/data.xlsx": None,
    "transfer/impor/<slug:kind>/templat.xlsx": None,
    "transfer/impor/job/<int:pk>/": ("asn_portal.ImportJob", "pk"),
    "transfer/impor/job/<int:pk>/impor/": ("asn_portal.ImportJob", "pk"),
    "transfer/impor/job/<int:pk>/lembar/": ("asn_portal.ImportJob", "pk"),
    "transfer/impor/job/<int:pk>/status/": ("asn_portal.ImportJob", "pk"),
    "transfer/impor/job/<int:pk>/ulang/": ("asn_portal.ImportJob", "pk"),
    "transfer/rekonsiliasi/<int:pk>/": ("asn_portal.Rekonsiliasi", "pk"),
    "transfer/rekonsiliasi/<int:pk>/terima/": ("asn_portal.Rekonsiliasi", "pk"),
}
MISSING = {"pk": "987654321", "kode": "tidak-ada-sama-sekali"}

# Pages where the superuser must see the marker: the check above could not pass by accident.
SUPERUSER_SEES = [
    "admin:jabatan_pegawai_changelist",
    "admin:jabatan_unitorganisasi_changelist",
    "admin:jabatan_formasi_changelist",
    "admin:jabatan_rencanapenataan_changelist",
    "admin:asn_portal_laporan_changelist",
    "admin:survei_unitlayanan_changelist",
    "admin:jabatan_jabatan_changelist",
    "admin:pelatihan_kompetensi_changelist",
    "admin:pelatihan_angkatan_changelist",
]


def _answer(response: Any) -> tuple[int, str]:
    location = response.get("Location", "") if response.status_code in (301, 302) else ""
    return response.status_code, location


def _admin_url(model: type, name: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{name}", args=args)


def test_the_tables_name_exactly_what_is_found() -> None:
    assert set(ADMIN_OBJECTS) == {m._meta.label for m in admin.site._registry}
    assert set(PAGE_OBJECTS) == {
        r for r in staff_routes() if not r.startswith("admin/") and "<" in r
    }


@pytest.mark.parametrize("persona", STAFF_PERSONAS)
def test_admin_changelists_never_show_the_other_instansi(dunia: Dunia, persona: str) -> None:
    _own, _other, marker = PERSONAS[persona]
    client = client_for(dunia.users[persona])
    shown = []
    for model in admin.site._registry:
        response = client.get(_admin_url(model, "changelist"))
        if response.status_code == 200 and marker in response.content.decode():
            shown.append(model._meta.label)
    assert shown == [], shown


def test_the_superuser_sees_both_instansi(dunia: Dunia) -> None:
    client = client_for(dunia.users["superuser"])
    for name in SUPERUSER_SEES:
        text = client.get(reverse(name)).content.decode()
        assert MARKER in text and "Provmarker" in text, name


@pytest.mark.parametrize("persona", STAFF_PERSONAS)
def test_admin_change_pages_of_the_other_instansi_answer_like_missing(
    dunia: Dunia, persona: str
) -> None:
    _own, other, _marker = PERSONAS[persona]
    client = client_for(dunia.users[persona])
    differ = []
    for model in admin.site._registry:
        key = ADMIN_OBJECTS[model._meta.label]
        if key is None:
            continue
        obj = getattr(dunia, other)[key]
        for view in ("change", "history", "delete"):
            url = _admin_url(model, view, obj.pk)
            missing = _admin_url(model, view, MISSING["pk"])
            if _answer(client.get(url)) != _answer(client.get(missing)):
                differ.append((model._meta.label, view))
    assert differ == [], differ


@pytest.mark.parametrize("persona", STAFF_PERSONAS)
def test_staff_pages_never_show_the_other_instansi(dunia: Dunia, persona: str) -> None:
    own, other, marker = PERSONAS[persona]
    client = client_for(dunia.users[persona])
    shown, differ = [], []
    for route in staff_routes():
        if route.startswith("admin/"):
            continue
        if "<" not in route or PAGE_OBJECTS[route] is None:
            url = _fill(route.replace("<slug:kind>", "pegawai"))
            response = client.get(url)
            if marker in response.content.decode(errors="replace"):
                shown.append(route)
            continue
        key, field = PAGE_OBJECTS[route]
        obj = getattr(dunia, other)[key]
        param = re.search(r"<(?:int|slug):(\w+)>", route)
        assert param is not None
        url = "/" + route.replace(param.group(0), str(getattr(obj, field)))
        url_missing = "/" + route.replace(param.group(0), MISSING[field])
        for method in ("get", "post"):
            theirs = getattr(client, method)(url)
            missing = getattr(client, method)(url_missing)
            if _answer(theirs) != _answer(missing):
                differ.append((route, method, theirs.status_code, missing.status_code))
    assert shown == [], shown
    assert differ == [], differ


# --- API ---------------------------------------------------------------------------------------


def _api_patterns(patterns: list[Any], prefix: str = "") -> list[tuple[str, Any]]:
    found = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += _api_patterns(pattern.url_patterns, route)
        elif (
            isinstance(pattern, URLPattern)
            and route.startswith("api/v1/")
            and "format" not in route
            and hasattr(pattern.callback, "cls")
        ):
            found.append((route, pattern.callback))
    return found


def _model_of(view: Any) -> type | None:
    cls = view.cls
    queryset = getattr(cls, "queryset", None)
    if queryset is not None:
        return queryset.model
    serializer = getattr(cls, "serializer_class", None)
    meta = getattr(serializer, "Meta", None)
    return getattr(meta, "model", None)


# Lookups that are not an instansi's object (public codes are tested on the public side).
API_PUBLIC_LOOKUPS = {"kode_lacak", "kode", "slug"}
# Shared by every instansi: the programmes (their runs are an instansi's own or shared).
API_SHARED = {"pelatihan.ProgramPelatihan"}


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_api_never_lists_nor_reaches_the_other_instansi(dunia: Dunia, persona: str) -> None:
    from rest_framework.test import APIClient

    _own, other, marker = PERSONAS[persona]
    client = APIClient()
    client.force_authenticate(dunia.users[persona])
    shown, differ = [], []
    for route, view in _api_patterns(get_resolver().url_patterns):
        route = route.removeprefix("api/v1/").lstrip("^").rstrip("$")
        lookup = re.search(r"\(\?P<(\w+)>[^)]*\)", route)
        if lookup is None:
            if "get" in getattr(view, "actions", {}) or not getattr(view, "actions", None):
                response = client.get("/api/v1/" + route)
                if marker in response.content.decode(errors="replace"):
                    shown.append(route)
            continue
        name = lookup.group(1)
        model = _model_of(view)
        label = model._meta.label if model is not None else ""
        if label not in getattr(dunia, other) or label in API_SHARED:
            continue
        if name in API_PUBLIC_LOOKUPS:
            continue
        obj = getattr(dunia, other)[label]
        value = getattr(obj, getattr(view.cls, "lookup_field", "pk") if name != "pk" else "pk")
        missing = {"nip": "199001012015011999"}.get(name, MISSING.get(name, "tidak-ada"))
        for method in sorted(set(view.actions)):
            url = "/api/v1/" + route.replace(lookup.group(0), str(value))
            url_missing = "/api/v1/" + route.replace(lookup.group(0), str(missing))
            theirs = getattr(client, method)(url, {}, format="json")
            none = getattr(client, method)(url_missing, {}, format="json")
            if theirs.status_code != none.status_code:
                differ.append((route, method, theirs.status_code, none.status_code))
    assert shown == [], shown
    assert differ == [], differ


# --- write side: what a related field may choose -----------------------------------------------


@pytest.mark.parametrize("persona", STAFF_PERSONAS)
def test_no_related_field_offers_the_other_instansi(dunia: Dunia, persona: str) -> None:
    _own, other, _marker = PERSONAS[persona]
    user = dunia.users[persona]
    offered = []
    for label, scope in RELATED_SCOPES.items():
        obj = getattr(dunia, other).get(label)
        if obj is None or scope == UNSCOPED:
            continue
        if scoped_related_queryset(type(obj), user).filter(pk=obj.pk).exists():
            offered.append(label)
        # the superuser reaches it: the check is not empty by construction
        assert (
            scoped_related_queryset(type(obj), dunia.users["superuser"]).filter(pk=obj.pk).exists()
        )
    assert offered == []
