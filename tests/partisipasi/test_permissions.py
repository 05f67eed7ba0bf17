"""Every page and endpoint for every persona: admin_bkd, verifikator, operator_a (unit A),
operator_b (unit B), asn_x, asn_y and anonymous."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from survei.partisipasi import services
from tests.conftest import client_for
from tests.partisipasi.factories import KasusFactory, KonsultasiFactory, kiosk_json

PERSONAS = ["admin_bkd", "verifikator", "operator_a", "operator_b", "asn_x", "asn_y", None]


@pytest.fixture
def data(layanan_a: Any, kiosk_a: Any) -> dict[str, Any]:
    kasus = KasusFactory(unit_layanan=layanan_a)
    batch = services.kode_batch_generate(unit_layanan=layanan_a, jumlah=3)
    konsultasi = KonsultasiFactory(unit_layanan=layanan_a, slug="konsultasi-a")
    masukan, _ = services.masukan_submit(
        konsultasi=konsultasi,
        isi="Masukan warga untuk rancangan.",
        idempotency_key="6a1b1c44-9f50-4bd1-a1f4-3d2d3c2e7d11",
    )
    return {
        "kasus": kasus,
        "batch": batch,
        "kode": batch.kode.first(),
        "kiosk": kiosk_a,
        "konsultasi": konsultasi,
        "masukan": masukan,
    }


def _user(request: Any, name: str | None) -> Any:
    return request.getfixturevalue(name) if name else None


PUBLIC_PAGES = [
    lambda d: reverse("partisipasi:kode_cari"),
    lambda d: reverse("partisipasi:kode_form", args=[d["kode"].kode]),
    lambda d: reverse("partisipasi:pengaduan"),
    lambda d: reverse("partisipasi:lacak"),
    lambda d: reverse("partisipasi:lacak_kasus", args=[d["kasus"].kode_lacak]),
    lambda d: reverse("partisipasi:konsultasi_list"),
    lambda d: reverse("partisipasi:konsultasi", args=[d["konsultasi"].slug]),
    lambda d: reverse("partisipasi:kiosk", args=[d["kiosk"].token]),
    lambda d: reverse("partisipasi:kiosk_manifest", args=[d["kiosk"].token]),
    lambda d: reverse("partisipasi:kiosk_sw"),
    lambda d: f"/api/v1/partisipasi/pengaduan/{d['kasus'].kode_lacak}/",
    lambda d: "/api/v1/partisipasi/konsultasi/",
    lambda d: f"/api/v1/partisipasi/konsultasi/{d['konsultasi'].slug}/",
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_public_pages_open_to_everyone(
    request: Any, persona: str | None, data: dict[str, Any]
) -> None:
    client = client_for(_user(request, persona))
    for url in PUBLIC_PAGES:
        response = client.get(url(data))
        assert response.status_code == 200, (url(data), response.status_code)


@pytest.mark.parametrize("persona", PERSONAS)
def test_public_posts_need_no_account(
    request: Any, persona: str | None, data: dict[str, Any]
) -> None:
    client = client_for(_user(request, persona))
    kiosk = client.post(
        reverse("partisipasi:kiosk_kirim", args=[data["kiosk"].token]),
        json.dumps(kiosk_json()),
        content_type="application/json",
    )
    assert kiosk.status_code == 201
    pengaduan = client.post(
        "/api/v1/partisipasi/pengaduan/",
        {
            "unit_layanan": "dukcapil-a",
            "isi": "Pengaduan dari API tanpa akun.",
            "idempotency_key": f"00000000-0000-4000-8000-{PERSONAS.index(persona):012d}",
        },
        content_type="application/json",
    )
    assert pengaduan.status_code == 201


# Expected status per persona; "A" is a unit-A object, operator_b must not reach it.
STAFF_PAGE = {
    "admin_bkd": 200,
    "verifikator": 200,
    "operator_a": 200,
    "operator_b": 200,
    "asn_x": 403,
    "asn_y": 403,
    None: 302,
}
STAFF_OBJECT_A = {**STAFF_PAGE, "operator_b": 404}


@pytest.mark.parametrize("persona", PERSONAS)
def test_staff_pages(request: Any, persona: str | None, data: dict[str, Any]) -> None:
    client = client_for(_user(request, persona))
    assert client.get(reverse("partisipasi:staf_ringkasan")).status_code == STAFF_PAGE[persona]
    assert client.get(reverse("partisipasi:staf_kasus_list")).status_code == STAFF_PAGE[persona]
    detail = client.get(reverse("partisipasi:staf_kasus", args=[data["kasus"].pk]))
    assert detail.status_code == STAFF_OBJECT_A[persona]
    slip = client.get(reverse("partisipasi:staf_batch_slip", args=[data["batch"].pk]))
    assert slip.status_code == STAFF_OBJECT_A[persona]
    if slip.status_code == 200:
        assert slip.content.startswith(b"%PDF")


HANDLE = {
    "admin_bkd": 302,
    "verifikator": 403,
    "operator_a": 302,
    "operator_b": 404,
    "asn_x": 403,
    "asn_y": 403,
    None: 302,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_handling_a_case_needs_the_units_operator(
    request: Any, persona: str | None, data: dict[str, Any]
) -> None:
    client = client_for(_user(request, persona))
    response = client.post(
        reverse("partisipasi:staf_kasus", args=[data["kasus"].pk]),
        {"aksi": "kategori", "kategori": "U3", "jenis": "pengaduan"},
    )
    assert response.status_code == HANDLE[persona]
    data["kasus"].refresh_from_db()
    assert (data["kasus"].kategori == "U3") == (persona in ("admin_bkd", "operator_a"))


API_LIST = {
    "admin_bkd": 200,
    "verifikator": 200,
    "operator_a": 200,
    "operator_b": 200,
    "asn_x": 403,
    "asn_y": 403,
    None: 401,
}
API_OBJECT_A = {**API_LIST, "operator_b": 404}
API_WRITE_A = {
    "admin_bkd": 2,
    "verifikator": 403,
    "operator_a": 2,
    "operator_b": 404,
    "asn_x": 403,
    "asn_y": 403,
    None: 401,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_staff_api(request: Any, persona: str | None, data: dict[str, Any]) -> None:
    client = client_for(_user(request, persona))
    sees_a = persona in ("admin_bkd", "verifikator", "operator_a")
    for url in (
        "/api/v1/partisipasi/kode-struk/",
        "/api/v1/partisipasi/kasus/",
        "/api/v1/partisipasi/masukan/",
        "/api/v1/partisipasi/kode-struk/statistik/",
        "/api/v1/partisipasi/kasus/waktu-respons/",
    ):
        response = client.get(url)
        assert response.status_code == API_LIST[persona], (url, response.status_code)
        if response.status_code == 200 and "count" in response.json():
            assert (response.json()["count"] > 0) == sees_a, url
    assert (
        client.get(f"/api/v1/partisipasi/kasus/{data['kasus'].pk}/").status_code
        == API_OBJECT_A[persona]
    )
    assert (
        client.get(f"/api/v1/partisipasi/kode-struk/{data['kode'].kode}/").status_code
        == API_OBJECT_A[persona]
    )

    def status_class(response: Any) -> int:
        return 2 if 200 <= response.status_code < 300 else response.status_code

    terbit = client.post(
        "/api/v1/partisipasi/kode-struk/terbitkan/",
        {"unit_layanan": "dukcapil-a"},
        content_type="application/json",
    )
    assert status_class(terbit) == API_WRITE_A[persona]
    jawab = client.post(
        f"/api/v1/partisipasi/kasus/{data['kasus'].pk}/jawab/",
        {"jawaban": "Sudah kami tindak lanjuti bersama petugas loket."},
        content_type="application/json",
    )
    assert status_class(jawab) == API_WRITE_A[persona]
    moderasi = client.post(f"/api/v1/partisipasi/masukan/{data['masukan'].pk}/setujui/")
    assert status_class(moderasi) == API_WRITE_A[persona]


ADMIN = {
    "admin_bkd": 200,
    "verifikator": 200,
    "operator_a": 200,
    "operator_b": 200,
    "asn_x": 302,
    "asn_y": 302,
    None: 302,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_lists_are_scoped(request: Any, persona: str | None, data: dict[str, Any]) -> None:
    client = client_for(_user(request, persona))
    for model in (
        "batchkodestruk",
        "kodestruk",
        "kiosk",
        "kasus",
        "konsultasi",
        "masukankonsultasi",
    ):
        response = client.get(f"/admin/survei/{model}/")
        assert response.status_code == ADMIN[persona], (model, response.status_code)
    response = client.get("/admin/survei/kasus/")
    if response.status_code == 200:
        assert (data["kasus"].kode_lacak in response.content.decode()) == (persona != "operator_b")
