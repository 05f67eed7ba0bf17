"""Admin of the reports: staff ask for a report, watch its progress, rebuild or publish it.

Access follows the roles, not model permissions: Admin BKD and Verifikator see all reports, an
Operator OPD sees and requests only reports of their units; only Admin BKD publishes.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from unfold.admin import ModelAdmin

from asn_portal.access import (
    ScopedRelatedFormMixin,
    is_staff_member,
    may_request_whole_report,
)
from asn_portal.jobs import warn_if_enqueue_failed
from asn_portal.laporan import services
from asn_portal.laporan.forms import bulan_selesai_terakhir, permintaan_check
from asn_portal.laporan.models import JenisLaporan, LanggananLaporan, Laporan, StatusLaporan
from asn_portal.laporan.selectors import (
    laporan_for_user,
    lingkup_seluruh_label,
    unit_pilihan_laporan,
)


class PermintaanLaporanForm(forms.ModelForm):
    class Meta:
        model = Laporan
        fields = ["jenis", "tahun", "nomor", "unit"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "tahun" not in self.fields:
            return
        terakhir = bulan_selesai_terakhir()
        self.fields["tahun"].initial = terakhir.tahun
        self.fields["nomor"].initial = terakhir.nomor
        self.fields["jenis"].initial = JenisLaporan.BULANAN

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        permintaan_check(self, data, user=self.request_user)  # type: ignore[attr-defined]
        return data

    def validate_unique(self) -> None:
        # The service reuses the existing report of this kind, period and scope (a re-run).
        return None


@admin.register(Laporan)
class LaporanAdmin(ScopedRelatedFormMixin, ModelAdmin):
    form = PermintaanLaporanForm
    change_form_template = "admin/laporan/laporan/change_form.html"
    list_display = [
        "periode_label",
        "jenis",
        "lingkup",
        "status_badge",
        "progres_bar",
        "versi",
        "selesai_pada",
    ]
    list_filter = ["jenis", "status", "tahun"]
    list_select_related = ["unit"]
    search_fields = ["unit__nama", "unit__kode", "kode_verifikasi"]
    ordering = ["-tahun", "-nomor", "jenis"]
    # Status, progress and errors are shown live above the fields (polled), not as stale values.
    readonly_fields = [
        "jenis",
        "tahun",
        "nomor",
        "unit",
        "tanggal_awal",
        "tanggal_akhir",
        "versi",
        "hash_konten",
        "hash_pdf",
        "kode_verifikasi",
        "diminta_oleh",
        "selesai_pada",
        "diterbitkan_oleh",
        "diterbitkan_pada",
    ]

    # --- access by role ---
    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_staff_member(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Laporan | None = None) -> bool:
        return is_staff_member(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_staff_member(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Laporan | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Laporan | None = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Laporan]:
        # The numbers (JSON, megabytes for a province) are never shown in the admin.
        return laporan_for_user(user=request.user).defer("data")

    def get_readonly_fields(self, request: HttpRequest, obj: Laporan | None = None) -> list[str]:
        return [] if obj is None else self.readonly_fields

    def get_fields(self, request: HttpRequest, obj: Laporan | None = None) -> Any:
        return ["jenis", "tahun", "nomor", "unit"] if obj is None else self.readonly_fields

    def get_form(
        self, request: HttpRequest, obj: Laporan | None = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form: Any = super().get_form(request, obj, change=change, **kwargs)
        form.request_user = request.user
        if obj is None and "unit" in form.base_fields:
            field: Any = form.base_fields["unit"]
            field.queryset = unit_pilihan_laporan(request.user)
            whole = may_request_whole_report(request.user)
            field.required = not whole
            field.empty_label = lingkup_seluruh_label(request.user) if whole else None
        return form

    def save_model(self, request: HttpRequest, obj: Laporan, form: Any, change: bool) -> None:
        laporan = services.laporan_request(
            jenis=obj.jenis, tahun=obj.tahun, nomor=obj.nomor, unit=obj.unit, user=request.user
        )
        obj.pk = laporan.pk
        obj.refresh_from_db()
        warn_if_enqueue_failed(request, laporan)

    def response_add(
        self, request: HttpRequest, obj: Laporan, post_url_continue: str | None = None
    ) -> HttpResponse:
        messages.success(
            request, _("Laporan dimasukkan ke antrean. Progres tampil di halaman ini.")
        )
        return HttpResponseRedirect(reverse("admin:asn_portal_laporan_change", args=[obj.pk]))

    # --- columns ---
    @admin.display(description=_("periode"), ordering="tahun")
    def periode_label(self, obj: Laporan) -> str:
        return obj.periode.label

    @admin.display(description=_("lingkup"))
    def lingkup(self, obj: Laporan) -> str:
        return obj.lingkup_label

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj: Laporan) -> str:
        kelas = {"siap": "ok", "terbit": "ok", "gagal": "bad"}.get(obj.status, "warn")
        return format_html('<span class="badge {}">{}</span>', kelas, obj.get_status_display())

    @admin.display(description=_("progres"))
    def progres_bar(self, obj: Laporan) -> str:
        return format_html(
            '<progress max="100" value="{}" aria-label="{}">{}%</progress> {}%',
            obj.progres,
            _("Progres penyusunan"),
            obj.progres,
            obj.progres,
        )

    # --- rebuild and publish ---
    def get_urls(self) -> list[Any]:
        custom = [
            path(
                "<int:pk>/susun-ulang/",
                self.admin_site.admin_view(require_POST(self.susun_ulang_view)),
                name="asn_portal_laporan_susun_ulang",
            ),
            path(
                "<int:pk>/terbitkan/",
                self.admin_site.admin_view(require_POST(self.terbitkan_view)),
                name="asn_portal_laporan_terbitkan",
            ),
        ]
        return custom + super().get_urls()

    def _get(self, request: HttpRequest, pk: int) -> Laporan:
        return get_object_or_404(self.get_queryset(request), pk=pk)

    def susun_ulang_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        laporan = self._get(request, pk)
        try:
            diminta = services.laporan_request(
                jenis=laporan.jenis,
                tahun=laporan.tahun,
                nomor=laporan.nomor,
                unit=laporan.unit,
                user=request.user,
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Laporan dimasukkan ke antrean untuk disusun ulang."))
            warn_if_enqueue_failed(request, diminta)
        return HttpResponseRedirect(reverse("admin:asn_portal_laporan_change", args=[pk]))

    def terbitkan_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        laporan = self._get(request, pk)
        try:
            services.laporan_publish(laporan=laporan, user=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Laporan diterbitkan dan dibekukan."))
        return HttpResponseRedirect(reverse("admin:asn_portal_laporan_change", args=[pk]))

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        extra_context = extra_context or {}
        extra_context["boleh_terbitkan"] = services.can_publish(request.user)
        extra_context["status_siap"] = StatusLaporan.SIAP
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(LanggananLaporan)
class LanggananLaporanAdmin(ModelAdmin):
    """Staff subscribe themselves; Admin BKD manages everyone's subscriptions."""

    list_display = ["user", "jenis", "aktif", "created_at"]
    list_filter = ["jenis", "aktif"]
    list_select_related = ["user"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_staff_member(request.user)

    def has_view_permission(
        self, request: HttpRequest, obj: LanggananLaporan | None = None
    ) -> bool:
        return is_staff_member(request.user) and (obj is None or self._boleh(request, obj))

    has_add_permission = has_module_permission  # type: ignore[assignment]

    def has_change_permission(
        self, request: HttpRequest, obj: LanggananLaporan | None = None
    ) -> bool:
        return self.has_view_permission(request, obj)

    has_delete_permission = has_change_permission  # type: ignore[assignment]

    def _boleh(self, request: HttpRequest, obj: LanggananLaporan) -> bool:
        return services.can_publish(request.user) or obj.user_id == request.user.pk

    def get_queryset(self, request: HttpRequest) -> QuerySet[LanggananLaporan]:
        queryset = super().get_queryset(request)
        return (
            queryset if services.can_publish(request.user) else queryset.filter(user=request.user)
        )

    def get_fields(self, request: HttpRequest, obj: LanggananLaporan | None = None) -> Any:
        return (
            ["user", "jenis", "aktif"] if services.can_publish(request.user) else ["jenis", "aktif"]
        )

    def get_form(
        self,
        request: HttpRequest,
        obj: LanggananLaporan | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if services.can_publish(request.user):
            return form
        user: Any = request.user

        class LanggananSendiriForm(form):  # type: ignore[misc,valid-type]
            def clean(self) -> dict[str, Any]:
                data = super().clean() or {}
                sudah = LanggananLaporan.objects.filter(user=user, jenis=data.get("jenis", ""))
                if sudah.exclude(pk=self.instance.pk).exists():
                    raise ValidationError(
                        {"jenis": _("Anda sudah berlangganan jenis laporan ini.")}
                    )
                return data

        return LanggananSendiriForm

    def save_model(
        self, request: HttpRequest, obj: LanggananLaporan, form: Any, change: bool
    ) -> None:
        if not services.can_publish(request.user):
            obj.user = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)
