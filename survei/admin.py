from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline

from asn_portal import l10n
from asn_portal.access import (
    ScopedRelatedFieldListFilter,
    ScopedRelatedFormMixin,
    can_manage_unit,
    scope_queryset,
)
from asn_portal.transfer.admin import ExportMixin
from survei import services
from survei.models import (
    Kuesioner,
    PeriodePublikasi,
    PertanyaanUnsur,
    RencanaTindakLanjut,
    Respons,
    UnitLayanan,
)


class _ScopedAdmin(ScopedRelatedFormMixin, ModelAdmin):
    path_field = "unit__path"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scope_queryset(super().get_queryset(request), request.user, self.path_field)


@admin.register(UnitLayanan)
class UnitLayananAdmin(ExportMixin, _ScopedAdmin):
    list_display = ["nama", "kode", "unit", "sektor", "pengguna", "periode_pengguna", "aktif"]
    list_filter = ["aktif", "sektor", "periode_pengguna"]
    search_fields = ["nama", "kode", "unit__nama"]
    list_select_related = ["unit"]

    @admin.display(description=_("jumlah pengguna"), ordering="jumlah_pengguna")
    def pengguna(self, obj: UnitLayanan) -> str:
        return l10n.angka(obj.jumlah_pengguna)

    def save_model(self, request: HttpRequest, obj: UnitLayanan, form: Any, change: bool) -> None:
        if not can_manage_unit(request.user, obj.unit):
            raise PermissionDenied(_("Unit di luar jangkauan Anda."))
        super().save_model(request, obj, form, change)


class PertanyaanInline(TabularInline):
    model = PertanyaanUnsur
    extra = 0
    max_num = 9
    can_delete = False


@admin.register(Kuesioner)
class KuesionerAdmin(ExportMixin, ModelAdmin):
    list_display = ["versi", "judul", "aktif", "created_at"]
    list_filter = ["aktif"]
    inlines = [PertanyaanInline]
    actions = ["salin_versi_baru"]

    def has_change_permission(self, request: HttpRequest, obj: Kuesioner | None = None) -> bool:
        # A version that has answers is frozen: its wording is what those respondents read.
        if obj is not None and obj.respons.exists():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Kuesioner | None = None) -> bool:
        if obj is not None and obj.respons.exists():
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(
        description=_("Salin menjadi versi baru yang aktif (untuk mengubah kata-kata)"),
        permissions=["add"],
    )
    def salin_versi_baru(self, request: HttpRequest, queryset: QuerySet[Kuesioner]) -> None:
        for kuesioner in queryset:
            baru = services.kuesioner_versi_create(dasar=kuesioner)
            messages.success(request, _("Versi %(v)s dibuat dan diaktifkan.") % {"v": baru.versi})


@admin.register(Respons)
class ResponsAdmin(ExportMixin, _ScopedAdmin):
    path_field = "unit_layanan__unit__path"
    list_display = ["id", "unit_layanan", "tanggal_layanan", "sumber", "created_at"]
    list_filter = [
        "sumber",
        "tanggal_layanan",
        ("unit_layanan", ScopedRelatedFieldListFilter),
    ]
    search_fields = ["saran", "unit_layanan__nama"]
    list_select_related = ["unit_layanan"]
    date_hierarchy = "tanggal_layanan"
    exclude = ["perangkat_hash", "alamat_klien_hash"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # entered through the paper-entry form or the API, which apply the rules

    def has_change_permission(self, request: HttpRequest, obj: Respons | None = None) -> bool:
        return False


@admin.register(PeriodePublikasi)
class PeriodePublikasiAdmin(ExportMixin, _ScopedAdmin):
    path_field = "unit_layanan__unit__path"
    list_display = ["unit_layanan", "jenis_periode", "tahun", "nomor", "diterbitkan_pada"]
    list_filter = ["jenis_periode", "tahun"]
    list_select_related = ["unit_layanan"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # published from the staff page, which computes the snapshot

    def has_change_permission(
        self, request: HttpRequest, obj: PeriodePublikasi | None = None
    ) -> bool:
        return False


@admin.register(RencanaTindakLanjut)
class RencanaTindakLanjutAdmin(ExportMixin, _ScopedAdmin):
    path_field = "unit_layanan__unit__path"
    list_display = [
        "unit_layanan",
        "kode_unsur",
        "tahun",
        "jenis_periode",
        "nomor",
        "status",
        "target_selesai",
    ]
    list_filter = ["status", "kode_unsur", "tahun"]
    search_fields = ["unit_layanan__nama", "kegiatan"]
    list_select_related = ["unit_layanan"]
    readonly_fields = ["unit_layanan", "jenis_periode", "tahun", "nomor", "kode_unsur", "nrr"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # drafted from the weakest unsur on the staff page
