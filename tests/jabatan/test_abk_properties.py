"""Property-based tests of the ABK arithmetic (DOMAIN.md §5) against an independent exact
computation with fractions: need, whole persons, difference and EJ for any beban/bezetting/JKE."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from jabatan.abk import abk_compute, beban_kerja_menit

BEBAN = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
JKE = st.integers(min_value=1, max_value=200_000)


def _half_up(value: Fraction, places: int) -> Fraction:
    scaled = value * 10**places
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    return Fraction(whole + (1 if rest * 2 >= scaled.denominator else 0), 10**places)


@given(BEBAN, st.integers(min_value=0, max_value=100_000), JKE)
def test_abk_matches_the_exact_rule(beban: Decimal, bezetting: int, jke: int) -> None:
    hasil = abk_compute(beban_kerja_menit=beban, bezetting=bezetting, jke=jke)
    kebutuhan = _half_up(Fraction(beban) / jke, 2)
    assert Fraction(hasil.kebutuhan) == kebutuhan
    orang = int(_half_up(kebutuhan, 0))
    if beban > 0:
        orang = max(orang, 1)
    assert hasil.kebutuhan_orang == orang
    assert hasil.selisih == bezetting - orang
    if bezetting == 0:
        assert hasil.ej is None and hasil.ej_kategori == ""
    else:
        assert hasil.ej is not None
        assert Fraction(hasil.ej) == _half_up(Fraction(beban) / (bezetting * jke), 2)
        assert hasil.ej_kategori in {"A", "B", "C", "D", "E"}
    assert hasil.keterangan_selisih.split()[0] in {"kelebihan", "kekurangan", "sesuai"}


@given(BEBAN, BEBAN, st.integers(min_value=1, max_value=1000), JKE)
def test_more_work_never_needs_fewer_people(
    a: Decimal, b: Decimal, bezetting: int, jke: int
) -> None:
    low, high = sorted((a, b))
    lo = abk_compute(beban_kerja_menit=low, bezetting=bezetting, jke=jke)
    hi = abk_compute(beban_kerja_menit=high, bezetting=bezetting, jke=jke)
    assert lo.kebutuhan_orang <= hi.kebutuhan_orang
    assert lo.ej is not None and hi.ej is not None and lo.ej <= hi.ej
    assert "ABCDE".index(hi.ej_kategori) <= "ABCDE".index(lo.ej_kategori)


VOLUME = st.decimals(
    min_value=0, max_value=100_000, places=3, allow_nan=False, allow_infinity=False
)


@given(st.lists(st.tuples(VOLUME, VOLUME), max_size=30))
def test_beban_kerja_is_the_exact_sum_of_volume_times_norma(
    rows: list[tuple[Decimal, Decimal]],
) -> None:
    total = beban_kerja_menit(rows)
    assert Fraction(total) == sum((Fraction(v) * Fraction(n) for v, n in rows), Fraction(0))
