"""The admin's view of login locks (django-axes' models), worded in Indonesian.

axes' own catalogue translates its field names; the status column, the lock filter and the
clean-up action are ours so that no English is left on the page.
"""

from __future__ import annotations

from typing import Any

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin


class TerkunciFilter(admin.SimpleListFilter):
    title = _("terkunci")
    parameter_name = "terkunci"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("ya", _("Ya")), ("tidak", _("Tidak"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "ya":
            return queryset.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
        if self.value() == "tidak":
            return queryset.filter(failures_since_start__lt=settings.AXES_FAILURE_LIMIT)
        return queryset


class PercobaanMasukAdmin(AccessAttemptAdmin, ModelAdmin):
    list_display = [
        "attempt_time",
        "username",
        "ip_address",
        "path_info",
        "failures_since_start",
        "status",
    ]
    list_filter = ["attempt_time", "path_info", TerkunciFilter]
    actions = ["cleanup_expired_attempts"]

    @admin.display(description=_("status"))
    def status(self, obj: AccessAttempt) -> str:
        sisa = settings.AXES_FAILURE_LIMIT - obj.failures_since_start
        if sisa > 0:
            return _("sisa %(n)d percobaan") % {"n": sisa}
        return str(_("terkunci"))

    @admin.display(description=_("kedaluwarsa"))
    def expiration(self, obj: AccessAttempt) -> Any:
        return obj.expiration.expires_at if hasattr(obj, "expiration") else _("belum diatur")

    @admin.action(description=_("Hapus catatan percobaan yang sudah kedaluwarsa"))
    def cleanup_expired_attempts(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(request, _("%(n)d catatan percobaan kedaluwarsa dihapus.") % {"n": count})


admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, PercobaanMasukAdmin)
