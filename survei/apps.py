from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveiConfig(AppConfig):
    name = "survei"
    verbose_name = _("Survei kepuasan masyarakat")
