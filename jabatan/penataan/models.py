"""Restructuring plans (penataan jabatan): the ``penataan`` app's models, kept in the ``jabatan``
app label and migrations (``app_label = "jabatan"``).

A plan (:class:`RencanaPenataan`) holds items (:class:`ItemRencana`) that move ASN between
formasi, convert structural positions to functional ones (penyetaraan), or open and close
formasi. Plans go draf → diajukan → disetujui/ditolak → diterapkan; every transition is kept
in :class:`TransisiRencana`. Writes live in ``jabatan.penataan.services``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = [
    "ItemRencana",
    "JenisItem",
    "JenisRencana",
    "RencanaPenataan",
    "StatusRencana",
    "TransisiRencana",
]


class StatusRencana(models.TextChoices):
    DRAF = "draf", _("Draf")
    DIAJUKAN = "diajukan", _("Diajukan")
    DISETUJUI = "disetujui", _("Disetujui")
    DITOLAK = "ditolak", _("Ditolak")
    DITERAPKAN = "diterapkan", _("Diterapkan")


class JenisRencana(models.TextChoices):
    UMUM = "umum", _("Penataan umum")
    PENYETARAAN = "penyetaraan", _("Penyetaraan jabatan")
    PEMBALIKAN = "pembalikan", _("Pembalikan rencana")


class JenisItem(models.TextChoices):
    MUTASI = "mutasi", _("Mutasi/rotasi")
    PROMOSI = "promosi", _("Promosi")
    PENYETARAAN = "penyetaraan", _("Penyetaraan jabatan")
    PEMBENTUKAN_FORMASI = "pembentukan_formasi", _("Pembentukan formasi")
    PENGHAPUSAN_FORMASI = "penghapusan_formasi", _("Penghapusan formasi")


JENIS_PERPINDAHAN = {JenisItem.MUTASI, JenisItem.PROMOSI, JenisItem.PENYETARAAN}


class RencanaPenataan(models.Model):
    nama = models.CharField(_("nama rencana"), max_length=200)
    jenis = models.CharField(
        _("jenis rencana"),
        max_length=20,
        choices=JenisRencana.choices,
        default=JenisRencana.UMUM,
        db_index=True,
    )
    dasar_hukum = models.CharField(
        _("dasar hukum"),
        max_length=300,
        help_text=_("Mis. nomor dan tanggal keputusan yang menjadi dasar penataan."),
    )
    tmt = models.DateField(_("TMT"), help_text=_("Tanggal mulai berlakunya seluruh perubahan."))
    keterangan = models.TextField(_("keterangan"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=StatusRencana.choices,
        default=StatusRencana.DRAF,
        db_index=True,
    )
    rencana_asal = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pembalikan",
        verbose_name=_("rencana yang dibalik"),
    )
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("disusun oleh"),
    )
    diajukan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diajukan oleh"),
    )
    diajukan_pada = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    diputuskan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("disetujui/ditolak oleh"),
    )
    diputuskan_pada = models.DateTimeField(_("disetujui/ditolak pada"), null=True, blank=True)
    alasan_penolakan = models.TextField(_("alasan penolakan"), blank=True)
    diterapkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diterapkan oleh"),
    )
    diterapkan_pada = models.DateTimeField(_("diterapkan pada"), null=True, blank=True)
    catatan_penerapan = models.TextField(
        _("catatan penerapan terakhir"),
        blank=True,
        help_text=_("Alasan bila penerapan terakhir ditolak."),
    )
    instansi = models.ForeignKey(
        "jabatan.Instansi",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("instansi"),
        blank=True,
    )
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("diubah pada"), auto_now=True)

    class Meta:
        app_label = "jabatan"
        verbose_name = _("rencana penataan")
        verbose_name_plural = _("rencana penataan")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("ajukan_rencana", _("Dapat mengajukan rencana penataan")),
            ("setujui_rencana", _("Dapat menyetujui atau menolak rencana penataan")),
            ("terapkan_rencana", _("Dapat menerapkan rencana penataan")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=StatusRencana.DITOLAK) | ~Q(alasan_penolakan=""),
                name="rencana_ditolak_beralasan",
                violation_error_message=_("Penolakan wajib disertai alasan."),
            ),
            models.CheckConstraint(
                condition=~Q(status=StatusRencana.DITERAPKAN) | Q(diterapkan_pada__isnull=False),
                name="rencana_diterapkan_bertanggal",
                violation_error_message=_(
                    "Rencana yang diterapkan wajib mencatat waktu penerapan."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.nama

    def save(self, *args: Any, **kwargs: Any) -> None:
        from jabatan.instansi import instansi_isi_bawaan

        instansi_isi_bawaan(self)
        super().save(*args, **kwargs)

    @property
    def is_draf(self) -> bool:
        return self.status == StatusRencana.DRAF

    @property
    def is_frozen(self) -> bool:
        """Only drafts may be edited; an applied plan never changes again."""
        return self.status != StatusRencana.DRAF


class ItemRencana(models.Model):
    rencana = models.ForeignKey(
        RencanaPenataan, on_delete=models.CASCADE, related_name="items", verbose_name=_("rencana")
    )
    urutan = models.PositiveIntegerField(_("urutan"), default=0)
    jenis = models.CharField(_("jenis perubahan"), max_length=24, choices=JenisItem.choices)
    pegawai = models.ForeignKey(
        "jabatan.Pegawai",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pegawai"),
        help_text=_("ASN yang berpindah; kosong untuk penyetaraan formasi yang tidak terisi."),
    )
    formasi_asal = models.ForeignKey(
        "jabatan.Formasi",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("formasi asal"),
        help_text=_(
            "Jabatan yang kini dipegang ASN, jabatan yang disetarakan, atau formasi yang dihapus."
        ),
    )
    formasi_tujuan = models.ForeignKey(
        "jabatan.Formasi",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("formasi tujuan"),
        help_text=_("Untuk mutasi/rotasi dan promosi."),
    )
    unit = models.ForeignKey(
        "jabatan.UnitOrganisasi",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
        help_text=_("Untuk pembentukan formasi."),
    )
    jabatan = models.ForeignKey(
        "jabatan.Jabatan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("jabatan"),
        help_text=_("Jabatan formasi baru, atau jabatan fungsional tujuan penyetaraan."),
    )
    alasan_peringatan = models.TextField(
        _("alasan atas peringatan"),
        blank=True,
        help_text=_("Wajib diisi bila butir ini memiliki peringatan."),
    )
    keterangan = models.CharField(_("keterangan"), max_length=300, blank=True)
    # Filled in by the apply, so that a reversal plan knows exactly what happened.
    riwayat_ditutup = models.ForeignKey(
        "jabatan.RiwayatJabatan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("riwayat jabatan yang ditutup"),
        editable=False,
    )
    riwayat_dibuka = models.ForeignKey(
        "jabatan.RiwayatJabatan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("riwayat jabatan yang dibuka"),
        editable=False,
    )
    formasi_hasil = models.ForeignKey(
        "jabatan.Formasi",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("formasi hasil"),
        editable=False,
    )
    formasi_diaktifkan = models.BooleanField(
        _("formasi dibentuk/diaktifkan oleh butir ini"), default=False, editable=False
    )
    formasi_dinonaktifkan = models.BooleanField(
        _("formasi dinonaktifkan oleh butir ini"), default=False, editable=False
    )

    class Meta:
        app_label = "jabatan"
        verbose_name = _("butir rencana")
        verbose_name_plural = _("butir rencana")
        ordering = ["rencana", "urutan", "id"]
        indexes = [
            models.Index(fields=["pegawai", "rencana"], name="item_rencana_pegawai"),
            models.Index(fields=["formasi_asal"], name="item_rencana_formasi_asal"),
            models.Index(fields=["formasi_tujuan"], name="item_rencana_formasi_tujuan"),
        ]

    def __str__(self) -> str:
        subjek = self.pegawai or self.formasi_asal or self.jabatan or ""
        return f"{self.get_jenis_display()}: {subjek}"

    @property
    def is_perpindahan(self) -> bool:
        return self.jenis in JENIS_PERPINDAHAN and self.pegawai_id is not None


class TransisiRencana(models.Model):
    """One step of a plan's workflow: who moved it from which status to which, when, and why."""

    rencana = models.ForeignKey(
        RencanaPenataan,
        on_delete=models.CASCADE,
        related_name="transisi",
        verbose_name=_("rencana"),
    )
    dari_status = models.CharField(
        _("dari status"), max_length=12, choices=StatusRencana.choices, blank=True
    )
    ke_status = models.CharField(_("ke status"), max_length=12, choices=StatusRencana.choices)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("oleh")
    )
    pada = models.DateTimeField(_("pada"), auto_now_add=True)
    alasan = models.TextField(_("alasan/catatan"), blank=True)

    class Meta:
        app_label = "jabatan"
        verbose_name = _("transisi rencana")
        verbose_name_plural = _("transisi rencana")
        ordering = ["rencana", "pada", "id"]

    def __str__(self) -> str:
        return f"{self.rencana}: {self.dari_status or '-'} → {self.ke_status}"
