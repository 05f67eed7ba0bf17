from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AsnPortalConfig(AppConfig):
    name = "asn_portal"
    verbose_name = _("ASN Portal")

    def ready(self) -> None:
        from asn_portal import roles

        # Permissions of every app exist only after their own post_migrate: this app is
        # listed last in INSTALLED_APPS, so its post_migrate runs after them.
        post_migrate.connect(roles.on_post_migrate, sender=self)
