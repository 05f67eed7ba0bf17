"""asn_portal.bulk.copy_insert writes what Django's own INSERT writes (PostgreSQL COPY)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from asn_portal import bulk
from jabatan.instansi import instansi_bawaan_id
from jabatan.models import JenisKelamin, Pegawai, StatusAktif
from tests.factories import make_nip

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

# Every column but the key, the NIP and the timestamps (compared on their own below).
KOLOM = [
    f.attname
    for f in Pegawai._meta.concrete_fields
    if f.attname not in {"id", "nip", "created_at", "updated_at"}
]


def _pegawai(n: int, **nilai: Any) -> Pegawai:
    return Pegawai(
        nip=make_nip(n),
        nama=f"Pegawai {n % 100}",
        tanggal_lahir=dt.date(1980, 1, 2),
        jenis_kelamin=JenisKelamin.PEREMPUAN,  # an enum member, prepared by the field
        status="pns",
        golongan="III/a",
        status_aktif=StatusAktif.AKTIF,
        instansi_id=instansi_bawaan_id(),  # neither bulk path calls save()
        **nilai,
    )


def test_copy_writes_the_rows_an_insert_writes_whatever_the_python_types() -> None:
    ragam = [
        {},
        {"tmt_golongan": dt.date(2020, 3, 1), "email": "a@contoh.go.id"},
        {"gelar_depan": 17, "tmt_golongan": None},  # an int for a text column: made text
        {"tmt_golongan": dt.datetime(2021, 5, 6, 7, 8)},  # a datetime for a date column
    ]
    lewat_insert = [_pegawai(100 + i, **v) for i, v in enumerate(ragam)]
    lewat_copy = [_pegawai(200 + i, **v) for i, v in enumerate(ragam)]
    Pegawai.objects.bulk_create(lewat_insert)
    bulk.copy_insert(Pegawai, lewat_copy)

    def baris(nips: list[str]) -> list[tuple[Any, ...]]:
        qs = Pegawai.objects.filter(nip__in=nips).order_by("nip")
        return list(qs.values_list(*KOLOM))

    assert baris([p.nip for p in lewat_copy]) == baris([p.nip for p in lewat_insert])
    disalin = [dict(zip(KOLOM, row, strict=True)) for row in baris([p.nip for p in lewat_copy])]
    assert disalin[2]["gelar_depan"] == "17"
    assert disalin[3]["tmt_golongan"] == dt.date(2021, 5, 6)

    # The timestamps are one moment per COPY, on the objects as the rows.
    stempel = set(
        Pegawai.objects.filter(nip__in=[p.nip for p in lewat_copy]).values_list(
            "created_at", "updated_at"
        )
    )
    assert len(stempel) == 1
    assert {(p.created_at, p.updated_at) for p in lewat_copy} == stempel
