"""Import and export jobs (impor-ekspor) and reconciliation with SIASN.

An :class:`ImportJob` is also the audit trail of an import: who uploaded which file when, what the
preview found and what the commit wrote. An :class:`ExportLog` records every export.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["ExportLog", "ImportJob", "Rekonsiliasi", "RekonsiliasiItem"]


class ImportStatus(models.TextChoices):
    MENUNGGU = "menunggu", _("Menunggu diperiksa")
    MEMERIKSA = "memeriksa", _("Sedang diperiksa")
    PRATINJAU = "pratinjau", _("Siap ditinjau")
    DITOLAK = "ditolak", _("Ada kesalahan")
    MENGIMPOR = "mengimpor", _("Sedang diimpor")
    SELESAI = "selesai", _("Selesai diimpor")
    GAGAL = "gagal", _("Gagal")


class ImportJob(models.Model):
    kind = models.CharField(_("jenis data"), max_length=30, db_index=True)
    file = models.FileField(_("berkas"), upload_to="transfer/impor/%Y/%m/")
    file_name = models.CharField(_("nama berkas"), max_length=255)
    # The rows of an XLSX as the preview read them (asn_portal.transfer.formats.table_dumps), so
    # the commit re-checks them without parsing the workbook again; tied to the file's digest.
    table_copy = models.FileField(
        _("salinan baris terbaca"), upload_to="transfer/impor/%Y/%m/", blank=True, editable=False
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ImportStatus.choices,
        default=ImportStatus.MENUNGGU,
        db_index=True,
    )
    instansi = models.ForeignKey(
        "jabatan.Instansi",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("instansi"),
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="import_jobs",
        verbose_name=_("diunggah oleh"),
    )
    created_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True, db_index=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("diimpor oleh"),
    )
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    # When the running step (check or commit) was queued or taken by a worker: a job left
    # "memeriksa"/"mengimpor" past the task time limit lost its worker and is failed by a sweep.
    step_started_at = models.DateTimeField(_("langkah dimulai pada"), null=True, blank=True)
    # Refreshed by the worker while a step runs (asn_portal.jobs.heartbeat); empty while the step
    # waits in the queue. A stale heartbeat means the worker died (docs/RELIABILITY.md).
    heartbeat_at = models.DateTimeField(_("detak terakhir"), null=True, blank=True, editable=False)
    total_rows = models.PositiveIntegerField(_("jumlah baris"), default=0)
    created_count = models.PositiveIntegerField(_("baru"), default=0)
    changed_count = models.PositiveIntegerField(_("berubah"), default=0)
    unchanged_count = models.PositiveIntegerField(_("tetap"), default=0)
    error_count = models.PositiveIntegerField(_("kesalahan"), default=0)
    # Rows whose NIP Excel had cut to 15 digits and that were matched to a registered ASN
    # (asn_portal.transfer.nip_cells); they are not counted as baru/berubah/tetap, and the commit
    # needs the officer's confirmation. The digest fixes which rows went to which NIP: a commit
    # that would match differently is refused.
    reconstructed_count = models.PositiveIntegerField(_("NIP dipulihkan"), default=0)
    reconstructed_digest = models.CharField(max_length=64, blank=True, editable=False)
    # The XLSX sheet chosen by the officer (blank: the only sheet with data, or "Data")
    sheet = models.CharField(_("lembar"), max_length=31, blank=True)
    # Sheets the officer may choose from, when the file had several with data
    sheet_choices = models.JSONField(_("pilihan lembar"), default=list, blank=True)
    # How the file was read: hidden rows skipped, hidden columns read, the sheet used
    notes = models.JSONField(_("catatan pembacaan"), default=list, blank=True)
    # [{"row": 3, "column": "nip", "message": "..."}], capped (error_count has the full number)
    errors = models.JSONField(_("daftar kesalahan"), default=list, blank=True)
    # [{"row": 2, "action": "created|changed|unchanged", "key": "...", "changes": {...}}], capped
    preview = models.JSONField(_("pratinjau"), default=list, blank=True)
    message = models.TextField(_("pesan"), blank=True)

    class Meta:
        app_label = "asn_portal"
        verbose_name = _("impor data")
        verbose_name_plural = _("riwayat impor data")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["created_by", "-created_at"], name="importjob_user_created")
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        from jabatan.instansi import instansi_isi_bawaan

        instansi_isi_bawaan(self)
        super().save(*args, **kwargs)

    @property
    def is_running(self) -> bool:
        return self.status in (
            ImportStatus.MENUNGGU,
            ImportStatus.MEMERIKSA,
            ImportStatus.MENGIMPOR,
        )


class ExportStatus(models.TextChoices):
    MENUNGGU = "menunggu", _("Sedang disiapkan")
    SELESAI = "selesai", _("Siap diunduh")
    GAGAL = "gagal", _("Gagal")


class ExportLog(models.Model):
    """Every export: who took which list with which filters. Large ones carry the file too."""

    source = models.CharField(_("sumber"), max_length=120, db_index=True)
    fmt = models.CharField(_("format"), max_length=4)
    query = models.TextField(_("filter"), blank=True)
    instansi = models.ForeignKey(
        "jabatan.Instansi",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("instansi"),
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="export_logs",
        verbose_name=_("diekspor oleh"),
    )
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.SELESAI
    )
    row_count = models.PositiveIntegerField(_("jumlah baris"), default=0)
    file = models.FileField(_("berkas"), upload_to="transfer/ekspor/%Y/%m/", blank=True)
    message = models.TextField(_("pesan"), blank=True)

    class Meta:
        app_label = "asn_portal"
        verbose_name = _("log ekspor")
        verbose_name_plural = _("log ekspor")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.source} ({self.fmt}, {self.row_count})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        from jabatan.instansi import instansi_isi_bawaan

        instansi_isi_bawaan(self)
        super().save(*args, **kwargs)


class RekonsiliasiStatus(models.TextChoices):
    MENUNGGU = "menunggu", _("Sedang diproses")
    SELESAI = "selesai", _("Selesai")
    GAGAL = "gagal", _("Gagal")


class Rekonsiliasi(models.Model):
    """One comparison of the register with an ASN export from SIASN."""

    file = models.FileField(_("berkas SIASN"), upload_to="transfer/siasn/%Y/%m/")
    file_name = models.CharField(_("nama berkas"), max_length=255)
    instansi = models.ForeignKey(
        "jabatan.Instansi",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("instansi"),
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="rekonsiliasi",
        verbose_name=_("diunggah oleh"),
    )
    created_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True, db_index=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RekonsiliasiStatus.choices,
        default=RekonsiliasiStatus.MENUNGGU,
    )
    message = models.TextField(_("pesan"), blank=True)

    class Meta:
        app_label = "asn_portal"
        verbose_name = _("rekonsiliasi SIASN")
        verbose_name_plural = _("rekonsiliasi SIASN")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%d/%m/%Y})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        from jabatan.instansi import instansi_isi_bawaan

        instansi_isi_bawaan(self)
        super().save(*args, **kwargs)


class Kelompok(models.TextChoices):
    COCOK = "cocok", _("Cocok")
    BERBEDA = "berbeda", _("Berbeda")
    HANYA_DI_SINI = "hanya_sini", _("Hanya di ASN Portal")
    HANYA_DI_SIASN = "hanya_siasn", _("Hanya di SIASN")


class RekonsiliasiItem(models.Model):
    rekonsiliasi = models.ForeignKey(
        Rekonsiliasi, on_delete=models.CASCADE, related_name="items", verbose_name=_("rekonsiliasi")
    )
    kelompok = models.CharField(_("kelompok"), max_length=12, choices=Kelompok.choices)
    nip = models.CharField(_("NIP"), max_length=18)
    nama = models.CharField(_("nama"), max_length=200, blank=True)
    pegawai = models.ForeignKey(
        "jabatan.Pegawai",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pegawai"),
    )
    # Unit of the pegawai's current assignment when the comparison ran (operators see their own).
    unit_path = models.CharField(_("path unit"), max_length=255, blank=True, db_index=True)
    siasn_row = models.PositiveIntegerField(_("baris di berkas"), null=True, blank=True)
    # The NIP cell as Excel showed it when Excel had cut it and it was matched by
    # asn_portal.transfer.nip_cells (accepting its differences needs a confirmation)
    nip_cell = models.CharField(_("sel NIP di berkas"), max_length=40, blank=True)
    # {"golongan": {"sini": "III/a", "siasn": "III/b", "label": "Golongan"}, ...}
    perbedaan = models.JSONField(_("perbedaan"), default=dict, blank=True)
    # {"golongan": {"oleh": "admin", "pada": "2026-..."}}: fields whose SIASN value was accepted
    diterima = models.JSONField(_("perbedaan diterima"), default=dict, blank=True)

    class Meta:
        app_label = "asn_portal"
        verbose_name = _("butir rekonsiliasi")
        verbose_name_plural = _("butir rekonsiliasi")
        ordering = ["kelompok", "nama"]
        indexes = [models.Index(fields=["rekonsiliasi", "kelompok"], name="rekon_item_kelompok")]

    def __str__(self) -> str:
        return f"{self.nip} ({self.get_kelompok_display()})"

    @property
    def terbuka(self) -> dict:
        """Differences not accepted yet."""
        return {k: v for k, v in self.perbedaan.items() if k not in self.diterima}
