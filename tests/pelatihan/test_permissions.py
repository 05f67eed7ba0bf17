"""Every page and endpoint, for every persona."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from pelatihan.models import Peserta
from tests.conftest import client_for
from tests.pelatihan.conftest import PDF_BYTES, upload
from tests.pelatihan.factories import AngkatanFactory, RiwayatFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["admin_bkd", "verifikator", "operator_a", "operator_b", "asn_x", "asn_y", "anonymous"]


@pytest.fixture
def world(pegawai_x: Any, pegawai_y: Any) -> dict[str, Any]:
    angkatan = AngkatanFactory()
    Peserta.objects.create(angkatan=angkatan, pegawai=pegawai_x)
    Peserta.objects.create(angkatan=angkatan, pegawai=pegawai_y)
    return {
        "angkatan": angkatan,
        "rx": RiwayatFactory(pegawai=pegawai_x, nama_pelatihan="Milik X"),
        "ry": RiwayatFactory(pegawai=pegawai_y, nama_pelatihan="Milik Y"),
    }


def _client(request: Any, persona: str) -> Any:
    return client_for(None if persona == "anonymous" else request.getfixturevalue(persona))


ASN_PAGE = {
    "admin_bkd": 403,
    "verifikator": 403,
    "operator_a": 403,
    "operator_b": 403,
    "asn_x": 200,
    "asn_y": 200,
    "anonymous": 302,
}
STAFF_PAGE = {
    "admin_bkd": 200,
    "verifikator": 200,
    "operator_a": 200,
    "operator_b": 200,
    "asn_x": 403,
    "asn_y": 403,
    "anonymous": 302,
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "path", ["/pelatihan/saya/", "/pelatihan/saya/kompetensi/", "/pelatihan/saya/ajukan/"]
)
def test_asn_pages(request: Any, world: dict[str, Any], persona: str, path: str) -> None:
    response = _client(request, persona).get(path)
    assert response.status_code == ASN_PAGE[persona]
    if persona == "anonymous":
        assert response["Location"].startswith("/portal/masuk/")
    if persona == "asn_x" and path == "/pelatihan/saya/":
        body = response.content.decode()
        assert "Milik X" in body and "Milik Y" not in body


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("path", ["/pelatihan/verifikasi/", "/pelatihan/laporan/jp/", "angkatan"])
def test_staff_pages(request: Any, world: dict[str, Any], persona: str, path: str) -> None:
    if path == "angkatan":
        path = f"/pelatihan/angkatan/{world['angkatan'].pk}/peserta/"
    response = _client(request, persona).get(path)
    assert response.status_code == STAFF_PAGE[persona]


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("admin_bkd", {"Xaverius", "Yohana"}),
        ("operator_a", {"Xaverius"}),
        ("operator_b", {"Yohana"}),
    ],
)
def test_staff_peserta_page_is_scoped(
    request: Any, world: dict[str, Any], persona: str, sees: set[str]
) -> None:
    body = (
        _client(request, persona)
        .get(f"/pelatihan/angkatan/{world['angkatan'].pk}/peserta/")
        .content.decode()
    )
    assert {nama for nama in ("Xaverius", "Yohana") if nama in body} == sees


@pytest.mark.parametrize("persona", ["verifikator", "asn_x"])
def test_bulk_status_needs_change_permission(
    request: Any, world: dict[str, Any], persona: str
) -> None:
    peserta = Peserta.objects.get(pegawai__user__username="asn_x")
    response = _client(request, persona).post(
        f"/pelatihan/angkatan/{world['angkatan'].pk}/peserta/",
        {"peserta": [peserta.pk], "status": "hadir"},
    )
    assert response.status_code == 403
    peserta.refresh_from_db()
    assert peserta.status == "terdaftar"


def test_portal_home_shows_jp_and_links(asn_x: Any, pegawai_x: Any) -> None:
    RiwayatFactory(pegawai=pegawai_x, tanggal_selesai=dt.date(dt.date.today().year, 1, 2), jp=7)
    body = client_for(asn_x).get("/portal/").content.decode()
    assert 'aria-valuenow="7"' in body
    assert "/pelatihan/saya/ajukan/" in body


# --- API -------------------------------------------------------------------------------------

OPEN_TO_LOGGED_IN = dict.fromkeys(PERSONAS, 200) | {"anonymous": 401}
STAFF_ONLY = {
    "admin_bkd": 200,
    "verifikator": 200,
    "operator_a": 200,
    "operator_b": 200,
    "asn_x": 403,
    "asn_y": 403,
    "anonymous": 401,
}
ASN_ONLY = {
    "admin_bkd": 403,
    "verifikator": 403,
    "operator_a": 403,
    "operator_b": 403,
    "asn_x": 200,
    "asn_y": 200,
    "anonymous": 401,
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/api/v1/pelatihan/kompetensi/", OPEN_TO_LOGGED_IN),
        ("/api/v1/pelatihan/program/", OPEN_TO_LOGGED_IN),
        ("/api/v1/pelatihan/angkatan/", OPEN_TO_LOGGED_IN),
        ("/api/v1/pelatihan/peserta/", OPEN_TO_LOGGED_IN),
        ("/api/v1/pelatihan/riwayat/", OPEN_TO_LOGGED_IN),
        ("/api/v1/pelatihan/jp-unit/", STAFF_ONLY),
        ("/api/v1/saya/jp/", ASN_ONLY),
        ("/api/v1/saya/pelatihan/", ASN_ONLY),
        ("/api/v1/saya/kesenjangan/", ASN_ONLY),
    ],
)
def test_api_status_per_persona(
    request: Any, world: dict[str, Any], persona: str, path: str, expected: dict[str, int]
) -> None:
    assert _client(request, persona).get(path).status_code == expected[persona]


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("admin_bkd", {"Milik X", "Milik Y"}),
        ("verifikator", {"Milik X", "Milik Y"}),
        ("operator_a", {"Milik X"}),
        ("operator_b", {"Milik Y"}),
        ("asn_x", {"Milik X"}),
        ("asn_y", {"Milik Y"}),
    ],
)
def test_api_records_are_scoped(
    request: Any, world: dict[str, Any], persona: str, visible: set[str]
) -> None:
    client = _client(request, persona)
    rows = client.get("/api/v1/pelatihan/riwayat/").json()["results"]
    assert {row["nama_pelatihan"] for row in rows} == visible
    for key, nama in (("rx", "Milik X"), ("ry", "Milik Y")):
        expected = 200 if nama in visible else 404
        assert client.get(f"/api/v1/pelatihan/riwayat/{world[key].pk}/").status_code == expected
    peserta = client.get("/api/v1/pelatihan/peserta/").json()["results"]
    assert len(peserta) == len(visible)


def test_api_submission_is_always_for_the_caller(
    asn_x: Any, pegawai_x: Any, pegawai_y: Any
) -> None:
    response = client_for(asn_x).post(
        "/api/v1/pelatihan/riwayat/",
        {
            "pegawai": pegawai_y.pk,
            "nama_pelatihan": "Kursus daring",
            "jenis": "e_learning",
            "metode": "nonklasikal",
            "penyelenggara": "ASN Unggul",
            "tanggal_mulai": "2025-02-01",
            "tanggal_selesai": "2025-02-03",
            "jp": 9,
            "sertifikat": upload("s.pdf", PDF_BYTES),
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["pegawai"] == pegawai_x.pk
    assert response.json()["status"] == "diajukan"


def test_staff_cannot_submit_for_someone(admin_bkd: Any) -> None:
    response = client_for(admin_bkd).post("/api/v1/pelatihan/riwayat/", {"nama_pelatihan": "x"})
    assert response.status_code == 404


def test_api_jp_summary_and_gaps(asn_x: Any, pegawai_x: Any, operator_a: Any) -> None:
    tahun = dt.date.today().year
    RiwayatFactory(pegawai=pegawai_x, tanggal_selesai=dt.date(tahun, 1, 3), jp=21)
    data = client_for(asn_x).get("/api/v1/saya/jp/").json()
    assert (data["jp"], data["minimum"], data["kekurangan"]) == (21, 20, 0)
    rekap = client_for(operator_a).get(f"/api/v1/pelatihan/jp-unit/?tahun={tahun}").json()
    assert [(u["unit_nama"], u["memenuhi"], u["jumlah_asn"]) for u in rekap["unit"]] == [
        ("Dinas A", 1, 1)
    ]
    assert client_for(asn_x).get("/api/v1/saya/kesenjangan/").json()["kompetensi"] == []


def test_asn_registers_through_the_api(asn_x: Any, pegawai_x: Any, admin_bkd: Any) -> None:
    angkatan = AngkatanFactory()
    assert (
        client_for(admin_bkd).post(f"/api/v1/pelatihan/angkatan/{angkatan.pk}/daftar/").status_code
        == 403
    )
    assert (
        client_for(asn_x).post(f"/api/v1/pelatihan/angkatan/{angkatan.pk}/daftar/").status_code
        == 201
    )
    response = client_for(asn_x).post(f"/api/v1/pelatihan/angkatan/{angkatan.pk}/daftar/")
    assert response.status_code == 400


ADMIN_PAGES = [
    "/admin/pelatihan/kompetensi/",
    "/admin/pelatihan/standarkompetensi/",
    "/admin/pelatihan/programpelatihan/",
    "/admin/pelatihan/angkatan/",
    "/admin/pelatihan/peserta/",
    "/admin/pelatihan/riwayatpelatihan/",
]
ADMIN_STATUS = {
    "admin_bkd": 200,
    "verifikator": 200,
    "operator_a": 200,
    "operator_b": 200,
    "asn_x": 302,
    "asn_y": 302,
    "anonymous": 302,
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages(request: Any, world: dict[str, Any], persona: str, path: str) -> None:
    assert _client(request, persona).get(path).status_code == ADMIN_STATUS[persona]


@pytest.mark.parametrize(
    ("persona", "visible"), [("operator_a", {"Milik X"}), ("operator_b", {"Milik Y"})]
)
def test_admin_records_are_scoped(
    request: Any, world: dict[str, Any], persona: str, visible: set[str]
) -> None:
    body = _client(request, persona).get("/admin/pelatihan/riwayatpelatihan/").content.decode()
    assert {n for n in ("Milik X", "Milik Y") if n in body} == visible
    other = world["ry"] if visible == {"Milik X"} else world["rx"]
    response = _client(request, persona).get(
        f"/admin/pelatihan/riwayatpelatihan/{other.pk}/change/"
    )
    assert response.status_code == 302  # the admin redirects when an object is outside the queryset
