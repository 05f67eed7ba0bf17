from __future__ import annotations

import pytest

from asn_portal.access import not_found_message
from tests.conftest import client_for
from tests.laporan.conftest import buat_laporan
from tests.laporan.test_views import BOLEH, PERSONAS, _user

URL = "/api/v1/laporan/"


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_and_detail_are_scoped_per_persona(request, laporan_set, persona):
    client = client_for(_user(request, persona))
    response = client.get(URL)
    if persona is None:
        assert response.status_code in (401, 403)
        return
    if not BOLEH[persona]:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    expected = {getattr(laporan_set, key).pk for key in BOLEH[persona]}
    if "a" in BOLEH[persona]:
        expected.add(laporan_set.antre.pk)
    assert ids == expected
    for key in ("provinsi", "a", "b"):
        laporan = getattr(laporan_set, key)
        for suffix in ("", "pdf/", "xlsx/"):
            got = client.get(f"{URL}{laporan.pk}/{suffix}")
            assert got.status_code == (200 if key in BOLEH[persona] else 404), (
                persona,
                key,
                suffix,
            )


def test_detail_shows_status_hash_and_links(laporan_set, admin_bkd):
    data = client_for(admin_bkd).get(f"{URL}{laporan_set.a.pk}/").json()
    assert data["status"] == "siap" and data["hash_konten"] == laporan_set.a.hash_konten
    assert data["periode"] == "Januari 2026" and data["lingkup"] == "Dinas A"
    assert data["url_pdf"].endswith(f"/api/v1/laporan/{laporan_set.a.pk}/pdf/")
    building = client_for(admin_bkd).get(f"{URL}{laporan_set.antre.pk}/").json()
    assert building["url_pdf"] is None and building["progres"] == 40
    assert client_for(admin_bkd).get(f"{URL}{laporan_set.antre.pk}/pdf/").status_code == 404


def test_download_returns_the_files(laporan_set, operator_a):
    response = client_for(operator_a).get(f"{URL}{laporan_set.a.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


def test_filters_by_kind_period_and_scope(laporan_set, admin_bkd, unit_a):
    client = client_for(admin_bkd)
    assert {r["id"] for r in client.get(URL, {"provinsi": "true"}).json()["results"]} == {
        laporan_set.provinsi.pk
    }
    assert {
        r["id"] for r in client.get(URL, {"unit": unit_a.pk, "nomor": 1}).json()["results"]
    } == {laporan_set.a.pk}
    assert client.get(URL, {"jenis": "tahunan"}).json()["count"] == 0
    assert client.get(URL, {"status": "proses"}).json()["count"] == 1


def test_list_query_count_stays_flat(laporan_set, admin_bkd, unit_a, django_assert_max_num_queries):
    client = client_for(admin_bkd)
    with django_assert_max_num_queries(10):
        client.get(URL)
    for nomor in range(3, 12):
        buat_laporan(unit=unit_a, nomor=nomor, status="gagal")
    with django_assert_max_num_queries(10):
        assert client.get(URL).json()["count"] == 13


def test_operator_requests_a_report_of_their_unit_only(
    register, operator_a, unit_a, unit_b, django_capture_on_commit_callbacks
):
    client = client_for(operator_a)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            URL,
            {"jenis": "bulanan", "tahun": 2026, "nomor": 1, "unit": unit_a.pk},
            content_type="application/json",
        )
    assert response.status_code == 202 and response.json()["status"] == "antre"
    refused = client.post(
        URL,
        {"jenis": "bulanan", "tahun": 2026, "nomor": 1, "unit": unit_b.pk},
        content_type="application/json",
    )
    # Another unit answers like a unit that does not exist (it used to be 403, which told
    # that the unit exists).
    assert refused.status_code == 400
    assert refused.json()["unit"] == [not_found_message(unit_b.pk)]
    province = client.post(
        URL, {"jenis": "bulanan", "tahun": 2026, "nomor": 1}, content_type="application/json"
    )
    assert province.status_code == 403
    bad = client.post(
        URL,
        {"jenis": "triwulanan", "tahun": 2026, "nomor": 7, "unit": unit_a.pk},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "nomor" in bad.json()


def test_asn_cannot_request(register, asn_x, unit_a):
    response = client_for(asn_x).post(
        URL,
        {"jenis": "bulanan", "tahun": 2026, "nomor": 1, "unit": unit_a.pk},
        content_type="application/json",
    )
    assert response.status_code == 403
