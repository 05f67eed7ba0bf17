from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AsnPortalConfig(AppConfig):
    name = "asn_portal"
    verbose_name = _("ASN Portal")

    def ready(self) -> None:
        from django.contrib import admin

        from asn_portal import roles
        from asn_portal.access import is_staff_member

        # The admin opens by the one staff rule (a staff flag without a staff role is not
        # enough); see asn_portal.access.is_staff_member.
        admin.site.has_permission = lambda request: is_staff_member(request.user)  # type: ignore[method-assign]

        from asn_portal import admin_unfold

        admin_unfold.install()  # column headers built once per changelist, not once per row

        from asn_portal import admin_dates

        admin_dates.install()  # the date drill-down from index probes, not a scan of the list

        from asn_portal import search

        search.install()  # a related row's field searched by subquery, not a join of the list

        # Permissions of every app exist only after their own post_migrate: this app is
        # listed last in INSTALLED_APPS, so its post_migrate runs after them.
        post_migrate.connect(roles.on_post_migrate, sender=self)

        from django.db.backends.signals import connection_created

        from asn_portal.dbguard import install_deadline

        connection_created.connect(install_deadline, dispatch_uid="asn_portal.dbguard")

        from auditlog.registry import auditlog

        from asn_portal.models import TugasLatar

        # Background jobs are audited like import jobs (who asked, state changes); the
        # heartbeat is bookkeeping, written every few seconds.
        auditlog.register(TugasLatar, exclude_fields=["heartbeat_at"])
