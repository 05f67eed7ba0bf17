"""Reform-progress reports (Laporan Kemajuan Penataan Jabatan dan Reformasi Birokrasi).

A :class:`Laporan` is unique per kind, period and scope. Its numbers live in ``data`` (JSON),
fingerprinted by ``hash_konten``; the PDF and XLSX are rendered from the same data. Content is
visible only when the status is ``siap`` or ``terbit``: a generation writes everything in one
final transaction, so a worker that dies midway leaves nothing half-made behind.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from asn_portal.periode import JENIS_DARI_LAPORAN, Periode

__all__ = ["JenisLaporan", "Laporan", "LanggananLaporan", "StatusLaporan", "jenis_laporan"]

# Scope key of the whole instansi (an OPD's scope key is its unit id).
LINGKUP_PROVINSI = "provinsi"
# Scope key of the province report: one section per instansi of the province
# (``asn_portal.laporan.rekap``).
LINGKUP_REKAP = "rekap"


class JenisLaporan(models.TextChoices):
    """The kind of report; each covers one period of the kind ``JENIS_DARI_LAPORAN`` names."""

    BULANAN = "bulanan", _("Bulanan")
    TRIWULANAN = "triwulanan", _("Triwulanan")
    TAHUNAN = "tahunan", _("Tahunan")


def jenis_laporan(periode: Periode) -> str:
    """The report kind covering ``periode`` (``bulan`` → ``bulanan``)."""
    return next(k for k, v in JENIS_DARI_LAPORAN.items() if v == periode.jenis)


# Verification codes are read off paper and typed in by hand: no look-alikes (I/l/1, O/0; L goes
# too, since a typed "l" is uppercased). 16 characters of 31 carry 79 bits.
ALFABET_KODE = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
PANJANG_KODE = 16
_PEMISAH_KODE = re.compile(r"[\s\-‐‑‒–—]+")


def kode_verifikasi_baru() -> str:
    return "".join(secrets.choice(ALFABET_KODE) for _ in range(PANJANG_KODE))


def kode_verifikasi_normal(kode: str) -> str:
    """The stored form of a code as typed: spaces and dashes dropped, letters uppercased.

    The one reading of a typed code (page, API). Codes issued before this alphabet were
    case-sensitive URL-safe tokens; they are still matched as given (see ``laporan_verifikasi``).
    """
    return _PEMISAH_KODE.sub("", kode).upper()


def kode_verifikasi_tampil(kode: str) -> str:
    """A code in groups of four for print (``ABCD-EFGH-JKMN-PQRS``); old codes unchanged."""
    if len(kode) != PANJANG_KODE or any(c not in ALFABET_KODE for c in kode):
        return kode
    return "-".join(kode[i : i + 4] for i in range(0, PANJANG_KODE, 4))


class StatusLaporan(models.TextChoices):
    ANTRE = "antre", _("Dalam antrean")
    PROSES = "proses", _("Sedang disusun")
    SIAP = "siap", _("Siap")
    GAGAL = "gagal", _("Gagal")
    TERBIT = "terbit", _("Terbit (beku)")


STATUS_TERLIHAT = (StatusLaporan.SIAP, StatusLaporan.TERBIT)


class Laporan(models.Model):
    jenis = models.CharField(_("jenis laporan"), max_length=10, choices=JenisLaporan.choices)
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    nomor = models.PositiveSmallIntegerField(
        _("nomor periode"),
        default=1,
        help_text=_("Bulan 1–12, triwulan 1–4, atau 1 untuk tahunan."),
    )
    unit = models.ForeignKey(
        "jabatan.UnitOrganisasi",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lingkup OPD"),
        help_text=_("Kosong: seluruh provinsi. Diisi: OPD ini beserta seluruh sub-unitnya."),
    )
    instansi = models.ForeignKey(
        "jabatan.Instansi",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("instansi"),
        blank=True,
    )
    lingkup_kunci = models.CharField(_("kunci lingkup"), max_length=20, editable=False)
    tanggal_awal = models.DateField(_("awal periode"))
    tanggal_akhir = models.DateField(_("akhir periode"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=StatusLaporan.choices,
        default=StatusLaporan.ANTRE,
        db_index=True,
    )
    progres = models.PositiveSmallIntegerField(_("progres (%)"), default=0)
    langkah = models.CharField(_("langkah berjalan"), max_length=200, blank=True)
    pesan_galat = models.TextField(_("pesan galat"), blank=True)
    # The claim of the run now building the report: a slower, older run never overwrites it.
    token_proses = models.CharField(_("token proses"), max_length=32, blank=True, editable=False)
    # The outbox: set when a build is requested, cleared when a build ends. While set and nobody
    # beats (heartbeat_at empty or stale), the sweep enqueues the build again.
    diminta_pada = models.DateTimeField(
        _("penyusunan diminta pada"), null=True, blank=True, editable=False
    )
    heartbeat_at = models.DateTimeField(_("detak terakhir"), null=True, blank=True, editable=False)
    data = models.JSONField(_("data laporan"), default=dict, blank=True, editable=False)
    hash_konten = models.CharField(_("hash SHA-256 isi"), max_length=64, blank=True, editable=False)
    pdf = models.FileField(
        _("berkas PDF"), upload_to="laporan/", blank=True, max_length=200, editable=False
    )
    hash_pdf = models.CharField(_("hash SHA-256 PDF"), max_length=64, blank=True, editable=False)
    xlsx = models.FileField(
        _("berkas XLSX"), upload_to="laporan/", blank=True, max_length=200, editable=False
    )
    kode_verifikasi = models.CharField(
        _("kode verifikasi"),
        max_length=40,
        unique=True,
        default=kode_verifikasi_baru,
        editable=False,
    )
    versi = models.PositiveIntegerField(_("versi"), default=0, editable=False)
    diminta_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diminta oleh"),
    )
    selesai_pada = models.DateTimeField(_("selesai disusun pada"), null=True, blank=True)
    diterbitkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diterbitkan oleh"),
    )
    diterbitkan_pada = models.DateTimeField(_("diterbitkan pada"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah pada"), auto_now=True)

    class Meta:
        app_label = "asn_portal"
        verbose_name = _("laporan kemajuan")
        verbose_name_plural = _("laporan kemajuan")
        ordering = ["-tahun", "-nomor", "jenis", "lingkup_kunci"]
        permissions = [("terbitkan_laporan", _("Dapat menerbitkan (membekukan) laporan kemajuan"))]
        indexes = [
            models.Index(fields=["jenis", "tahun", "nomor"], name="laporan_periode"),
            models.Index(fields=["unit", "status"], name="laporan_unit_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "jenis", "tahun", "nomor", "lingkup_kunci"],
                name="laporan_unik_instansi_jenis_periode_lingkup",
                violation_error_message=_(
                    "Laporan untuk jenis, periode dan lingkup ini sudah ada."
                ),
            ),
            models.CheckConstraint(
                condition=Q(progres__lte=100),
                name="laporan_progres_0_100",
                violation_error_message=_("Progres 0–100."),
            ),
            models.CheckConstraint(
                condition=~Q(status=StatusLaporan.TERBIT) | ~Q(hash_konten=""),
                name="laporan_terbit_berisi",
                violation_error_message=_("Laporan yang diterbitkan wajib sudah tersusun."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.judul} — {self.periode.label} — {self.lingkup_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        from jabatan.instansi import instansi_isi_bawaan

        if self.instansi_id is None and self.unit_id is not None:
            self.instansi_id = self.unit.instansi_id  # an OPD's report is its instansi's
        instansi_isi_bawaan(self)
        super().save(*args, **kwargs)

    @property
    def judul(self) -> str:
        return str(_("Laporan Kemajuan Penataan Jabatan dan Reformasi Birokrasi"))

    @property
    def periode(self) -> Periode:
        return Periode(tahun=self.tahun, jenis=JENIS_DARI_LAPORAN[self.jenis], nomor=self.nomor)

    @property
    def kode_tampil(self) -> str:
        return kode_verifikasi_tampil(self.kode_verifikasi)

    @property
    def lingkup_label(self) -> str:
        if self.unit_id and self.unit:
            return self.unit.nama
        if self.lingkup_kunci == LINGKUP_REKAP:
            return str(_("Rekap lintas instansi"))
        return self.instansi.lingkup_seluruh if self.instansi_id else str(_("Seluruh provinsi"))

    @property
    def unit_path(self) -> str:
        return self.unit.path if self.unit_id and self.unit else ""

    @property
    def is_terlihat(self) -> bool:
        return self.status in STATUS_TERLIHAT and bool(self.hash_konten)

    @property
    def is_beku(self) -> bool:
        return self.status == StatusLaporan.TERBIT


class LanggananLaporan(models.Model):
    """A staff member who wants an e-mail with the link whenever a report is ready."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="langganan_laporan",
        verbose_name=_("pengguna"),
    )
    jenis = models.CharField(
        _("jenis laporan"),
        max_length=10,
        choices=JenisLaporan.choices,
        blank=True,
        help_text=_("Kosong: semua jenis."),
    )
    aktif = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)

    class Meta:
        app_label = "asn_portal"
        verbose_name = _("langganan laporan")
        verbose_name_plural = _("langganan laporan")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "jenis"],
                name="langganan_laporan_unik",
                violation_error_message=_(
                    "Pengguna ini sudah berlangganan jenis laporan tersebut."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_jenis_display() or _('semua jenis')}"
