"""Writes of the survey: every entry point (form, paper entry, API, admin, demo) comes here."""

from __future__ import annotations

import datetime as dt
import uuid
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any, cast

from auditlog.context import disable_auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asn_portal import jobs
from asn_portal.periode import Periode
from survei import selectors
from survei.kuesioner import KODE_UNSUR, UNSUR_BAWAAN, URUTAN_BAWAAN
from survei.models import (
    Kuesioner,
    PeriodePublikasi,
    PertanyaanUnsur,
    RencanaTindakLanjut,
    Respons,
    SumberRespons,
    UnitLayanan,
)
from survei.privasi import hash_alamat, hash_perangkat

# A first draft of the action for each weak unsur; staff rewrite it to their situation.
KEGIATAN_BAWAAN = {
    "U1": "Meninjau dan menyederhanakan persyaratan layanan, lalu mengumumkannya di loket dan situs web.",
    "U2": "Menyusun ulang alur layanan (SOP) yang lebih ringkas dan memasang papan alur di ruang tunggu.",
    "U3": "Menetapkan standar waktu penyelesaian per jenis layanan dan memantaunya setiap minggu.",
    "U4": "Mengumumkan tarif resmi secara terbuka dan menutup peluang pungutan di luar ketentuan.",
    "U5": "Mencocokkan produk layanan dengan standar pelayanan dan memperbaiki yang tidak sesuai.",
    "U6": "Mengikutkan petugas layanan pada pelatihan teknis dan pendampingan oleh petugas senior.",
    "U7": "Melatih budaya pelayanan prima (senyum, sapa, salam) dan memberi umpan balik rutin.",
    "U8": "Mengaktifkan kanal pengaduan dengan petugas penanggung jawab dan batas waktu tanggapan.",
    "U9": "Memperbaiki sarana ruang tunggu, antrean dan aksesibilitas bagi penyandang disabilitas.",
}


@transaction.atomic
def kuesioner_bawaan_ensure() -> Kuesioner:
    """Version 1 with the regulation's wording, active when no other version is."""
    kuesioner, created = Kuesioner.objects.get_or_create(
        versi=1, defaults={"urutan": list(URUTAN_BAWAAN)}
    )
    if created:
        PertanyaanUnsur.objects.bulk_create(
            PertanyaanUnsur(
                kuesioner=kuesioner,
                kode=u.kode,
                unsur=u.unsur,
                pertanyaan=u.pertanyaan,
                jawaban_1=u.jawaban[0],
                jawaban_2=u.jawaban[1],
                jawaban_3=u.jawaban[2],
                jawaban_4=u.jawaban[3],
            )
            for u in UNSUR_BAWAAN
        )
    if not Kuesioner.objects.filter(aktif=True).exists():
        Kuesioner.objects.filter(pk=kuesioner.pk).update(aktif=True)
        kuesioner.aktif = True
        selectors.publik_cache_invalidate()
    return kuesioner


@transaction.atomic
def kuesioner_versi_create(
    *,
    dasar: Kuesioner,
    urutan: list[str] | None = None,
    perubahan: dict[str, dict[str, str]] | None = None,
    aktifkan: bool = True,
) -> Kuesioner:
    """A new version copied from ``dasar`` with changed wording/order; stored responses keep
    pointing at the version they answered, so their meaning never changes."""
    urutan = list(urutan if urutan is not None else dasar.urutan)
    if sorted(urutan) != sorted(KODE_UNSUR):
        raise ValidationError(
            {"urutan": _("Urutan harus memuat U1 sampai U9 masing-masing sekali.")}
        )
    perubahan = perubahan or {}
    selectors.publik_cache_invalidate()
    versi = (Kuesioner.objects.order_by("-versi").values_list("versi", flat=True).first() or 0) + 1
    if aktifkan:
        Kuesioner.objects.filter(aktif=True).update(aktif=False)
    baru = Kuesioner.objects.create(versi=versi, judul=dasar.judul, urutan=urutan, aktif=aktifkan)
    rows = []
    for lama in dasar.pertanyaan.all():
        ubah = perubahan.get(lama.kode, {})
        item = PertanyaanUnsur(
            kuesioner=baru,
            kode=lama.kode,
            unsur=ubah.get("unsur", lama.unsur),
            pertanyaan=ubah.get("pertanyaan", lama.pertanyaan),
            jawaban_1=ubah.get("jawaban_1", lama.jawaban_1),
            jawaban_2=ubah.get("jawaban_2", lama.jawaban_2),
            jawaban_3=ubah.get("jawaban_3", lama.jawaban_3),
            jawaban_4=ubah.get("jawaban_4", lama.jawaban_4),
        )
        item.full_clean(exclude=["kuesioner"])
        rows.append(item)
    PertanyaanUnsur.objects.bulk_create(rows)
    return baru


@dataclass(frozen=True)
class HasilKirim:
    respons: Respons
    baru: bool


class PerangkatSudahMengisi(ValidationError):
    """This device already answered this unit today (one answer per unit, device and day)."""

    def __init__(self) -> None:
        super().__init__({"__all__": [_pesan_perangkat()]})


def respons_validate(respons: Respons, unit_layanan: UnitLayanan, sumber: str) -> None:
    errors: dict[str, list[str]] = {}
    try:
        # The related objects are in hand: their existence needs no query.
        respons.full_clean(
            exclude=["unit_layanan", "kuesioner", "dientri_oleh"],
            validate_constraints=False,
            validate_unique=False,
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    hari_ini = timezone.localdate()
    tanggal = respons.tanggal_layanan
    if isinstance(tanggal, dt.date) and "tanggal_layanan" not in errors:
        if tanggal > hari_ini:
            errors["tanggal_layanan"] = [_("Tanggal layanan tidak boleh setelah hari ini.")]
        elif sumber != SumberRespons.KERTAS and tanggal < hari_ini - dt.timedelta(
            days=settings.SURVEI_TANGGAL_LAYANAN_MAKS_HARI
        ):
            errors["tanggal_layanan"] = [
                _("Tanggal layanan paling lama %(hari)s hari yang lalu.")
                % {"hari": settings.SURVEI_TANGGAL_LAYANAN_MAKS_HARI}
            ]
    daftar = unit_layanan.jenis_layanan or []
    if (
        daftar
        and respons.jenis_layanan
        and respons.jenis_layanan not in daftar
        and "jenis_layanan" not in errors
    ):
        errors["jenis_layanan"] = [_("Pilih salah satu jenis layanan unit ini.")]
    jawaban = respons.jawaban()
    if sumber != SumberRespons.KERTAS:
        for kode, nilai in jawaban.items():
            if nilai is None:
                errors.setdefault(
                    kode.lower(), [_("Pilih salah satu jawaban untuk %(kode)s.") % {"kode": kode}]
                )
    elif all(nilai is None for nilai in jawaban.values()):
        errors["u1"] = [_("Kuesioner kertas tanpa satu pun jawaban tidak dapat disimpan.")]
    if errors:
        raise ValidationError(errors)


def respons_submit(
    *,
    unit_layanan: UnitLayanan,
    data: dict[str, Any],
    idempotency_key: uuid.UUID | str,
    sumber: str = SumberRespons.DARING,
    perangkat: str = "",
    alamat: str = "",
    user: Any = None,
) -> HasilKirim:
    """Store one response exactly once.

    ``data`` holds u1…u9 (or ``jawaban`` {"U1": …}), umur, jenis_kelamin, pendidikan, pekerjaan,
    jenis_layanan, tanggal_layanan and saran. The idempotency key makes a resend return the first
    response; the device hash limits a device to one response per unit and day. Both are unique
    constraints, so two racing requests cannot both get through.
    """
    try:
        key = (
            idempotency_key
            if isinstance(idempotency_key, uuid.UUID)
            else uuid.UUID(str(idempotency_key))
        )
    except ValueError:
        raise ValidationError({"idempotency_key": [_("Kunci idempotensi harus UUID.")]}) from None
    jawaban = data.get("jawaban") or {}
    values = {kode.lower(): data.get(kode.lower(), jawaban.get(kode)) for kode in KODE_UNSUR}
    respons = Respons(
        unit_layanan=unit_layanan,
        kuesioner=data.get("kuesioner") or selectors.kuesioner_aktif(),
        **values,
        umur=cast(Any, data.get("umur")),  # None is reported by full_clean
        jenis_kelamin=data.get("jenis_kelamin") or "",
        pendidikan=data.get("pendidikan") or "",
        pekerjaan=data.get("pekerjaan") or "",
        jenis_layanan=(data.get("jenis_layanan") or "").strip(),
        tanggal_layanan=cast(Any, data.get("tanggal_layanan")),
        saran=(data.get("saran") or "").strip(),
        sumber=sumber,
        idempotency_key=key,
        tanggal_isi=timezone.localdate(),
        perangkat_hash=hash_perangkat(perangkat),
        alamat_klien_hash=hash_alamat(alamat),
        dientri_oleh=user if user is not None and user.is_authenticated else None,
    )
    try:
        respons_validate(respons, unit_layanan, sumber)
    except ValidationError:
        # A resend of a stored form answers with the first response, whatever changed since.
        existing = Respons.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return HasilKirim(existing, False)
        raise
    # The audit trail records what staff do: a response a staff account entered (paper entry)
    # is in it with its actor. A citizen's own answer is recorded by its row alone (source,
    # time, and for a few days the salted device and address hashes); an entry of its creation
    # would only copy the row, for every one of a province's million answers. Every later
    # change or deletion of any response is audited.
    dicatat = nullcontext() if respons.dientri_oleh_id is not None else disable_auditlog()
    # Insert first, look up only on a clash: the unique constraints decide, one query fewer
    # for every first send.
    try:
        with dicatat, transaction.atomic():
            respons.save(force_insert=True)
    except IntegrityError:
        # The unique constraints decide, also between racing requests: either this form was
        # already stored (resend, double click) or the device already answered today.
        existing = Respons.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return HasilKirim(existing, False)
        raise PerangkatSudahMengisi from None
    if respons.saran:
        # Every suggestion becomes a follow-up case once the response is committed: the sweep
        # (kasus_dari_saran_sweep) makes the cases of every suggestion still without one, woken
        # up a few seconds after the commit, one message per burst instead of one per answer
        # (asn_portal.jobs.wake_sweep_on_commit). A broker outage must not fail the citizen's
        # request: the wake-up never raises, and the periodic run of the sweep makes the case.
        # partisipasi (tasks → services) imports this module.
        from survei.partisipasi.tasks import kasus_dari_saran_sweep

        jobs.wake_sweep_on_commit(
            kasus_dari_saran_sweep, within=settings.PARTISIPASI_KASUS_BANGUN_DETIK, hari=1
        )
    return HasilKirim(respons, True)


def _pesan_perangkat() -> str:
    return _("Terima kasih, Anda sudah mengisi survei untuk unit layanan ini hari ini.")


@transaction.atomic
def hash_alamat_purge(*, sebelum: dt.datetime | None = None) -> int:
    """Drop client-address hashes older than the retention period; returns rows cleared."""
    batas = sebelum or timezone.now() - dt.timedelta(days=settings.SURVEI_HASH_ALAMAT_HARI)
    return (
        Respons.objects.filter(created_at__lt=batas)
        .exclude(alamat_klien_hash="")
        .update(alamat_klien_hash="")
    )


@transaction.atomic
def publikasi_publish(
    *, unit_layanan: UnitLayanan, periode: Periode, user: Any
) -> PeriodePublikasi:
    """Publish (or refresh) the result of one period: the snapshot the public page shows."""
    hasil = selectors.ikm_compute(
        unit_layanan=unit_layanan, dari=periode.awal, sampai=periode.akhir
    )
    if hasil.responden == 0:
        raise ValidationError(
            {
                "periode": [
                    _("Belum ada respons pada %(periode)s; tidak ada yang dapat diterbitkan.")
                    % {"periode": periode.label}
                ]
            }
        )
    profil = selectors.profil_responden(unit_layanan, dari=periode.awal, sampai=periode.akhir)
    _populasi, minimum = selectors.sampel_untuk(unit_layanan, periode)
    publikasi, _created = PeriodePublikasi.objects.update_or_create(
        unit_layanan=unit_layanan,
        jenis_periode=periode.jenis,
        tahun=periode.tahun,
        nomor=periode.nomor,
        defaults={
            "hasil": hasil.as_dict(),
            "profil": {name: [[label, n] for label, n in rows] for name, rows in profil.items()},
            "sampel_minimum": minimum,
            "diterbitkan_oleh": user if user is not None and user.is_authenticated else None,
            "diterbitkan_pada": timezone.now(),
        },
    )
    return publikasi


@transaction.atomic
def publikasi_withdraw(*, publikasi: PeriodePublikasi) -> None:
    publikasi.delete()


@transaction.atomic
def rencana_tindak_lanjut_draft(
    *, unit_layanan: UnitLayanan, periode: Periode, jumlah: int = 3
) -> list[RencanaTindakLanjut]:
    """Draft plans for the weakest unsur of the period (skipping unsur that already have one)."""
    hasil = selectors.ikm_compute(
        unit_layanan=unit_layanan, dari=periode.awal, sampai=periode.akhir
    )
    if hasil.responden == 0:
        raise ValidationError(
            {
                "periode": [
                    _("Belum ada respons pada %(periode)s untuk menyusun rencana.")
                    % {"periode": periode.label}
                ]
            }
        )
    sudah = set(
        RencanaTindakLanjut.objects.filter(
            unit_layanan=unit_layanan,
            jenis_periode=periode.jenis,
            tahun=periode.tahun,
            nomor=periode.nomor,
        ).values_list("kode_unsur", flat=True)
    )
    jumlah_saran = (
        selectors.respons_periode(unit_layanan, dari=periode.awal, sampai=periode.akhir)
        .exclude(saran="")
        .count()
    )
    nama_unsur = {u.kode: u.unsur for u in UNSUR_BAWAAN}
    rows = []
    for kode in hasil.unsur_terlemah(jumlah):
        if kode in sudah:
            continue
        rows.append(
            RencanaTindakLanjut(
                unit_layanan=unit_layanan,
                jenis_periode=periode.jenis,
                tahun=periode.tahun,
                nomor=periode.nomor,
                kode_unsur=kode,
                nrr=hasil.nrr[kode],
                masalah=_(
                    "Unsur %(unsur)s mendapat NRR %(nrr)s pada %(periode)s, termasuk yang terendah. "
                    "Tinjau juga %(saran)s saran responden pada periode ini."
                )
                % {
                    "unsur": nama_unsur[kode],
                    "nrr": hasil.nrr[kode],
                    "periode": periode.label,
                    "saran": jumlah_saran,
                },
                kegiatan=KEGIATAN_BAWAAN[kode],
                target_selesai=periode.akhir + dt.timedelta(days=90),
            )
        )
    return RencanaTindakLanjut.objects.bulk_create(rows)


@transaction.atomic
def rencana_tindak_lanjut_update(
    *, rencana: RencanaTindakLanjut, **fields: Any
) -> RencanaTindakLanjut:
    allowed = {
        "masalah",
        "kegiatan",
        "penanggung_jawab",
        "target_selesai",
        "status",
        "catatan_progres",
    }
    for name, value in fields.items():
        if name not in allowed:
            raise ValueError(f"Kolom {name} tidak dapat diubah.")
        setattr(rencana, name, value)
    rencana.full_clean()
    rencana.save()
    return rencana
