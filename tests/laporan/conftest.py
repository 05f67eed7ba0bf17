"""A small register with a known story in January 2026, for the report tests.

Story (WIB):
- Unit A.1 has an Administrator formasi (ABK need 1) held by P1 until 15 Jan 2026, when a
  penyetaraan plan moves P1 to a JF Ahli Muda formasi (need 1) in the same unit.
- A.1's Pelaksana formasi needs 2 and has 3 holders (kelebihan 1) all along.
- Unit B's Pelaksana formasi needs 1; P5 takes it on 10 Feb 2026 (so in January: kekurangan 1).
- P2 completed 24 JP on 20 Jan (verified 25 Jan); P3 completed 10 JP on 10 Jan but verified on
  3 Feb (so it does not count for January).
- Service unit "layanan-a1" (A.1): 10 responses of all 3s in January (IKM 75.00, mutu C) and
  10 responses of all 4s in December 2025 (IKM 100.00, mutu A). "layanan-b" (B): January all 4s.
- One complaint to layanan-a1 received 12 Jan 09:00, answered 5 hours later.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from asn_portal.periode import WIB
from jabatan.models import Formasi, Jabatan, Pegawai, RiwayatJabatan, UnitOrganisasi
from jabatan.penataan.models import ItemRencana, RencanaPenataan, TransisiRencana
from tests.factories import PegawaiFactory, UraianTugasFactory

PAST = dt.datetime(2019, 1, 1, tzinfo=WIB)


def wib(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=WIB)


@dataclass
class Register:
    a1: UnitOrganisasi
    b: UnitOrganisasi
    f_adm: Formasi
    f_jf: Formasi
    f_pel: Formasi
    f_b: Formasi
    pegawai: list[Pegawai]
    jf: Jabatan


def _formasi(unit: UnitOrganisasi, jabatan: Jabatan, menit: int) -> Formasi:
    formasi = Formasi.objects.create(unit=unit, jabatan=jabatan)
    UraianTugasFactory(
        formasi=formasi, volume_per_tahun=Decimal(menit), norma_waktu_menit=Decimal(1)
    )
    Formasi.objects.filter(pk=formasi.pk).update(created_at=PAST)
    return formasi


@pytest.fixture
def register(unit_a: Any, unit_b: Any, admin_bkd: Any) -> Register:
    a1 = UnitOrganisasi.objects.get(kode="A.1")
    b = UnitOrganisasi.objects.get(kode="B")
    adm = Jabatan.objects.create(
        kode="ADM", nama="Kepala Bidang", kategori="administrator", kelas_jabatan=11
    )
    jf = Jabatan.objects.create(
        kode="JF",
        nama="Analis Kebijakan Ahli Madya",
        kategori="fungsional_keahlian",
        jenjang="ahli_madya",
        kelas_jabatan=11,
    )
    pel = Jabatan.objects.create(
        kode="PEL", nama="Pengadministrasi Umum", kategori="pelaksana", kelas_jabatan=5
    )
    f_adm = _formasi(a1, adm, 75_000)
    f_jf = _formasi(a1, jf, 75_000)
    f_pel = _formasi(a1, pel, 150_000)
    f_b = _formasi(b, pel, 75_000)
    pegawai = [PegawaiFactory(nama=f"P{i}") for i in range(1, 6)]
    p1, p2, p3, p4, p5 = pegawai
    RiwayatJabatan.objects.create(
        pegawai=p1, formasi=f_adm, tmt_mulai=dt.date(2020, 1, 1), tmt_selesai=dt.date(2026, 1, 15)
    )
    RiwayatJabatan.objects.create(pegawai=p1, formasi=f_jf, tmt_mulai=dt.date(2026, 1, 15))
    for p in (p2, p3, p4):
        RiwayatJabatan.objects.create(pegawai=p, formasi=f_pel, tmt_mulai=dt.date(2020, 1, 1))
    RiwayatJabatan.objects.create(pegawai=p5, formasi=f_b, tmt_mulai=dt.date(2026, 2, 10))

    rencana = RencanaPenataan.objects.create(
        nama="Penyetaraan 2026",
        jenis="penyetaraan",
        dasar_hukum="Kep. Gub. 800/1/2026",
        tmt=dt.date(2026, 1, 15),
        status="diterapkan",
        dibuat_oleh=admin_bkd,
        diterapkan_pada=wib(2026, 1, 15, 10),
    )
    RencanaPenataan.objects.filter(pk=rencana.pk).update(created_at=wib(2026, 1, 5, 9))
    ItemRencana.objects.create(
        rencana=rencana, jenis="penyetaraan", pegawai=p1, formasi_asal=f_adm, jabatan=jf
    )
    for ke, pada in (
        ("draf", wib(2026, 1, 5, 9)),
        ("diajukan", wib(2026, 1, 6, 9)),
        ("disetujui", wib(2026, 1, 8, 9)),
        ("diterapkan", wib(2026, 1, 15, 10)),
    ):
        t = TransisiRencana.objects.create(rencana=rencana, ke_status=ke, oleh=admin_bkd)
        TransisiRencana.objects.filter(pk=t.pk).update(pada=pada)

    from pelatihan.models import RiwayatPelatihan

    for p, jp, selesai, verif in (
        (p2, 24, dt.date(2026, 1, 20), wib(2026, 1, 25, 10)),
        (p3, 10, dt.date(2026, 1, 10), wib(2026, 2, 3, 10)),
    ):
        RiwayatPelatihan.objects.create(
            pegawai=p,
            nama_pelatihan="Pelatihan teknis",
            jenis="teknis",
            metode="klasikal",
            penyelenggara="BPSDM",
            tanggal_mulai=selesai - dt.timedelta(days=3),
            tanggal_selesai=selesai,
            jp=jp,
            sumber="staf",
            status="terverifikasi",
            diverifikasi_pada=verif,
        )

    from survei.models import Respons, UnitLayanan
    from survei.selectors import kuesioner_aktif

    kuesioner = kuesioner_aktif()
    layanan_a = UnitLayanan.objects.create(
        kode="layanan-a1", nama="Layanan Bidang A1", unit=a1, jumlah_pengguna=100
    )
    layanan_b = UnitLayanan.objects.create(
        kode="layanan-b", nama="Layanan Dinas B", unit=b, jumlah_pengguna=100
    )

    def respons(layanan: Any, tanggal: dt.date, nilai: int, n: int) -> None:
        for _ in range(n):
            r = Respons.objects.create(
                unit_layanan=layanan,
                kuesioner=kuesioner,
                umur=30,
                jenis_kelamin="L",
                pendidikan="sma",
                pekerjaan="swasta",
                jenis_layanan="Umum",
                tanggal_layanan=tanggal,
                tanggal_isi=tanggal,
                **{f"u{i}": nilai for i in range(1, 10)},
            )
            Respons.objects.filter(pk=r.pk).update(
                created_at=dt.datetime.combine(tanggal, dt.time(12), tzinfo=WIB)
            )

    respons(layanan_a, dt.date(2026, 1, 14), 3, 10)
    respons(layanan_a, dt.date(2025, 12, 10), 4, 10)
    respons(layanan_b, dt.date(2026, 1, 20), 4, 10)

    from survei.partisipasi.models import Kasus

    Kasus.objects.create(
        kode_lacak="KS0001",
        unit_layanan=layanan_a,
        jenis="pengaduan",
        sumber="formulir",
        isi="Antrean lama",
        status="dijawab",
        jawaban="Sudah ditambah loket",
        diterima_pada=wib(2026, 1, 12, 9),
        batas_respons=wib(2026, 1, 19, 9),
        dijawab_pada=wib(2026, 1, 12, 14),
        durasi_respons_detik=5 * 3600,
    )
    return Register(
        a1=a1, b=b, f_adm=f_adm, f_jf=f_jf, f_pel=f_pel, f_b=f_b, pegawai=pegawai, jf=jf
    )


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.SITE_URL = "https://asn.example.go.id"


@dataclass
class LaporanSet:
    provinsi: Any
    a: Any
    b: Any
    antre: Any


def buat_laporan(
    *, unit: Any, nomor: int = 1, status: str = "siap", data: dict[str, Any] | None = None
) -> Any:
    """A report row with real data but tiny placeholder files (rendering is tested elsewhere)."""
    from django.core.files.base import ContentFile

    from asn_portal.laporan import services
    from asn_portal.laporan.models import Laporan
    from asn_portal.periode import Periode

    periode = Periode(2026, "bulanan", nomor)
    if data is None and status in ("siap", "terbit"):
        data = services.laporan_data_compute(periode=periode, unit=unit)
    laporan = Laporan(
        jenis="bulanan",
        tahun=2026,
        nomor=nomor,
        unit=unit,
        lingkup_kunci=services.lingkup_kunci(unit),
        tanggal_awal=periode.awal,
        tanggal_akhir=periode.akhir,
        status=status,
        data=data or {},
        hash_konten=services.hash_data(data) if data else "",
        hash_pdf="ab" * 32 if data else "",
        progres=100 if data else 40,
        versi=1 if data else 0,
    )
    if data:
        laporan.pdf.save(
            f"uji-{nomor}-{laporan.lingkup_kunci}.pdf", ContentFile(b"%PDF-1.7 uji"), save=False
        )
        laporan.xlsx.save(
            f"uji-{nomor}-{laporan.lingkup_kunci}.xlsx", ContentFile(b"PK uji"), save=False
        )
    laporan.save()
    return laporan


@pytest.fixture
def laporan_set(register: Register, unit_a: Any, unit_b: Any) -> LaporanSet:
    return LaporanSet(
        provinsi=buat_laporan(unit=None),
        a=buat_laporan(unit=unit_a),
        b=buat_laporan(unit=unit_b),
        antre=buat_laporan(unit=unit_a, nomor=2, status="proses"),
    )
