from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asn_portal.periode import Periode
from survei import selectors
from survei.ikm import bulatkan, hitung_ikm, mutu_dari_ikm, sampel_minimum
from survei.kuesioner import KODE_UNSUR
from tests.survei.factories import jawaban_dari_jumlah, respons_bulk

CONTOH_JUMLAH = [105, 101, 100, 116, 102, 105, 106, 105, 115]
CONTOH_NRR = [
    "3.6207",
    "3.4828",
    "3.4483",
    "4.0000",
    "3.5172",
    "3.6207",
    "3.6552",
    "3.6207",
    "3.9655",
]


def _hitung(jumlah: list[int], responden: int, bobot: str = "1/9"):
    return hitung_ikm(
        responden=responden,
        jumlah=dict(zip(KODE_UNSUR, jumlah, strict=True)),
        terjawab=dict.fromkeys(KODE_UNSUR, responden),
        bobot=bobot,
    )


@pytest.mark.parametrize(
    ("bobot", "ikm"), [("1/9", "91.48"), ("0.111", "91.38"), ("0.11", "90.56")]
)
def test_worked_example_of_domain_md(bobot: str, ikm: str) -> None:
    hasil = _hitung(CONTOH_JUMLAH, 29, bobot)
    assert [str(hasil.nrr[k]) for k in KODE_UNSUR] == CONTOH_NRR
    assert hasil.ikm == Decimal(ikm)
    assert hasil.mutu == "A" and hasil.kinerja == "Sangat Baik"
    assert hasil.bobot == bobot
    assert bobot.replace(".", ",") in hasil.bobot_label or bobot == "1/9"


def test_worked_example_names_exact_weight_and_weighted_nrr() -> None:
    hasil = _hitung(CONTOH_JUMLAH, 29)
    # Σ NRR × 1/9 = 955 / 261 = 3.65900… ; per unsur 105/29/9 = 0.40229…
    assert hasil.nrr_tertimbang == Decimal("3.6590")
    assert hasil.nrr_tertimbang_unsur["U1"] == Decimal("0.4023")
    assert "1/9" in hasil.bobot_label


@pytest.mark.django_db
def test_worked_example_computed_by_the_database(layanan_a, django_assert_num_queries) -> None:
    tanggal = dt.date(2026, 3, 10)
    respons_bulk(layanan_a, jawaban_dari_jumlah(CONTOH_JUMLAH, 29), tanggal=tanggal)
    respons_bulk(layanan_a, [[1] * 9], tanggal=dt.date(2026, 4, 1))  # outside the range
    with django_assert_num_queries(1):
        hasil = selectors.ikm_compute(
            unit_layanan=layanan_a, dari=dt.date(2026, 1, 1), sampai=dt.date(2026, 3, 31)
        )
    assert hasil.responden == 29
    assert hasil.ikm == Decimal("91.48")
    assert selectors.ikm_compute(
        unit_layanan=layanan_a, dari=dt.date(2026, 1, 1), sampai=dt.date(2026, 3, 31), bobot="0.11"
    ).ikm == Decimal("90.56")


def test_no_rounding_in_between() -> None:
    # Exact: 800/31/9 × 25 = 71.68458… -> 71.68. Rounding the NRR to 4 decimals first would sum
    # to 2.8674 × 25 = 71.6850 -> 71.69, so intermediate rounding is visible here.
    hasil = _hitung([62, 110, 110, 79, 77, 79, 69, 113, 101], 31)
    assert hasil.ikm == Decimal("71.68")
    assert hasil.mutu == "C"


def test_half_up_rounding_on_exact_ties() -> None:
    assert bulatkan(Fraction(12345, 1000000), Decimal("0.0001")) == Decimal("0.0123")
    assert bulatkan(Fraction(5, 1000), Decimal("0.01")) == Decimal("0.01")  # 0.005 -> 0.01
    assert bulatkan(Fraction(15, 10000), Decimal("0.001")) == Decimal("0.002")
    assert bulatkan(Fraction(88305, 1000), Decimal("0.01")) == Decimal(
        "88.31"
    )  # never 88.30 (banker's)
    # A tie at 2 decimals: 1/8 = 0.125 -> 0.13 (half-up, not half-even).
    assert bulatkan(Fraction(1, 8), Decimal("0.01")) == Decimal("0.13")


@given(
    pembilang=st.integers(min_value=0, max_value=10**12),
    penyebut=st.integers(min_value=1, max_value=10**9),
    quantum=st.sampled_from([Decimal("0.0001"), Decimal("0.01"), Decimal("1"), Decimal("1E+1")]),
)
def test_rounding_equals_decimal_half_up_at_full_precision(
    pembilang: int, penyebut: int, quantum: Decimal
) -> None:
    """The integer rounding agrees with Decimal's own ROUND_HALF_UP on the exact quotient
    (computed with enough digits that no rounding happens before the quantize), digits and
    exponent alike."""
    with localcontext() as ctx:
        ctx.prec = 60
        exact = Decimal(pembilang) / Decimal(penyebut)
        # A quotient that is not exact in 60 digits can still not sit on a tie at <= 4 places.
        expected = exact.quantize(quantum, rounding=ROUND_HALF_UP)
    assert str(bulatkan(Fraction(pembilang, penyebut), quantum)) == str(expected)


@pytest.mark.parametrize(
    ("ikm", "mutu", "kinerja"),
    [
        ("100.00", "A", "Sangat Baik"),
        ("88.31", "A", "Sangat Baik"),
        ("88.30", "B", "Baik"),
        ("76.61", "B", "Baik"),
        ("76.60", "C", "Kurang Baik"),
        ("65.00", "C", "Kurang Baik"),
        ("64.99", "D", "Tidak Baik"),
        ("25.00", "D", "Tidak Baik"),
    ],
)
def test_mutu_boundaries(ikm: str, mutu: str, kinerja: str) -> None:
    assert mutu_dari_ikm(Decimal(ikm)) == (mutu, kinerja)


def test_mutu_is_read_from_the_rounded_value() -> None:
    # IKM exact 88.3055… rounds to 88.31 -> A (the unrounded value is below the bound).
    # 9 unsur, 100 respondents: Σ sums / 900 × 25 = 88.3055… needs Σ sums = 3179.
    jumlah = [353] * 8 + [3179 - 353 * 8]
    hasil = _hitung(jumlah, 100)
    assert hasil.ikm == Decimal("88.31")
    assert hasil.mutu == "A"


@pytest.mark.parametrize(
    ("populasi", "sampel"),
    [
        (10, 10),
        (50, 44),
        (100, 80),
        (500, 217),
        (1000, 278),
        (5000, 357),
        (10000, 370),
        (1000000, 384),
        (5, 5),
        (1, 1),
        (0, 0),
    ],
)
def test_krejcie_morgan_table(populasi: int, sampel: int) -> None:
    assert sampel_minimum(populasi) == sampel


def test_nrr_counts_only_those_who_answered() -> None:
    jumlah = dict.fromkeys(KODE_UNSUR, 12)
    terjawab = dict.fromkeys(KODE_UNSUR, 4)
    jumlah["U8"], terjawab["U8"] = 6, 2  # two respondents left U8 blank
    hasil = hitung_ikm(responden=4, jumlah=jumlah, terjawab=terjawab, bobot="1/9")
    assert hasil.nrr["U8"] == Decimal("3.0000")
    assert hasil.ikm == Decimal("75.00")


def test_no_responses_gives_no_index() -> None:
    hasil = hitung_ikm(responden=0, jumlah={}, terjawab={}, bobot="1/9")
    assert hasil.ikm is None and hasil.mutu is None and hasil.nrr["U1"] is None


def test_unknown_weight_is_refused() -> None:
    with pytest.raises(ValueError, match="tidak dikenal"):
        hitung_ikm(responden=1, jumlah={}, terjawab={}, bobot="0.1")


def test_weakest_unsur_first() -> None:
    hasil = _hitung(CONTOH_JUMLAH, 29)
    assert hasil.unsur_terlemah(3) == ["U3", "U2", "U5"]


@pytest.mark.django_db
def test_sub_unit_aggregation_and_trend_in_one_query(
    layanan_a, layanan_a_sub, django_assert_num_queries
) -> None:
    respons_bulk(layanan_a, [[4] * 9] * 2, tanggal=dt.date(2026, 1, 15))
    respons_bulk(layanan_a_sub, [[2] * 9] * 2, tanggal=dt.date(2026, 5, 15))
    respons_bulk(layanan_a, [[3] * 9], tanggal=dt.date(2026, 5, 20))
    tanpa = selectors.ikm_compute(
        unit_layanan=layanan_a, dari=dt.date(2026, 1, 1), sampai=dt.date(2026, 12, 31)
    )
    dengan = selectors.ikm_compute(
        unit_layanan=layanan_a,
        dari=dt.date(2026, 1, 1),
        sampai=dt.date(2026, 12, 31),
        sub_unit=True,
    )
    assert (tanpa.responden, tanpa.ikm) == (3, Decimal("91.67"))
    assert (dengan.responden, dengan.ikm) == (5, Decimal("75.00"))
    with django_assert_num_queries(1):
        tren = selectors.ikm_tren(
            unit_layanan=layanan_a,
            dari=dt.date(2026, 1, 1),
            sampai=dt.date(2026, 12, 31),
            jenis="triwulan",
            sub_unit=True,
        )
    assert [(p.kode, h.responden, h.ikm) for p, h in tren] == [
        ("2026-T01", 2, Decimal("100.00")),
        ("2026-T02", 3, Decimal("58.33")),
    ]
    semester = selectors.ikm_tren(
        unit_layanan=layanan_a,
        dari=dt.date(2026, 1, 1),
        sampai=dt.date(2026, 12, 31),
        jenis="semester",
        sub_unit=True,
    )
    # merged from sums and counts, not an average of the quarters' IKM
    assert [(p.kode, h.ikm) for p, h in semester] == [("2026-S01", Decimal("75.00"))]


@pytest.mark.parametrize(
    ("teks", "dari", "sampai", "label"),
    [
        ("2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "Tahun 2026"),
        ("2026-S02", dt.date(2026, 7, 1), dt.date(2026, 12, 31), "Semester II 2026"),
        ("2026-T01", dt.date(2026, 1, 1), dt.date(2026, 3, 31), "Triwulan I 2026"),
        ("2024-B02", dt.date(2024, 2, 1), dt.date(2024, 2, 29), "Februari 2024"),
    ],
)
def test_periods(teks: str, dari: dt.date, sampai: dt.date, label: str) -> None:
    periode = Periode.parse(teks)
    assert (periode.awal, periode.akhir, periode.label, periode.kode) == (
        dari,
        sampai,
        label,
        teks,
    )


@pytest.mark.parametrize(
    ("lama", "kode"), [("2026-T3", "2026-T03"), ("2026-s1", "2026-S01"), ("2024-B2", "2024-B02")]
)
def test_the_old_one_digit_codes_still_parse_to_the_one_format(lama: str, kode: str) -> None:
    # Survey URLs used 2026-T3 before the periods were unified; old links keep working.
    assert Periode.parse(lama).kode == kode
    assert Periode.parse(kode) == Periode.parse(lama)


def test_a_report_kind_names_the_period_it_covers() -> None:
    assert Periode(2026, "triwulanan", 3) == Periode.parse("2026-T03")
    assert Periode(2026, "bulanan", 5).kode == "2026-B05"
    assert Periode(2026, "tahunan").kode == "2026"


@pytest.mark.parametrize("teks", ["2026-T5", "2026-S0", "26", "2026-X1", "2026-B13"])
def test_bad_periods_are_refused(teks: str) -> None:
    with pytest.raises(ValueError):
        Periode.parse(teks)


@pytest.mark.django_db
def test_population_is_scaled_to_the_period(layanan_a) -> None:
    layanan_a.jumlah_pengguna = 4000  # per year
    assert selectors.sampel_untuk(layanan_a, Periode.parse("2026-T1")) == (1000, 278)
    assert selectors.sampel_untuk(layanan_a, Periode.parse("2026")) == (4000, 351)


def test_province_total_combines_sums_not_averages() -> None:
    a = _hitung([36] * 9, 9)  # NRR 4
    b = _hitung([9] * 9, 9)  # NRR 1
    c = _hitung([4] * 9, 1)  # NRR 4, one respondent
    gabung = selectors.gabung_hasil([a, b, c])
    assert gabung.responden == 19
    assert gabung.nrr["U1"] == Decimal("2.5789")  # 49/19, not (4+1+4)/3


@pytest.mark.django_db
def test_the_province_figure_alone_is_one_aggregate_equal_to_combining_the_units(
    layanan_a, layanan_a_sub, layanan_b, django_assert_num_queries
) -> None:
    periode = {"dari": dt.date(2026, 1, 1), "sampai": dt.date(2026, 3, 31)}
    respons_bulk(layanan_a, jawaban_dari_jumlah(CONTOH_JUMLAH, 29), tanggal=dt.date(2026, 3, 10))
    respons_bulk(layanan_a_sub, [[1, 2, 3, 4, None, 1, 2, 3, 4]] * 3, tanggal=dt.date(2026, 2, 1))
    respons_bulk(layanan_b, [[4] * 9] * 5, tanggal=dt.date(2026, 1, 1))
    respons_bulk(layanan_b, [[1] * 9], tanggal=dt.date(2026, 4, 1))  # outside the range
    for wilayah in ("", layanan_a.unit.path):
        with django_assert_num_queries(1):
            total = selectors.ikm_wilayah(**periode, unit_path=wilayah)
        per_unit = selectors.ikm_per_unit(**periode, unit_path=wilayah)
        assert total == selectors.gabung_hasil(list(per_unit.values()))
    assert total.responden == 32 and selectors.ikm_wilayah(**periode).responden == 37
    assert selectors.ikm_wilayah(**periode, bobot="0.11").bobot == "0.11"
    assert (
        selectors.ikm_wilayah(
            **periode, diterima_sebelum=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
        ).responden
        == 0
    )
