from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from asn_portal.periode import Periode
from survei import services
from survei.models import Respons
from tests.survei.conftest import isian_api
from tests.survei.factories import UnitLayananFactory, jawaban_dari_jumlah, respons_bulk

pytestmark = pytest.mark.django_db

PERSONAS = ["admin_bkd", "verifikator", "operator_a", "operator_b", "asn_x", "asn_y", None]


def _client(
    request: pytest.FixtureRequest, persona: str | None, *, token: bool = False
) -> APIClient:
    client = APIClient(REMOTE_ADDR="10.0.0.7")
    if persona is not None:
        user = request.getfixturevalue(persona)
        if token:
            client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
        else:
            client.force_authenticate(user)
    return client


def _url(kode: str) -> str:
    return f"/api/v1/survei/unit-layanan/{kode}/respons/"


def test_ikm_contract_with_worked_example(layanan_a) -> None:
    respons_bulk(
        layanan_a,
        jawaban_dari_jumlah([105, 101, 100, 116, 102, 105, 106, 105, 115], 29),
        tanggal=dt.date(2026, 2, 1),
    )
    response = APIClient().get(
        f"/api/v1/survei/unit-layanan/{layanan_a.kode}/ikm/",
        {"dari": "2026-02-01", "sampai": "2026-02-01"},
    )
    assert response.status_code == 200
    assert response.json() == {
        "unit": layanan_a.kode,
        "responden": 29,
        "nrr": {
            "U1": 3.6207,
            "U2": 3.4828,
            "U3": 3.4483,
            "U4": 4.0,
            "U5": 3.5172,
            "U6": 3.6207,
            "U7": 3.6552,
            "U8": 3.6207,
            "U9": 3.9655,
        },
        "nrr_tertimbang": 3.659,
        "ikm": 91.48,
        "mutu": "A",
        "kinerja": "Sangat Baik",
        "bobot": "1/9",
    }
    assert (
        APIClient()
        .get(
            f"/api/v1/survei/unit-layanan/{layanan_a.kode}/ikm/",
            {"dari": "2026-02-01", "sampai": "2026-02-01", "bobot": "0.111"},
        )
        .json()["ikm"]
        == 91.38
    )


def test_ikm_contract_empty_and_sub_unit(layanan_a, layanan_a_sub) -> None:
    respons_bulk(layanan_a_sub, [[2] * 9], tanggal=dt.date(2026, 2, 1))
    params = {"dari": "2026-01-01", "sampai": "2026-12-31"}
    empty = APIClient().get(f"/api/v1/survei/unit-layanan/{layanan_a.kode}/ikm/", params).json()
    assert empty == {
        "unit": layanan_a.kode,
        "responden": 0,
        "nrr": None,
        "nrr_tertimbang": None,
        "ikm": None,
        "mutu": None,
        "kinerja": None,
        "bobot": None,
    }
    sub = (
        APIClient()
        .get(f"/api/v1/survei/unit-layanan/{layanan_a.kode}/ikm/", {**params, "sub_unit": "1"})
        .json()
    )
    assert sub["responden"] == 1 and sub["ikm"] == 50.0 and sub["mutu"] == "D"


def test_ikm_contract_bad_dates_and_unknown_unit(layanan_a) -> None:
    url = f"/api/v1/survei/unit-layanan/{layanan_a.kode}/ikm/"
    assert APIClient().get(url, {"dari": "x", "sampai": "2026-01-01"}).json() == {
        "dari": ["Isi dari dengan tanggal YYYY-MM-DD."]
    }
    assert "sampai" in APIClient().get(url, {"dari": "2026-02-01", "sampai": "2026-01-01"}).json()
    assert (
        APIClient()
        .get(
            "/api/v1/survei/unit-layanan/tidak-ada/ikm/",
            {"dari": "2026-01-01", "sampai": "2026-01-02"},
        )
        .status_code
        == 404
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_public_endpoints_for_every_persona(request, layanan_a, persona) -> None:
    client = _client(request, persona)
    units = client.get("/api/v1/survei/unit-layanan/")
    assert units.status_code == 200
    assert units.json()["results"][0]["jenis_layanan"] == ["KTP elektronik", "Kartu Keluarga"]
    assert client.get(f"/api/v1/survei/unit-layanan/{layanan_a.kode}/").status_code == 200
    assert client.get("/api/v1/survei/hasil/").status_code == 200


@pytest.mark.parametrize(
    ("persona", "status", "count"),
    [
        ("admin_bkd", 200, 2),
        ("verifikator", 200, 2),
        ("operator_a", 200, 1),
        ("operator_b", 200, 1),
        ("asn_x", 403, 0),
        ("asn_y", 403, 0),
        (None, 401, 0),
    ],
)
def test_responses_and_plans_are_staff_scoped(
    request, layanan_a, layanan_b, persona, status, count
) -> None:
    respons_bulk(layanan_a, [[3] * 9], tanggal=timezone.localdate())
    respons_bulk(layanan_b, [[3] * 9], tanggal=timezone.localdate())
    client = _client(request, persona)
    response = client.get("/api/v1/survei/respons/")
    assert response.status_code == status
    if status == 200:
        assert response.json()["count"] == count
        assert "perangkat_hash" not in response.json()["results"][0]
        assert "alamat_klien_hash" not in response.json()["results"][0]
    assert client.get("/api/v1/survei/rencana/").status_code == status


def test_plan_update_through_api_is_scoped(request, layanan_a) -> None:
    periode = Periode.memuat("triwulan", timezone.localdate())
    respons_bulk(layanan_a, [[3, 1, 2, 4, 4, 4, 4, 4, 4]], tanggal=periode.awal)
    rencana = services.rencana_tindak_lanjut_draft(unit_layanan=layanan_a, periode=periode)[0]
    url = f"/api/v1/survei/rencana/{rencana.pk}/"
    assert (
        _client(request, "operator_b").patch(url, {"status": "selesai"}, format="json").status_code
        == 404
    )
    assert (
        _client(request, "verifikator").patch(url, {"status": "selesai"}, format="json").status_code
        == 403
    )
    ok = _client(request, "operator_a").patch(url, {"status": "selesai"}, format="json")
    assert ok.status_code == 200 and ok.json()["status"] == "selesai"


def test_anonymous_submission_contract(layanan_a) -> None:
    client = APIClient(REMOTE_ADDR="10.0.0.8")
    response = client.post(_url(layanan_a.kode), isian_api(), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["jawaban"]["U9"] == 3
    row = Respons.objects.get()
    assert row.sumber == "api" and row.perangkat_hash and row.alamat_klien_hash
    # same client (cookie jar) again the same day: the per-device guard
    again = client.post(_url(layanan_a.kode), isian_api(), format="json")
    assert again.status_code == 400
    assert "sudah mengisi" in again.json()["detail"][0]


def test_submission_is_idempotent(layanan_a) -> None:
    key = str(uuid.uuid4())
    first = APIClient().post(
        _url(layanan_a.kode), isian_api(), format="json", HTTP_IDEMPOTENCY_KEY=key
    )
    second = APIClient().post(
        _url(layanan_a.kode), isian_api(), format="json", HTTP_IDEMPOTENCY_KEY=key
    )
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    # A resend gets a receipt only, never the first submission's answers.
    assert set(second.json()) == {"id", "diterima_pada", "status"}
    assert "jawaban" in first.json()
    assert Respons.objects.count() == 1


def test_invalid_submission_answers_400_per_field(layanan_a) -> None:
    body = isian_api(umur=3, jenis_kelamin="X")
    del body["jawaban"]["U4"]
    response = APIClient().post(_url(layanan_a.kode), body, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) >= {"umur", "jenis_kelamin", "jawaban"}
    assert "U4" in str(errors["jawaban"])
    future = APIClient().post(
        _url(layanan_a.kode), isian_api(tanggal_layanan="2999-01-01"), format="json"
    )
    assert "tanggal_layanan" in future.json()
    wrong = APIClient().post(_url(layanan_a.kode), isian_api(jenis_layanan="Paspor"), format="json")
    assert "jenis_layanan" in wrong.json()
    assert Respons.objects.count() == 0


def test_unknown_unit_is_404(db) -> None:
    assert APIClient().post(_url("tidak-ada"), isian_api(), format="json").status_code == 404


def test_anonymous_calls_meet_the_network_ceiling(layanan_a, settings) -> None:
    settings.SURVEI_BATAS_JARINGAN = "2/h"
    responses = [
        APIClient(REMOTE_ADDR=f"10.0.0.{i}").post(_url(layanan_a.kode), isian_api(), format="json")
        for i in (9, 10, 11)  # three devices of one /24
    ]
    assert [r.status_code for r in responses] == [201, 201, 429]
    assert "Terlalu banyak kiriman dari jaringan Anda" in responses[2].json()["detail"]
    assert Respons.objects.count() == 2
    other = APIClient(REMOTE_ADDR="10.0.1.9").post(_url(layanan_a.kode), isian_api(), format="json")
    assert other.status_code == 201  # another network


def test_the_ceiling_counts_every_answer_sent_and_replaces_the_anonymous_rate(
    layanan_a, settings
) -> None:
    """Invalid answers count too; the general anonymous API rate is not this endpoint's limit."""
    settings.SURVEI_BATAS_JARINGAN = "3/h"
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "anon": "1/min",
        },
    }
    kirim = [
        # one address, a new device each time
        APIClient(REMOTE_ADDR="10.0.0.9").post(_url(layanan_a.kode), body, format="json")
        for body in [isian_api(umur=3), isian_api(), isian_api(), isian_api()]
    ]
    assert [r.status_code for r in kirim] == [400, 201, 201, 429]
    assert Respons.objects.count() == 2


def test_staff_token_of_the_unit_is_exempt_from_guards(
    request, layanan_a, layanan_b, settings
) -> None:
    settings.SURVEI_BATAS_JARINGAN = "2/h"
    client = _client(request, "operator_a", token=True)
    codes = [
        client.post(_url(layanan_a.kode), isian_api(), format="json").status_code for _ in range(5)
    ]
    assert codes == [201] * 5
    assert set(Respons.objects.values_list("sumber", flat=True)) == {"kertas"}
    assert set(Respons.objects.values_list("perangkat_hash", flat=True)) == {""}
    # for a unit outside the token's scope the anonymous guards apply
    other = [
        client.post(_url(layanan_b.kode), isian_api(), format="json").status_code for _ in range(2)
    ]
    assert other == [201, 400]


def test_unit_list_query_count_is_constant(django_assert_max_num_queries, unit_a) -> None:
    client = APIClient()
    UnitLayananFactory(unit=unit_a)
    with django_assert_max_num_queries(3) as few:
        client.get("/api/v1/survei/unit-layanan/")
    for _ in range(25):
        UnitLayananFactory(unit=unit_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/api/v1/survei/unit-layanan/").json()["count"] == 26


def test_response_list_query_count_is_constant(
    request, layanan_a, django_assert_max_num_queries
) -> None:
    client = _client(request, "admin_bkd")
    respons_bulk(layanan_a, [[3] * 9], tanggal=timezone.localdate())
    client.get("/api/v1/survei/respons/")
    with django_assert_max_num_queries(8) as few:
        client.get("/api/v1/survei/respons/")
    respons_bulk(layanan_a, [[3] * 9] * 40, tanggal=timezone.localdate())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/api/v1/survei/respons/")


def test_openapi_schema_documents_the_contract(admin_bkd) -> None:
    client = APIClient()
    client.force_authenticate(admin_bkd)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    assert "post" in paths["/api/v1/survei/unit-layanan/{kode}/respons/"]
    ikm = paths["/api/v1/survei/unit-layanan/{kode}/ikm/"]["get"]
    assert {p["name"] for p in ikm["parameters"]} >= {"dari", "sampai", "sub_unit"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_ikm_and_submission_for_every_persona(request, layanan_a, persona) -> None:
    client = _client(request, persona)
    ikm = client.get(
        f"/api/v1/survei/unit-layanan/{layanan_a.kode}/ikm/",
        {"dari": "2026-01-01", "sampai": "2026-12-31"},
    )
    assert ikm.status_code == 200
    response = client.post(_url(layanan_a.kode), isian_api(), format="json")
    assert response.status_code == 201
    staf_unit = persona in ("admin_bkd", "operator_a")
    assert Respons.objects.get().sumber == ("kertas" if staf_unit else "api")
