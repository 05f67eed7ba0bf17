from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartisipasiConfig(AppConfig):
    """Receipt codes, kiosks, cases and the public consultation forum. The models keep the
    ``survei`` app label, tables and migrations."""

    name = "survei.partisipasi"
    label = "partisipasi"
    verbose_name = _("Partisipasi masyarakat")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from survei.partisipasi import models

        for model in (
            models.BatchKodeStruk,
            models.KodeStruk,
            models.KirimanKiosk,
            models.Kasus,  # categorised, assigned, answered, closed
            models.RiwayatKasus,
            models.Konsultasi,  # results published
            models.MasukanKonsultasi,  # moderation
        ):
            auditlog.register(model)
        # The token is the kiosk's secret address: a rotation is recorded, never the value.
        auditlog.register(
            models.Kiosk, mask_fields=["token"], mask_callable="asn_portal.audit.mask_secret"
        )
