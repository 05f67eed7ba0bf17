"""Demo data of the kabupaten/kota beside the province: Kota Bengkulu (17.71) and Kabupaten Rejang
Lebong (17.02), each from one entry of ``DAERAH``: its instansi row, its OPD tree with formasi and
ABK rows, ASN with a placement history, and an account for every role of it (Admin BKD,
Verifikator, Operator OPD of its first OPD, an ASN with a login), so ``make run`` shows several
instansi side by side. Its service units and complaint are in the same entry and are seeded by
``survei.demo`` and ``survei.partisipasi.demo``; training records by ``pelatihan.demo``.

Deterministic (seeded ``rng``) and idempotent: everything is looked up by its natural key (kode,
NIP, username) before it is created; a second run creates nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from asn_portal.demo import demo_account
from asn_portal.roles import ADMIN_BKD, ASN, OPERATOR_OPD, VERIFIKATOR
from jabatan import services
from jabatan.demo import uraian_rows, uraian_tugas
from jabatan.models import (
    Formasi,
    Instansi,
    Jabatan,
    Pegawai,
    RiwayatJabatan,
    UnitOrganisasi,
    UraianTugas,
)
from jabatan.nip import normalize_nip


@dataclass(frozen=True)
class UnitKota:
    kode: str
    nama: str
    jenis: str
    formasi: tuple[tuple[str, int], ...]  # (jabatan kode, people placed on it)
    anak: tuple[UnitKota, ...] = ()


@dataclass(frozen=True)
class LayananKota:
    """A service unit of the daerah (seeded by survei.demo) with its complaint."""

    kode: str
    nama: str
    opd: str  # kode of its OPD
    jenis_layanan: tuple[str, ...]
    rerata: tuple[float, ...]  # mean answer per unsur U1..U9
    saran: tuple[str, ...]
    pengaduan: str
    sektor: str = "kesehatan"  # survei.models.SektorLayanan


@dataclass(frozen=True)
class Daerah:
    akun: str  # the accounts' suffix: admin.<akun>, verifikator.<akun>, ...
    email: str  # the BKD's mail domain
    instansi: dict[str, str]
    opd: tuple[UnitKota, ...]
    layanan: tuple[LayananKota, ...]
    nama_depan: tuple[str, ...]


def _dinkes(kode: str, nama: str, puskesmas: str) -> UnitKota:
    return UnitKota(
        kode,
        nama,
        "opd",
        (("JPTP-KADIS", 1), ("PLK-PAP", 1)),
        (
            UnitKota(f"{kode}.1", "Bidang Pelayanan Kesehatan", "bidang", (("ADM-KABID", 1),)),
            UnitKota(
                f"{kode}.2",
                puskesmas,
                "puskesmas",
                (("PGW-KAPUSK", 1), ("JF-DOK-AP", 1), ("JF-PRW-T-TR", 2), ("JF-BDN-T-TR", 1)),
            ),
        ),
    )


def _bkpsdm(kode: str, nama: str) -> UnitKota:
    return UnitKota(
        kode,
        nama,
        "opd",
        (("JPTP-KABAN", 1),),
        (
            UnitKota(
                f"{kode}.1",
                "Bidang Mutasi dan Promosi",
                "bidang",
                (("ADM-KABID", 1), ("JF-ASDMA-AP", 2), ("PLK-PDI", 2)),
            ),
        ),
    )


RERATA_BAIK = (3.4, 3.3, 3.1, 3.8, 3.4, 3.5, 3.5, 3.1, 3.3)
RERATA_SEDANG = (3.0, 2.9, 2.6, 3.4, 3.0, 3.1, 3.0, 2.7, 2.9)

DAERAH: tuple[Daerah, ...] = (
    Daerah(
        akun="kota",
        email="bkpsdm.bengkulukota.go.id",
        instansi={
            "kode": "17.71",
            "nama": "Pemerintah Kota Bengkulu",
            "nama_singkat": "Kota Bengkulu",
            "jenis": "kota",
            "nama_bkd": "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kota Bengkulu",
            "kop_surat": "PEMERINTAH KOTA BENGKULU\nBADAN KEPEGAWAIAN DAN PENGEMBANGAN SDM\n"
            "Jl. Let. Jend. S. Parman No. 1, Bengkulu",
            "alamat": "Jl. Let. Jend. S. Parman No. 1, Bengkulu",
            "penandatangan": "Kepala BKPSDM Kota Bengkulu",
            "slug": "kota-bengkulu",
        },
        opd=(
            _dinkes(
                "KOTA.DINKES", "Dinas Kesehatan Kota Bengkulu", "UPTD Puskesmas Kuala Lempuing"
            ),
            _bkpsdm("KOTA.BKPSDM", "BKPSDM Kota Bengkulu"),
        ),
        layanan=(
            LayananKota(
                "kota-puskesmas-kuala-lempuing",
                "UPTD Puskesmas Kuala Lempuing",
                "KOTA.DINKES",
                ("Poli umum", "Kesehatan ibu dan anak", "Imunisasi"),
                RERATA_BAIK,
                ("Pelayanan cepat dan ramah.", "Ruang tunggu sempit saat pagi."),
                "Antrean poli umum dibuka terlambat, pasien menunggu di luar sejak pukul 07.00.",
            ),
        ),
        nama_depan=("Rahmat", "Siti", "Dedi", "Yuli", "Agus", "Wulan"),
    ),
    Daerah(
        akun="rejanglebong",
        email="bkpsdm.rejanglebongkab.go.id",
        instansi={
            "kode": "17.02",
            "nama": "Pemerintah Kabupaten Rejang Lebong",
            "nama_singkat": "Kabupaten Rejang Lebong",
            "jenis": "kabupaten",
            "nama_bkd": "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia "
            "Kabupaten Rejang Lebong",
            "kop_surat": "PEMERINTAH KABUPATEN REJANG LEBONG\n"
            "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SDM\nJl. S. Sukowati No. 60, Curup",
            "alamat": "Jl. S. Sukowati No. 60, Curup",
            "penandatangan": "Kepala BKPSDM Kabupaten Rejang Lebong",
            "slug": "kabupaten-rejang-lebong",
        },
        opd=(
            _dinkes("RL.DINKES", "Dinas Kesehatan Kabupaten Rejang Lebong", "UPTD Puskesmas Curup"),
            _bkpsdm("RL.BKPSDM", "BKPSDM Kabupaten Rejang Lebong"),
        ),
        layanan=(
            LayananKota(
                "rl-puskesmas-curup",
                "UPTD Puskesmas Curup",
                "RL.DINKES",
                ("Poli umum", "Poli gigi", "Imunisasi"),
                RERATA_SEDANG,
                ("Obat sering habis.", "Petugas pendaftaran sabar."),
                "Obat hipertensi kosong dua minggu, pasien diminta membeli sendiri di apotek.",
            ),
        ),
        nama_depan=("Ujang", "Yanti", "Herman", "Desi", "Bayu", "Nurul"),
    ),
)
NAMA_BELAKANG = ("Saputra", "Lestari", "Pratama", "Rahayu", "Hidayat", "Wati")
TMT_PENEMPATAN = dt.date(2022, 1, 3)
TMT_ROTASI = dt.date(2025, 7, 1)


def akun(daerah: Daerah) -> list[tuple[str, str]]:
    """``(username, role)`` of the daerah's demo accounts."""
    return [
        (f"admin.{daerah.akun}", ADMIN_BKD),
        (f"verifikator.{daerah.akun}", VERIFIKATOR),
        (f"operator.{daerah.akun}", OPERATOR_OPD),
        (f"asn.{daerah.akun}", ASN),
    ]


def _nip(rng: random.Random) -> str:
    lahir = dt.date(1975, 1, 1) + dt.timedelta(days=rng.randrange(20 * 365))
    tmt = dt.date(max(lahir.year + 22, 2000), rng.randrange(1, 13), 1)
    return normalize_nip(f"{lahir:%Y%m%d}{tmt:%Y%m}{rng.choice('12')}{rng.randrange(100, 999)}")


def _units(
    spec: UnitKota, induk: UnitOrganisasi | None, instansi: Instansi
) -> list[tuple[UnitOrganisasi, UnitKota]]:
    unit = UnitOrganisasi.objects.filter(kode=spec.kode).first()
    if unit is None:
        unit = services.unit_create(
            user=None,
            induk=induk,
            kode=spec.kode,
            nama=spec.nama,
            jenis=spec.jenis,
            instansi_id=instansi.pk if induk is None else None,
        )
    found = [(unit, spec)]
    for anak in spec.anak:
        found += _units(anak, unit, instansi)
    return found


def _seed_daerah(daerah: Daerah, rng: random.Random) -> tuple[int, int]:
    data = dict(daerah.instansi)
    instansi, _created = Instansi.objects.get_or_create(kode=data.pop("kode"), defaults=data)
    units = [pair for opd in daerah.opd for pair in _units(opd, None, instansi)]
    jabatan = {
        j.kode: j
        for j in Jabatan.objects.filter(kode__in={k for _, s in units for k, _n in s.formasi})
    }
    # Formasi with their ABK rows (the rows are drawn every run, so the rng stays in step).
    placements: list[tuple[Formasi, int]] = []
    for unit, spec in units:
        for kode, jumlah in spec.formasi:
            rows = uraian_rows(rng, kode, jumlah)
            if kode not in jabatan:
                continue
            formasi, created = Formasi.objects.get_or_create(unit=unit, jabatan=jabatan[kode])
            if created:
                UraianTugas.objects.bulk_create(uraian_tugas(formasi, rows))
            placements.append((formasi, jumlah))
    # ASN, placed through the service (history, audit); a few are rotated later on.
    placed = set(
        RiwayatJabatan.objects.filter(formasi__in=[f for f, _ in placements]).values_list(
            "formasi_id", flat=True
        )
    )
    dibuat = 0
    pelaksana: list[Pegawai] = []
    for formasi, jumlah in placements:
        for _n in range(jumlah):
            nip = _nip(rng)
            nama = f"{rng.choice(daerah.nama_depan)} {rng.choice(NAMA_BELAKANG)}"
            if formasi.pk in placed:
                continue
            while Pegawai.objects.filter(nip=nip).exists():
                nip = _nip(rng)
            pegawai = services.pegawai_create(
                user=None,
                nip=nip,
                nama=nama,
                status="pns",
                golongan=rng.choice(["III/a", "III/b", "III/c"]),
                email=f"{nip}@{daerah.email}",
                formasi=formasi,
                tmt_mulai=TMT_PENEMPATAN,
            )
            dibuat += 1
            if formasi.jabatan.kategori == "pelaksana":
                pelaksana.append(pegawai)
    # Placement history: pelaksana move to another OPD's pelaksana formasi in mid-2025.
    tujuan = [f for f, _ in placements if f.jabatan.kategori == "pelaksana"]
    for pegawai in pelaksana[:2]:
        asal = RiwayatJabatan.objects.filter(pegawai=pegawai, tmt_selesai__isnull=True).first()
        baru = next((f for f in tujuan if asal is None or f.pk != asal.formasi_id), None)
        if baru is not None:
            services.riwayat_open(
                pegawai=pegawai,
                formasi=baru,
                tmt=TMT_ROTASI,
                nomor_sk=f"821.2/{pegawai.pk % 1000:03d}/BKPSDM/2025",
                tanggal_sk=TMT_ROTASI - dt.timedelta(days=10),
                keterangan="Rotasi pelaksana",
                user=None,
            )
    _accounts(daerah, instansi, units[0][0])
    return len(units), dibuat


def _accounts(daerah: Daerah, instansi: Instansi, opd: UnitOrganisasi) -> None:
    """One account per role; the operator manages the first OPD, the ASN is its first ASN."""
    pegawai = (
        RiwayatJabatan.objects.definitif()
        .filter(formasi__unit__path__startswith=opd.path, tmt_selesai__isnull=True)
        .select_related("pegawai")
        .order_by("pegawai__nip")
        .first()
    )
    for username, role in akun(daerah):
        demo_account(
            username,
            role,
            email=f"{username}@{daerah.email}",
            instansi=instansi,
            unit=opd if role == OPERATOR_OPD else None,
            pegawai=pegawai.pegawai if role == ASN and pegawai else None,
        )


def seed(*, rng: random.Random, out: Callable[[str], None]) -> None:
    for daerah in DAERAH:
        units, pegawai = _seed_daerah(daerah, rng)
        out(
            f"Instansi {daerah.instansi['nama_singkat']} ({daerah.instansi['kode']}): "
            f"{units} unit, {pegawai} pegawai baru, akun {', '.join(u for u, _ in akun(daerah))}."
        )
    from asn_portal.demo import pemantau_seed

    pemantau_seed([str(daerah.instansi["kode"]) for daerah in DAERAH])
