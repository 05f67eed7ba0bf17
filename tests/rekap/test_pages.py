"""/rekap/ and /api/v1/rekap/: who reads them, what they show, what they refuse."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from asn_portal.transfer.models import ExportLog
from tests.conftest import client_for
from tests.rekap.conftest import TAHUN

pytestmark = pytest.mark.django_db

URL = "/rekap/"


def test_a_pemantau_lands_on_the_rollup_and_reads_its_instansi_only(pemantau) -> None:
    client = client_for(pemantau)
    assert client.get(reverse("portal:beranda")).headers["Location"] == URL
    text = client.get(URL, {"tahun": TAHUN}).content.decode()
    assert "Provinsi Bengkulu" in text and "Kota Bengkulu" in text
    assert "Rejang Lebong" not in text and "Lampung" not in text
    for section in (
        "IKM per instansi",
        "Pemenuhan 20 JP",
        "Kebutuhan dan bezetting",
        "Rencana penataan",
    ):
        assert section in text
    assert "<svg" in text  # the charts


def test_a_province_admin_reads_every_instansi_of_its_province(admin_provinsi) -> None:
    text = client_for(admin_provinsi).get(URL, {"tahun": TAHUN}).content.decode()
    for nama in ("Provinsi Bengkulu", "Kota Bengkulu", "Rejang Lebong"):
        assert nama in text
    assert "Lampung" not in text


@pytest.mark.parametrize("persona", ["admin_kabupaten", "asn_x", "operator_a", "verifikator"])
def test_others_are_told_the_rollup_does_not_exist(request, dunia_rekap, persona) -> None:
    user = request.getfixturevalue(persona)
    assert client_for(user).get(URL).status_code == 404
    api = APIClient()
    api.force_authenticate(user)
    assert api.get("/api/v1/rekap/").status_code == 404


def test_anonymous_is_sent_to_log_in(db) -> None:
    response = client_for(None).get(URL)
    assert response.status_code == 302 and "masuk" in response.headers["Location"]
    assert APIClient().get("/api/v1/rekap/").status_code in (401, 403)


def test_the_export_is_logged_and_holds_the_table(pemantau) -> None:
    client = client_for(pemantau)
    response = client.get(URL, {"tahun": TAHUN, "format": "csv", "tabel": "jp"})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "Kota Bengkulu" in text and "Rejang Lebong" not in text
    log = ExportLog.objects.get(source="rekap:index")
    assert log.created_by == pemantau and log.fmt == "csv" and "tabel=jp" in log.query
    xlsx = client.get(URL, {"tahun": TAHUN, "format": "xlsx"})
    assert xlsx.headers["Content-Type"].startswith("application/vnd.openxml")


def test_the_api_answers_the_same_figures(pemantau) -> None:
    api = APIClient()
    api.force_authenticate(pemantau)
    data = api.get("/api/v1/rekap/", {"tahun": TAHUN}).json()
    assert data["periode"]["kode"] == str(TAHUN)
    assert [row["instansi"]["kode"] for row in data["instansi"]] == ["17", "17.71"]
    provinsi = data["instansi"][0]
    assert provinsi["jp"] == {"jumlah_asn": 5, "memenuhi": 3, "total_jp": 79, "persen": "60.0"}
    assert provinsi["ikm"]["responden"] == 4
    assert {s["sektor"] for s in provinsi["ikm_sektor"]} == {"kesehatan", "adminduk"}
    pelaksana = next(k for k in provinsi["kebutuhan"] if k["kategori"] == "pelaksana")
    assert pelaksana == {
        "kategori": "pelaksana",
        "formasi": 2,
        "kebutuhan": 2,
        "bezetting": 3,
        "kelebihan": 1,
        "kekurangan": 0,
    }
    assert [p["rencana"] for p in provinsi["penerapan"]] == [1, 0, 0, 1]


def test_the_navigation_asks_may_read_rekap_without_a_query(
    admin_provinsi, admin_kabupaten, django_assert_num_queries
) -> None:
    from asn_portal.access import instansi_id_of, may_read_rekap
    from asn_portal.roles import ADMIN_BKD, user_has_role
    from jabatan.instansi import instansi_tampil

    for user in (admin_provinsi, admin_kabupaten):
        user_has_role(user, ADMIN_BKD)  # what every staff page has asked already
        instansi_tampil(instansi_id_of(user))  # the header's names
    with django_assert_num_queries(0):
        assert may_read_rekap(admin_provinsi) is True
        assert may_read_rekap(admin_kabupaten) is False


def test_names_cached_before_they_held_the_jenis_are_read_again(admin_provinsi) -> None:
    from django.core.cache import cache

    from asn_portal.access import instansi_id_of, may_read_rekap
    from jabatan.instansi import CACHE_TAMPIL

    own = instansi_id_of(admin_provinsi)
    cache.set(CACHE_TAMPIL.format(own), {"nama": "Provinsi Bengkulu", "kode": "17"})
    assert may_read_rekap(admin_provinsi) is True


def _links_rekap(user) -> bool:
    text = client_for(user).get("/", follow=True).content.decode()
    return f'href="{URL}"' in text


@pytest.mark.parametrize(
    ("persona", "linked"),
    [("pemantau", True), ("admin_provinsi", True), ("admin_kabupaten", False), ("asn_x", False)],
)
def test_the_site_header_links_the_rollup_for_whoever_reads_it(
    request, dunia_rekap, persona, linked
) -> None:
    assert _links_rekap(request.getfixturevalue(persona)) is linked


def test_the_site_header_has_no_rollup_link_for_a_visitor(db) -> None:
    assert _links_rekap(None) is False
