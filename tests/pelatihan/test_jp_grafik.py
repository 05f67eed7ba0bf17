"""The ASN's JP chart: every year since their first counted record, counted in the database."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from pelatihan import selectors
from tests.conftest import client_for
from tests.pelatihan.factories import RiwayatFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def riwayat(pegawai_x: Any) -> int:
    """Records over seven years (with gap years, more than the old five-year window) and this
    year; returns this year."""
    tahun = timezone.localdate().year
    RiwayatFactory(pegawai=pegawai_x, tanggal_selesai=dt.date(tahun - 6, 3, 1), jp=7)
    RiwayatFactory(pegawai=pegawai_x, tanggal_selesai=dt.date(tahun - 2, 5, 1), jp=13)
    RiwayatFactory(pegawai=pegawai_x, tanggal_selesai=dt.date(tahun - 2, 9, 1), jp=12)
    RiwayatFactory(pegawai=pegawai_x, tanggal_selesai=dt.date(tahun - 1, 9, 1), jp=21)
    RiwayatFactory(pegawai=pegawai_x, tanggal_selesai=dt.date(tahun, 1, 1), jp=3)
    # Not counted, so they do not stretch the range: pending, rejected, someone else's.
    RiwayatFactory(
        pegawai=pegawai_x,
        tanggal_selesai=dt.date(tahun - 9, 1, 1),
        status="diajukan",
        sumber="mandiri",
    )
    RiwayatFactory(
        pegawai=pegawai_x,
        tanggal_selesai=dt.date(tahun - 8, 1, 1),
        status="ditolak",
        alasan_penolakan="Sertifikat tidak terbaca",
    )
    RiwayatFactory(tanggal_selesai=dt.date(tahun - 7, 1, 1))
    return tahun


def test_every_year_since_the_first_counted_record_in_one_query(
    pegawai_x: Any, riwayat: int, django_assert_num_queries: Any
) -> None:
    tahun = riwayat
    with django_assert_num_queries(1):
        per_tahun = selectors.jp_per_tahun(pegawai_x)

    assert per_tahun == [
        (tahun - 6, 7),
        (tahun - 5, 0),
        (tahun - 4, 0),
        (tahun - 3, 0),
        (tahun - 2, 25),
        (tahun - 1, 21),
        (tahun, 3),
    ]
    assert selectors.ringkasan_jp(pegawai_x).per_tahun == per_tahun


def test_without_records_only_this_year_is_shown(pegawai_x: Any) -> None:
    tahun = timezone.localdate().year
    assert selectors.jp_per_tahun(pegawai_x) == [(tahun, 0)]
    html = client_for(pegawai_x.user).get(reverse("pelatihan:saya")).content.decode()
    assert "Belum ada data" in html


def _svg(html: str) -> str:
    match = re.search(r"<svg .*?</svg>", html, re.S)
    assert match, "the page carries the inline SVG chart"
    return match.group(0)


def test_the_portal_chart_draws_each_year_on_a_whole_number_axis(asn_x: Any, riwayat: int) -> None:
    tahun = riwayat
    html = client_for(asn_x).get(reverse("pelatihan:saya")).content.decode()
    svg = _svg(html)
    labels = re.findall(r"<text[^>]*>([^<]+)</text>", svg)

    for year in range(tahun - 6, tahun + 1):
        assert str(year) in labels
    assert str(tahun - 9) not in labels and str(tahun - 7) not in labels
    ticks = [
        t
        for t in labels
        if re.fullmatch(r"[\d.,]+", t) and t not in {str(y) for y in range(tahun - 6, tahun + 1)}
    ]
    assert ticks and all(re.fullmatch(r"\d+", t) for t in ticks), ticks
    # The same figures in the table beside the chart, for screen readers.
    tabel = html[html.index("Angka grafik") :]
    for year, jp in ((tahun - 6, 7), (tahun - 3, 0), (tahun - 2, 25), (tahun - 1, 21)):
        assert re.search(rf"<td>{year}</td><td>{jp}</td>", tabel)


def test_the_api_answers_the_same_years(asn_x: Any, riwayat: int) -> None:
    tahun = riwayat
    body = client_for(asn_x).get("/api/v1/saya/jp/").json()
    assert body["per_tahun"] == {
        str(tahun - 6): 7,
        str(tahun - 5): 0,
        str(tahun - 4): 0,
        str(tahun - 3): 0,
        str(tahun - 2): 25,
        str(tahun - 1): 21,
        str(tahun): 3,
    }
