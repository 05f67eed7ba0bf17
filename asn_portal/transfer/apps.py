from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferConfig(AppConfig):
    """Imports, exports and reconciliation. The models keep the ``asn_portal`` app label, tables
    and migrations."""

    name = "asn_portal.transfer"
    label = "transfer"
    verbose_name = _("Impor dan ekspor data")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from asn_portal.transfer.models import ExportLog, ImportJob, Rekonsiliasi, RekonsiliasiItem

        # An import job's status, counts and commit are in the trail; its row-by-row error list
        # and preview (up to thousands of rows) are not.
        auditlog.register(ImportJob, exclude_fields=["errors", "preview"])
        for model in (ExportLog, Rekonsiliasi, RekonsiliasiItem):
            auditlog.register(model)
