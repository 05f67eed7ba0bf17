"""The public side per instansi (asn_portal/publik.py): every public page under ``/i/<slug>/``
shows that instansi's objects and names it; another instansi's service unit, result, forum,
case, receipt code, kiosk or report code answers exactly like one that does not exist; host
names resolve; paths without a prefix are the first instansi's. The route table is checked
against the URLconf: a new public page without a row fails."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver

from asn_portal.periode import JenisPeriode, Periode
from asn_portal.publik import reverse_publik
from jabatan.models import Instansi
from survei import services as survei_services
from tests.asn_portal.test_staff_member import _routes, staff_routes
from tests.factories import UnitOrganisasiFactory
from tests.laporan.conftest import buat_laporan
from tests.lintas_instansi.conftest import MARKER, Dunia
from tests.survei.factories import UnitLayananFactory

pytestmark = pytest.mark.django_db

PUBLIC_PREFIXES = ("survei/", "partisipasi/", "laporan/verifikasi/")
MARKERS = {"a": "Provmarker", "b": MARKER}
MISSING = "tidakadasamasekali"

# Public page -> (the world's key of the object its parameter names, the attribute, the status of
# the instansi's own object), or None for a page without a parameter.
PUBLIC_ROUTES: dict[str, tuple[str, str, int] | None] = {
    "": None,
    "survei/": None,
    "survei/hasil/": None,
    "survei/<slug:kode>/": ("survei.UnitLayanan", "kode", 200),
    "survei/<slug:kode>/terima-kasih/": ("survei.UnitLayanan", "kode", 200),
    "survei/<slug:kode>/poster.png": ("survei.UnitLayanan", "kode", 200),
    "survei/<slug:kode>/poster.pdf": ("survei.UnitLayanan", "kode", 200),
    "survei/<slug:kode>/hasil/": ("survei.UnitLayanan", "kode", 200),
    "survei/<slug:kode>/hasil/<str:periode>/": ("survei.UnitLayanan", "kode", 200),
    "laporan/verifikasi/": None,
    "laporan/verifikasi/<str:kode>/": ("laporan", "kode_verifikasi", 200),
    "partisipasi/": None,
    "partisipasi/k/": None,
    "partisipasi/k/terima-kasih/": None,
    "partisipasi/k/<str:kode>/": ("survei.KodeStruk", "kode", 200),
    "partisipasi/kiosk/sw.js": None,
    "partisipasi/kiosk/<str:token>/": ("survei.Kiosk", "token", 200),
    "partisipasi/kiosk/<str:token>/manifest.webmanifest": ("survei.Kiosk", "token", 200),
    # POST only (the kiosk's JSON): GET is refused alike for every token
    "partisipasi/kiosk/<str:token>/kirim/": ("survei.Kiosk", "token", 405),
    "partisipasi/pengaduan/": None,
    "partisipasi/lacak/": None,
    "partisipasi/lacak/<str:kode>/": ("survei.Kasus", "kode_lacak", 200),
    "partisipasi/konsultasi/": None,
    "partisipasi/konsultasi/<slug:slug>/": ("survei.Konsultasi", "slug", 200),
    # no file uploaded in the world: 404 for the own one too, the comparison still counts
    "partisipasi/konsultasi/<slug:slug>/dokumen/": ("survei.Konsultasi", "slug", 404),
    "partisipasi/konsultasi/<slug:slug>/berita-acara/": ("survei.Konsultasi", "slug", 404),
}
# Pages that name their instansi in HTML (the rest are images, PDFs, scripts, JSON).
NOT_HTML = ("poster.png", "poster.pdf", "sw.js", "manifest.webmanifest", "kirim/", "dokumen/")
POST_ROUTES = {
    "survei/<slug:kode>/",
    "partisipasi/k/<str:kode>/",
    "partisipasi/konsultasi/<slug:slug>/",
    "partisipasi/kiosk/<str:token>/kirim/",
}


def public_routes() -> set[str]:
    staff = set(staff_routes())
    return {
        route
        for route in _routes(get_resolver().url_patterns)
        if (route == "" or route.startswith(PUBLIC_PREFIXES)) and route not in staff
    }


@pytest.fixture
def publik(dunia: Dunia) -> Dunia:
    """The world plus, per instansi, a published period and a verifiable report."""
    for side, unit in (
        ("a", dunia.a["jabatan.UnitOrganisasi"]),
        ("b", dunia.b["jabatan.UnitOrganisasi"]),
    ):
        objects = getattr(dunia, side)
        layanan = objects["survei.UnitLayanan"]
        periode = Periode.memuat(JenisPeriode.TAHUN, objects["survei.Respons"].tanggal_layanan)
        objects["publikasi"] = survei_services.publikasi_publish(
            unit_layanan=layanan, periode=periode, user=None
        )
        objects["laporan"] = buat_laporan(unit=unit, status="siap", nomor=2)
        assert objects["laporan"].instansi_id == getattr(dunia, f"instansi_{side}").pk
    return dunia


def _prefix(dunia: Dunia, side: str) -> str:
    return f"/i/{getattr(dunia, f'instansi_{side}').slug}"


def _url(route: str, value: str, objects: dict[str, Any]) -> str:
    param = re.search(r"<(?:str|slug):(\w+)>", route)
    assert param is not None
    url = "/" + route.replace(param.group(0), value, 1)
    return url.replace("<str:periode>", objects["publikasi"].periode.kode)


def _answer(response: Any) -> tuple[int, str]:
    location = response.get("Location", "") if response.status_code in (301, 302) else ""
    return response.status_code, re.sub(r"/i/[\w-]+", "", location)


def test_the_table_names_every_public_page() -> None:
    assert set(PUBLIC_ROUTES) == public_routes()


@pytest.mark.parametrize("side,other", [("a", "b"), ("b", "a")])
def test_each_prefix_shows_its_own_and_not_the_other(publik: Dunia, side: str, other: str) -> None:
    client = Client()
    prefix = _prefix(publik, side)
    own, theirs = getattr(publik, side), getattr(publik, other)
    nama = getattr(publik, f"instansi_{side}").nama_singkat
    problems = []
    for route, row in PUBLIC_ROUTES.items():
        if row is None:
            response = client.get(prefix + "/" + route)
            text = response.content.decode(errors="replace")
            if response.status_code != 200 or MARKERS[other] in text:
                problems.append((route, "list", response.status_code))
            elif not route.endswith(NOT_HTML) and nama not in text:
                problems.append((route, "names", nama))
            continue
        key, attr, status = row
        response = client.get(prefix + _url(route, str(getattr(own[key], attr)), own))
        if response.status_code != status:
            problems.append((route, "own", response.status_code))
        elif (
            status == 200
            and not route.endswith(NOT_HTML)
            and nama not in response.content.decode(errors="replace")
        ):
            problems.append((route, "names", nama))
        methods = ("get", "post") if route in POST_ROUTES else ("get",)
        for method in methods:
            url_theirs = prefix + _url(route, str(getattr(theirs[key], attr)), theirs)
            url_missing = prefix + _url(route, MISSING, theirs)
            if _answer(getattr(client, method)(url_theirs)) != _answer(
                getattr(client, method)(url_missing)
            ):
                problems.append((route, method, "differs"))
    assert problems == [], problems


def test_own_list_pages_show_own_objects(publik: Dunia) -> None:
    client = Client()
    for side in ("a", "b"):
        prefix = _prefix(publik, side)
        for route in ("survei/", "survei/hasil/", "partisipasi/konsultasi/"):
            text = client.get(f"{prefix}/{route}").content.decode()
            assert MARKERS[side] in text or getattr(publik, side)["survei.Konsultasi"].judul in text


def test_unprefixed_paths_are_the_first_instansi(publik: Dunia) -> None:
    client = Client()
    text = client.get("/survei/").content.decode()
    assert "Provmarker" in text and MARKER not in text
    kasus_b = publik.b["survei.Kasus"].kode_lacak
    assert client.get(f"/partisipasi/lacak/{kasus_b}/").status_code == 404
    assert client.get(f"/i/kota-bengkulu/partisipasi/lacak/{kasus_b}/").status_code == 200
    # the first instansi's landing lists the others' public pages
    landing = client.get("/").content.decode()
    assert 'href="/i/kota-bengkulu/"' in landing and "Pemerintah Kota Bengkulu" in landing


def test_unknown_slug_is_the_404_page(publik: Dunia) -> None:
    response = Client().get("/i/tidak-ada/survei/")
    assert response.status_code == 404
    assert "<h1" in response.content.decode()


def test_links_and_redirects_keep_the_prefix(publik: Dunia) -> None:
    client = Client()
    kode = publik.b["survei.Kasus"].kode_lacak
    response = client.get("/i/kota-bengkulu/partisipasi/lacak/", {"kode": kode})
    assert response["Location"] == f"/i/kota-bengkulu/partisipasi/lacak/{kode}/"
    text = client.get("/i/kota-bengkulu/survei/").content.decode()
    assert f'href="/i/kota-bengkulu/survei/{publik.b["survei.UnitLayanan"].kode}/"' in text
    # static files and the admin keep their own paths
    assert 'href="/static/' in text
    # after the request, reverse() is unprefixed again
    assert reverse_publik(publik.instansi_a.pk, "survei:unit_list") == "/survei/"


def test_a_host_name_resolves_its_instansi(publik: Dunia, settings: Any) -> None:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "layanan.bengkulukota.go.id"]
    instansi = publik.instansi_b
    instansi.nama_host = "layanan.bengkulukota.go.id"
    instansi.full_clean()
    instansi.save()
    client = Client(HTTP_HOST="layanan.bengkulukota.go.id")
    text = client.get("/survei/").content.decode()
    assert MARKER in text and "Provmarker" not in text and "Kota Bengkulu" in text
    assert client.get(f"/survei/{publik.a['survei.UnitLayanan'].kode}/").status_code == 404
    # the QR code of a unit of B encodes B's host
    url = reverse_publik(instansi.pk, "survei:form", ["x"], absolut=True)
    assert url.endswith("://layanan.bengkulukota.go.id/survei/x/")


def test_host_name_is_validated(publik: Dunia, settings: Any) -> None:
    from django.core.exceptions import ValidationError

    instansi = publik.instansi_b
    for bad in ("http://x.go.id", "Kota.Go.Id", "tanpa-titik", "belum.terdaftar.go.id"):
        instansi.nama_host = bad
        with pytest.raises(ValidationError) as err:
            instansi.full_clean()
        assert "nama_host" in err.value.message_dict


def test_receipt_codes_encode_their_instansi(publik: Dunia) -> None:
    from survei.partisipasi.views import kode_url

    kode = publik.b["survei.KodeStruk"]
    assert f"/i/kota-bengkulu/partisipasi/k/{kode.kode}/" in kode_url(kode)
    kode_a = publik.a["survei.KodeStruk"]
    assert "/i/" not in kode_url(kode_a)


def test_public_api_follows_the_prefix(publik: Dunia) -> None:
    client = Client()
    kode_a = publik.a["survei.UnitLayanan"].kode
    kode_b = publik.b["survei.UnitLayanan"].kode
    listing = client.get("/i/kota-bengkulu/api/v1/survei/unit-layanan/").content.decode()
    assert kode_b in listing and kode_a not in listing
    for path in (
        f"survei/unit-layanan/{kode_a}/",
        f"partisipasi/pengaduan/{publik.a['survei.Kasus'].kode_lacak}/",
        f"partisipasi/konsultasi/{publik.a['survei.Konsultasi'].slug}/",
        f"laporan/verifikasi/{publik.a['laporan'].kode_verifikasi}/",
    ):
        theirs = client.get(f"/i/kota-bengkulu/api/v1/{path}")
        assert theirs.status_code == 404, path
        assert theirs["Content-Type"].startswith("application/json"), path
        assert client.get(f"/api/v1/{path}").status_code == 200, path
    kiosk_a = publik.a["survei.Kiosk"].token
    assert (
        client.post(
            f"/i/kota-bengkulu/partisipasi/kiosk/{kiosk_a}/kirim/",
            {},
            content_type="application/json",
        ).status_code
        == 404
    )


def test_the_prefixed_list_does_not_grow_with_instansi(publik: Dunia) -> None:
    client = Client()
    url = "/i/kota-bengkulu/survei/"

    def count() -> int:
        client.get(url)  # warm the caches
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for n in range(5):
        instansi = Instansi.objects.create(
            kode=f"17.{n + 1:02d}",
            nama=f"Kabupaten Uji {n}",
            nama_singkat=f"Kab Uji {n}",
            jenis="kabupaten",
            nama_bkd="BKPSDM",
            slug=f"kab-uji-{n}",
        )
        opd = UnitOrganisasiFactory(kode=f"U{n}", jenis="opd", instansi=instansi)
        UnitLayananFactory(kode=f"layanan-uji-{n}", unit=opd)
    assert count() == before


def test_only_a_superuser_sets_the_host_name(publik: Dunia) -> None:
    from django.contrib import admin
    from django.test import RequestFactory

    model_admin = admin.site._registry[Instansi]
    request = RequestFactory().get("/")
    request.user = publik.users["admin_kota"]
    assert "nama_host" in model_admin.get_readonly_fields(request, publik.instansi_b)
    request.user = publik.users["superuser"]
    assert "nama_host" not in model_admin.get_readonly_fields(request, publik.instansi_b)
