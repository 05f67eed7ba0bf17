from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LaporanConfig(AppConfig):
    """Reform-progress reports. The models keep the ``asn_portal`` app label, tables and
    migrations."""

    name = "asn_portal.laporan"
    label = "laporan"
    verbose_name = _("Laporan kemajuan")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from asn_portal.laporan.models import LanggananLaporan, Laporan

        # Generation, publication and withdrawal. ``data`` is the whole report as JSON: its
        # fingerprint ``hash_konten`` shows in the trail when it changes.
        auditlog.register(Laporan, exclude_fields=["data"])
        auditlog.register(LanggananLaporan)
