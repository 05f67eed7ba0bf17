from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RekapConfig(AppConfig):
    """The province-wide roll-ups (/rekap/): no model of its own, reads the domain apps."""

    name = "asn_portal.rekap"
    label = "rekap"
    verbose_name = _("Rekap lintas instansi")
