"""Writes of the participation channels. Survey responses always go through
``survei.services.respons_submit``, so the questionnaire rules and its exactly-once guarantee
hold on every channel."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower, Trim
from django.utils import timezone
from django.utils.translation import gettext as _

from asn_portal.access import can_manage_unit
from survei.models import Respons, SumberRespons, UnitLayanan
from survei.partisipasi.models import (
    BatchKodeStruk,
    JenisKasus,
    Kasus,
    KategoriKasus,
    Kiosk,
    KirimanKiosk,
    KodeStruk,
    Konsultasi,
    MasukanKonsultasi,
    RiwayatKasus,
    StatusKasus,
    StatusMasukan,
    SumberKasus,
    kode_acak,
    kode_normalize,
    token_kiosk,
)
from survei.services import HasilKirim, respons_submit

PANJANG_KODE_STRUK = 10
PANJANG_KODE_LACAK = 10
# A suggestion that says nothing is not a case.
SARAN_KOSONG = {
    "-",
    "--",
    ".",
    "tidak ada",
    "tdk ada",
    "tidak",
    "ga ada",
    "nihil",
    "ok",
    "oke",
    "cukup",
    "baik",
    "sudah baik",
    "mantap",
    "n/a",
    "na",
}
POLA_TELEPON = re.compile(r"^\+?[0-9][0-9 -]{6,18}[0-9]$")


def _key(idempotency_key: uuid.UUID | str) -> uuid.UUID:
    if isinstance(idempotency_key, uuid.UUID):
        return idempotency_key
    try:
        return uuid.UUID(str(idempotency_key))
    except ValueError:
        raise ValidationError({"idempotency_key": [_("Kunci idempotensi harus UUID.")]}) from None


def _jenis_layanan_validate(unit_layanan: UnitLayanan, jenis_layanan: str) -> None:
    daftar = unit_layanan.jenis_layanan or []
    if jenis_layanan and daftar and jenis_layanan not in daftar:
        raise ValidationError(
            {
                "jenis_layanan": [
                    _("Jenis layanan %(j)s tidak ada pada unit ini.") % {"j": jenis_layanan}
                ]
            }
        )


def _kode_unique(
    model: type[KodeStruk] | type[Kasus], field: str, jumlah: int, panjang: int
) -> list[str]:
    """``jumlah`` random codes not yet used by ``model.field`` (collisions are redrawn)."""
    hasil: set[str] = set()
    while len(hasil) < jumlah:
        calon = {kode_acak(panjang) for _ in range(jumlah - len(hasil))} - hasil
        for start in range(0, len(calon), 1000):
            potong = list(calon)[start : start + 1000]
            terpakai = set(
                model.objects.filter(**{f"{field}__in": potong}).values_list(field, flat=True)
            )
            hasil.update(set(potong) - terpakai)
    return list(hasil)[:jumlah]


# --- 1. Receipt codes ------------------------------------------------------------------------


@transaction.atomic
def kode_batch_generate(
    *,
    unit_layanan: UnitLayanan,
    jumlah: int,
    tanggal_layanan: dt.date | None = None,
    jenis_layanan: str = "",
    user: Any = None,
) -> BatchKodeStruk:
    maks = settings.PARTISIPASI_KODE_BATCH_MAKS
    if not 1 <= int(jumlah) <= maks:
        raise ValidationError(
            {"jumlah": [_("Jumlah kode antara 1 dan %(maks)s.") % {"maks": maks}]}
        )
    jenis_layanan = (jenis_layanan or "").strip()
    _jenis_layanan_validate(unit_layanan, jenis_layanan)
    tanggal = tanggal_layanan or timezone.localdate()
    batch = BatchKodeStruk.objects.create(
        unit_layanan=unit_layanan,
        jumlah=jumlah,
        jenis_layanan=jenis_layanan,
        tanggal_layanan=tanggal,
        dibuat_oleh=user if user is not None and user.is_authenticated else None,
    )
    KodeStruk.objects.bulk_create(
        [
            KodeStruk(
                kode=kode,
                unit_layanan=unit_layanan,
                batch=batch,
                jenis_layanan=jenis_layanan,
                tanggal_layanan=tanggal,
            )
            for kode in _kode_unique(KodeStruk, "kode", int(jumlah), PANJANG_KODE_STRUK)
        ],
        batch_size=1000,
    )
    return batch


@transaction.atomic
def kode_issue(
    *, unit_layanan: UnitLayanan, jenis_layanan: str = "", tanggal_layanan: dt.date | None = None
) -> KodeStruk:
    """One code for one transaction, for counter systems that print their own receipts."""
    jenis_layanan = (jenis_layanan or "").strip()
    _jenis_layanan_validate(unit_layanan, jenis_layanan)
    hari_ini = timezone.localdate()
    tanggal = tanggal_layanan or hari_ini
    if tanggal > hari_ini:
        raise ValidationError(
            {"tanggal_layanan": [_("Tanggal layanan tidak boleh setelah hari ini.")]}
        )
    for _percobaan in range(5):
        try:
            with transaction.atomic():
                return KodeStruk.objects.create(
                    kode=kode_acak(PANJANG_KODE_STRUK),
                    unit_layanan=unit_layanan,
                    jenis_layanan=jenis_layanan,
                    tanggal_layanan=tanggal,
                )
        except IntegrityError:
            continue
    raise RuntimeError("Tidak berhasil membuat kode unik setelah 5 percobaan.")


@transaction.atomic
def kode_respons_submit(
    *,
    kode: str,
    data: dict[str, Any],
    idempotency_key: uuid.UUID | str,
    alamat: str = "",
) -> HasilKirim:
    """Answer the survey with a receipt code: the code's unit, service date and kind are used,
    and the code counts once. The row lock plus the unique ``respons`` column make a second
    use fail even when two submissions race."""
    key = _key(idempotency_key)
    kode_struk = (
        KodeStruk.objects.select_for_update()
        .select_related("unit_layanan")
        .filter(kode=kode_normalize(kode))
        .first()
    )
    if kode_struk is None or not kode_struk.unit_layanan.aktif:
        raise ValidationError(
            {"kode": [_("Kode survei tidak dikenal. Periksa kembali kode pada struk.")]}
        )
    if kode_struk.respons_id is not None:
        terdahulu = Respons.objects.filter(pk=kode_struk.respons_id, idempotency_key=key).first()
        if terdahulu is not None:  # the same submission sent again
            return HasilKirim(terdahulu, False)
        raise ValidationError(
            {"kode": [_("Kode ini sudah dipakai untuk mengisi survei. Terima kasih.")]}
        )
    isian = dict(data, tanggal_layanan=kode_struk.tanggal_layanan)
    if kode_struk.jenis_layanan:
        isian["jenis_layanan"] = kode_struk.jenis_layanan
    # The code replaces the per-device guard: it already allows exactly one response.
    hasil = respons_submit(
        unit_layanan=kode_struk.unit_layanan,
        data=isian,
        idempotency_key=key,
        sumber=SumberRespons.DARING,
        alamat=alamat,
    )
    diperbarui = KodeStruk.objects.filter(pk=kode_struk.pk, respons__isnull=True).update(
        respons=hasil.respons, digunakan_pada=timezone.now()
    )
    if diperbarui != 1:
        raise ValidationError(
            {"kode": [_("Kode ini sudah dipakai untuk mengisi survei. Terima kasih.")]}
        )
    return hasil


# --- 2. Kiosk --------------------------------------------------------------------------------


@transaction.atomic
def kiosk_respons_submit(
    *,
    kiosk: Kiosk,
    data: dict[str, Any],
    idempotency_key: uuid.UUID | str,
    diisi_pada: dt.datetime | None = None,
    alamat: str = "",
) -> HasilKirim:
    """Store a response the kiosk queued. The device resends until it hears back, so the
    idempotency key (made on the device per response) turns every resend into a no-op."""
    if not kiosk.aktif or not kiosk.unit_layanan.aktif:
        raise ValidationError({"kiosk": [_("Kiosk ini tidak aktif lagi.")]})
    key = _key(idempotency_key)
    # A shared tablet serves many citizens a day: no per-device guard, the key does the work.
    hasil = respons_submit(
        unit_layanan=kiosk.unit_layanan,
        data=data,
        idempotency_key=key,
        sumber=SumberRespons.DARING,
        alamat=alamat,
    )
    if hasil.respons.unit_layanan_id != kiosk.unit_layanan_id:
        raise ValidationError(
            {"idempotency_key": [_("Kunci idempotensi sudah dipakai respons lain.")]}
        )
    KirimanKiosk.objects.get_or_create(
        respons=hasil.respons, defaults={"kiosk": kiosk, "diisi_pada": diisi_pada}
    )
    Kiosk.objects.filter(pk=kiosk.pk).update(terakhir_kirim=timezone.now())
    return hasil


@transaction.atomic
def kiosk_token_rotate(*, kiosk: Kiosk) -> Kiosk:
    """Retire the old address of a lost or reinstalled tablet."""

    kiosk.token = token_kiosk()
    kiosk.save(update_fields=["token"])
    return kiosk


# --- 3. Cases --------------------------------------------------------------------------------


def batas_respons_for(diterima_pada: dt.datetime) -> dt.datetime:
    """The end of the SLA-th WIB day after the day of receipt (a case received at 23:30 WIB
    counts as received that WIB day, whatever the UTC date)."""
    hari = timezone.localdate(diterima_pada) + dt.timedelta(
        days=settings.PARTISIPASI_KASUS_SLA_HARI + 1
    )
    return timezone.make_aware(dt.datetime.combine(hari, dt.time.min))


def _kontak_validate(kontak: str) -> str:
    kontak = (kontak or "").strip()
    if not kontak:
        return ""
    if "@" in kontak:
        try:
            validate_email(kontak)
        except ValidationError:
            raise ValidationError({"kontak": [_("Alamat surel tidak valid.")]}) from None
    elif not POLA_TELEPON.match(kontak):
        raise ValidationError(
            {"kontak": [_("Tulis alamat surel atau nomor telepon, misalnya 0812 3456 7890.")]}
        )
    return kontak


def _riwayat_record(
    kasus: Kasus, keterangan: str, user: Any = None, pada: dt.datetime | None = None
) -> None:
    RiwayatKasus.objects.create(
        kasus=kasus,
        status=kasus.status,
        keterangan=keterangan[:255],
        oleh=user if user is not None and user.is_authenticated else None,
        created_at=pada or timezone.now(),
    )


@transaction.atomic
def kasus_create(
    *,
    unit_layanan: UnitLayanan,
    jenis: str,
    isi: str,
    kontak: str = "",
    sumber: str = SumberKasus.FORMULIR,
    idempotency_key: uuid.UUID | str | None = None,
    respons: Respons | None = None,
    diterima_pada: dt.datetime | None = None,
) -> tuple[Kasus, bool]:
    """File a complaint, suggestion or input; returns ``(kasus, created)``."""
    key = _key(idempotency_key) if idempotency_key else None
    if key is not None:
        terdahulu = Kasus.objects.filter(idempotency_key=key).first()
        if terdahulu is not None:
            return terdahulu, False
    errors: dict[str, list[str]] = {}
    isi = (isi or "").strip()
    if len(isi) < 10:
        errors["isi"] = [_("Tulis isi minimal 10 karakter agar petugas dapat menindaklanjuti.")]
    if jenis not in JenisKasus.values:
        errors["jenis"] = [_("Pilih jenis: pengaduan, saran atau masukan.")]
    if not unit_layanan.aktif:
        errors["unit_layanan"] = [_("Unit layanan ini tidak aktif.")]
    try:
        kontak = _kontak_validate(kontak)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    diterima = diterima_pada or timezone.now()
    for _percobaan in range(5):
        try:
            with transaction.atomic():
                kasus = Kasus.objects.create(
                    kode_lacak=kode_acak(PANJANG_KODE_LACAK),
                    unit_layanan=unit_layanan,
                    jenis=jenis,
                    sumber=sumber,
                    respons=respons,
                    isi=isi[:5000],
                    kontak=kontak,
                    idempotency_key=key,
                    diterima_pada=diterima,
                    batas_respons=batas_respons_for(diterima),
                )
            break
        except IntegrityError:
            if key is not None and (t := Kasus.objects.filter(idempotency_key=key).first()):
                return t, False
            if respons is not None and (t := Kasus.objects.filter(respons=respons).first()):
                return t, False
    else:
        raise RuntimeError("Tidak berhasil membuat kode lacak unik setelah 5 percobaan.")
    _riwayat_record(
        kasus,
        _("Diterima melalui %(s)s.") % {"s": kasus.get_sumber_display().lower()},
        pada=diterima,
    )
    return kasus, True


def saran_is_meaningful(saran: str) -> bool:
    teks = re.sub(r"\s+", " ", (saran or "").strip().lower()).strip(" .!")
    return len(teks) >= 3 and teks not in SARAN_KOSONG


def _saran_received_at(respons: Respons) -> dt.datetime:
    """When the unit had the suggestion: when it was stored, or the fill-in day when that came
    first (imported or back-filled responses)."""
    if respons.tanggal_isi and respons.tanggal_isi < timezone.localdate(respons.created_at):
        return timezone.make_aware(dt.datetime.combine(respons.tanggal_isi, dt.time(12)))
    return respons.created_at


def kasus_from_saran(*, respons: Respons) -> Kasus | None:
    """The case for a survey suggestion (created once; ``None`` when there is nothing to follow)."""
    if not saran_is_meaningful(respons.saran) or not respons.unit_layanan.aktif:
        return None
    terdahulu = Kasus.objects.filter(respons=respons).first()
    if terdahulu is not None:
        return terdahulu
    isi = respons.saran.strip()
    if len(isi) < 10:
        isi = f"{isi} ({_('saran survei')})"
    kasus, _created = kasus_create(
        unit_layanan=respons.unit_layanan,
        jenis=JenisKasus.SARAN,
        isi=isi,
        sumber=SumberKasus.SURVEI,
        respons=respons,
        diterima_pada=_saran_received_at(respons),
    )
    return kasus


@transaction.atomic
def kasus_from_saran_sweep(*, batas: int = 1000, sejak: dt.datetime | None = None) -> int:
    """Cases for suggestions that have none yet (bulk inserts send no signal), in bulk;
    returns how many were created. ``sejak`` limits the scan to responses stored since then
    (the periodic run looks back a week through the created_at index)."""
    qs = Respons.objects.all()
    if sejak is not None:
        qs = qs.filter(created_at__gte=sejak)
    daftar = list(
        qs.exclude(saran="")
        .filter(kasus__isnull=True, unit_layanan__aktif=True)
        .annotate(saran_normal=Lower(Trim("saran")))
        .exclude(saran_normal__in=SARAN_KOSONG)
        .select_related("unit_layanan")
        .order_by("pk")[:batas]
    )
    rows = []
    for respons in daftar:
        if not saran_is_meaningful(respons.saran):
            continue
        diterima = _saran_received_at(respons)
        isi = respons.saran.strip()
        rows.append(
            Kasus(
                kode_lacak=kode_acak(PANJANG_KODE_LACAK),
                unit_layanan=respons.unit_layanan,
                jenis=JenisKasus.SARAN,
                sumber=SumberKasus.SURVEI,
                respons=respons,
                isi=isi if len(isi) >= 10 else f"{isi} ({_('saran survei')})",
                diterima_pada=diterima,
                batas_respons=batas_respons_for(diterima),
            )
        )
    # A clash (a racing task, or a tracking code drawn twice) skips the row: the next sweep
    # picks it up again.
    Kasus.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    baru = list(
        Kasus.objects.filter(respons_id__in=[r.respons_id for r in rows], riwayat__isnull=True)
    )
    keterangan = _("Diterima melalui %(s)s.") % {"s": SumberKasus.SURVEI.label.lower()}
    RiwayatKasus.objects.bulk_create(
        [
            RiwayatKasus(
                kasus=k, status=k.status, keterangan=keterangan, created_at=k.diterima_pada
            )
            for k in baru
        ],
        batch_size=500,
    )
    return len(baru)


def _ensure_open(kasus: Kasus) -> None:
    if kasus.status == StatusKasus.SELESAI:
        raise ValidationError(
            {"status": [_("Kasus %(k)s sudah ditutup.") % {"k": kasus.kode_lacak}]}
        )


@transaction.atomic
def kasus_categorize(*, kasus: Kasus, kategori: str, user: Any, jenis: str | None = None) -> Kasus:
    _ensure_open(kasus)
    if kategori not in KategoriKasus.values:
        raise ValidationError({"kategori": [_("Pilih kategori dari daftar.")]})
    kasus.kategori = kategori
    if jenis:
        if jenis not in JenisKasus.values:
            raise ValidationError({"jenis": [_("Pilih jenis: pengaduan, saran atau masukan.")]})
        kasus.jenis = jenis
    kasus.save(update_fields=["kategori", "jenis", "updated_at"])
    _riwayat_record(kasus, _("Dikategorikan: %(k)s.") % {"k": kasus.get_kategori_display()}, user)
    return kasus


@transaction.atomic
def kasus_assign(*, kasus: Kasus, petugas: Any, user: Any) -> Kasus:
    _ensure_open(kasus)
    unit = kasus.unit_layanan.unit
    if petugas is None or not petugas.is_active or not can_manage_unit(petugas, unit):
        raise ValidationError({"petugas": [_("Petugas harus pengelola unit layanan ini.")]})
    kasus.petugas = petugas
    if kasus.status == StatusKasus.BARU:
        kasus.status = StatusKasus.DIPROSES
    kasus.save(update_fields=["petugas", "status", "updated_at"])
    _riwayat_record(kasus, _("Ditugaskan kepada petugas unit."), user)
    return kasus


@transaction.atomic
def kasus_answer(
    *, kasus: Kasus, jawaban: str, user: Any, dijawab_pada: dt.datetime | None = None
) -> Kasus:
    """Answer the citizen. The response time is measured to the first answer; ``dijawab_pada``
    records an answer given earlier outside the portal (by phone, at the counter)."""
    _ensure_open(kasus)
    jawaban = (jawaban or "").strip()
    if len(jawaban) < 10:
        raise ValidationError({"jawaban": [_("Tulis jawaban minimal 10 karakter.")]})
    sekarang = dijawab_pada or timezone.now()
    if not kasus.diterima_pada <= sekarang <= timezone.now():
        raise ValidationError(
            {"dijawab_pada": [_("Waktu jawaban harus antara waktu diterima dan sekarang.")]}
        )
    kasus.jawaban = jawaban
    if kasus.dijawab_pada is None:
        kasus.dijawab_pada = sekarang
        kasus.durasi_respons_detik = max(0, int((sekarang - kasus.diterima_pada).total_seconds()))
    kasus.status = StatusKasus.DIJAWAB
    if kasus.petugas_id is None and user is not None and user.is_authenticated:
        kasus.petugas = user
    kasus.full_clean(exclude=["unit_layanan", "respons", "petugas"])
    kasus.save()
    _riwayat_record(kasus, _("Dijawab."), user, pada=sekarang)
    return kasus


@transaction.atomic
def kasus_close(*, kasus: Kasus, user: Any, ditutup_pada: dt.datetime | None = None) -> Kasus:
    _ensure_open(kasus)
    if kasus.status != StatusKasus.DIJAWAB:
        raise ValidationError({"status": [_("Jawab kasus terlebih dahulu sebelum menutupnya.")]})
    waktu = ditutup_pada or timezone.now()
    if kasus.dijawab_pada is not None and not kasus.dijawab_pada <= waktu <= timezone.now():
        raise ValidationError(
            {"ditutup_pada": [_("Waktu tutup harus setelah jawaban dan tidak di masa depan.")]}
        )
    kasus.status = StatusKasus.SELESAI
    kasus.ditutup_pada = waktu
    kasus.save(update_fields=["status", "ditutup_pada", "updated_at"])
    _riwayat_record(kasus, _("Ditutup."), user, pada=waktu)
    return kasus


# --- 4. Forum Konsultasi Publik ----------------------------------------------------------------


@transaction.atomic
def masukan_submit(
    *,
    konsultasi: Konsultasi,
    isi: str,
    idempotency_key: uuid.UUID | str,
    nama_tampilan: str = "",
    kontak: str = "",
) -> tuple[MasukanKonsultasi, bool]:
    """Hold a citizen's input for moderation; a resend returns the first one."""
    key = _key(idempotency_key)
    terdahulu = MasukanKonsultasi.objects.filter(idempotency_key=key).first()
    if terdahulu is not None:
        return terdahulu, False
    errors: dict[str, list[str]] = {}
    if not konsultasi.sedang_dibuka():
        errors["konsultasi"] = [_("Konsultasi ini tidak sedang menerima masukan.")]
    isi = (isi or "").strip()
    if len(isi) < 10:
        errors["isi"] = [_("Tulis masukan minimal 10 karakter.")]
    elif len(isi) > 5000:
        errors["isi"] = [_("Masukan paling panjang 5.000 karakter.")]
    try:
        kontak = _kontak_validate(kontak)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            masukan = MasukanKonsultasi.objects.create(
                konsultasi=konsultasi,
                isi=isi,
                nama_tampilan=(nama_tampilan or "").strip()[:60],
                kontak=kontak,
                idempotency_key=key,
            )
    except IntegrityError:
        return MasukanKonsultasi.objects.get(idempotency_key=key), False
    return masukan, True


@transaction.atomic
def masukan_moderate(*, masukan_ids: list[int], status: str, user: Any, alasan: str = "") -> int:
    """Accept (show publicly) or reject inputs; returns how many changed."""
    if status not in (StatusMasukan.DITERIMA, StatusMasukan.DITOLAK):
        raise ValidationError({"status": [_("Status moderasi harus diterima atau ditolak.")]})
    if status == StatusMasukan.DITOLAK and not alasan.strip():
        alasan = _("Tidak sesuai tata tertib forum.")
    return MasukanKonsultasi.objects.filter(pk__in=masukan_ids).update(
        status=status,
        alasan_tolak=alasan.strip()[:255] if status == StatusMasukan.DITOLAK else "",
        dimoderasi_oleh=user if user is not None and user.is_authenticated else None,
        dimoderasi_pada=timezone.now(),
    )


@transaction.atomic
def konsultasi_hasil_publish(
    *,
    konsultasi: Konsultasi,
    ringkasan_masukan: str,
    perubahan: str,
    tanggal_rapat: dt.date | None,
    berita_acara: File | None = None,
) -> Konsultasi:
    """Publish the outcome: a summary of the input, what changed, and the berita acara."""
    errors: dict[str, list[str]] = {}
    if not konsultasi.diterbitkan:
        errors["diterbitkan"] = [_("Tampilkan konsultasi di situs publik terlebih dahulu.")]
    if timezone.localdate() <= konsultasi.ditutup:
        errors["ditutup"] = [
            _("Hasil diterbitkan setelah masa konsultasi berakhir (%(t)s).")
            % {"t": konsultasi.ditutup.strftime("%d-%m-%Y")}
        ]
    if not (ringkasan_masukan or "").strip():
        errors["ringkasan_masukan"] = [_("Tulis ringkasan masukan warga.")]
    if not (perubahan or "").strip():
        errors["perubahan"] = [_("Tulis apa yang diubah karena masukan (atau mengapa tidak ada).")]
    if tanggal_rapat is None:
        errors["tanggal_rapat"] = [_("Isi tanggal rapat konsultasi.")]
    if berita_acara is None and not konsultasi.berita_acara:
        errors["berita_acara"] = [_("Unggah berita acara rapat konsultasi.")]
    if errors:
        raise ValidationError(errors)
    konsultasi.ringkasan_masukan = ringkasan_masukan.strip()
    konsultasi.perubahan = perubahan.strip()
    konsultasi.tanggal_rapat = tanggal_rapat
    if berita_acara is not None:
        konsultasi.berita_acara = berita_acara
    konsultasi.hasil_diterbitkan_pada = timezone.now()
    konsultasi.save()
    return konsultasi
