"""Admin of impor-ekspor: the export mixin every list uses, and the read-only audit trail."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin

from asn_portal import l10n
from asn_portal.files import FORMATS
from asn_portal.transfer import exports
from asn_portal.transfer.models import ExportLog, ImportJob, Rekonsiliasi
from asn_portal.transfer.selectors import (
    export_logs_for_user,
    import_jobs_for_user,
    rekonsiliasi_for_user,
)

if TYPE_CHECKING:
    from django.template.response import _TemplateForResponseT


class ExportMixin:
    """Adds "Ekspor CSV" / "Ekspor XLSX" to a changelist, keeping its filters and its scoped
    ``get_queryset``. Use it before ``ModelAdmin`` in the bases."""

    change_list_template: ClassVar[_TemplateForResponseT | None] = (
        "admin/transfer/change_list_export.html"
    )

    def _base_change_list_template(self) -> str:
        """The template the admin would use without the mixin (TreeAdmin's tree, a custom one)."""
        for klass in type(self).__mro__:
            if klass is ExportMixin:
                continue
            template = klass.__dict__.get("change_list_template")
            if template:
                return template
        return "admin/change_list.html"

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        opts = self.model._meta  # type: ignore[attr-defined]
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        context = {
            "export_base_template": self._base_change_list_template(),
            # The changelist's filters carry over to the file.
            "ekspor_tautan": [
                (
                    label,
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_ekspor", args=[fmt]) + query,
                    icon,
                )
                for fmt, label, icon in (
                    ("csv", _("Ekspor CSV"), "csv"),
                    ("xlsx", _("Ekspor XLSX"), "table_view"),
                )
            ],
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context=context)  # type: ignore[misc]

    def get_urls(self) -> list[URLPattern]:
        opts = self.model._meta  # type: ignore[attr-defined]
        urls = [
            path(
                "ekspor/<str:fmt>/",
                self.admin_site.admin_view(self.export_view),  # type: ignore[attr-defined]
                name=f"{opts.app_label}_{opts.model_name}_ekspor",
            ),
        ]
        return urls + super().get_urls()  # type: ignore[misc]

    def export_view(self, request: HttpRequest, fmt: str) -> HttpResponse:
        if fmt not in FORMATS:
            raise Http404(fmt)
        if not self.has_view_or_change_permission(request):  # type: ignore[attr-defined]
            raise PermissionDenied
        result = exports.admin_export(model_admin=self, request=request, fmt=fmt)  # type: ignore[arg-type]
        if isinstance(result, ExportLog):
            return HttpResponseRedirect(reverse("transfer:ekspor_detail", args=[result.pk]))
        return result


class _ReadOnly(ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ImportJob)
class ImportJobAdmin(ExportMixin, _ReadOnly):
    list_display = (
        "file_name",
        "kind",
        "status",
        "created_by",
        "created_at",
        "committed_by",
        "finished_at",
        "total_rows",
        "created_count",
        "changed_count",
        "unchanged_count",
        "error_count",
    )
    list_filter = ("kind", "status", "created_at")
    search_fields = ("file_name", "created_by__username")
    date_hierarchy = "created_at"
    exclude = ("errors", "preview")
    list_select_related = ("created_by", "committed_by")

    def get_queryset(self, request: HttpRequest) -> Any:
        return import_jobs_for_user(user=request.user)


@admin.register(ExportLog)
class ExportLogAdmin(ExportMixin, _ReadOnly):
    list_display = ("source", "fmt", "baris", "status", "created_by", "created_at", "query")
    list_filter = ("source", "fmt", "status")
    search_fields = ("source", "created_by__username")
    list_select_related = ("created_by",)

    def get_queryset(self, request: HttpRequest) -> Any:
        return export_logs_for_user(user=request.user)

    @admin.display(description=_("jumlah baris"), ordering="row_count")
    def baris(self, obj: ExportLog) -> str:
        return l10n.angka(obj.row_count)


@admin.register(Rekonsiliasi)
class RekonsiliasiAdmin(_ReadOnly):
    list_display = ("file_name", "status", "created_by", "created_at")
    list_filter = ("status",)
    list_select_related = ("created_by",)

    def get_queryset(self, request: HttpRequest) -> Any:
        return rekonsiliasi_for_user(user=request.user)

    def view_on_site(self, obj: Rekonsiliasi) -> str:
        return reverse("transfer:rekonsiliasi_detail", args=[obj.pk])
