"""Demo survey data for Provinsi Bengkulu: service units of several OPD, a year of responses
whose results differ visibly between units (one below mutu B), a questionnaire wording change,
improvement plans and published quarters.

Idempotent: responses carry deterministic idempotency keys (inserted with ignore_conflicts),
plans and publications are created only when missing, so a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from asn_portal.periode import JenisPeriode, Periode
from jabatan.models import UnitOrganisasi
from survei import selectors, services
from survei.kuesioner import KODE_UNSUR
from survei.models import (
    Kuesioner,
    Pekerjaan,
    Pendidikan,
    PeriodePublikasi,
    RencanaTindakLanjut,
    Respons,
    SektorLayanan,
    StatusRencanaTindakLanjut,
    SumberRespons,
    UnitLayanan,
)

NAMESPACE = uuid.UUID("6f1d8a52-3c4e-4b7a-9a55-b3c0f1e2d406")


@dataclass(frozen=True)
class UnitDemo:
    kode: str
    nama: str
    opd: str  # kode of the OPD root created by jabatan.demo
    sub_unit: str  # a word of a sub-unit's name, "" for the OPD itself
    jenis_layanan: tuple[str, ...]
    jumlah_pengguna: int  # per year
    respons: int
    # mean answer per unsur U1..U9 at the start of the year, and the change over the year
    rerata: tuple[float, ...]
    tren: float
    saran: tuple[str, ...]
    admin: str = "admin.bkd"  # the Admin BKD of its instansi, who publishes its results
    sektor: str = SektorLayanan.LAINNYA


UNITS: tuple[UnitDemo, ...] = (
    UnitDemo(
        "rsud-rawat-jalan",
        "Instalasi Rawat Jalan RSUD dr. M. Yunus",
        "RSUD",
        "",
        ("Pendaftaran rawat jalan", "Poliklinik spesialis", "Farmasi rawat jalan", "Laboratorium"),
        40_000,
        800,
        (3.4, 3.1, 2.8, 3.7, 3.4, 3.6, 3.5, 3.0, 3.3),
        0.15,
        (
            "Antrean pendaftaran terlalu lama, mohon ditambah loket.",
            "Dokter ramah dan menjelaskan dengan baik.",
            "Obat di farmasi sering kosong.",
            "Ruang tunggu poliklinik panas, kipas angin kurang.",
        ),
        sektor=SektorLayanan.KESEHATAN,
    ),
    UnitDemo(
        "rsud-igd",
        "Instalasi Gawat Darurat RSUD dr. M. Yunus",
        "RSUD",
        "Pelayanan Medik",
        ("Gawat darurat", "Observasi", "Rujukan"),
        1_600,
        850,
        (3.5, 3.4, 3.3, 3.6, 3.5, 3.7, 3.6, 3.2, 3.4),
        0.05,
        (
            "Penanganan cepat, terima kasih.",
            "Petugas jaga malam kurang.",
            "Tempat parkir ambulans sering terhalang.",
        ),
        sektor=SektorLayanan.KESEHATAN,
    ),
    UnitDemo(
        "dukcapil",
        "Layanan Administrasi Kependudukan",
        "DUKCAPIL",
        "",
        ("KTP elektronik", "Kartu Keluarga", "Akta kelahiran", "Surat pindah datang"),
        2_400,
        1000,
        (2.8, 2.6, 2.3, 3.2, 2.9, 3.0, 2.9, 2.4, 2.7),
        0.1,
        (
            "Blangko KTP sering habis, harus bolak-balik.",
            "Pengaduan lewat WhatsApp tidak pernah dibalas.",
            "Antrean sejak subuh, mohon antrean daring.",
            "Petugas sudah lebih ramah dari tahun lalu.",
        ),
        sektor=SektorLayanan.ADMINDUK,
    ),
    UnitDemo(
        "samsat-kota-bengkulu",
        "Samsat Kota Bengkulu (Pajak Kendaraan Bermotor)",
        "BPKD",
        "",
        (
            "Pajak kendaraan tahunan",
            "Pengesahan STNK lima tahunan",
            "Balik nama kendaraan",
            "Mutasi kendaraan",
        ),
        3_000,
        1100,
        (3.3, 3.2, 3.1, 2.9, 3.3, 3.3, 3.3, 3.0, 3.2),
        0.1,
        (
            "Samsat keliling sangat membantu.",
            "Informasi denda pajak kurang jelas.",
            "Mohon pembayaran non-tunai diperluas.",
        ),
    ),
    UnitDemo(
        "bkd-layanan-asn",
        "Layanan Kepegawaian BKD",
        "BKD",
        "",
        (
            "Kenaikan pangkat",
            "Pensiun",
            "Mutasi dan pindah instansi",
            "Cuti di luar tanggungan negara",
            "Kartu pegawai (Karpeg/Karis/Karsu)",
        ),
        600,
        500,
        (3.6, 3.5, 3.4, 4.0, 3.6, 3.7, 3.8, 3.4, 3.6),
        0.05,
        (
            "Layanan kenaikan pangkat sudah cepat.",
            "Mohon status berkas bisa dipantau daring.",
            "Ruang konsultasi nyaman.",
        ),
        sektor=SektorLayanan.KEPEGAWAIAN,
    ),
    UnitDemo(
        "puskesmas-sawah-lebar",
        "UPTD Puskesmas Sawah Lebar",
        "DINKES",
        "Sawah Lebar",
        ("Poli umum", "Kesehatan ibu dan anak", "Imunisasi", "Poli gigi"),
        800,
        600,
        (3.4, 3.3, 3.2, 3.9, 3.4, 3.4, 3.5, 3.1, 3.2),
        0.1,
        ("Bidan sangat sabar.", "Toilet perlu dibersihkan lebih sering."),
        sektor=SektorLayanan.KESEHATAN,
    ),
)

RENCANA_BERJALAN = {
    "penanggung_jawab": "Kepala Subbagian Umum dan Kepegawaian",
    "catatan_progres": "Rapat koordinasi sudah dilaksanakan; anggaran diusulkan pada APBD Perubahan.",
}


def units_daerah() -> tuple[UnitDemo, ...]:
    """The service units of the kabupaten/kota of ``jabatan.demo_kota`` (a smaller year)."""
    from jabatan.demo_kota import DAERAH

    return tuple(
        UnitDemo(
            layanan.kode,
            layanan.nama,
            layanan.opd,
            "",
            layanan.jenis_layanan,
            1_200,
            160,
            layanan.rerata,
            0.05,
            layanan.saran,
            admin=f"admin.{daerah.akun}",
            sektor=layanan.sektor,
        )
        for daerah in DAERAH
        for layanan in daerah.layanan
    )


def _unit_organisasi(spec: UnitDemo) -> UnitOrganisasi | None:
    root = UnitOrganisasi.objects.filter(kode=spec.opd, depth=1).first()
    if root is None or not spec.sub_unit:
        return root
    return (
        UnitOrganisasi.objects.filter(path__startswith=root.path, nama__icontains=spec.sub_unit)
        .order_by("depth", "path")
        .first()
        or root
    )


def _jawaban(rng: random.Random, rerata: float) -> int:
    return max(1, min(4, round(rng.gauss(rerata, 0.65))))


def seed(*, rng: random.Random, out: Callable[[str], None]) -> None:
    services.kuesioner_bawaan_ensure()
    today = timezone.localdate()
    awal = today - dt.timedelta(days=364)
    # A wording change half-way through the year: later responses answer version 2.
    v1 = Kuesioner.objects.get(versi=1)
    v2 = Kuesioner.objects.filter(versi=2).first()
    if v2 is None:
        v2 = services.kuesioner_versi_create(
            dasar=v1,
            perubahan={
                "U3": {
                    "pertanyaan": "Menurut Saudara, apakah layanan selesai tepat waktu "
                    "sesuai janji layanan?"
                }
            },
        )
        out("survei: kuesioner versi 2 (kata-kata U3 diperbarui) diaktifkan")
    ganti_versi = awal + dt.timedelta(days=182)
    operator = get_user_model().objects.filter(username="operator.bkd").first()

    created_units = 0
    rows: list[Respons] = []
    units: list[UnitLayanan] = []
    specs: list[UnitDemo] = []
    for spec in (*UNITS, *units_daerah()):
        induk = _unit_organisasi(spec)
        if induk is None:
            out(f"survei: unit organisasi {spec.opd} tidak ditemukan; {spec.kode} dilewati")
            continue
        unit, created = UnitLayanan.objects.get_or_create(
            kode=spec.kode,
            defaults={
                "nama": spec.nama,
                "unit": induk,
                "jenis_layanan": list(spec.jenis_layanan),
                "jumlah_pengguna": spec.jumlah_pengguna,
                "periode_pengguna": JenisPeriode.TAHUN,
                "sektor": spec.sektor,
            },
        )
        created_units += int(created)
        units.append(unit)
        specs.append(spec)
        for i in range(spec.respons):
            tanggal = awal + dt.timedelta(days=rng.randrange(365))
            kemajuan = (tanggal - awal).days / 365 * spec.tren
            nilai: dict[str, int | None] = {
                kode.lower(): _jawaban(rng, rerata + kemajuan)
                for kode, rerata in zip(KODE_UNSUR, spec.rerata, strict=True)
            }
            kertas = rng.random() < 0.2
            if kertas and rng.random() < 0.1:
                nilai["u8"] = None  # left blank on paper
            rows.append(
                Respons(
                    unit_layanan=unit,
                    kuesioner=v1 if tanggal < ganti_versi else v2,
                    **nilai,
                    umur=max(17, min(80, round(rng.gauss(38, 12)))),
                    jenis_kelamin=rng.choice("LP"),
                    pendidikan=rng.choices(list(Pendidikan.values), weights=[8, 12, 40, 12, 23, 5])[
                        0
                    ],
                    pekerjaan=rng.choices(
                        list(Pekerjaan.values), weights=[12, 3, 3, 30, 25, 12, 15]
                    )[0],
                    jenis_layanan=rng.choice(spec.jenis_layanan),
                    tanggal_layanan=tanggal,
                    saran=rng.choice(spec.saran) if rng.random() < 0.25 else "",
                    sumber=SumberRespons.KERTAS if kertas else SumberRespons.DARING,
                    idempotency_key=uuid.uuid5(NAMESPACE, f"{spec.kode}:{i}"),
                    tanggal_isi=min(today, tanggal + dt.timedelta(days=rng.randint(0, 1))),
                    dientri_oleh=operator if kertas and spec.opd == "BKD" else None,
                )
            )
    before = Respons.objects.filter(unit_layanan__in=units).count()
    Respons.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    added = Respons.objects.filter(unit_layanan__in=units).count() - before
    out(f"survei: {created_units} unit layanan baru, {added} respons baru")

    # Publish the complete quarters of the year, except the latest one of the Samsat unit (left
    # for staff to review), plus the previous complete semester.
    kuartal_ini = Periode.memuat(JenisPeriode.TRIWULAN, today)
    kuartal = []
    p = kuartal_ini
    for _ in range(4):
        nomor, tahun = (p.nomor - 1, p.tahun) if p.nomor > 1 else (4, p.tahun - 1)
        p = Periode(tahun, JenisPeriode.TRIWULAN, nomor)
        if p.awal >= awal:
            kuartal.append(p)
    semester_ini = Periode.memuat(JenisPeriode.SEMESTER, today)
    semester = (
        Periode(semester_ini.tahun, JenisPeriode.SEMESTER, 1)
        if semester_ini.nomor == 2
        else Periode(semester_ini.tahun - 1, JenisPeriode.SEMESTER, 2)
    )
    terbit = 0
    admins = {
        u.username: u
        for u in get_user_model().objects.filter(username__in={s.admin for s in specs})
    }
    for unit, spec in zip(units, specs, strict=True):
        admin = admins.get(spec.admin)
        for periode in [*kuartal, semester]:
            if unit.kode == "samsat-kota-bengkulu" and kuartal and periode == kuartal[0]:
                continue
            exists = PeriodePublikasi.objects.filter(
                unit_layanan=unit,
                jenis_periode=periode.jenis,
                tahun=periode.tahun,
                nomor=periode.nomor,
            ).exists()
            if (
                not exists
                and selectors.respons_periode(
                    unit, dari=periode.awal, sampai=periode.akhir
                ).exists()
            ):
                services.publikasi_publish(unit_layanan=unit, periode=periode, user=admin)
                terbit += 1
        # Improvement plans from the weakest unsur of the latest complete quarter.
        if (
            kuartal
            and not RencanaTindakLanjut.objects.filter(
                unit_layanan=unit,
                jenis_periode=kuartal[0].jenis,
                tahun=kuartal[0].tahun,
                nomor=kuartal[0].nomor,
            ).exists()
        ):
            dibuat = services.rencana_tindak_lanjut_draft(unit_layanan=unit, periode=kuartal[0])
            if dibuat:
                services.rencana_tindak_lanjut_update(
                    rencana=dibuat[0], status=StatusRencanaTindakLanjut.BERJALAN, **RENCANA_BERJALAN
                )
    out(f"survei: {terbit} periode diterbitkan")
    lemah = [
        u.kode
        for u in units
        if kuartal
        and (
            h := selectors.ikm_compute(
                unit_layanan=u, dari=kuartal[0].awal, sampai=kuartal[0].akhir
            )
        ).mutu
        and h.mutu not in ("A", "B")
    ]
    if lemah:
        out(f"survei: unit di bawah mutu B pada {kuartal[0].label}: {', '.join(lemah)}")
