"""Fixtures of the penataan tests: a small, hand-countable organisation (the "dunia")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from jabatan.models import Formasi, Jabatan, Pegawai, UnitOrganisasi
from tests.factories import (
    FormasiFactory,
    JabatanFactory,
    PegawaiFactory,
    RiwayatJabatanFactory,
    UraianTugasFactory,
    make_nip,
)

TMT = dt.date(2026, 1, 1)


def pegawai(n: int, **kwargs: Any) -> Pegawai:
    """A working-age ASN (born around 1989) so retirement never interferes by accident."""
    return PegawaiFactory(nip=make_nip(9000 + n), **kwargs)


def menjabat(p: Pegawai, formasi: Formasi, tmt: dt.date = dt.date(2020, 1, 1)) -> Pegawai:
    RiwayatJabatanFactory(pegawai=p, formasi=formasi, tmt_mulai=tmt)
    return p


@dataclass
class Dunia:
    a: UnitOrganisasi
    a1: UnitOrganisasi
    a11: UnitOrganisasi
    b: UnitOrganisasi
    b1: UnitOrganisasi
    kabid: Jabatan
    kasi: Jabatan
    kasubsi: Jabatan
    analis: Jabatan
    pengolah: Jabatan
    kadis: Jabatan
    f_kabid: Formasi
    f_kasi: Formasi
    f_kasubsi: Formasi
    f_analis_a: Formasi
    f_pengolah_a: Formasi
    f_analis_b: Formasi
    p_kabid: Pegawai
    p_kasi: Pegawai
    p_kasubsi: Pegawai
    p_analis1: Pegawai
    p_analis2: Pegawai
    p_pengolah: Pegawai
    p_b: Pegawai


@pytest.fixture
def dunia(unit_a: UnitOrganisasi, unit_b: UnitOrganisasi) -> Dunia:
    a1 = UnitOrganisasi.objects.get(kode="A.1")
    a11 = UnitOrganisasi.objects.get(kode="A.1.1")
    b1 = UnitOrganisasi.objects.get(kode="B.1")
    kabid = JabatanFactory(
        kode="KABID",
        nama="Kepala Bidang",
        kategori="administrator",
        eselon="III.a",
        kelas_jabatan=12,
    )
    kasi = JabatanFactory(
        kode="KASI", nama="Kepala Seksi", kategori="pengawas", eselon="IV.a", kelas_jabatan=9
    )
    kasubsi = JabatanFactory(
        kode="KASUBSI", nama="Kepala Subseksi", kategori="pelaksana", eselon="V.a", kelas_jabatan=7
    )
    analis = JabatanFactory(
        kode="ANALIS", nama="Analis Data", kategori="pelaksana", kelas_jabatan=7
    )
    pengolah = JabatanFactory(
        kode="PENGOLAH", nama="Pengolah Data", kategori="pelaksana", kelas_jabatan=6
    )
    kadis = JabatanFactory(
        kode="KADIS", nama="Kepala Dinas", kategori="jpt_pratama", eselon="II.a", kelas_jabatan=14
    )
    f_kabid = FormasiFactory(unit=a1, jabatan=kabid)
    f_kasi = FormasiFactory(unit=a11, jabatan=kasi)
    f_kasubsi = FormasiFactory(unit=a11, jabatan=kasubsi)
    f_analis_a = FormasiFactory(unit=a11, jabatan=analis)
    f_pengolah_a = FormasiFactory(unit=a1, jabatan=pengolah)
    f_analis_b = FormasiFactory(unit=b1, jabatan=analis)
    FormasiFactory(unit=unit_a, jabatan=kadis)
    # docs/domain.md#abk example: 70,560 minutes a year -> kebutuhan 0.94 -> 1 person.
    for volume, norma in ((240, 60), (48, 300), (1200, 30), (12, 480)):
        UraianTugasFactory(
            formasi=f_analis_b, volume_per_tahun=Decimal(volume), norma_waktu_menit=Decimal(norma)
        )
    # Analis Data in A.1.1: 150,000 minutes -> exactly 2 people.
    UraianTugasFactory(
        formasi=f_analis_a, volume_per_tahun=Decimal(2500), norma_waktu_menit=Decimal(60)
    )
    return Dunia(
        a=unit_a,
        a1=a1,
        a11=a11,
        b=unit_b,
        b1=b1,
        kabid=kabid,
        kasi=kasi,
        kasubsi=kasubsi,
        analis=analis,
        pengolah=pengolah,
        kadis=kadis,
        f_kabid=f_kabid,
        f_kasi=f_kasi,
        f_kasubsi=f_kasubsi,
        f_analis_a=f_analis_a,
        f_pengolah_a=f_pengolah_a,
        f_analis_b=f_analis_b,
        p_kabid=menjabat(pegawai(1, nama="Kabid", golongan="IV/a"), f_kabid),
        p_kasi=menjabat(pegawai(2, nama="Kasi", golongan="III/b"), f_kasi),
        p_kasubsi=menjabat(pegawai(3, nama="Kasubsi", golongan="III/a"), f_kasubsi),
        p_analis1=menjabat(pegawai(4, nama="Analis Satu", golongan="III/a"), f_analis_a),
        p_analis2=menjabat(pegawai(5, nama="Analis Dua", golongan="III/a"), f_analis_a),
        p_pengolah=menjabat(pegawai(6, nama="Pengolah", golongan="II/c"), f_pengolah_a),
        p_b=menjabat(pegawai(7, nama="Pegawai B", golongan="III/a"), f_analis_b),
    )
