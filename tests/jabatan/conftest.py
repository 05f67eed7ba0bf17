"""Fixtures of the register tests: a formasi with ABK rows and one ASN in each of unit A and B."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from tests.factories import (
    FormasiFactory,
    JabatanFactory,
    PegawaiFactory,
    RiwayatJabatanFactory,
    UraianTugasFactory,
)

# docs/domain.md#abk example: (volume per tahun, norma waktu in minutes).
CONTOH_ABK = [(240, 60), (48, 300), (1200, 30), (12, 480)]


@pytest.fixture
def seksi_a(unit_a: Any) -> Any:
    from jabatan.models import UnitOrganisasi

    return UnitOrganisasi.objects.get(kode="A.1.1")


@pytest.fixture
def formasi_a(seksi_a: Any) -> Any:
    jabatan = JabatanFactory(
        kode="PLO", nama="Penata Layanan Operasional", kategori="pelaksana", kelas_jabatan=7
    )
    formasi = FormasiFactory(unit=seksi_a, jabatan=jabatan)
    for urutan, (volume, norma) in enumerate(CONTOH_ABK, start=1):
        UraianTugasFactory(
            formasi=formasi,
            urutan=urutan,
            volume_per_tahun=Decimal(volume),
            norma_waktu_menit=Decimal(norma),
        )
    return formasi


@pytest.fixture
def formasi_b(unit_b: Any) -> Any:
    jabatan = JabatanFactory(kode="ANL-B", nama="Analis B", kategori="pelaksana", kelas_jabatan=7)
    formasi = FormasiFactory(unit=unit_b, jabatan=jabatan)
    UraianTugasFactory(
        formasi=formasi, volume_per_tahun=Decimal(1000), norma_waktu_menit=Decimal(60)
    )
    return formasi


@pytest.fixture
def pegawai_a(formasi_a: Any) -> Any:
    pegawai = PegawaiFactory(nama="Ahmad Saputra", nip="198609262015051001")
    RiwayatJabatanFactory(pegawai=pegawai, formasi=formasi_a, tmt_mulai=dt.date(2020, 1, 2))
    return pegawai


@pytest.fixture
def pegawai_b(formasi_b: Any) -> Any:
    pegawai = PegawaiFactory(nama="Bunga Lestari", nip="199001012015052001")
    RiwayatJabatanFactory(pegawai=pegawai, formasi=formasi_b, tmt_mulai=dt.date(2021, 3, 1))
    return pegawai
