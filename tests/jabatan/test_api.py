from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jabatan.models import Pegawai, RiwayatJabatan
from tests.conftest import client_for

PERSONAS = ["admin_bkd", "verifikator", "operator_a", "operator_b", "asn_x", "asn_y", None]
SEES_A = {"admin_bkd", "verifikator", "operator_a"}


def _get(request: pytest.FixtureRequest, persona: str | None, url: str) -> Any:
    user = request.getfixturevalue(persona) if persona else None
    return client_for(user).get(url)


@pytest.fixture
def data(
    unit_a: Any, unit_b: Any, formasi_a: Any, formasi_b: Any, pegawai_a: Any, pegawai_b: Any
) -> dict[str, Any]:
    return {
        "unit_a": unit_a,
        "unit_b": unit_b,
        "formasi_a": formasi_a,
        "formasi_b": formasi_b,
        "pegawai_a": pegawai_a,
        "pegawai_b": pegawai_b,
    }


def _detail_urls(d: dict[str, Any]) -> list[str]:
    return [
        f"/api/v1/unit/{d['unit_a'].pk}/",
        f"/api/v1/unit/{d['unit_a'].pk}/children/",
        f"/api/v1/unit/{d['unit_a'].pk}/subtree/",
        f"/api/v1/formasi/{d['formasi_a'].pk}/",
        f"/api/v1/pegawai/{d['pegawai_a'].nip}/",
        f"/api/v1/riwayat-jabatan/{RiwayatJabatan.objects.get(pegawai=d['pegawai_a']).pk}/",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_details_outside_reach_answer_404(
    request: pytest.FixtureRequest, data: dict, persona: str | None
) -> None:
    for url in _detail_urls(data):
        response = _get(request, persona, url)
        if persona is None:
            assert response.status_code in (401, 403), url
        elif persona in ("asn_x", "asn_y"):
            assert response.status_code == 403, url
        elif persona in SEES_A:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 404, url


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", ["unit", "formasi", "pegawai", "riwayat-jabatan", "jabatan"])
def test_lists_are_scoped(
    request: pytest.FixtureRequest, data: dict, persona: str | None, endpoint: str
) -> None:
    response = _get(request, persona, f"/api/v1/{endpoint}/")
    if persona is None:
        assert response.status_code in (401, 403)
        return
    if persona in ("asn_x", "asn_y"):
        assert response.status_code == 403
        return
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"count", "results"}
    text = str(body["results"])
    if endpoint == "jabatan":  # the catalogue is shared by every unit
        assert "Penata Layanan Operasional" in text and "Analis B" in text
        return
    marker_a = {
        "unit": "Dinas A",
        "formasi": "Penata Layanan Operasional",
        "pegawai": "198609262015051001",
        "riwayat-jabatan": "198609262015051001",
    }[endpoint]
    marker_b = {
        "unit": "Dinas B",
        "formasi": "Analis B",
        "pegawai": "199001012015052001",
        "riwayat-jabatan": "199001012015052001",
    }[endpoint]
    assert (marker_a in text) is (persona in SEES_A)
    assert (marker_b in text) is (persona != "operator_a")


@pytest.mark.django_db
def test_unit_tree_navigation(data: dict, admin_bkd: Any) -> None:
    client = client_for(admin_bkd)
    unit = data["unit_a"]
    children = client.get(f"/api/v1/unit/{unit.pk}/children/").json()["results"]
    assert [c["kode"] for c in children] == ["A.1"]
    assert children[0]["induk_id"] == unit.pk
    subtree = client.get(f"/api/v1/unit/{unit.pk}/subtree/").json()["results"]
    assert [c["kode"] for c in subtree] == ["A", "A.1", "A.1.1"]
    seksi = subtree[2]["id"]
    ancestors = client.get(f"/api/v1/unit/{seksi}/ancestors/").json()["results"]
    assert [c["kode"] for c in ancestors] == ["A", "A.1"]
    assert [
        c["kode"]
        for c in client.get(f"/api/v1/unit/?dalam={unit.pk}&jenis=seksi").json()["results"]
    ] == ["A.1.1"]


@pytest.mark.django_db
def test_formasi_exposes_abk(data: dict, verifikator: Any) -> None:
    body = client_for(verifikator).get(f"/api/v1/formasi/{data['formasi_a'].pk}/").json()
    assert body["beban_kerja_menit"] == "70560.00"
    assert (body["kebutuhan"], body["kebutuhan_orang"], body["bezetting"], body["selisih"]) == (
        "0.94",
        1,
        1,
        0,
    )
    assert body["keterangan_selisih"] == "sesuai"
    assert body["efektivitas_jabatan"] == "0.94" and body["kategori_ej"] == "B"
    assert len(body["uraian_tugas"]) == 4


@pytest.mark.django_db
def test_pegawai_by_nip_with_history(data: dict, operator_a: Any) -> None:
    body = client_for(operator_a).get(f"/api/v1/pegawai/{data['pegawai_a'].nip}/").json()
    assert body["tanggal_lahir"] == "1986-09-26" and body["jenis_kelamin"] == "L"
    assert body["jabatan_sekarang"] == "Penata Layanan Operasional"
    assert body["tanggal_pensiun"] == "2044-10-01"
    assert [r["tmt_mulai"] for r in body["riwayat_jabatan"]] == ["2020-01-02"]


@pytest.mark.django_db
def test_create_pegawai_with_invalid_nip_answers_400_under_nip(data: dict, admin_bkd: Any) -> None:
    response = client_for(admin_bkd).post(
        "/api/v1/pegawai/",
        {"nip": "19850230 201001 1 001", "nama": "Salah", "status": "pns", "golongan": "III/a"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["nip"] == ["Tanggal lahir dalam NIP tidak valid: 30 Februari 1985."]
    assert not Pegawai.objects.filter(nama="Salah").exists()


@pytest.mark.django_db
def test_create_pegawai_ignores_derived_fields_and_places_them(data: dict, operator_a: Any) -> None:
    client = client_for(operator_a)
    payload = {
        "nip": "19900505 201503 2 001",
        "nama": "Citra",
        "status": "pns",
        "golongan": "III/a",
        "tanggal_lahir": "1970-01-01",
        "jenis_kelamin": "L",
    }
    missing = client.post("/api/v1/pegawai/", payload, content_type="application/json")
    assert missing.status_code == 400 and "formasi" in missing.json()
    other = client.post(
        "/api/v1/pegawai/",
        {**payload, "formasi": data["formasi_b"].pk, "tmt_mulai": "2025-01-02"},
        content_type="application/json",
    )
    assert other.status_code == 400 and "formasi" in other.json()
    response = client.post(
        "/api/v1/pegawai/",
        {**payload, "formasi": data["formasi_a"].pk, "tmt_mulai": "2025-01-02"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["nip"] == "199005052015032001"
    assert (body["tanggal_lahir"], body["jenis_kelamin"]) == ("1990-05-05", "P")
    assert body["unit_sekarang"] == data["formasi_a"].unit_id
    patched = client.patch(
        f"/api/v1/pegawai/{body['nip']}/",
        {"jenis_kelamin": "L", "nama": "Citra Dewi"},
        content_type="application/json",
    )
    assert patched.status_code == 200
    assert (patched.json()["jenis_kelamin"], patched.json()["nama"]) == ("P", "Citra Dewi")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "status"), [("verifikator", 403), ("operator_b", 404), ("operator_a", 200)]
)
def test_pegawai_update_per_persona(
    request: pytest.FixtureRequest, data: dict, persona: str, status: int
) -> None:
    user = request.getfixturevalue(persona)
    response = client_for(user).patch(
        f"/api/v1/pegawai/{data['pegawai_a'].nip}/",
        {"nama": "Baru"},
        content_type="application/json",
    )
    assert response.status_code == status
    data["pegawai_a"].refresh_from_db()
    assert (data["pegawai_a"].nama == "Baru") is (status == 200)


@pytest.mark.django_db
def test_riwayat_create_moves_the_asn_and_closes_the_previous(data: dict, operator_a: Any) -> None:
    from tests.factories import FormasiFactory

    tujuan = FormasiFactory(unit=data["unit_a"])
    response = client_for(operator_a).post(
        "/api/v1/riwayat-jabatan/",
        {
            "pegawai": data["pegawai_a"].nip,
            "formasi": tujuan.pk,
            "jenis": "definitif",
            "tmt_mulai": "2026-02-01",
            "nomor_sk": "821/5/2026",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    lama = RiwayatJabatan.objects.get(pegawai=data["pegawai_a"], formasi=data["formasi_a"])
    assert lama.tmt_selesai == dt.date(2026, 2, 1)
    refused = client_for(operator_a).post(
        "/api/v1/riwayat-jabatan/",
        {
            "pegawai": data["pegawai_a"].nip,
            "formasi": data["formasi_b"].pk,
            "jenis": "definitif",
            "tmt_mulai": "2026-03-01",
        },
        content_type="application/json",
    )
    assert refused.status_code == 400 and "formasi" in refused.json()


@pytest.mark.django_db
def test_operator_cannot_create_an_opd(data: dict, operator_a: Any, admin_bkd: Any) -> None:
    payload = {"kode": "C", "nama": "Dinas C", "jenis": "opd"}
    assert (
        client_for(operator_a)
        .post("/api/v1/unit/", payload, content_type="application/json")
        .status_code
        == 403
    )
    created = client_for(admin_bkd).post("/api/v1/unit/", payload, content_type="application/json")
    assert created.status_code == 201 and created.json()["depth"] == 1


@pytest.mark.django_db
def test_pegawai_filters_and_search(data: dict, admin_bkd: Any) -> None:
    client = client_for(admin_bkd)
    by_unit = client.get(f"/api/v1/pegawai/?unit={data['unit_a'].pk}").json()["results"]
    assert [p["nama"] for p in by_unit] == ["Ahmad Saputra"]
    assert [
        p["nama"] for p in client.get("/api/v1/pegawai/?search=19900101").json()["results"]
    ] == ["Bunga Lestari"]
    assert [
        p["nama"] for p in client.get("/api/v1/pegawai/?jenis_kelamin=P").json()["results"]
    ] == ["Bunga Lestari"]


@pytest.mark.django_db
def test_a_list_without_filter_parameters_builds_no_filterset(
    data: dict, admin_bkd: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The FilterSet would filter nothing, so it is not built; with one of its parameters
    (also a bad one) it is, and filters or refuses as before."""
    from jabatan.api import PegawaiFilter

    built: list[dict[str, Any]] = []
    init = PegawaiFilter.__init__

    def counting(self: Any, *args: Any, **kwargs: Any) -> None:
        built.append(dict(kwargs.get("data") or {}))
        init(self, *args, **kwargs)

    monkeypatch.setattr(PegawaiFilter, "__init__", counting)
    client = client_for(admin_bkd)
    semua = client.get("/api/v1/pegawai/?ordering=-nama&search=")
    assert semua.status_code == 200 and semua.json()["count"] == 2 and built == []
    di_a = client.get(f"/api/v1/pegawai/?unit={data['unit_a'].pk}")
    assert [p["nip"] for p in di_a.json()["results"]] == [data["pegawai_a"].nip]
    assert client.get("/api/v1/pegawai/?unit=999999").status_code == 400
    assert len(built) == 2
