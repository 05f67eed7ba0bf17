from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from jabatan.nip import parse_nip

TODAY = dt.date(2026, 11, 29)

VALID = [
    # (input, tanggal lahir, jenis kelamin, PPPK?)
    ("198609262015051001", dt.date(1986, 9, 26), "L", False),
    ("19860926 201505 1 001", dt.date(1986, 9, 26), "L", False),
    ("  19860926  201505 1 001 ", dt.date(1986, 9, 26), "L", False),
    ("199212312019032002", dt.date(1992, 12, 31), "P", False),
    ("200012312024211001", dt.date(2000, 12, 31), "L", True),
    ("19950615 2023 2 3 2 005", dt.date(1995, 6, 15), "P", True),
    ("198802292014021001", dt.date(1988, 2, 29), "L", False),
]

INVALID = [
    # (input, a fragment of the Indonesian message)
    ("19850230 201001 1 001", "Tanggal lahir dalam NIP tidak valid: 30 Februari 1985."),
    ("198902292014021001", "Tanggal lahir dalam NIP tidak valid: 29 Februari 1989."),
    ("19861326 201505 1 001", "Tanggal lahir dalam NIP tidak valid: 26/13/1986."),
    ("1986092620150510", "18 angka"),
    ("1986092620150510011", "18 angka"),
    ("19860926201505100A", "18 angka"),
    ("", "18 angka"),
    ("198609262015131001", "Bulan TMT CPNS dalam NIP tidak valid: 13"),
    ("198609262015001001", "Bulan TMT CPNS dalam NIP tidak valid: 00"),
    ("198609262000051001", "sebelum pegawai berusia 18 tahun"),
    ("198609262027051001", "TMT CPNS dalam NIP ada di masa depan"),
    ("198609262015053001", "jenis kelamin"),
    ("198609262015050001", "jenis kelamin"),
    ("198609262015051000", "tidak boleh 000"),
    ("202701012045051001", "Tanggal lahir dalam NIP ada di masa depan"),
    ("200012312024201001", "urutan kontrak"),
    ("200012312015211001", "sebelum pegawai berusia 18 tahun"),
    ("200012312030211001", "Tahun pengangkatan PPPK dalam NIP ada di masa depan"),
]


@pytest.mark.parametrize(("raw", "lahir", "jk", "pppk"), VALID)
def test_it_accepts_valid_nip(raw: str, lahir: dt.date, jk: str, pppk: bool) -> None:
    info = parse_nip(raw, today=TODAY)
    assert info.nip == "".join(raw.split())
    assert len(info.nip) == 18
    assert info.tanggal_lahir == lahir
    assert info.jenis_kelamin == jk
    assert info.is_pppk is pppk


@pytest.mark.parametrize(("raw", "pesan"), INVALID)
def test_it_refuses_invalid_nip_with_indonesian_reason(raw: str, pesan: str) -> None:
    with pytest.raises(ValidationError) as exc:
        parse_nip(raw, today=TODAY)
    assert pesan in " ".join(exc.value.messages)


def test_pppk_digits_13_14_are_never_read_as_a_month() -> None:
    # "21" would be month 21 in a PNS layout; for PPPK it is the constant 2 and contract 1.
    info = parse_nip("200012312024211001", today=TODAY)
    assert info.is_pppk
    assert info.tmt_awal == dt.date(2024, 1, 1)


@pytest.mark.django_db
def test_pegawai_derives_birth_date_and_sex_from_nip() -> None:
    from jabatan.models import Pegawai

    pegawai = Pegawai(nip="19860926 201505 2 001", nama="Siti", status="pns", golongan="III/b")
    pegawai.full_clean()
    assert pegawai.nip == "198609262015052001"
    assert pegawai.tanggal_lahir == dt.date(1986, 9, 26)
    assert pegawai.jenis_kelamin == "P"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("nip", "status", "golongan", "field", "pesan"),
    [
        ("198609262015051001", "pppk", "IX", "nip", "NI PPPK"),
        ("200012312024211001", "pns", "III/a", "nip", "status harus PPPK"),
        ("200012312024211001", "pppk", "III/a", "golongan", "PPPK bergolongan I–XVII"),
        ("198609262015051001", "pns", "IX", "golongan", "PNS/CPNS bergolongan"),
    ],
)
def test_pegawai_refuses_status_that_does_not_fit(
    nip: str, status: str, golongan: str, field: str, pesan: str
) -> None:
    from jabatan.models import Pegawai

    with pytest.raises(ValidationError) as exc:
        Pegawai(nip=nip, nama="X", status=status, golongan=golongan).full_clean()
    assert pesan in " ".join(exc.value.message_dict[field])


def test_a_bulk_check_uses_one_day_for_every_nip(monkeypatch) -> None:
    from django.utils import timezone

    from jabatan.nip import nip_checked_on

    calls = []
    real = timezone.localdate
    monkeypatch.setattr(timezone, "localdate", lambda *a: calls.append(1) or real(*a))
    with nip_checked_on(dt.date(2028, 1, 1)):
        for _ in range(50):
            assert parse_nip("198609262027051001").tanggal_lahir == dt.date(1986, 9, 26)
    assert calls == []  # the clock was not asked per NIP
    with pytest.raises(ValidationError, match="masa depan"):
        parse_nip("198609262099051001")
