from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JabatanConfig(AppConfig):
    name = "jabatan"
    verbose_name = _("Jabatan dan pegawai")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from jabatan import models

        for model in (
            models.UnitOrganisasi,
            models.Jabatan,
            models.Formasi,
            models.UraianTugas,
            models.Pegawai,
            models.RiwayatJabatan,
        ):
            auditlog.register(model)
