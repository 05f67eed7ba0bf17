"""Property-based tests of the NIP parser: every input is either accepted with the fields it
encodes or refused with an Indonesian ValidationError, never an unexpected exception."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from jabatan.nip import LAKI_LAKI, PEREMPUAN, normalize_nip, parse_nip

TODAY = dt.date(2026, 11, 30)
INDONESIAN = ("NIP", "tanggal", "bulan", "TMT", "digit", "tahun", "nomor urut")


def _refused_clearly(exc: ValidationError) -> None:
    text = " ".join(exc.messages)
    assert text and any(word in text for word in INDONESIAN), text


@given(st.text(max_size=40))
def test_any_text_is_accepted_or_refused_with_a_message(raw: str) -> None:
    try:
        info = parse_nip(raw, today=TODAY)
    except ValidationError as exc:
        _refused_clearly(exc)
    else:
        assert len(info.nip) == 18 and info.nip.isdigit()
        assert info.tanggal_lahir <= TODAY


@given(st.from_regex(r"\A[0-9 ]{18,22}\Z"))
def test_any_digit_string_is_accepted_or_refused_with_a_message(raw: str) -> None:
    try:
        info = parse_nip(raw, today=TODAY)
    except ValidationError as exc:
        _refused_clearly(exc)
    else:
        assert info.nip == normalize_nip(raw)


@st.composite
def valid_nip(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    lahir = draw(st.dates(dt.date(1950, 1, 1), dt.date(2006, 1, 1)))
    earliest = lahir.year + 19
    pppk = draw(st.booleans())
    sex = draw(st.sampled_from("12"))
    urutan = draw(st.integers(1, 999))
    if pppk:
        tahun = draw(st.integers(earliest, TODAY.year))
        kontrak = draw(st.integers(1, 9))
        middle = f"{tahun}2{kontrak}"
        tmt = dt.date(tahun, 1, 1)
    else:
        tahun = draw(st.integers(earliest, TODAY.year - 1))
        bulan = draw(st.integers(1, 12))
        middle = f"{tahun}{bulan:02d}"
        tmt = dt.date(tahun, bulan, 1)
    nip = f"{lahir:%Y%m%d}{middle}{sex}{urutan:03d}"
    expected = {
        "tanggal_lahir": lahir,
        "is_pppk": pppk,
        "tmt_awal": tmt,
        "jenis_kelamin": LAKI_LAKI if sex == "1" else PEREMPUAN,
        "urutan": urutan,
    }
    return nip, expected


LAYOUTS = [
    lambda n: n,
    lambda n: f" {n}\t",
    lambda n: f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}",  # as printed on the SK
]


@given(valid_nip(), st.sampled_from(LAYOUTS))
def test_a_well_formed_nip_is_read_back_exactly(
    case: tuple[str, dict[str, object]], layout
) -> None:
    nip, expected = case
    info = parse_nip(layout(nip), today=TODAY)
    assert info.nip == nip
    for field, value in expected.items():
        assert getattr(info, field) == value, field


@given(
    valid_nip(),
    st.integers(0, 17),
    st.characters(codec="ascii").filter(lambda c: not c.isdigit() and not c.isspace()),
)
def test_a_nip_with_a_foreign_character_is_refused(
    case: tuple[str, dict[str, object]], at: int, char: str
) -> None:
    nip, _ = case
    broken = nip[:at] + char + nip[at + 1 :]
    try:
        parse_nip(broken, today=TODAY)
    except ValidationError as exc:
        assert exc.code == "nip_format"
        _refused_clearly(exc)
    else:
        raise AssertionError(f"{broken!r} diterima")
