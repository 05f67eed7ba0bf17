"""The app's models live in its sub-apps (``asn_portal.laporan``, ``asn_portal.transfer``), which
keep ``app_label = "asn_portal"`` and this app's migrations.

This module stays (empty) because Django only sends an app's post_migrate signal when it has a
models module, and that signal syncs the role permissions.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class StatusTugas(models.TextChoices):
    ANTRE = "antre", _("Dalam antrean")
    PROSES = "proses", _("Sedang berjalan")
    SELESAI = "selesai", _("Selesai")
    GAGAL = "gagal", _("Gagal")


STATUS_TUGAS_AKTIF = (StatusTugas.ANTRE, StatusTugas.PROSES)


class TugasLatar(models.Model):
    """A background job that has no row of its own to carry its state (a large plan apply).

    The row is the outbox (asn_portal.jobs): created in the request's transaction, claimed by a
    conditional UPDATE, kept alive by a heartbeat, and enqueued again by the sweep while it waits
    or after its worker died. At most one active job per kind and object.
    """

    jenis = models.CharField(_("jenis tugas"), max_length=40)
    objek_id = models.PositiveBigIntegerField(_("id objek"))
    status = models.CharField(
        _("status"), max_length=10, choices=StatusTugas.choices, default=StatusTugas.ANTRE
    )
    diminta_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("diminta oleh"),
    )
    diminta_pada = models.DateTimeField(_("diminta pada"), auto_now_add=True)
    heartbeat_at = models.DateTimeField(_("detak terakhir"), null=True, blank=True)
    percobaan = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    selesai_pada = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    pesan = models.TextField(_("pesan"), blank=True)

    class Meta:
        app_label = "asn_portal"
        verbose_name = _("tugas latar belakang")
        verbose_name_plural = _("tugas latar belakang")
        ordering = ["-diminta_pada"]
        constraints = [
            models.UniqueConstraint(
                fields=["jenis", "objek_id"],
                condition=Q(status__in=["antre", "proses"]),
                name="tugaslatar_satu_aktif_per_objek",
                violation_error_message=_("Tugas ini sudah berjalan atau dalam antrean."),
            )
        ]
        indexes = [models.Index(fields=["status", "diminta_pada"], name="tugaslatar_status")]

    def __str__(self) -> str:
        return f"{self.jenis} #{self.objek_id} ({self.get_status_display()})"
