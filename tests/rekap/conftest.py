"""Three instansi under Provinsi Bengkulu (the first instansi, "17"), and a fourth province
("18") that no Bengkulu account reads, each built from one table of known service responses,
training hours, formasi with their workloads and holders, and applied plans, so the roll-ups
can be checked against the per-instansi selectors number by number."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import Group

from asn_portal.periode import WIB, JenisPeriode, Periode
from asn_portal.roles import ADMIN_BKD, PEMANTAU
from jabatan.instansi import instansi_bawaan_id
from jabatan.models import Instansi, PemantauInstansi, PetugasInstansi, UnitOrganisasi
from jabatan.penataan.models import JenisItem, JenisRencana, StatusRencana, TransisiRencana
from tests.factories import (
    FormasiFactory,
    JabatanFactory,
    PegawaiFactory,
    RiwayatJabatanFactory,
    UnitOrganisasiFactory,
    UraianTugasFactory,
    UserFactory,
)
from tests.pelatihan.factories import RiwayatFactory
from tests.penataan.factories import ItemFactory, RencanaFactory
from tests.survei.factories import UnitLayananFactory, respons_bulk

TAHUN = 2026
PERIODE = Periode(TAHUN, JenisPeriode.TAHUN)
AS_OF = dt.date(TAHUN, 12, 31)


@dataclass
class Spec:
    kode: str
    jenis: str
    nama: str
    # (sektor, answers of each response) per service unit
    layanan: list[tuple[str, list[list[int | None]]]]
    # (kategori, workload rows (volume, norma minutes), holders' JP this year) per formasi
    formasi: list[tuple[str, list[tuple[str, str]], list[int]]]
    # (quarter, items moving an ASN, other items, reversed later) per applied plan
    rencana: list[tuple[int, int, int, bool]] = field(default_factory=list)


SPECS = {
    "17": Spec(
        "17",
        "provinsi",
        "Provinsi Bengkulu",
        [
            ("kesehatan", [[4, 4, 3, 3, 4, 4, 3, 3, 4], [3, 3, 3, 3, 3, 3, 3, 3, None]]),
            ("adminduk", [[2, 3, 2, 3, 2, 3, 2, 3, 2]]),
            ("kesehatan", [[4, 4, 4, 4, 4, 4, 4, 4, 4]]),
        ],
        [
            ("jpt_pratama", [("12", "60")], [24]),
            ("pelaksana", [("750", "150")], [5, 30, 20]),  # 112500 min: 1.5 → 2
            ("pelaksana", [], []),
            ("fungsional_keahlian", [("1", "1")], [0]),  # tiny workload: at least 1
        ],
        [(1, 2, 1, False), (3, 1, 0, True), (4, 0, 2, False)],
    ),
    "17.71": Spec(
        "17.71",
        "kota",
        "Kota Bengkulu",
        [
            ("perizinan", [[3, 3, 3, 3, 3, 3, 3, 3, 3]] * 3),
            ("kesehatan", [[1, 2, 3, 4, 1, 2, 3, 4, 1]]),
        ],
        [
            ("pelaksana", [("1249", "60")], [21, 19]),  # 74940 min: 0.9992 → 1.00 → 1
            ("administrator", [("375", "100")], []),  # 0.50 → 1 (half-up)
        ],
        [(2, 1, 0, False)],
    ),
    "17.02": Spec(
        "17.02",
        "kabupaten",
        "Kabupaten Rejang Lebong",
        [("pendidikan", [[2, 2, 2, 2, 2, 2, 2, 2, 2]] * 2)],
        [("pelaksana", [("2625", "100")], [40])],  # 3.50 → 4 (half-up)
        [],
    ),
    "18": Spec(
        "18",
        "provinsi",
        "Provinsi Lampung",
        [("kesehatan", [[1, 1, 1, 1, 1, 1, 1, 1, 1]])],
        [("pelaksana", [("10", "10")], [99])],
        [(1, 1, 0, False)],
    ),
}


def _pada(quarter: int) -> dt.datetime:
    return dt.datetime(TAHUN, quarter * 3 - 1, 15, 10, tzinfo=WIB)


def bangun(spec: Spec, oleh: Any) -> Instansi:
    """One instansi with two OPD (the second holds the service units) from ``spec``."""
    if spec.kode == "17":
        instansi = Instansi.objects.get(pk=instansi_bawaan_id())
    else:
        instansi = Instansi.objects.create(
            kode=spec.kode,
            nama=f"Pemerintah {spec.nama}",
            nama_singkat=spec.nama,
            jenis=spec.jenis,
            nama_bkd=f"BKD {spec.nama}",
            slug=spec.nama.lower().replace(" ", "-"),
        )
    tag = spec.kode.replace(".", "")
    opd = UnitOrganisasiFactory(kode=f"R{tag}", nama=f"Dinas {spec.nama}", instansi=instansi)
    opd2 = UnitOrganisasiFactory(kode=f"R{tag}B", nama=f"Badan {spec.nama}", instansi=instansi)
    bidang = UnitOrganisasiFactory(parent=opd2, kode=f"R{tag}B.1", nama="Bidang", jenis="bidang")
    for i, (sektor, jawaban) in enumerate(spec.layanan):
        unit = UnitLayananFactory(
            kode=f"rekap-{tag}-{i}", unit=bidang if i % 2 else opd2, sektor=sektor
        )
        respons_bulk(unit, jawaban, tanggal=dt.date(TAHUN, 3 + i, 10))
        respons_bulk(unit, jawaban[:1], tanggal=dt.date(TAHUN - 1, 12, 31))  # outside
    pegawai = []
    for i, (kategori, beban, jp_list) in enumerate(spec.formasi):
        jenjang = "ahli_pertama" if kategori == "fungsional_keahlian" else ""
        jabatan = JabatanFactory(kategori=kategori, jenjang=jenjang)
        formasi = FormasiFactory(unit=opd if i % 2 == 0 else bidang, jabatan=jabatan)
        for volume, norma in beban:
            UraianTugasFactory(
                formasi=formasi, volume_per_tahun=Decimal(volume), norma_waktu_menit=Decimal(norma)
            )
        for jp in jp_list:
            orang = PegawaiFactory(instansi=instansi)
            RiwayatJabatanFactory(pegawai=orang, formasi=formasi)
            if jp:
                RiwayatFactory(pegawai=orang, jp=jp, tanggal_selesai=dt.date(TAHUN, 5, 2))
            RiwayatFactory(pegawai=orang, jp=50, tanggal_selesai=dt.date(TAHUN - 1, 5, 2))
            pegawai.append(orang)
    for n, (quarter, pindah, lain, dibalik) in enumerate(spec.rencana):
        rencana = RencanaFactory(instansi=instansi, nama=f"Rencana {tag} {n}", dibuat_oleh=oleh)
        for k in range(pindah):
            ItemFactory(rencana=rencana, jenis=JenisItem.MUTASI, pegawai=pegawai[k % len(pegawai)])
        for _k in range(lain):
            ItemFactory(rencana=rencana, jenis=JenisItem.PEMBENTUKAN_FORMASI)
        diterapkan(rencana, oleh, _pada(quarter))
        if dibalik:
            balik = RencanaFactory(
                instansi=instansi,
                jenis=JenisRencana.PEMBALIKAN,
                rencana_asal=rencana,
                dibuat_oleh=oleh,
            )
            ItemFactory(rencana=balik, jenis=JenisItem.MUTASI, pegawai=pegawai[0])
            diterapkan(balik, oleh, _pada(quarter) + dt.timedelta(days=20))
    return instansi


def diterapkan(rencana: Any, oleh: Any, pada: dt.datetime) -> None:
    transisi = TransisiRencana.objects.create(
        rencana=rencana,
        dari_status=StatusRencana.DISETUJUI,
        ke_status=StatusRencana.DITERAPKAN,
        oleh=oleh,
    )
    TransisiRencana.objects.filter(pk=transisi.pk).update(pada=pada)


@pytest.fixture
def dunia_rekap(db: None) -> dict[str, Instansi]:
    oleh = UserFactory(username="penyusun_rekap", is_staff=True)
    return {kode: bangun(spec, oleh) for kode, spec in SPECS.items()}


def _akun(username: str, role: str, instansi: Instansi | None, *, staff: bool) -> Any:
    user = UserFactory(username=username, is_staff=staff)
    user.groups.add(Group.objects.get(name=role))
    if instansi is not None:
        PetugasInstansi.objects.create(user=user, instansi=instansi)
    return user


@pytest.fixture
def pemantau(dunia_rekap: dict[str, Instansi]) -> Any:
    """A Pemantau granted the province and Kota Bengkulu (not Rejang Lebong, not Lampung)."""
    user = _akun("pemantau", PEMANTAU, None, staff=False)
    for kode in ("17", "17.71"):
        PemantauInstansi.objects.create(user=user, instansi=dunia_rekap[kode])
    return user


@pytest.fixture
def admin_provinsi(dunia_rekap: dict[str, Instansi]) -> Any:
    return _akun("admin_provinsi", ADMIN_BKD, dunia_rekap["17"], staff=True)


@pytest.fixture
def admin_kabupaten(dunia_rekap: dict[str, Instansi]) -> Any:
    return _akun("admin_rl", ADMIN_BKD, dunia_rekap["17.02"], staff=True)


def units_of(instansi: Instansi) -> list[UnitOrganisasi]:
    return list(UnitOrganisasi.objects.filter(instansi=instansi, depth=1).order_by("path"))
