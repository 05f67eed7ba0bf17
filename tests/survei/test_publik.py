from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from asn_portal.periode import Periode
from survei import services
from tests.conftest import client_for
from tests.survei.factories import UnitLayananFactory, jawaban_dari_jumlah, respons_bulk

pytestmark = pytest.mark.django_db

PERSONAS = ["admin_bkd", "verifikator", "operator_a", "operator_b", "asn_x", "asn_y", None]


def _terbit(unit, periode: Periode, admin=None):
    respons_bulk(
        unit,
        jawaban_dari_jumlah([105, 101, 100, 116, 102, 105, 106, 105, 115], 29),
        tanggal=periode.awal,
    )
    return services.publikasi_publish(unit_layanan=unit, periode=periode, user=admin)


@pytest.mark.parametrize("persona", PERSONAS)
def test_public_pages_open_to_everyone(request, layanan_a, persona) -> None:
    periode = Periode.parse("2026-T1")
    _terbit(layanan_a, periode)
    client = client_for(None if persona is None else request.getfixturevalue(persona))
    for url in [
        reverse("survei:unit_list"),
        reverse("survei:form", args=[layanan_a.kode]),
        reverse("survei:terima_kasih", args=[layanan_a.kode]),
        reverse("survei:hasil_unit", args=[layanan_a.kode]),
        reverse("survei:hasil_periode", args=[layanan_a.kode, periode.kode]),
        reverse("survei:hasil_provinsi"),
        reverse("survei:poster_png", args=[layanan_a.kode]),
    ]:
        assert client.get(url).status_code == 200, url


def test_unit_list_is_searchable(layanan_a, layanan_b) -> None:
    html = Client().get(reverse("survei:unit_list"), {"q": "samsat"}).content.decode()
    assert layanan_b.nama in html and layanan_a.nama not in html
    assert reverse("survei:form", args=[layanan_b.kode]) in html
    assert reverse("survei:hasil_unit", args=[layanan_b.kode]) in html


def test_unit_list_query_count_is_constant(unit_a, django_assert_max_num_queries) -> None:
    client = Client()
    UnitLayananFactory(unit=unit_a)
    with django_assert_max_num_queries(4) as few:
        client.get(reverse("survei:unit_list"))
    for _ in range(40):
        UnitLayananFactory(unit=unit_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("survei:unit_list"))


def test_results_only_for_published_periods(layanan_a) -> None:
    respons_bulk(layanan_a, [[4] * 9], tanggal=Periode.parse("2026-T2").awal)
    _terbit(layanan_a, Periode.parse("2026-T1"))
    client = Client()
    assert (
        client.get(reverse("survei:hasil_periode", args=[layanan_a.kode, "2026-T2"])).status_code
        == 404
    )
    assert (
        client.get(reverse("survei:hasil_periode", args=[layanan_a.kode, "bukan"])).status_code
        == 404
    )
    html = client.get(
        reverse("survei:hasil_periode", args=[layanan_a.kode, "2026-T1"])
    ).content.decode()
    assert "91.48" in html or "91,48" in html
    assert 'role="img"' in html and "<svg" in html  # the chart
    assert "3.6207" in html or "3,6207" in html  # and its data table
    assert "bobot 1/9 (eksak)" in html
    listing = client.get(reverse("survei:hasil_unit", args=[layanan_a.kode])).content.decode()
    assert "Triwulan I 2026" in listing and "Triwulan II 2026" not in listing


def test_published_numbers_do_not_move_until_republished(layanan_a, admin_bkd) -> None:
    periode = Periode.parse("2026-T1")
    _terbit(layanan_a, periode)
    respons_bulk(layanan_a, [[1] * 9] * 29, tanggal=periode.awal)  # late paper entries
    html = (
        Client()
        .get(reverse("survei:hasil_periode", args=[layanan_a.kode, periode.kode]))
        .content.decode()
    )
    assert "91.48" in html or "91,48" in html
    services.publikasi_publish(unit_layanan=layanan_a, periode=periode, user=admin_bkd)
    html = (
        Client()
        .get(reverse("survei:hasil_periode", args=[layanan_a.kode, periode.kode]))
        .content.decode()
    )
    assert "91.48" not in html and "91,48" not in html


def test_sample_below_minimum_is_marked_publicly(layanan_a) -> None:
    layanan_a.jumlah_pengguna = 100_000
    layanan_a.save()
    _terbit(layanan_a, Periode.parse("2026-T1"))
    html = (
        Client()
        .get(reverse("survei:hasil_periode", args=[layanan_a.kode, "2026-T1"]))
        .content.decode()
    )
    assert "sampel belum mencukupi" in html


def test_province_page_combines_latest_results(layanan_a, layanan_b) -> None:
    _terbit(layanan_a, Periode.parse("2026-T1"))
    respons_bulk(layanan_b, [[2] * 9] * 10, tanggal=Periode.parse("2026-T1").awal)
    services.publikasi_publish(unit_layanan=layanan_b, periode=Periode.parse("2026-T1"), user=None)
    html = Client().get(reverse("survei:hasil_provinsi")).content.decode()
    assert layanan_a.nama in html and layanan_b.nama in html
    # (955 + 180) / 39 / 9 × 25 = 80.84
    assert "80.84" in html or "80,84" in html
    assert "<svg" in html


def test_publishing_an_empty_period_is_refused(layanan_a) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Belum ada respons"):
        services.publikasi_publish(unit_layanan=layanan_a, periode=Periode.parse("2020"), user=None)


def test_thanks_page_links_results_when_published(layanan_a) -> None:
    url = reverse("survei:terima_kasih", args=[layanan_a.kode])
    assert (
        reverse("survei:hasil_unit", args=[layanan_a.kode])
        not in Client().get(url).content.decode()
    )
    _terbit(layanan_a, Periode.memuat("triwulan", timezone.localdate()))
    assert reverse("survei:hasil_unit", args=[layanan_a.kode]) in Client().get(url).content.decode()
