from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PenataanConfig(AppConfig):
    """Restructuring plans. The models keep the ``jabatan`` app label, tables and migrations."""

    name = "jabatan.penataan"
    label = "penataan"
    verbose_name = _("Penataan jabatan")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from jabatan.penataan.models import ItemRencana, RencanaPenataan, TransisiRencana

        for model in (RencanaPenataan, ItemRencana, TransisiRencana):
            auditlog.register(model)
