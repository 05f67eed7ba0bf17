from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.laporan.conftest import buat_laporan

PERSONAS = ["admin_bkd", "verifikator", "operator_a", "operator_b", "asn_x", "asn_y", None]
# Which of (provinsi, a, b) each persona may open.
BOLEH = {
    "admin_bkd": {"provinsi", "a", "b"},
    "verifikator": {"provinsi", "a", "b"},
    "operator_a": {"a"},
    "operator_b": {"b"},
    "asn_x": set(),
    "asn_y": set(),
    None: set(),
}


def _user(request, name):
    return request.getfixturevalue(name) if name else None


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "view", ["laporan:detail", "laporan:pdf", "laporan:xlsx", "laporan:status"]
)
def test_report_pages_follow_the_scope_of_each_persona(request, laporan_set, persona, view):
    client = client_for(_user(request, persona))
    for key in ("provinsi", "a", "b"):
        laporan = getattr(laporan_set, key)
        response = client.get(reverse(view, args=[laporan.pk]))
        if persona is None:
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("portal:login"))
        elif key in BOLEH[persona]:
            assert response.status_code == 200, (persona, key, view)
        else:
            assert response.status_code == 404, (persona, key, view)


def test_html_view_shows_charts_tables_and_conventions(laporan_set, admin_bkd):
    response = client_for(admin_bkd).get(reverse("laporan:detail", args=[laporan_set.provinsi.pk]))
    html = response.content.decode()
    assert html.count('<svg role="img"') >= 4
    assert "IKM dan mutu per unit layanan" in html and "Layanan Bidang A1" in html
    assert "bobot 1/9" in html and "JKE" in html
    assert laporan_set.provinsi.hash_konten in html
    assert 'id="g-komposisi-' in html  # chart ids are made unique per chart


def test_a_report_being_built_is_not_visible(laporan_set, admin_bkd):
    client = client_for(admin_bkd)
    assert client.get(reverse("laporan:detail", args=[laporan_set.antre.pk])).status_code == 404
    assert client.get(reverse("laporan:pdf", args=[laporan_set.antre.pk])).status_code == 404
    status = client.get(reverse("laporan:status", args=[laporan_set.antre.pk])).json()
    assert status["status"] == "proses" and status["terlihat"] is False


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_page_shows_only_reports_in_scope(request, laporan_set, persona):
    response = client_for(_user(request, persona)).get(reverse("laporan:daftar"))
    if persona is None:
        assert response.status_code == 302
        return
    if not BOLEH[persona]:
        assert response.status_code == 404
        return
    shown = {laporan.pk for laporan in response.context["daftar"]}
    expected = {getattr(laporan_set, key).pk for key in BOLEH[persona]}
    if "a" in BOLEH[persona]:
        expected.add(laporan_set.antre.pk)  # listed with its progress, not openable yet
    assert shown == expected


def test_list_page_query_count_stays_flat(
    laporan_set, admin_bkd, django_assert_max_num_queries, unit_a
):
    client = client_for(admin_bkd)
    with django_assert_max_num_queries(12):
        client.get(reverse("laporan:daftar"))
    for nomor in range(3, 10):
        buat_laporan(unit=unit_a, nomor=nomor, status="gagal")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("laporan:daftar"))
    assert len(response.context["daftar"]) == 11


def test_verification_page_is_public_and_confirms_the_hash(laporan_set):
    laporan = laporan_set.a
    response = client_for(None).get(reverse("laporan:verifikasi", args=[laporan.kode_verifikasi]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dokumen asli" in html and laporan.hash_konten in html and laporan.hash_pdf in html
    assert "Dinas A" in html and "Januari 2026" in html
    # Nothing but authenticity: no numbers, names of ASN or download links.
    assert "Layanan Bidang A1" not in html and "P1" not in html and "/pdf/" not in html
    assert response["X-Robots-Tag"] == "noindex"


def test_verification_page_rejects_unknown_or_unfinished_codes(laporan_set):
    client = client_for(None)
    assert client.get(reverse("laporan:verifikasi", args=["tidak-ada"])).status_code == 404
    response = client.get(reverse("laporan:verifikasi", args=[laporan_set.antre.kode_verifikasi]))
    assert response.status_code == 404 and "Tidak terverifikasi" in response.content.decode()
