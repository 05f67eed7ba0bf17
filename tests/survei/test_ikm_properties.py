"""Property-based tests of the IKM arithmetic (PermenPANRB 14/2017): for any set of answers the
result equals an independent exact computation, stays within 25–100, names the right mutu, and
never falls when one answer improves."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import assume, given
from hypothesis import strategies as st

from survei.ikm import BOBOT, MUTU_BATAS, hitung_ikm, sampel_minimum
from survei.kuesioner import KODE_UNSUR

ANSWERS = st.lists(
    st.fixed_dictionaries({kode: st.integers(1, 4) for kode in KODE_UNSUR}), min_size=1, max_size=60
)


def _aggregate(rows: list[dict[str, int]]) -> tuple[dict[str, int], dict[str, int]]:
    return (
        {k: sum(r[k] for r in rows) for k in KODE_UNSUR},
        {k: len(rows) for k in KODE_UNSUR},
    )


def _round(value: Fraction, places: int) -> Decimal:
    scaled = value * 10**places
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    return Decimal(whole + (1 if rest * 2 >= scaled.denominator else 0)).scaleb(-places)


@given(ANSWERS, st.sampled_from(sorted(BOBOT)))
def test_ikm_equals_the_exact_formula_and_its_band(rows: list[dict[str, int]], bobot: str) -> None:
    jumlah, terjawab = _aggregate(rows)
    hasil = hitung_ikm(responden=len(rows), jumlah=jumlah, terjawab=terjawab, bobot=bobot)
    exact = sum((Fraction(jumlah[k], terjawab[k]) * BOBOT[bobot] for k in KODE_UNSUR), Fraction(0))
    assert hasil.ikm == _round(exact * 25, 2)
    assert hasil.ikm is not None
    if bobot == "1/9":
        assert Decimal(25) <= hasil.ikm <= Decimal(100)
    expected_mutu = next((m for batas, m, _k in MUTU_BATAS if hasil.ikm >= batas), "D")
    assert hasil.mutu == expected_mutu
    for k in KODE_UNSUR:
        assert hasil.nrr[k] == _round(Fraction(jumlah[k], terjawab[k]), 4)


@given(ANSWERS, st.sampled_from(KODE_UNSUR), st.data())
def test_a_better_answer_never_lowers_the_ikm(rows, kode, data) -> None:
    index = data.draw(st.integers(0, len(rows) - 1))
    assume(rows[index][kode] < 4)
    before = hitung_ikm(
        responden=len(rows),
        bobot="1/9",
        **dict(zip(("jumlah", "terjawab"), _aggregate(rows), strict=True)),
    )
    better = [dict(r) for r in rows]
    better[index][kode] += 1
    after = hitung_ikm(
        responden=len(rows),
        bobot="1/9",
        **dict(zip(("jumlah", "terjawab"), _aggregate(better), strict=True)),
    )
    assert before.ikm is not None and after.ikm is not None
    assert after.ikm >= before.ikm


@given(
    st.integers(0, 10_000),
    st.dictionaries(st.sampled_from(KODE_UNSUR), st.integers(0, 40_000)),
    st.dictionaries(st.sampled_from(KODE_UNSUR), st.integers(0, 10_000)),
)
def test_incomplete_or_odd_counts_never_crash(responden, jumlah, terjawab) -> None:
    hasil = hitung_ikm(responden=responden, jumlah=jumlah, terjawab=terjawab, bobot="1/9")
    if responden == 0 or any(terjawab.get(k, 0) == 0 for k in KODE_UNSUR):
        assert hasil.ikm is None and hasil.mutu is None
    else:
        assert hasil.ikm is not None


@given(st.integers(-10, 10**7))
def test_minimum_sample_never_exceeds_the_population(populasi: int) -> None:
    n = sampel_minimum(populasi)
    assert 0 <= n <= max(populasi, 0)
    if populasi >= 1:
        assert n >= 1
