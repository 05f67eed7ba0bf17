"""Demo data for competency development, built on the Bengkulu register from jabatan.demo.

Idempotent: dictionary rows are keyed by code, and records are only added for ASN who have none.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from matplotlib.figure import Figure

from jabatan.demo_kota import DAERAH
from jabatan.instansi import instansi_bawaan_id
from jabatan.models import Instansi, Jabatan, KategoriJabatan, Pegawai, RiwayatJabatan
from pelatihan.models import (
    Angkatan,
    JenisKompetensi,
    Kompetensi,
    LevelKompetensi,
    Peserta,
    ProfilSasaran,
    ProgramKompetensi,
    ProgramPelatihan,
    RiwayatPelatihan,
    StandarKompetensi,
    StatusPeserta,
    StatusRiwayat,
    SumberRiwayat,
)
from pelatihan.services import angkatan_terbuka_untuk

KOMPETENSI = [
    ("MJ-INT", "Integritas", JenisKompetensi.MANAJERIAL),
    ("MJ-KER", "Kerja sama", JenisKompetensi.MANAJERIAL),
    ("MJ-KOM", "Komunikasi", JenisKompetensi.MANAJERIAL),
    ("MJ-ORH", "Orientasi pada hasil", JenisKompetensi.MANAJERIAL),
    ("MJ-PLY", "Pelayanan publik", JenisKompetensi.MANAJERIAL),
    ("MJ-PKP", "Pengembangan diri dan orang lain", JenisKompetensi.MANAJERIAL),
    ("MJ-PRB", "Mengelola perubahan", JenisKompetensi.MANAJERIAL),
    ("MJ-KEP", "Pengambilan keputusan", JenisKompetensi.MANAJERIAL),
    ("SK-PRK", "Perekat bangsa", JenisKompetensi.SOSIAL_KULTURAL),
    ("PM-OTD", "Wawasan otonomi daerah", JenisKompetensi.PEMERINTAHAN),
    ("TK-ANK", "Analisis kebijakan", JenisKompetensi.TEKNIS),
    ("TK-SDM", "Manajemen SDM aparatur", JenisKompetensi.TEKNIS),
    ("TK-KES", "Manajemen pelayanan kesehatan", JenisKompetensi.TEKNIS),
    ("TK-KEU", "Pengelolaan keuangan daerah", JenisKompetensi.TEKNIS),
    ("TK-DIG", "Literasi digital dan data", JenisKompetensi.TEKNIS),
]
LEVEL_DESKRIPSI = {
    1: "Memahami konsep dasar dan menerapkannya dengan bimbingan.",
    2: "Menerapkan secara mandiri pada tugas rutin.",
    3: "Menerapkan pada tugas yang kompleks dan membimbing rekan.",
    4: "Mengembangkan metode dan memimpin penerapan di unit.",
    5: "Menjadi rujukan dan menetapkan arah di tingkat instansi.",
}
# (kode, nama, jenis, metode, JP, penyelenggara, {kompetensi: level})
PROGRAM = [
    (
        "LATSAR",
        "Pelatihan Dasar CPNS",
        "latsar",
        "klasikal",
        296,
        "BPSDM Provinsi Bengkulu",
        {"MJ-INT": 2, "SK-PRK": 2, "PM-OTD": 2, "MJ-PLY": 2},
    ),
    (
        "PKP",
        "Pelatihan Kepemimpinan Pengawas",
        "pkp",
        "klasikal",
        177,
        "BPSDM Provinsi Bengkulu",
        {"MJ-KER": 3, "MJ-KOM": 3, "MJ-ORH": 3, "MJ-PKP": 3},
    ),
    (
        "PKA",
        "Pelatihan Kepemimpinan Administrator",
        "pka",
        "klasikal",
        210,
        "BPSDM Provinsi Bengkulu",
        {"MJ-PRB": 4, "MJ-KEP": 4, "MJ-ORH": 4, "MJ-KOM": 4},
    ),
    (
        "PKN2",
        "Pelatihan Kepemimpinan Nasional Tingkat II",
        "pkn_ii",
        "klasikal",
        250,
        "LAN RI",
        {"MJ-PRB": 5, "MJ-KEP": 5, "MJ-INT": 5},
    ),
    (
        "PKN1",
        "Pelatihan Kepemimpinan Nasional Tingkat I",
        "pkn_i",
        "klasikal",
        300,
        "LAN RI",
        {"MJ-PRB": 5, "MJ-KEP": 5, "MJ-KOM": 5},
    ),
    (
        "JF-AUD-MD",
        "Pelatihan Penjenjangan Auditor Ahli Madya",
        "fungsional",
        "klasikal",
        100,
        "BPKP",
        {"TK-ANK": 4, "MJ-KEP": 3},
    ),
    (
        "JF-ANK",
        "Pelatihan Fungsional Analis Kebijakan",
        "fungsional",
        "klasikal",
        120,
        "LAN RI",
        {"TK-ANK": 3, "TK-DIG": 2},
    ),
    (
        "TK-SDM",
        "Pelatihan Teknis Manajemen ASN",
        "teknis",
        "klasikal",
        40,
        "BKD Provinsi Bengkulu",
        {"TK-SDM": 3, "MJ-PLY": 3},
    ),
    (
        "TK-KEU",
        "Bimtek Pengelolaan Keuangan Daerah",
        "teknis",
        "klasikal",
        32,
        "BPKAD Provinsi Bengkulu",
        {"TK-KEU": 3},
    ),
    (
        "TK-KES",
        "Pelatihan Manajemen Puskesmas",
        "teknis",
        "klasikal",
        45,
        "Dinas Kesehatan Provinsi Bengkulu",
        {"TK-KES": 3, "MJ-PLY": 3},
    ),
    (
        "EL-DIG",
        "E-learning Literasi Digital ASN",
        "e_learning",
        "nonklasikal",
        20,
        "ASN Unggul (LAN RI)",
        {"TK-DIG": 2},
    ),
    (
        "EL-PLY",
        "E-learning Pelayanan Prima",
        "e_learning",
        "nonklasikal",
        12,
        "BPSDM Provinsi Bengkulu",
        {"MJ-PLY": 2, "MJ-KOM": 2},
    ),
    (
        "SEM-RB",
        "Seminar Reformasi Birokrasi dan Penyederhanaan Birokrasi",
        "seminar",
        "klasikal",
        8,
        "Pemerintah Provinsi Bengkulu",
        {"MJ-PRB": 2},
    ),
    (
        "CM-KIN",
        "Coaching Kinerja Berbasis Hasil",
        "coaching",
        "nonklasikal",
        16,
        "BKD Provinsi Bengkulu",
        {"MJ-ORH": 3, "MJ-PKP": 2},
    ),
    (
        "MGG-KES",
        "Magang Pelayanan Rumah Sakit Rujukan",
        "magang",
        "nonklasikal",
        60,
        "RSUD dr. M. Yunus",
        {"TK-KES": 4},
    ),
]
# Who each program is for (ProgramPelatihan.sasaran_*): status, kategori jabatan, jenjang,
# jabatan whose name contains one of the words, and competencies the jabatan's standard
# requires. Programs not listed are open to every ASN.
SASARAN: dict[str, dict[str, list[str]]] = {
    "LATSAR": {"status": ["cpns"]},
    "PKP": {"status": ["pns"], "kategori": ["pengawas"]},
    "PKA": {"status": ["pns"], "kategori": ["administrator"]},
    "PKN2": {"status": ["pns"], "kategori": ["jpt_pratama"]},
    "PKN1": {"status": ["pns"], "kategori": ["jpt_madya"]},
    "JF-AUD-MD": {
        "kategori": ["fungsional_keahlian"],
        "jenjang": ["ahli_madya"],
        "jabatan": ["auditor"],
    },
    "JF-ANK": {"kategori": ["fungsional_keahlian"], "kompetensi": ["TK-ANK"]},
    "TK-SDM": {"kompetensi": ["TK-SDM"]},
    "TK-KEU": {"kompetensi": ["TK-KEU"]},
    "TK-KES": {"kompetensi": ["TK-KES"]},
    "MGG-KES": {"kompetensi": ["TK-KES"], "jabatan": ["dokter", "perawat", "bidan"]},
}
STANDAR_MANAJERIAL = ["MJ-INT", "MJ-KER", "MJ-KOM", "MJ-ORH", "MJ-PLY", "SK-PRK", "PM-OTD"]
LEVEL_PER_KATEGORI = {
    KategoriJabatan.JPT_PRATAMA: 4,
    KategoriJabatan.JPT_MADYA: 5,
    KategoriJabatan.JPT_UTAMA: 5,
    KategoriJabatan.ADMINISTRATOR: 3,
    KategoriJabatan.PENGAWAS: 3,
}
PENDING = [
    ("Webinar Manajemen Talenta ASN", "seminar", "nonklasikal", 4, "KemenPANRB", "pdf"),
    (
        "Kursus Daring Analisis Data Kepegawaian",
        "e_learning",
        "nonklasikal",
        10,
        "ASN Unggul (LAN RI)",
        "png",
    ),
]


def _teknis_for(jabatan: Jabatan) -> list[str]:
    nama = jabatan.nama.lower()
    if any(w in nama for w in ("kesehatan", "puskesmas", "perawat", "dokter", "bidan", "epidemi")):
        return ["TK-KES", "TK-DIG"]
    if any(w in nama for w in ("keuangan", "anggaran", "bendahara", "akuntan")):
        return ["TK-KEU", "TK-DIG"]
    if any(w in nama for w in ("sdm", "kepegawaian", "aparatur", "pegawai")):
        return ["TK-SDM", "TK-DIG"]
    return ["TK-ANK", "TK-DIG"]


def _level(jabatan: Jabatan) -> int:
    level = LEVEL_PER_KATEGORI.get(KategoriJabatan(jabatan.kategori))
    if level is not None:
        return level
    return {"ahli_madya": 3, "ahli_utama": 4}.get(jabatan.jenjang, 2)


def sertifikat_demo(nama: str, pemilik: str, fmt: str) -> bytes:
    """A generated certificate document (PDF or PNG) for the demo."""
    fig = Figure(figsize=(8.27, 5.83))
    fig.text(0.5, 0.8, "SERTIFIKAT", ha="center", fontsize=28, weight="bold", color="#0b4f8a")
    fig.text(0.5, 0.65, "diberikan kepada", ha="center", fontsize=12)
    # Names are user text: drawn as typed, never as mathtext ("$x^$" would fail the render).
    fig.text(0.5, 0.55, pemilik, ha="center", fontsize=18, weight="bold", parse_math=False)
    fig.text(
        0.5,
        0.42,
        f"atas partisipasi dalam {nama}",
        ha="center",
        fontsize=11,
        wrap=True,
        parse_math=False,
    )
    fig.text(
        0.5, 0.15, "Dokumen contoh data demo ASN Portal", ha="center", fontsize=8, color="#595959"
    )
    buffer = io.BytesIO()
    fig.savefig(
        buffer,
        format=fmt,
        dpi=72 if fmt == "png" else None,
        metadata={"Creator": None}
        if fmt == "png"
        else {"Creator": None, "Producer": None, "CreationDate": None},
    )
    return buffer.getvalue()


def _dictionary(out: Callable[[str], None]) -> dict[str, Kompetensi]:
    kompetensi: dict[str, Kompetensi] = {}
    for kode, nama, jenis in KOMPETENSI:
        kompetensi[kode], _ = Kompetensi.objects.get_or_create(
            kode=kode, defaults={"nama": nama, "jenis": jenis}
        )
    LevelKompetensi.objects.bulk_create(
        [
            LevelKompetensi(kompetensi=k, level=lvl, deskripsi=d)
            for k in kompetensi.values()
            for lvl, d in LEVEL_DESKRIPSI.items()
        ],
        ignore_conflicts=True,
    )
    return kompetensi


def _standards(kompetensi: dict[str, Kompetensi]) -> int:
    rows = []
    for jabatan in Jabatan.objects.filter(aktif=True).only("pk", "nama", "kategori", "jenjang"):
        level = _level(jabatan)
        for kode in STANDAR_MANAJERIAL[:5]:
            rows.append(
                StandarKompetensi(jabatan=jabatan, kompetensi=kompetensi[kode], level=min(level, 5))
            )
        for kode in _teknis_for(jabatan):
            rows.append(
                StandarKompetensi(
                    jabatan=jabatan, kompetensi=kompetensi[kode], level=min(level + 1, 5)
                )
            )
        if jabatan.kategori in LEVEL_PER_KATEGORI:
            rows.append(
                StandarKompetensi(jabatan=jabatan, kompetensi=kompetensi["MJ-PRB"], level=level)
            )
            rows.append(
                StandarKompetensi(jabatan=jabatan, kompetensi=kompetensi["MJ-KEP"], level=level)
            )
    StandarKompetensi.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return len(rows)


def _catalog(kompetensi: dict[str, Kompetensi]) -> dict[str, ProgramPelatihan]:
    programs: dict[str, ProgramPelatihan] = {}
    links = []
    for kode, nama, jenis, metode, jp, penyelenggara, levels in PROGRAM:
        program, _ = ProgramPelatihan.objects.get_or_create(
            kode=kode,
            defaults={
                "nama": nama,
                "jenis": jenis,
                "metode": metode,
                "jp": jp,
                "penyelenggara": penyelenggara,
                "deskripsi": f"{nama} yang diselenggarakan {penyelenggara}.",
            },
        )
        _sasaran(program, SASARAN.get(kode, {}), kompetensi)
        programs[kode] = program
        links += [
            ProgramKompetensi(program=program, kompetensi=kompetensi[k], level=lvl)
            for k, lvl in levels.items()
        ]
    ProgramKompetensi.objects.bulk_create(links, ignore_conflicts=True)
    return programs


def _sasaran(
    program: ProgramPelatihan, sasaran: dict[str, list[str]], kompetensi: dict[str, Kompetensi]
) -> None:
    """Give a program its demo target group unless it already has one (a re-run keeps edits)."""
    if (
        program.sasaran_status
        or program.sasaran_kategori
        or program.sasaran_jenjang
        or program.sasaran_jabatan.exists()
        or program.sasaran_kompetensi.exists()
    ):
        return
    program.sasaran_status = sasaran.get("status", [])
    program.sasaran_kategori = sasaran.get("kategori", [])
    program.sasaran_jenjang = sasaran.get("jenjang", [])
    program.full_clean()
    program.save(update_fields=["sasaran_status", "sasaran_kategori", "sasaran_jenjang"])
    kata = sasaran.get("jabatan", [])
    if kata:
        nama_q = Q()
        for k in kata:
            nama_q |= Q(nama__icontains=k)
        jabatan = Jabatan.objects.filter(nama_q, aktif=True)
        if sasaran.get("jenjang"):
            jabatan = jabatan.filter(jenjang__in=sasaran["jenjang"])
        program.sasaran_jabatan.set(jabatan)
    program.sasaran_kompetensi.set([kompetensi[k] for k in sasaran.get("kompetensi", [])])


# The programs each kabupaten/kota runs itself, and the national e-learning run all share.
RUN_DAERAH = ("TK-SDM", "TK-KES")
RUN_BERSAMA = "EL-DIG"


def _run(
    program: ProgramPelatihan,
    nama: str,
    mulai: dt.date,
    *,
    instansi_id: int | None,
    tempat: str,
) -> Angkatan:
    durasi = max(1, min(program.jp // 8, 40))
    daring = program.metode == "nonklasikal"
    angkatan, _ = Angkatan.objects.get_or_create(
        program=program,
        nama=nama,
        defaults={
            "instansi_id": instansi_id,
            "tanggal_mulai": mulai,
            "tanggal_selesai": mulai + dt.timedelta(days=durasi - 1),
            "kuota": 200 if daring else 30,
            "tempat": "" if daring else tempat,
            "tautan_daring": "https://asnunggul.lan.go.id/" if daring else "",
            "pendaftaran_mulai": mulai - dt.timedelta(days=45),
            "pendaftaran_selesai": mulai - dt.timedelta(days=7),
        },
    )
    return angkatan


def _runs(programs: dict[str, ProgramPelatihan], today: dt.date) -> list[Angkatan]:
    """The province's runs of every program (organised by BPSDM Provinsi Bengkulu for its own
    ASN), each kabupaten/kota's own runs of two technical programs (jabatan.demo_kota
    ``DAERAH``), and one national e-learning run shared by every instansi."""
    provinsi = instansi_bawaan_id()
    runs = []
    for index, program in enumerate(programs.values()):
        durasi = max(1, min(program.jp // 8, 40))
        jadwal = [
            (f"Angkatan I {today.year - 1}", dt.date(today.year - 1, 3 + index % 8, 5)),
            (f"Angkatan I {today.year}", today - dt.timedelta(days=60 + 7 * index + durasi)),
            (f"Angkatan II {today.year}", today + dt.timedelta(days=21 + 5 * index)),
        ]
        for nama, mulai in jadwal:
            runs.append(
                _run(
                    program,
                    nama,
                    mulai,
                    instansi_id=provinsi,
                    tempat="Kampus BPSDM Provinsi Bengkulu",
                )
            )
    teknis = [programs[kode] for kode in RUN_DAERAH if kode in programs]
    for daerah in DAERAH:
        instansi = Instansi.objects.filter(kode=daerah.instansi["kode"]).first()
        if instansi is None:
            continue
        singkat = daerah.instansi["nama_singkat"]
        for index, program in enumerate(teknis):
            for nama, mulai in (
                (f"Angkatan {singkat} I {today.year}", today - dt.timedelta(days=40 + 9 * index)),
                (f"Angkatan {singkat} II {today.year}", today + dt.timedelta(days=28 + 9 * index)),
            ):
                runs.append(
                    _run(
                        program,
                        nama,
                        mulai,
                        instansi_id=instansi.pk,
                        tempat=f"Aula {daerah.instansi['nama_bkd']}",
                    )
                )
    daring = programs.get(RUN_BERSAMA)
    if daring is not None:
        runs.append(
            _run(
                daring,
                f"Angkatan Nasional {today.year}",
                today + dt.timedelta(days=14),
                instansi_id=None,
                tempat="",
            )
        )
    return runs


def seed(*, rng: random.Random, out: Callable[[str], None]) -> None:
    today = timezone.localdate()
    kompetensi = _dictionary(out)
    jumlah_standar = _standards(kompetensi)
    programs = _catalog(kompetensi)
    runs = _runs(programs, today)
    past_runs = [a for a in runs if a.tanggal_selesai < today]

    aktif = RiwayatJabatan.objects.definitif().aktif_pada(today).filter(pegawai_id=OuterRef("pk"))
    tanpa_riwayat = (
        Pegawai.objects.filter(Exists(aktif), status_aktif="aktif")
        .exclude(Exists(RiwayatPelatihan.objects.filter(pegawai_id=OuterRef("pk"))))
        .order_by("nip")
    )
    pegawai_list = list(tanpa_riwayat)
    program_kecil = [p for p in programs.values() if p.jp <= 60]
    # Records and registrations follow each program's target group, read through the one rule
    # (ProgramPelatihanQuerySet) once per distinct (status, jabatan) profile.
    jabatan_sekarang = {
        r.pegawai_id: r.formasi.jabatan
        for r in RiwayatJabatan.objects.definitif()
        .aktif_pada(today)
        .filter(pegawai__in=pegawai_list)
        .select_related("formasi__jabatan")
    }
    sasaran_cache: dict[ProfilSasaran, set[int]] = {}

    def boleh(pegawai: Pegawai) -> set[int]:
        profil = ProfilSasaran.dari(pegawai, jabatan_sekarang.get(pegawai.pk))
        if profil not in sasaran_cache:
            sasaran_cache[profil] = set(
                ProgramPelatihan.objects.untuk_profil(profil).values_list("pk", flat=True)
            )
        return sasaran_cache[profil]

    sudah_peserta = set(Peserta.objects.values_list("pegawai_id", flat=True).distinct())
    # The demo portal accounts: the first meets 20 JP this year, the others fall short.
    akun = list(
        Pegawai.objects.filter(user__isnull=False).order_by("nip").values_list("pk", flat=True)
    )
    target_akun = {pk: (24 if index == 0 else 8) for index, pk in enumerate(akun)}
    records: list[RiwayatPelatihan] = []
    peserta_records: list[tuple[Peserta, Angkatan]] = []
    # Each ASN draws from their own generator, so what one gets does not depend on who else is
    # drawn this run (an ASN who drew nothing draws nothing again: a second run adds nothing).
    dasar = rng.getrandbits(64)
    for pegawai in pegawai_list:
        rng = random.Random(f"{dasar}:{pegawai.nip}")  # nosec B311  # reproducible demo data
        untuk = boleh(pegawai)
        # Four years of history, so the portal's JP chart has earlier years to show; the demo
        # accounts have records in every one of them.
        for offset in (3, 2, 1, 0):
            tahun = today.year - offset
            target = (
                rng.choice([0, 8, 14, 20, 24, 32, 45])
                if offset
                else rng.choice([0, 6, 12, 16, 20, 24, 36])
            )
            if pegawai.pk in target_akun:
                target = target_akun[pegawai.pk] if offset == 0 else rng.choice([14, 20, 24, 32])
            total = 0
            pool = [p for p in program_kecil if p.pk in untuk]
            if offset == 0 and target_akun.get(pegawai.pk, 20) < 20:
                pool = [p for p in pool if p.jp <= 12]
            while pool and total < target:
                program = rng.choice(pool)
                batas = today if offset == 0 else dt.date(tahun, 12, 31)
                selesai = dt.date(tahun, 1, 1) + dt.timedelta(
                    days=rng.randrange(max((batas - dt.date(tahun, 1, 1)).days, 1))
                )
                records.append(
                    RiwayatPelatihan(
                        pegawai=pegawai,
                        program=program,
                        nama_pelatihan=program.nama,
                        jenis=program.jenis,
                        metode=program.metode,
                        penyelenggara=program.penyelenggara,
                        tanggal_mulai=max(
                            dt.date(tahun, 1, 1),
                            selesai - dt.timedelta(days=max(program.jp // 8, 1) - 1),
                        ),
                        tanggal_selesai=selesai,
                        jp=program.jp,
                        hasil="Lulus",
                        sumber=SumberRiwayat.STAF,
                        status=StatusRiwayat.TERVERIFIKASI,
                        diverifikasi_pada=timezone.now(),
                    )
                )
                total += program.jp
        runs_boleh = [
            a
            for a in past_runs
            if a.program_id in untuk and angkatan_terbuka_untuk(a, pegawai.instansi_id)
        ]
        if runs_boleh and pegawai.pk not in sudah_peserta and rng.random() < 0.15:
            angkatan = rng.choice(runs_boleh)
            peserta_records.append(
                (
                    Peserta(angkatan=angkatan, pegawai=pegawai, status=StatusPeserta.SELESAI),
                    angkatan,
                )
            )
    RiwayatPelatihan.objects.bulk_create(records, batch_size=2000)
    Peserta.objects.bulk_create([p for p, _ in peserta_records], batch_size=2000)
    RiwayatPelatihan.objects.bulk_create(
        [
            RiwayatPelatihan(
                pegawai=p.pegawai,
                program=a.program,
                peserta=p,
                nama_pelatihan=a.program.nama,
                jenis=a.program.jenis,
                metode=a.program.metode,
                penyelenggara=a.program.penyelenggara,
                tanggal_mulai=a.tanggal_mulai,
                tanggal_selesai=a.tanggal_selesai,
                jp=a.program.jp,
                hasil="Lulus",
                sumber=SumberRiwayat.ANGKATAN,
                status=StatusRiwayat.TERVERIFIKASI,
                diverifikasi_pada=timezone.now(),
            )
            for p, a in peserta_records
        ],
        batch_size=2000,
    )

    # Submissions waiting for verification (and one rejected) for the ASN with portal accounts
    # and a few others, with generated certificate files.
    pengaju = list(Pegawai.objects.filter(Exists(aktif), user__isnull=False).order_by("nip")[:5])
    pertama = Pegawai.objects.filter(Exists(aktif), status_aktif="aktif").order_by("nip")[:6]
    pengaju += [p for p in pertama if p not in pengaju]
    dibuat = 0
    for pegawai in pengaju:
        for index, (nama, jenis, metode, jp, penyelenggara, fmt) in enumerate(PENDING):
            if RiwayatPelatihan.objects.filter(pegawai=pegawai, nama_pelatihan=nama).exists():
                continue
            selesai = today - dt.timedelta(days=10 + 20 * index)
            riwayat = RiwayatPelatihan(
                pegawai=pegawai,
                nama_pelatihan=nama,
                jenis=jenis,
                metode=metode,
                penyelenggara=penyelenggara,
                tanggal_mulai=selesai - dt.timedelta(days=1),
                tanggal_selesai=selesai,
                jp=jp,
                sumber=SumberRiwayat.MANDIRI,
                status=StatusRiwayat.DIAJUKAN,
                sertifikat_tipe="application/pdf" if fmt == "pdf" else "image/png",
            )
            if index == 1 and pegawai.pk % 3 == 0:
                riwayat.status = StatusRiwayat.DITOLAK
                riwayat.alasan_penolakan = "Sertifikat tidak mencantumkan jumlah JP; unggah ulang sertifikat yang memuat JP."
            riwayat.sertifikat.save(
                f"sertifikat.{fmt}",
                ContentFile(sertifikat_demo(nama, pegawai.nama_lengkap, fmt)),
                save=False,
            )
            riwayat.save()
            dibuat += 1
    out(
        f"Pelatihan: {len(kompetensi)} kompetensi, {jumlah_standar} standar, {len(programs)} program, "
        f"{len(runs)} angkatan, {len(records) + len(peserta_records)} riwayat baru, {dibuat} pengajuan baru."
    )
