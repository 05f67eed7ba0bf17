from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _publik_berubah(**kwargs: object) -> None:
    from survei.selectors import publik_cache_invalidate

    publik_cache_invalidate()


class SurveiConfig(AppConfig):
    name = "survei"
    verbose_name = _("Survei kepuasan masyarakat")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.db.models.signals import post_delete, post_save

        from survei import models

        # Not business logic: what the public POSTs read from the cache (selectors.kuesioner_aktif,
        # untuk_kiriman_publik) follows every saved or deleted version, question and service
        # unit, whichever path (admin, shell, import) wrote it.
        for berubah in (models.Kuesioner, models.PertanyaanUnsur, models.UnitLayanan):
            for signal in (post_save, post_delete):
                signal.connect(_publik_berubah, sender=berubah, dispatch_uid=f"publik-{berubah}")

        for model in (
            models.UnitLayanan,
            models.Kuesioner,
            models.PertanyaanUnsur,
            models.PeriodePublikasi,  # publication and withdrawal
            models.RencanaTindakLanjut,
        ):
            auditlog.register(model)
        # The address and device hashes are purged after a few days (survei.privasi): the audit
        # trail must not keep a copy of them.
        # Only its own columns: the reverse one-to-ones (receipt code, kiosk delivery, case) cost
        # three queries per public answer and are audited on their own rows.
        auditlog.register(
            models.Respons,
            include_fields=[
                f.name
                for f in models.Respons._meta.concrete_fields
                if f.name not in {"alamat_klien_hash", "perangkat_hash"}
            ],
        )
