"""Demo participation data for Provinsi Bengkulu, on the service units that survei.demo made:
receipt-code batches (some used), a counter-issued code, kiosks with delivered responses,
complaints and survey suggestions handled at different speeds (some overdue), and three
consultations (open with moderated input, closed with a published outcome, closed awaiting it).

Idempotent: every write is keyed (idempotency keys from uuid5, get_or_create on natural keys,
"only when missing" checks), so a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import uuid
import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from jabatan.demo_kota import DAERAH
from survei import selectors as survei_selectors
from survei.demo import units_daerah
from survei.models import UnitLayanan
from survei.partisipasi import services
from survei.partisipasi.models import (
    BatchKodeStruk,
    JenisKasus,
    Kasus,
    KategoriKasus,
    Kiosk,
    KirimanKiosk,
    Konsultasi,
    MasukanKonsultasi,
    StatusKasus,
    StatusMasukan,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

NAMESPACE = uuid.UUID("0c3f7a4e-58f1-4d8e-9d7a-2b1e6f4c9a10")

PENGADUAN: tuple[tuple[str, str, str, str], ...] = (
    (
        "dukcapil",
        "pengaduan",
        "Nomor antrean KTP-el habis pukul 09.00, warga dari jauh disuruh kembali besok.",
        "0812 7311 2045",
    ),
    (
        "dukcapil",
        "pengaduan",
        "Petugas loket 3 meminta uang Rp50.000 agar akta kelahiran cepat selesai.",
        "",
    ),
    (
        "dukcapil",
        "saran",
        "Sediakan jalur khusus lansia dan penyandang disabilitas di lantai satu.",
        "",
    ),
    (
        "samsat-kota-bengkulu",
        "pengaduan",
        "Pembayaran pajak lewat aplikasi gagal tiga kali, saldo terpotong.",
        "warga.bengkulu@example.com",
    ),
    (
        "samsat-kota-bengkulu",
        "masukan",
        "Papan informasi tarif PKB dan BBNKB sebaiknya dipasang di pintu masuk.",
        "",
    ),
    (
        "rsud-rawat-jalan",
        "pengaduan",
        "Antrean poli penyakit dalam lebih dari empat jam, dokter datang terlambat.",
        "0852 6600 1122",
    ),
    (
        "rsud-rawat-jalan",
        "saran",
        "Tambah kursi di ruang tunggu farmasi, banyak pasien berdiri.",
        "",
    ),
    (
        "rsud-igd",
        "pengaduan",
        "Keluarga pasien tidak diberi penjelasan tentang tindakan yang dilakukan.",
        "",
    ),
    (
        "bkd-layanan-asn",
        "masukan",
        "Status usulan kenaikan pangkat sebaiknya bisa dilihat di portal.",
        "",
    ),
    (
        "puskesmas-sawah-lebar",
        "pengaduan",
        "Toilet pasien rusak sejak sebulan lalu dan belum diperbaiki.",
        "",
    ),
    (
        "puskesmas-sawah-lebar",
        "saran",
        "Jadwal imunisasi mohon diumumkan lewat grup WhatsApp kelurahan.",
        "",
    ),
    (
        "bkd-layanan-asn",
        "pengaduan",
        "Berkas pensiun saya tiga bulan belum diproses tanpa kabar.",
        "0813 1010 2020",
    ),
)

JAWABAN = (
    "Terima kasih atas laporan Anda. Kami sudah menindaklanjuti dengan petugas terkait dan "
    "memperbaiki prosedur pada loket tersebut.",
    "Masukan Anda kami terima. Perbaikan sudah masuk rencana tindak lanjut triwulan ini dan "
    "akan kami umumkan di papan informasi.",
    "Mohon maaf atas ketidaknyamanannya. Kuota dan jadwal layanan sudah kami sesuaikan mulai minggu ini.",
)


def _stabil(teks: str) -> int:
    """A number from a text that is the same on every run (``hash`` is salted per process)."""
    return zlib.crc32(teks.encode())


def _pdf(judul: str, isi: str) -> bytes:
    from weasyprint import HTML  # slow to import; only PDF rendering needs it

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    return HTML(
        string=f"""<html lang="id"><body style="font-family: 'DejaVu Sans'; font-size: 11pt">
        <h1 style="font-size: 16pt">{judul}</h1><p>{isi}</p></body></html>"""
    ).write_pdf()


def seed(*, rng: random.Random, out: Callable[[str], None]) -> None:
    units = {u.kode: u for u in UnitLayanan.objects.filter(aktif=True).select_related("unit")}
    if not units:
        out("partisipasi: belum ada unit layanan (jalankan survei.demo dahulu); dilewati")
        return
    User = get_user_model()
    admin = User.objects.filter(username="admin.bkd").first()
    today = timezone.localdate()
    # Receipt codes and kiosks are the province's; the kabupaten/kota get a complaint each.
    daerah = {spec.kode: spec.admin for spec in units_daerah()}
    urutan = sorted(kode for kode in units if kode not in daerah)
    # Each instansi's cases are handled by its own Admin BKD.
    by_name = {u.username: u for u in User.objects.filter(username__in=set(daerah.values()))}
    admins = {
        units[kode].unit.instansi_id: by_name[username]
        for kode, username in daerah.items()
        if kode in units and username in by_name
    }

    _kode(units, urutan, today, admin, out)
    _kiosk(units, urutan, today, out)
    _kasus(units, today, admin, admins, out)
    _konsultasi(units, today, admin, out)


def _data_respons(rng: random.Random, unit: UnitLayanan, nilai_dasar: int) -> dict[str, object]:
    return {
        "jawaban": {
            f"U{i}": max(1, min(4, nilai_dasar + rng.choice((-1, 0, 0, 1)))) for i in range(1, 10)
        },
        "umur": rng.randint(18, 70),
        "jenis_kelamin": rng.choice("LP"),
        "pendidikan": rng.choice(["smp", "sma", "sma", "d1_d3", "d4_s1"]),
        "pekerjaan": rng.choice(["swasta", "wirausaha", "pns", "pelajar", "lainnya"]),
        "jenis_layanan": (unit.jenis_layanan or ["Layanan umum"])[0],
    }


def _kode(
    units: dict[str, UnitLayanan],
    urutan: list[str],
    today: dt.date,
    admin: User | None,
    out: Callable[[str], None],
) -> None:
    dibuat = dipakai = 0
    for kode_unit in urutan[:3]:
        unit = units[kode_unit]
        for hari_lalu, jumlah in ((6, 40), (1, 30)):
            tanggal = today - dt.timedelta(days=hari_lalu)
            batch = BatchKodeStruk.objects.filter(
                unit_layanan=unit, tanggal_layanan=tanggal
            ).first()
            if batch is None:
                jenis = (unit.jenis_layanan or [""])[0]
                batch = services.kode_batch_generate(
                    unit_layanan=unit,
                    jumlah=jumlah,
                    tanggal_layanan=tanggal,
                    jenis_layanan=jenis,
                    user=admin,
                )
                dibuat += jumlah
            # About 40% of receipts come back as responses; the choice is stable per code.
            for kode in batch.kode.filter(respons__isnull=True).order_by("pk"):
                if _stabil(kode.kode) % 10 >= 4:
                    continue
                lokal = random.Random(kode.kode)  # nosec B311  # reproducible demo data, not secrets
                hasil = services.kode_respons_submit(
                    kode=kode.kode,
                    data=_data_respons(lokal, unit, 3),
                    idempotency_key=uuid.uuid5(NAMESPACE, f"kode:{kode.kode}"),
                )
                dipakai += int(hasil.baru)
    counter_unit = units[urutan[0]]
    if not counter_unit.kode_struk.filter(batch__isnull=True).exists():
        services.kode_issue(
            unit_layanan=counter_unit, jenis_layanan=(counter_unit.jenis_layanan or [""])[0]
        )
        dibuat += 1
    out(f"partisipasi: {dibuat} kode struk baru, {dipakai} kode dipakai untuk mengisi survei")


def _kiosk(
    units: dict[str, UnitLayanan], urutan: list[str], today: dt.date, out: Callable[[str], None]
) -> None:
    baru = 0
    for kode_unit in urutan[:2]:
        unit = units[kode_unit]
        kiosk, _created = Kiosk.objects.get_or_create(unit_layanan=unit, nama="Tablet ruang tunggu")
        for i in range(12):
            key = uuid.uuid5(NAMESPACE, f"kiosk:{unit.kode}:{i}")
            lokal = random.Random(str(key))  # nosec B311  # reproducible demo data, not secrets
            data = _data_respons(lokal, unit, 3 if i % 4 else 2)
            data["tanggal_layanan"] = today - dt.timedelta(days=i % 5)
            data["kuesioner"] = survei_selectors.kuesioner_aktif()
            if i % 6 == 0:
                data["saran"] = "Layar antrean sering mati, nomor panggilan tidak terlihat."
            hasil = services.kiosk_respons_submit(
                kiosk=kiosk,
                data=data,
                idempotency_key=key,
                diisi_pada=timezone.now() - dt.timedelta(days=i % 5, hours=1),
            )
            baru += int(hasil.baru)
    out(
        f"partisipasi: {Kiosk.objects.count()} kiosk, {baru} respons kiosk baru "
        f"(total {KirimanKiosk.objects.count()})"
    )


def _kasus(
    units: dict[str, UnitLayanan],
    today: dt.date,
    admin: User | None,
    admins: dict[int, User],
    out: Callable[[str], None],
) -> None:
    sekarang = timezone.now()
    baru = 0
    pengaduan = (
        *PENGADUAN,
        *(
            (layanan.kode, "pengaduan", layanan.pengaduan, "")
            for daerah in DAERAH
            for layanan in daerah.layanan
        ),
    )
    for i, (kode_unit, jenis, isi, kontak) in enumerate(pengaduan):
        unit = units.get(kode_unit)
        if unit is None:
            continue
        # Spread over the last seven weeks so the deadlines and response times vary.
        diterima = sekarang - dt.timedelta(days=3 + i * 4, hours=i % 7)
        _kasus_obj, created = services.kasus_create(
            unit_layanan=unit,
            jenis=jenis,
            isi=isi,
            kontak=kontak,
            diterima_pada=diterima,
            idempotency_key=uuid.uuid5(NAMESPACE, f"pengaduan:{i}"),
        )
        baru += int(created)
    # Survey suggestions stored in bulk by survei.demo become cases here.
    dari_saran = 0
    while n := services.kasus_from_saran_sweep(batas=1000):
        dari_saran += n

    # Staff work: most cases older than two days are handled; a stable few are left open (overdue).
    ditangani = 0
    kategori = list(KategoriKasus.values)
    terbuka = Kasus.objects.filter(
        status__in=[StatusKasus.BARU, StatusKasus.DIPROSES],
        diterima_pada__lt=sekarang - dt.timedelta(days=2),
    ).select_related("unit_layanan__unit")
    for kasus in terbuka.order_by("pk"):
        nilai = _stabil(
            kasus.idempotency_key.hex if kasus.idempotency_key else f"r{kasus.respons_id}"
        )
        if nilai % 20 == 0:
            continue  # left open past its deadline: shows up as overdue
        petugas = admins.get(kasus.unit_layanan.unit.instansi_id, admin)
        services.kasus_categorize(
            kasus=kasus,
            kategori=kategori[nilai % len(kategori)],
            user=petugas,
            jenis=kasus.jenis or JenisKasus.SARAN,
        )
        jam = 2 + nilai % 150  # from two hours to about a week
        dijawab = min(
            kasus.diterima_pada + dt.timedelta(hours=jam), sekarang - dt.timedelta(hours=1)
        )
        services.kasus_answer(
            kasus=kasus, jawaban=JAWABAN[nilai % len(JAWABAN)], user=petugas, dijawab_pada=dijawab
        )
        if nilai % 3:
            services.kasus_close(
                kasus=kasus,
                user=petugas,
                ditutup_pada=min(dijawab + dt.timedelta(days=1), sekarang),
            )
        ditangani += 1
    terlambat = Kasus.objects.melewati_tenggat().count()
    out(
        f"partisipasi: {baru} pengaduan baru, {dari_saran} kasus dari saran survei, "
        f"{ditangani} kasus ditangani, {terlambat} kasus terbuka melewati batas waktu"
    )


def _konsultasi(
    units: dict[str, UnitLayanan], today: dt.date, admin: User | None, out: Callable[[str], None]
) -> None:
    rencana = [
        (
            "dukcapil",
            "rancangan-standar-pelayanan-ktp-el",
            "Rancangan standar pelayanan KTP elektronik 2027",
            "Kami mengundang warga menanggapi rancangan standar pelayanan KTP-el: persyaratan, "
            "waktu penyelesaian satu hari kerja, dan layanan jemput bola untuk lansia.",
            today - dt.timedelta(days=5),
            today + dt.timedelta(days=16),
            False,
        ),
        (
            "samsat-kota-bengkulu",
            "perubahan-jam-layanan-samsat",
            "Rencana perpanjangan jam layanan Samsat hingga pukul 18.00",
            "Samsat berencana membuka layanan sore hari pada Senin–Jumat. Apakah jam ini membantu Anda?",
            today - dt.timedelta(days=60),
            today - dt.timedelta(days=30),
            True,
        ),
        (
            "puskesmas-sawah-lebar",
            "maklumat-pelayanan-puskesmas",
            "Rancangan maklumat pelayanan Puskesmas Sawah Lebar",
            "Rancangan janji layanan Puskesmas kepada warga, termasuk waktu tunggu maksimal 60 menit.",
            today - dt.timedelta(days=25),
            today - dt.timedelta(days=4),
            False,
        ),
    ]
    baru = 0
    for kode_unit, slug, judul, uraian, dibuka, ditutup, hasil in rencana:
        unit = units.get(kode_unit)
        if unit is None:
            continue
        konsultasi = Konsultasi.objects.filter(slug=slug).first()
        if konsultasi is None:
            konsultasi = Konsultasi(
                unit_layanan=unit,
                slug=slug,
                judul=judul,
                uraian=uraian,
                dibuka=dibuka,
                ditutup=ditutup,
                diterbitkan=True,
                dibuat_oleh=admin,
            )
            konsultasi.dokumen.save(f"{slug}.pdf", ContentFile(_pdf(judul, uraian)), save=False)
            konsultasi.full_clean()
            konsultasi.save()
            baru += 1
            masukan = [
                (
                    "Warga Teluk Segara",
                    "Persyaratan fotokopi KK sebaiknya dihapus karena data sudah terhubung.",
                ),
                ("", "Mohon ada layanan di kecamatan supaya warga desa tidak perlu ke kota."),
                ("Rina", "Setuju, asalkan petugas tetap ramah dan antrean tertib."),
                ("", "Dasar pegawai malas semua!!!"),
            ]
            ids = []
            for j, (nama, isi) in enumerate(masukan):
                key = uuid.uuid5(NAMESPACE, f"masukan:{slug}:{j}")
                if konsultasi.sedang_dibuka():
                    item, _c = services.masukan_submit(
                        konsultasi=konsultasi, isi=isi, nama_tampilan=nama, idempotency_key=key
                    )
                else:
                    # History of a consultation that closed before the demo began.
                    item, _c = MasukanKonsultasi.objects.get_or_create(
                        idempotency_key=key,
                        defaults={"konsultasi": konsultasi, "isi": isi, "nama_tampilan": nama},
                    )
                ids.append(item.pk)
            services.masukan_moderate(
                masukan_ids=ids[:2], status=StatusMasukan.DITERIMA, user=admin
            )
            services.masukan_moderate(
                masukan_ids=ids[3:],
                status=StatusMasukan.DITOLAK,
                user=admin,
                alasan="Tidak sopan dan tidak berisi masukan.",
            )
            # ids[2] stays pending: the moderator still has work.
        if hasil and not konsultasi.hasil_terbit:
            services.konsultasi_hasil_publish(
                konsultasi=konsultasi,
                ringkasan_masukan="Masukan warga umumnya mendukung jam layanan sore; beberapa meminta "
                "layanan di kecamatan dan penghapusan fotokopi KK.",
                perubahan="Jam layanan sore ditetapkan pukul 15.00–18.00 pada Senin–Kamis; "
                "fotokopi KK tidak lagi diminta.",
                tanggal_rapat=konsultasi.ditutup + dt.timedelta(days=5),
                berita_acara=ContentFile(
                    _pdf(
                        f"Berita acara: {judul}",
                        "Rapat konsultasi publik dihadiri 24 warga, "
                        "perwakilan kelurahan dan petugas layanan.",
                    ),
                    name=f"berita-acara-{slug}.pdf",
                ),
            )
    out(f"partisipasi: {baru} konsultasi publik baru ({Konsultasi.objects.count()} total)")
