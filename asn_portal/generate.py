"""Synthetic, valid instansi for benchmarks: ``generate(scale=..., seed=..., instansi=N)``.

Every row respects the database's constraints and the domain's rules: NIPs that
``jabatan.nip.parse_nip`` accepts (birth date, TMT CPNS at least 18 years later, sex, serial;
NI PPPK for PPPK), golongan matching the status, materialised paths that treebeard's
``find_problems`` finds nothing wrong with, one formasi per (unit, jabatan), position histories
whose periods follow one another without overlap and leave exactly one open definitive
assignment per active ASN. The same scale and seed give the same rows; all dates are fixed
relative to ``REFERENSI`` so that the data does not change with the day it is generated.

With ``instansi=N`` the same shapes are generated N times, one instansi after the other (the
first instansi, then Bengkulu's kabupaten/kota by their national codes, then synthetic codes
``99.01``…): each instansi's units (root and sub-units), ASN, training records, service units
and responses are its own, and NIPs, unit codes and service-unit codes are unique across them.
Only one instansi's rows are held in memory at a time.

PostgreSQL gets the big tables by COPY (psycopg 3 ``cursor.copy``); other databases by
``bulk_create``. Explicit primary keys are assigned, and the sequences are reset at the end.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from asn_portal.bulk import copy_rows

# All generated dates lie before this day (the data is the same whenever it is generated).
REFERENSI = dt.date(2026, 1, 1)
UNIT_PER_OPD = 30  # OPD + sekretariat + 4 bidang × (1 + 6 seksi)
FORMASI_PER_UNIT = 5
URAIAN_PER_FORMASI = 3
RIWAYAT_PER_PEGAWAI = 5  # on average (3..7)
UNIT_PER_LAYANAN = 10  # one service point per ten units


@dataclass(frozen=True)
class Scale:
    opd: int
    pegawai: int
    pelatihan: int
    respons: int


SCALES: dict[str, Scale] = {
    "tiny": Scale(opd=2, pegawai=150, pelatihan=600, respons=3_000),
    "small": Scale(opd=10, pegawai=4_000, pelatihan=30_000, respons=100_000),
    "bengkulu": Scale(opd=100, pegawai=40_000, pelatihan=300_000, respons=1_000_000),
    "nasional": Scale(opd=1_000, pegawai=400_000, pelatihan=3_000_000, respons=10_000_000),
}


# The instansi after the first: Bengkulu's kabupaten/kota (kode, nama singkat, jenis), then
# synthetic ones (99.01 … 99.99).
WILAYAH: tuple[tuple[str, str, str], ...] = (
    ("17.01", "Kabupaten Bengkulu Selatan", "kabupaten"),
    ("17.02", "Kabupaten Rejang Lebong", "kabupaten"),
    ("17.03", "Kabupaten Bengkulu Utara", "kabupaten"),
    ("17.04", "Kabupaten Kaur", "kabupaten"),
    ("17.05", "Kabupaten Seluma", "kabupaten"),
    ("17.06", "Kabupaten Mukomuko", "kabupaten"),
    ("17.07", "Kabupaten Lebong", "kabupaten"),
    ("17.08", "Kabupaten Kepahiang", "kabupaten"),
    ("17.09", "Kabupaten Bengkulu Tengah", "kabupaten"),
    ("17.71", "Kota Bengkulu", "kota"),
    *((f"99.{n:02d}", f"Kabupaten Sintetis {n:02d}", "kabupaten") for n in range(1, 100)),
)
MAKS_INSTANSI = 1 + len(WILAYAH)


@dataclass
class Ringkasan:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    # kode instansi -> counts of that instansi (in the order they were generated)
    per_instansi: dict[str, dict[str, int]] = field(default_factory=dict)


class _Progress:
    """A one-line progress bar on ``out`` (nothing when ``out`` is None)."""

    def __init__(self, out: IO[str] | None, label: str, total: int) -> None:
        self.out, self.label, self.total, self.done = out, label, max(total, 1), 0
        self.started = time.perf_counter()
        self._shown = -1

    def update(self, n: int = 1) -> None:
        self.done += n
        percent = min(100, self.done * 100 // self.total)
        if self.out is not None and percent != self._shown:
            self._shown = percent
            bar = "#" * (percent // 4)
            self.out.write(f"\r{self.label:<18} [{bar:<25}] {percent:3d}% {self.done:>10,}")
            self.out.flush()

    def close(self) -> None:
        if self.out is not None:
            elapsed = time.perf_counter() - self.started
            self.out.write(
                f"\r{self.label:<18} [{'#' * 25}] 100% {self.done:>10,}  {elapsed:6.1f} s\n"
            )
            self.out.flush()


def _diverifikasi(selesai: dt.date, jp: int, now: dt.datetime) -> dt.datetime:
    """When a generated record was verified: one to four weeks after the training ended, at
    most now. A figure asked "as of" a past date counts the records verified by then; verifying
    them all at generation time left every past year without counted JP. Derived from the
    record's own values, so the random stream (and every later row) stays as it was."""
    hari = 1 + (jp * 7 + selesai.toordinal()) % 28
    pada = dt.datetime.combine(selesai + dt.timedelta(days=hari), dt.time(9), tzinfo=dt.UTC)
    return min(pada, now)


def _write(
    model: type[models.Model],
    columns: list[str],
    rows: Iterable[tuple[Any, ...]],
    progress: _Progress,
) -> int:
    """Insert ``rows`` (values in ``columns`` order, attnames) into ``model``'s table."""
    return copy_rows(model, columns, rows, progress=progress.update)


def _next_id(model: type[models.Model]) -> int:
    return int(model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1  # type: ignore[attr-defined]


def _nip_pns(lahir: dt.date, tmt: dt.date, jk: str, urutan: int) -> str:
    return f"{lahir:%Y%m%d}{tmt:%Y%m}{jk}{urutan:03d}"


def _nip_pppk(lahir: dt.date, tahun: int, kontrak: int, jk: str, urutan: int) -> str:
    return f"{lahir:%Y%m%d}{tahun:04d}2{kontrak}{jk}{urutan:03d}"


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


NAMA_DEPAN = [
    "Ahmad",
    "Budi",
    "Citra",
    "Dewi",
    "Eka",
    "Fajar",
    "Gita",
    "Hendra",
    "Indah",
    "Joko",
    "Kartika",
    "Lestari",
    "Made",
    "Nur",
    "Putri",
    "Rahmat",
    "Sari",
    "Taufik",
    "Utami",
    "Wahyu",
    "Yuni",
    "Zainal",
    "Agus",
    "Bambang",
    "Rina",
    "Siti",
    "Andi",
    "Rudi",
    "Fitri",
    "Dian",
]
NAMA_BELAKANG = [
    "Saputra",
    "Wijaya",
    "Lestari",
    "Pratama",
    "Hidayat",
    "Kurniawan",
    "Susanti",
    "Rahayu",
    "Santoso",
    "Gunawan",
    "Harahap",
    "Siregar",
    "Nasution",
    "Putra",
    "Utami",
    "Wati",
    "Setiawan",
    "Hasibuan",
    "Lubis",
    "Purnomo",
    "Anggraini",
    "Maharani",
]


def _katalog() -> list[dict[str, Any]]:
    """The position catalogue (fixed, not scaled): struktural heads, pelaksana, fungsional."""
    rows: list[dict[str, Any]] = [
        {"kode": "GEN-JPT", "nama": "Kepala Dinas", "kategori": "jpt_pratama", "kelas_jabatan": 14},
        {"kode": "GEN-SEK", "nama": "Sekretaris", "kategori": "administrator", "kelas_jabatan": 12},
        {
            "kode": "GEN-ADM",
            "nama": "Kepala Bidang",
            "kategori": "administrator",
            "kelas_jabatan": 11,
        },
        {"kode": "GEN-PGW", "nama": "Kepala Seksi", "kategori": "pengawas", "kelas_jabatan": 9},
    ]
    for i in range(30):
        rows.append(
            {
                "kode": f"GEN-PLK{i:02d}",
                "nama": f"Pelaksana {i:02d}",
                "kategori": "pelaksana",
                "kelas_jabatan": 5 + i % 4,
            }
        )
    keahlian = ["ahli_pertama", "ahli_muda", "ahli_madya"]
    keterampilan = ["terampil", "mahir", "penyelia"]
    for i in range(10):
        for j, jenjang in enumerate(keahlian):
            rows.append(
                {
                    "kode": f"GEN-JFA{i:02d}{j}",
                    "nama": f"Analis {i:02d} {jenjang.replace('_', ' ').title()}",
                    "kategori": "fungsional_keahlian",
                    "jenjang": jenjang,
                    "kelas_jabatan": 8 + 2 * j,
                }
            )
        for j, jenjang in enumerate(keterampilan):
            rows.append(
                {
                    "kode": f"GEN-JFT{i:02d}{j}",
                    "nama": f"Teknisi {i:02d} {jenjang.title()}",
                    "kategori": "fungsional_keterampilan",
                    "jenjang": jenjang,
                    "kelas_jabatan": 6 + j,
                }
            )
    return rows


def generate(
    *, scale: str, seed: int = 1, instansi: int = 1, out: IO[str] | None = sys.stderr
) -> Ringkasan:
    """Generate ``instansi`` instansi of ``scale`` (see ``SCALES``) with ``seed``; returns the
    counts (in total and per instansi).

    Can run more than once on one database with different seeds (kodes and NIPs do not clash);
    the same seed twice is refused. ``instansi=1`` fills the first instansi alone, exactly as
    before there were several.
    """
    if scale not in SCALES:
        raise ValueError(f"Skala tidak dikenal: {scale} (pilih {', '.join(SCALES)}).")
    if not 1 <= instansi <= MAKS_INSTANSI:
        raise ValueError(f"Jumlah instansi harus antara 1 dan {MAKS_INSTANSI}, bukan {instansi}.")
    started = time.perf_counter()
    with transaction.atomic():
        ringkasan = _generate(SCALES[scale], seed, instansi, out)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    ringkasan.seconds = time.perf_counter() - started
    return ringkasan


def _instansi_rows(jumlah: int) -> list[tuple[int, str, str]]:
    """``(id, kode, nama singkat)`` of the ``jumlah`` instansi to fill: the first instansi, then
    the rows of ``WILAYAH`` (created when missing, found by their code when they exist)."""
    from jabatan.instansi import instansi_bawaan_id
    from jabatan.models import Instansi

    pertama = Instansi.objects.get(pk=instansi_bawaan_id())
    rows = [(pertama.pk, pertama.kode, pertama.nama_singkat)]
    for kode, nama, jenis in WILAYAH[: jumlah - 1]:
        row, _created = Instansi.objects.get_or_create(
            kode=kode,
            defaults={
                "nama": f"Pemerintah {nama}",
                "nama_singkat": nama,
                "jenis": jenis,
                "nama_bkd": f"Badan Kepegawaian dan Pengembangan SDM {nama}",
                "penandatangan": f"Kepala BKPSDM {nama}",
                "slug": slugify(nama),
            },
        )
        rows.append((row.pk, row.kode, row.nama_singkat))
    return rows


@dataclass(frozen=True)
class _Sasaran:
    """Where one instansi's rows go and how its codes and names keep apart from the others'."""

    instansi_id: int
    kode: str
    prefix: str  # of unit codes
    layanan: str  # of service-unit codes
    nama: str  # added to unit and service names ("" for the first instansi)
    label: str  # before each progress bar's label


def _generate(s: Scale, seed: int, jumlah: int, out: IO[str] | None) -> Ringkasan:
    from jabatan.models import Formasi, Jabatan, Pegawai, RiwayatJabatan, UnitOrganisasi
    from jabatan.models import UraianTugas as Uraian
    from pelatihan.models import RiwayatPelatihan
    from survei.models import Respons
    from survei.selectors import kuesioner_aktif

    if UnitOrganisasi.objects.filter(kode=f"S{seed}.0001").exists():
        raise ValueError(
            f"Data dengan seed {seed} sudah ada di basis data ini; pakai --seed yang lain."
        )
    ringkasan = Ringkasan()
    now = timezone.now()

    # --- position catalogue (shared by every seed and instansi) -------------------------------
    katalog = _katalog()
    Jabatan.objects.bulk_create(
        [Jabatan(jenjang=r.pop("jenjang", ""), **r) for r in [dict(x) for x in katalog]],
        ignore_conflicts=True,
    )
    jabatan = {j.kode: j.pk for j in Jabatan.objects.filter(kode__startswith="GEN-")}
    # NIPs are unique in the whole database: one set for every instansi of the run.
    existing = set(Pegawai.objects.values_list("nip", flat=True))
    kuesioner_id = kuesioner_aktif().pk

    for urutan, (instansi_id, kode, nama) in enumerate(_instansi_rows(jumlah)):
        if urutan == 0:  # the first instansi keeps the rows of a single-instansi run
            rng = random.Random(seed)  # nosec B311  # reproducible synthetic data, not secrets
            sasaran = _Sasaran(instansi_id, kode, f"S{seed}", f"s{seed}-", "", "")
        else:
            rng = random.Random(f"{seed}:{kode}")  # nosec B311  # reproducible, not secrets
            angka = kode.replace(".", "")
            sasaran = _Sasaran(
                instansi_id, kode, f"S{seed}K{angka}", f"s{seed}-{angka}-", f" {nama}", f"{kode} "
            )
        if jumlah > 1 and out is not None:
            out.write(f"instansi {urutan + 1}/{jumlah}: {kode} {nama}\n")
        counts = _satu_instansi(s, seed, rng, sasaran, jabatan, existing, kuesioner_id, now, out)
        ringkasan.per_instansi[kode] = counts
        for key, value in counts.items():
            ringkasan.counts[key] = ringkasan.counts.get(key, 0) + value

    models_with_ids: list[type[models.Model]] = [UnitOrganisasi, Formasi, Uraian, Pegawai]
    models_with_ids += [RiwayatJabatan, RiwayatPelatihan, Respons]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models_with_ids):
            cursor.execute(sql)
    return ringkasan


def _satu_instansi(
    s: Scale,
    seed: int,
    rng: random.Random,
    sasaran: _Sasaran,
    jabatan: dict[str, int],
    existing: set[str],
    kuesioner_id: int,
    now: dt.datetime,
    out: IO[str] | None,
) -> dict[str, int]:
    """One instansi's rows; its lists are dropped when it returns (memory stays per instansi)."""
    from jabatan.models import Formasi, Pegawai, RiwayatJabatan, UnitOrganisasi
    from jabatan.models import UraianTugas as Uraian
    from pelatihan.models import RiwayatPelatihan
    from survei.models import Respons, SektorLayanan, UnitLayanan

    sektor_pilihan = SektorLayanan.values

    counts: dict[str, int] = {}
    prefix, instansi_id, label = sasaran.prefix, sasaran.instansi_id, sasaran.label
    head_for_depth = {1: "GEN-JPT", 2: "GEN-ADM", 3: "GEN-PGW"}
    lain = sorted(k for k in jabatan if k not in {"GEN-JPT", "GEN-SEK", "GEN-ADM", "GEN-PGW"})

    # --- organisation tree --------------------------------------------------------------------
    last_root = UnitOrganisasi.objects.get_last_root_node()
    first_root = (UnitOrganisasi._str2int(last_root.path) + 1) if last_root else 1
    unit_id = _next_id(UnitOrganisasi)
    units: list[dict[str, Any]] = []  # id, path, depth, opd index

    def unit(kode: str, nama: str, jenis: str, path: str, depth: int, numchild: int, opd: int):
        nonlocal unit_id
        units.append(
            {"id": unit_id, "kode": kode, "nama": nama, "jenis": jenis, "path": path, "depth": depth,
                 "numchild": numchild, "opd": opd}
        )  # fmt: skip
        unit_id += 1

    for o in range(s.opd):
        kode = f"{prefix}.{o + 1:04d}"
        root_path = UnitOrganisasi._get_path(None, 1, first_root + o)
        unit(kode, f"Dinas {o + 1:04d}{sasaran.nama} (seed {seed})", "opd", root_path, 1, 5, o)
        sek_path = UnitOrganisasi._get_path(root_path, 2, 1)
        unit(f"{kode}.0", f"Sekretariat Dinas {o + 1:04d}", "sekretariat", sek_path, 2, 0, o)
        for b in range(4):
            bidang_path = UnitOrganisasi._get_path(root_path, 2, b + 2)
            unit(f"{kode}.{b + 1}", f"Bidang {b + 1} Dinas {o + 1:04d}", "bidang",
                 bidang_path, 2, 6, o)  # fmt: skip
            for k in range(6):
                unit(f"{kode}.{b + 1}.{k + 1}", f"Seksi {b + 1}.{k + 1} Dinas {o + 1:04d}",
                     "seksi", UnitOrganisasi._get_path(bidang_path, 3, k + 1), 3, 0, o)  # fmt: skip
    p = _Progress(out, f"{label}unit", len(units))
    cols = ["id", "path", "depth", "numchild", "kode", "nama", "jenis", "aktif"]
    counts["unit"] = _write(
        UnitOrganisasi,
        [*cols, "instansi_id", "created_at", "updated_at"],
        ((*(u[c] if c != "aktif" else True for c in cols), instansi_id, now, now) for u in units),
        p,
    )
    p.close()

    # --- formasi and ABK rows -----------------------------------------------------------------
    formasi_id = _next_id(Formasi)
    formasi: list[tuple[int, int, str]] = []  # (id, unit id, jabatan kode)
    formasi_per_opd: dict[int, list[int]] = {}
    head_of_unit: dict[int, int] = {}
    for u in units:
        head = "GEN-SEK" if u["jenis"] == "sekretariat" else head_for_depth[u["depth"]]
        kodes = [head, *rng.sample(lain, FORMASI_PER_UNIT - 1)]
        for i, kode_jabatan in enumerate(kodes):
            formasi.append((formasi_id, u["id"], kode_jabatan))
            formasi_per_opd.setdefault(u["opd"], []).append(formasi_id)
            if i == 0:
                head_of_unit[u["id"]] = formasi_id
            formasi_id += 1
    p = _Progress(out, f"{label}formasi", len(formasi))
    counts["formasi"] = _write(
        Formasi,
        ["id", "unit_id", "jabatan_id", "aktif", "catatan", "created_at", "updated_at"],
        ((fid, uid, jabatan[k], True, "", now, now) for fid, uid, k in formasi),
        p,
    )
    p.close()

    def uraian_rows() -> Iterator[tuple[Any, ...]]:
        for fid, _uid, _k in formasi:
            for i in range(URAIAN_PER_FORMASI):
                volume = Decimal(rng.randrange(50, 2000))
                norma = Decimal(rng.randrange(10, 120))
                yield (fid, i, f"Uraian tugas {i + 1}", "Dokumen", volume, norma)

    p = _Progress(out, f"{label}uraian tugas", len(formasi) * URAIAN_PER_FORMASI)
    counts["uraian tugas"] = _write(
        Uraian,
        ["formasi_id", "urutan", "uraian", "hasil_kerja", "volume_per_tahun", "norma_waktu_menit"],
        uraian_rows(),
        p,
    )
    p.close()

    # --- pegawai -------------------------------------------------------------------------------
    from jabatan.golongan import GOLONGAN_PNS, GOLONGAN_PPPK

    pegawai_id = _next_id(Pegawai)
    existing = set(Pegawai.objects.values_list("nip", flat=True))
    pegawai: list[tuple[int, dt.date, str]] = []  # (id, TMT awal, status_aktif)

    def pegawai_rows() -> Iterator[tuple[Any, ...]]:
        nonlocal pegawai_id
        for n in range(s.pegawai):
            lahir = dt.date(1970, 1, 1) + dt.timedelta(days=rng.randrange(30 * 365))
            jk = rng.choice("12")
            pppk = rng.random() < 0.12
            while True:
                urutan = rng.randrange(1, 1000)
                if pppk:
                    tahun = min(REFERENSI.year - 1, rng.randrange(lahir.year + 19, 2026))
                    tmt = dt.date(tahun, 1, 1)
                    nip = _nip_pppk(lahir, tahun, rng.randrange(1, 10), jk, urutan)
                else:
                    earliest = _add_years(lahir, 18).replace(day=1)
                    # Months from the 18th birthday to December of the year before REFERENSI.
                    months = (REFERENSI.year - 1 - earliest.year) * 12 + 12 - earliest.month
                    offset = rng.randrange(max(1, min(months, 20 * 12) + 1))
                    y, m = divmod(earliest.month - 1 + offset, 12)
                    tmt = dt.date(earliest.year + y, m + 1, 1)
                    nip = _nip_pns(lahir, tmt, jk, urutan)
                if nip not in existing:
                    existing.add(nip)
                    break
            if pppk:
                status, golongan = "pppk", rng.choice(GOLONGAN_PPPK)
            else:
                status = "cpns" if tmt.year >= REFERENSI.year - 1 else "pns"
                golongan = rng.choice(GOLONGAN_PNS[4:14])
            aktif = "aktif" if rng.random() < 0.97 else "berhenti"
            pegawai.append((pegawai_id, tmt, aktif))
            nama = f"{rng.choice(NAMA_DEPAN)} {rng.choice(NAMA_BELAKANG)} {n}"
            yield (
                pegawai_id, nip, nama, "", "", lahir, "L" if jk == "1" else "P", status,
                golongan, None, rng.choice(["sma", "d3", "s1", "s1", "s2"]), aktif, "",
                instansi_id, now, now,
            )  # fmt: skip
            pegawai_id += 1

    p = _Progress(out, f"{label}pegawai", s.pegawai)
    counts["pegawai"] = _write(
        Pegawai,
        [
            "id",
            "nip",
            "nama",
            "gelar_depan",
            "gelar_belakang",
            "tanggal_lahir",
            "jenis_kelamin",
            "status",
            "golongan",
            "tmt_golongan",
            "pendidikan_terakhir",
            "status_aktif",
            "email",
            "instansi_id",
            "created_at",
            "updated_at",
        ],  # fmt: skip
        pegawai_rows(),
        p,
    )
    p.close()

    # --- position history: sequential periods, the last one open for active ASN --------------
    opd_ids = sorted(formasi_per_opd)
    heads = list(head_of_unit.values())
    free_heads = list(heads)
    rng.shuffle(free_heads)

    def riwayat_rows() -> Iterator[tuple[Any, ...]]:
        for pid, tmt, aktif in pegawai:
            opd = rng.choice(opd_ids)
            pool = formasi_per_opd[opd]
            n = rng.randint(RIWAYAT_PER_PEGAWAI - 2, RIWAYAT_PER_PEGAWAI + 2)
            span = (REFERENSI - tmt).days
            n = max(1, min(n, span // 60))
            cuts = sorted(rng.sample(range(1, span), n - 1)) if n > 1 else []
            starts = [tmt, *(tmt + dt.timedelta(days=c) for c in cuts)]
            final = free_heads.pop() if free_heads and rng.random() < 0.5 else None
            for i, mulai in enumerate(starts):
                last = i == len(starts) - 1
                if last:
                    selesai = None if aktif == "aktif" else REFERENSI - dt.timedelta(days=1)
                    if selesai is not None and selesai <= mulai:
                        selesai = None if aktif == "aktif" else mulai + dt.timedelta(days=1)
                    fid = final if final is not None else rng.choice(pool)
                else:
                    selesai = starts[i + 1]
                    fid = rng.choice(pool)
                yield (pid, fid, "definitif", mulai, selesai, f"SK-{pid}-{i}", None, "", now)

    p = _Progress(out, f"{label}riwayat jabatan", len(pegawai) * RIWAYAT_PER_PEGAWAI)
    counts["riwayat jabatan"] = _write(
        RiwayatJabatan,
        [
            "pegawai_id",
            "formasi_id",
            "jenis",
            "tmt_mulai",
            "tmt_selesai",
            "nomor_sk",
            "tanggal_sk",
            "keterangan",
            "created_at",
        ],  # fmt: skip
        riwayat_rows(),
        p,
    )
    p.close()

    # --- training records ---------------------------------------------------------------------
    from pelatihan.models import JenisProgram, Metode

    jenis_pelatihan = [JenisProgram.TEKNIS, JenisProgram.FUNGSIONAL, JenisProgram.SEMINAR]
    pids = [pid for pid, _t, _a in pegawai]

    def pelatihan_rows() -> Iterator[tuple[Any, ...]]:
        for _ in range(s.pelatihan):
            pid = rng.choice(pids)
            mulai = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(5 * 365 - 10))
            hari = rng.randrange(0, 5)
            verified = rng.random() < 0.9
            # drawn in the order the row lists them, as before (the random stream is unchanged)
            nama = f"Pelatihan teknis {rng.randrange(200):03d}"
            jenis = rng.choice(jenis_pelatihan)
            metode = rng.choice([Metode.KLASIKAL, Metode.NONKLASIKAL])
            jp = rng.randrange(2, 41)
            selesai = mulai + dt.timedelta(days=hari)
            yield (
                pid, None, None, nama, jenis, metode,
                "BPSDM Provinsi", mulai, selesai, jp,
                "", "", "", "", "staf", "terverifikasi" if verified else "diajukan", "", None,
                _diverifikasi(selesai, jp, now) if verified else None, now, now,
            )  # fmt: skip

    p = _Progress(out, f"{label}riwayat pelatihan", s.pelatihan)
    counts["riwayat pelatihan"] = _write(
        RiwayatPelatihan,
        [
            "pegawai_id",
            "program_id",
            "peserta_id",
            "nama_pelatihan",
            "jenis",
            "metode",
            "penyelenggara",
            "tanggal_mulai",
            "tanggal_selesai",
            "jp",
            "hasil",
            "nomor_sertifikat",
            "sertifikat",
            "sertifikat_tipe",
            "sumber",
            "status",
            "alasan_penolakan",
            "diverifikasi_oleh_id",
            "diverifikasi_pada",
            "created_at",
            "updated_at",
        ],  # fmt: skip
        pelatihan_rows(),
        p,
    )
    p.close()

    # --- survey responses over two years ------------------------------------------------------
    layanan = UnitLayanan.objects.bulk_create(
        [
            UnitLayanan(
                kode=f"{sasaran.layanan}layanan-{i + 1:05d}",
                nama=f"Layanan {i + 1:05d}{sasaran.nama} (seed {seed})",
                unit_id=u["id"],
                jenis_layanan=["Layanan administrasi"],
                jumlah_pengguna=rng.randrange(500, 20_000),
                # by position, drawing nothing: the seed's other data stay the same
                sektor=sektor_pilihan[i % len(sektor_pilihan)],
            )
            for i, u in enumerate(units[::UNIT_PER_LAYANAN])
        ]
    )
    if not all(lay.pk for lay in layanan):  # databases that do not return ids
        layanan = list(UnitLayanan.objects.filter(kode__startswith=f"{sasaran.layanan}layanan-"))
    counts["unit layanan"] = len(layanan)
    # The first service point takes a tenth of the responses (a big Dukcapil office).
    besar, lainnya = layanan[0].pk, [lay.pk for lay in layanan[1:]] or [layanan[0].pk]
    awal = REFERENSI.replace(year=REFERENSI.year - 2)
    hari = (REFERENSI - awal).days
    bobot = [1, 1, 2, 2, 3, 3, 3, 3, 4, 4]

    def respons_rows() -> Iterator[tuple[Any, ...]]:
        for _ in range(s.respons):
            lid = besar if rng.random() < 0.1 else rng.choice(lainnya)
            tanggal = awal + dt.timedelta(days=rng.randrange(hari))
            nilai = [rng.choice(bobot) for _u in range(9)]
            yield (
                lid, kuesioner_id, *nilai, rng.randrange(17, 80), rng.choice("LP"),
                rng.choice(["sma", "d4_s1", "smp", "d1_d3"]), rng.choice(["swasta", "pns"]),
                "Layanan administrasi", tanggal, "", "daring",
                uuid.UUID(int=rng.getrandbits(128), version=4), tanggal, "", "", None,
                dt.datetime.combine(tanggal, dt.time(9), tzinfo=dt.UTC),
            )  # fmt: skip

    p = _Progress(out, f"{label}respons survei", s.respons)
    counts["respons survei"] = _write(
        Respons,
        [
            "unit_layanan_id",
            "kuesioner_id",
            *(f"u{i}" for i in range(1, 10)),
            "umur",
            "jenis_kelamin",
            "pendidikan",
            "pekerjaan",
            "jenis_layanan",
            "tanggal_layanan",
            "saran",
            "sumber",
            "idempotency_key",
            "tanggal_isi",
            "perangkat_hash",
            "alamat_klien_hash",
            "dientri_oleh_id",
            "created_at",
        ],  # fmt: skip
        respons_rows(),
        p,
    )
    p.close()

    return counts
