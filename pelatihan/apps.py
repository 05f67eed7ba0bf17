from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PelatihanConfig(AppConfig):
    name = "pelatihan"
    verbose_name = _("Pengembangan kompetensi")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from pelatihan import models

        for model in (
            models.Kompetensi,
            models.LevelKompetensi,
            models.StandarKompetensi,
            models.ProgramPelatihan,
            models.ProgramKompetensi,
            models.Angkatan,
            models.Peserta,
            models.RiwayatPelatihan,  # submission, verification and rejection
            models.PeringatanJp,
        ):
            auditlog.register(model)
