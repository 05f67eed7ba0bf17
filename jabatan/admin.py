from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from auditlog.mixins import AuditlogHistoryAdminMixin
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.forms.models import construct_instance
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
)
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory
from unfold.admin import ModelAdmin, TabularInline

from asn_portal import l10n
from asn_portal.access import (
    InstansiCatalogueAdminMixin,
    ScopedRelatedFormMixin,
    can_manage_unit,
    granted_unit_paths,
    instansi_id_of,
    instansi_of_new_rows,
    instansi_rekap_ids,
    reach_unit_paths,
    reaches_instansi,
    scope_queryset,
    scoped_related_queryset,
    sees_all_units,
    sees_every_instansi,
)
from asn_portal.roles import ADMIN_BKD, PEMANTAU, user_has_role
from asn_portal.transfer.admin import ExportMixin
from jabatan import selectors, services
from jabatan.abk import konvensi
from jabatan.models import (
    Formasi,
    Instansi,
    Jabatan,
    JenisPenugasan,
    Pegawai,
    PemantauInstansi,
    RiwayatJabatan,
    RiwayatJabatanQuerySet,
    StatusAktif,
    UnitOrganisasi,
    UraianTugas,
)
from jabatan.nip import normalize_nip

if TYPE_CHECKING:
    from django.contrib.admin.options import _FieldGroups
    from django.template.response import _TemplateForResponseT


# --- shared behaviour -----------------------------------------------------------------------------
class AuditMixin(AuditlogHistoryAdminMixin):
    """A read-only "Riwayat audit" page per object (before/after, who, when) behind the same scope."""

    change_form_template: ClassVar[_TemplateForResponseT | None] = "admin/jabatan/change_form.html"
    auditlog_history_per_page = 20

    def auditlog_history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict | None = None
    ) -> HttpResponse:
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(gettext("Data tidak ditemukan atau di luar kewenangan Anda."))
        return super().auditlog_history_view(request, object_id, extra_context)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        opts = self.model._meta
        extra = {
            "auditlog_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_auditlog", args=[object_id]
            ),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra)


class ScopedAdminMixin(ScopedRelatedFormMixin):
    """Rows, change pages, actions and autocompletes limited to the user's units; FK choices
    through asn_portal.access.scoped_related_queryset (ScopedRelatedFormMixin)."""

    scope_path: str = ""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return scope_queryset(super().get_queryset(request), request.user, self.scope_path)  # type: ignore[misc]


def _pesan(exc: Exception) -> str:
    return " ".join(getattr(exc, "messages", None) or [str(exc)]) or gettext(
        "Anda tidak berwenang melakukan tindakan ini."
    )


def _errors_to_form(form: forms.BaseForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# --- instansi -------------------------------------------------------------------------------------
@admin.register(Instansi)
class InstansiAdmin(AuditMixin, ModelAdmin):
    """A superuser adds instansi; the Admin BKD of an instansi keeps its own data (names,
    letterhead, logo, signatory). Another instansi answers like a missing one."""

    list_display = ["kode", "nama", "jenis", "nama_bkd", "slug", "nama_host"]
    list_filter = ["jenis"]
    search_fields = ["kode", "nama", "nama_singkat"]
    ordering = ["kode"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Instansi]:
        rows = super().get_queryset(request)
        user = request.user
        return rows if sees_every_instansi(user) else rows.filter(pk=instansi_id_of(user))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The code, slug and host name name the instansi in the national lists and in public
        # URLs (a host also needs the server's ALLOWED_HOSTS: a superuser's job).
        return [] if sees_every_instansi(request.user) else ["kode", "slug", "nama_host"]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._own(request, obj) and super().has_view_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._own(request, obj) and super().has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return sees_every_instansi(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return sees_every_instansi(request.user)

    @staticmethod
    def _own(request: HttpRequest, obj: Any) -> bool:
        user = request.user
        if sees_every_instansi(user):
            return True
        return user_has_role(user, ADMIN_BKD) and (obj is None or reaches_instansi(user, obj.pk))


@admin.register(PemantauInstansi)
class PemantauInstansiAdmin(AuditMixin, ModelAdmin):
    """Which instansi a Pemantau account reads in /rekap/: kept by a superuser, and by the Admin
    BKD of a province for the instansi under it (``instansi_rekap_ids``)."""

    list_display = ["user", "instansi"]
    list_filter = ["instansi"]
    search_fields = ["user__username", "instansi__kode", "instansi__nama"]
    list_select_related = ["user", "instansi"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[PemantauInstansi]:
        rows = super().get_queryset(request)
        if sees_every_instansi(request.user):
            return rows
        return rows.filter(instansi_id__in=self._reach(request))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "instansi":
            kwargs["queryset"] = Instansi.objects.filter(pk__in=self._reach(request))
        elif db_field.name == "user":
            pemantau = db_field.related_model._default_manager.filter(groups__name=PEMANTAU)
            kwargs["queryset"] = scoped_related_queryset(
                db_field.related_model, request.user, pemantau
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request) and super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request) and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request) and super().has_delete_permission(request, obj)

    @staticmethod
    def _reach(request: HttpRequest) -> list[int]:
        return instansi_rekap_ids(request.user)

    def _allowed(self, request: HttpRequest) -> bool:
        user = request.user
        return sees_every_instansi(user) or (
            user_has_role(user, ADMIN_BKD) and bool(self._reach(request))
        )


# --- units ----------------------------------------------------------------------------------------
class UnitOperatorForm(forms.ModelForm):
    """An Operator OPD edits a unit's data but never moves it in the tree."""

    class Meta:
        model = UnitOrganisasi
        fields = ["nama", "jenis", "aktif", "berlaku_sejak", "berlaku_sampai"]


class UnitCloneForm(forms.Form):
    parent = forms.ModelChoiceField(
        queryset=UnitOrganisasi.objects.none(),
        required=False,
        label=_("Induk unit baru"),
        help_text=_("Kosongkan untuk menjadikannya OPD baru (hanya Admin BKD)."),
    )
    kode_prefix = forms.CharField(label=_("Kode unit baru"), max_length=30)
    nama = forms.CharField(label=_("Nama unit baru"), max_length=200)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["parent"]).queryset = selectors.unit_list(
            user=user
        ).order_by("path")


@admin.register(UnitOrganisasi)
class UnitOrganisasiAdmin(ExportMixin, AuditMixin, ScopedAdminMixin, TreeAdmin, ModelAdmin):
    scope_path = "path"
    form = movenodeform_factory(
        UnitOrganisasi,
        fields=["instansi", "kode", "nama", "jenis", "aktif", "berlaku_sejak", "berlaku_sampai"],
    )
    list_display = ["nama", "kode", "jenis", "aktif", "jumlah_formasi", "dasbor_link"]
    list_filter = ["jenis", "aktif"]
    search_fields = ["kode", "nama"]
    list_per_page = 200
    actions = ["nonaktifkan"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[UnitOrganisasi]:
        queryset = super().get_queryset(request)
        user = request.user
        # The operator's top level is the units granted to them, wherever they sit in the tree.
        if (
            hasattr(request, "_treebeard_parent_id")
            and not request._treebeard_parent_id
            and not getattr(request, "_ignore_treebeard_filters", False)
            and not self.is_filtered(request)
            and not sees_all_units(user)
        ):
            paths = granted_unit_paths(user)
            top = [
                p for p in paths if not any(p != other and p.startswith(other) for other in paths)
            ]
            queryset = UnitOrganisasi.objects.filter(path__in=top)
        return queryset.annotate(n_formasi=Count("formasi")).order_by("path")

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if not sees_all_units(request.user):
            kwargs["form"] = UnitOperatorForm
            kwargs["fields"] = UnitOperatorForm.Meta.fields
        return super().get_form(request, obj, change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The instansi of an OPD is chosen once, by a superuser; sub-units follow their OPD.
        instansi = [] if sees_every_instansi(request.user) and obj is None else ["instansi"]
        return instansi if sees_all_units(request.user) else (["kode"] if obj else [])

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if sees_all_units(request.user):
            return super().get_fieldsets(request, obj)
        return [(None, {"fields": (["kode"] if obj else []) + UnitOperatorForm.Meta.fields})]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_manage_unit(request.user, obj))

    def changelist_view(
        self, request: HttpRequest, extra_context: dict | None = None
    ) -> HttpResponse:
        if request.method == "POST":
            # treebeard only prepares GET; a refused action re-renders the list from a POST.
            request._treebeard_parent = None  # type: ignore[attr-defined]
        return super().changelist_view(request, extra_context)

    def move_node(self, request: HttpRequest) -> HttpResponse:
        # Moving a unit re-hangs a subtree: only staff who see the whole tree may do it.
        if not sees_all_units(request.user):
            raise PermissionDenied
        # Both ends must be units the user reaches: another instansi's unit is a missing one.
        reach = self.get_queryset(request)
        for name in ("node", "target"):
            value = request.POST.get(name, "")
            if value.isdigit() and not reach.filter(pk=int(value)).exists():
                raise Http404(gettext("Unit tidak ditemukan atau di luar kewenangan Anda."))
        try:
            return super().move_node(request)
        except ValidationError as exc:
            messages.error(request, _pesan(exc))
            return HttpResponseBadRequest(_pesan(exc))

    def save_form(self, request: HttpRequest, form: Any, change: bool) -> Any:
        # A new OPD belongs to the user's instansi (a superuser may choose); a sub-unit takes
        # its parent's when saved.
        if not change and form.instance.instansi_id is None:
            form.instance.instansi_id = instansi_of_new_rows(request.user)
        return super().save_form(request, form, change)

    @admin.display(description=_("formasi"), ordering="n_formasi")
    def jumlah_formasi(self, obj: UnitOrganisasi) -> str:
        return l10n.angka(obj.n_formasi)

    @admin.display(description=_("dasbor"))
    def dasbor_link(self, obj: UnitOrganisasi) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("jabatan:dasbor", args=[obj.pk]), gettext("Dasbor")
        )

    @admin.action(description=_("Nonaktifkan unit terpilih"), permissions=["change"])
    def nonaktifkan(self, request: HttpRequest, queryset: QuerySet[UnitOrganisasi]) -> None:
        try:
            count = services.unit_deactivate(units=list(queryset), user=request.user)
        except (ValidationError, PermissionDenied) as exc:
            self.message_user(request, _pesan(exc), messages.ERROR)
            return
        self.message_user(
            request, gettext("%(n)s unit dinonaktifkan.") % {"n": count}, messages.SUCCESS
        )

    def get_urls(self) -> list:
        return [
            path(
                "<path:object_id>/klon/",
                self.admin_site.admin_view(self.clone_view),
                name="jabatan_unitorganisasi_klon",
            ),
            *super().get_urls(),
        ]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        extra = {
            "dasbor_url": reverse("jabatan:dasbor", args=[object_id]),
            "klon_url": reverse("admin:jabatan_unitorganisasi_klon", args=[object_id]),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra)

    def clone_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        unit = self.get_object(request, unquote(object_id))
        if unit is None:
            raise Http404(gettext("Unit tidak ditemukan atau di luar kewenangan Anda."))
        if not self.has_change_permission(request, unit):
            raise PermissionDenied
        initial = {
            "parent": UnitOrganisasi.objects.get_parent(unit),
            "kode_prefix": f"{unit.kode}-SALINAN",
            "nama": unit.nama,
        }
        form = UnitCloneForm(request.POST or None, user=request.user, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                copy = services.unit_clone(
                    unit=unit,
                    parent=form.cleaned_data["parent"],
                    kode_prefix=form.cleaned_data["kode_prefix"],
                    nama=form.cleaned_data["nama"],
                    user=request.user,
                )
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or gettext("Di luar kewenangan Anda."))
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                self.message_user(
                    request,
                    gettext("Unit %(u)s dibuat dari %(s)s.") % {"u": copy, "s": unit},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:jabatan_unitorganisasi_change", args=[copy.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Klon %(u)s beserta sub-unit dan formasinya") % {"u": unit.nama},
            "opts": self.model._meta,
            "original": unit,
            "form": form,
            "subtree_count": selectors.unit_subtree(unit=unit).count(),
        }
        return TemplateResponse(request, "admin/jabatan/unitorganisasi/klon.html", context)


# --- jabatan --------------------------------------------------------------------------------------
@admin.register(Jabatan)
class JabatanAdmin(InstansiCatalogueAdminMixin, ExportMixin, AuditMixin, ModelAdmin):
    list_display = [
        "nama",
        "kode",
        "kategori",
        "jenjang",
        "kelas_jabatan",
        "eselon",
        "bup",
        "aktif",
    ]
    list_filter = ["kategori", "jenjang", "kelas_jabatan", "eselon", "aktif"]
    search_fields = ["kode", "nama"]
    readonly_fields = ["golongan_minimal_display", "bup"]
    fields = [
        "kode",
        "nama",
        "kategori",
        "jenjang",
        "kelas_jabatan",
        "eselon",
        "aktif",
        "instansi",
        "golongan_minimal_display",
        "bup",
    ]

    @admin.display(description=_("batas usia pensiun"))
    def bup(self, obj: Jabatan) -> str:
        return gettext("%(n)s tahun") % {"n": obj.batas_usia_pensiun} if obj.kategori else "–"

    @admin.display(description=_("golongan minimal jenjang"))
    def golongan_minimal_display(self, obj: Jabatan) -> str:
        rentang = obj.rentang_golongan if obj.jenjang else None
        return f"{rentang[0]} – {rentang[1]}" if rentang else "–"


# --- formasi --------------------------------------------------------------------------------------
class UraianTugasInline(TabularInline):
    model = UraianTugas
    extra = 1
    fields = ["urutan", "uraian", "hasil_kerja", "volume_per_tahun", "norma_waktu_menit", "beban"]
    readonly_fields = ["beban"]

    @admin.display(description=_("beban kerja (menit)"))
    def beban(self, obj: UraianTugas) -> str:
        return l10n.angka(obj.beban_kerja_menit, 2) if obj.pk else "–"


class PemegangInline(TabularInline):
    """Who holds this formasi today (read-only; assignments are made on Riwayat jabatan)."""

    model = RiwayatJabatan
    verbose_name = _("pemegang saat ini")
    verbose_name_plural = _("pemegang saat ini")
    fields = ["pegawai", "jenis", "tmt_mulai", "nomor_sk"]
    readonly_fields = cast("list[str]", fields)
    extra = 0
    can_delete = False
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[RiwayatJabatan]:
        return (
            cast(RiwayatJabatanQuerySet, super().get_queryset(request))
            .aktif_pada(timezone.localdate())
            .select_related("pegawai", "formasi__jabatan", "formasi__unit")
        )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SelisihFilter(admin.SimpleListFilter):
    title = _("kebutuhan vs bezetting")
    parameter_name = "bezetting"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            ("kosong", gettext("Belum ada pemegang")),
            ("terisi", gettext("Sudah ada pemegang")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "kosong":
            return queryset.filter(bezetting=0)
        if self.value() == "terisi":
            return queryset.filter(bezetting__gt=0)
        return queryset


class OpdFilter(admin.SimpleListFilter):
    """The OPD (tree root) a row belongs to, listing only the OPD the user reaches."""

    title = _("OPD")
    parameter_name = "opd"
    path_field = "unit__path"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        roots = UnitOrganisasi.objects.filter(depth=1).order_by("nama")
        paths = reach_unit_paths(request.user)
        if paths is not None:
            roots = roots.filter(path__in={p[: UnitOrganisasi.steplen] for p in paths})
        return [(str(pk), nama) for pk, nama in roots.values_list("pk", "nama")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if not self.value():
            return queryset
        unit = UnitOrganisasi.objects.filter(pk=self.value()).first()
        if unit is None:
            return queryset.none()
        return queryset.filter(**{f"{self.path_field}__startswith": unit.path})


class FormasiForm(forms.ModelForm):
    class Meta:
        model = Formasi
        fields = ["unit", "jabatan", "aktif", "catatan"]


@admin.register(Formasi)
class FormasiAdmin(ExportMixin, AuditMixin, ScopedAdminMixin, ModelAdmin):
    scope_path = "unit__path"
    form = FormasiForm
    inlines = [UraianTugasInline, PemegangInline]
    list_display = [
        "jabatan",
        "unit",
        "kebutuhan_display",
        "bezetting_display",
        "selisih_display",
        "ej_display",
        "aktif",
    ]
    list_filter = [OpdFilter, SelisihFilter, "jabatan__kategori", "unit__jenis", "aktif"]
    search_fields = ["jabatan__nama", "jabatan__kode", "unit__nama", "unit__kode"]
    autocomplete_fields = ["unit", "jabatan"]
    readonly_fields = [
        "beban_display",
        "kebutuhan_display",
        "bezetting_display",
        "selisih_display",
        "ej_display",
        "konvensi",
    ]
    fieldsets = [
        (None, {"fields": ["unit", "jabatan", "aktif", "catatan"]}),
        (
            _("Analisis beban kerja (dihitung, tidak diketik)"),
            {
                "fields": [
                    "beban_display",
                    "kebutuhan_display",
                    "bezetting_display",
                    "selisih_display",
                    "ej_display",
                    "konvensi",
                ],
            },
        ),
    ]
    actions = ["nonaktifkan"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Formasi]:
        return selectors.formasi_with_needs(user=request.user)

    @admin.display(description=_("beban kerja (menit/tahun)"))
    def beban_display(self, obj: Formasi) -> str:
        return l10n.angka(obj.abk.beban_kerja_menit, 2) if obj.pk else "–"

    @admin.display(description=_("kebutuhan"))
    def kebutuhan_display(self, obj: Formasi) -> str:
        if not obj.pk:
            return "–"
        hasil = obj.abk
        return f"{l10n.angka(hasil.kebutuhan)} → {l10n.angka(hasil.kebutuhan_orang)}"

    @admin.display(description=_("bezetting"), ordering="bezetting")
    def bezetting_display(self, obj: Formasi) -> str:
        return l10n.angka(obj.abk.bezetting) if obj.pk else "–"

    @admin.display(description=_("selisih"))
    def selisih_display(self, obj: Formasi) -> str:
        if not obj.pk:
            return "–"
        hasil = obj.abk
        tanda = "+" if hasil.selisih > 0 else ""
        return f"{tanda}{l10n.angka(hasil.selisih)} ({hasil.keterangan_selisih})"

    @admin.display(description=_("EJ"))
    def ej_display(self, obj: Formasi) -> str:
        hasil = obj.abk if obj.pk else None
        if hasil is None or hasil.ej is None:
            return "–"
        return f"{l10n.angka(hasil.ej)} ({hasil.ej_kategori})"

    @admin.display(description=_("konvensi"))
    def konvensi(self, obj: Formasi) -> str:
        return konvensi()

    @admin.action(description=_("Nonaktifkan formasi terpilih"), permissions=["change"])
    def nonaktifkan(self, request: HttpRequest, queryset: QuerySet[Formasi]) -> None:
        try:
            count = services.formasi_deactivate(formasi_list=list(queryset), user=request.user)
        except (ValidationError, PermissionDenied) as exc:
            self.message_user(request, _pesan(exc), messages.ERROR)
            return
        self.message_user(
            request, gettext("%(n)s formasi dinonaktifkan.") % {"n": count}, messages.SUCCESS
        )


@admin.register(UraianTugas)
class UraianTugasAdmin(ExportMixin, AuditMixin, ScopedAdminMixin, ModelAdmin):
    scope_path = "formasi__unit__path"
    list_display = ["uraian", "formasi", "volume", "norma_waktu"]
    list_select_related = ["formasi__jabatan", "formasi__unit"]
    search_fields = ["uraian", "hasil_kerja", "formasi__jabatan__nama"]
    autocomplete_fields = ["formasi"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return False  # edited inline on Formasi; the page exists for the audit trail

    @admin.display(description=_("volume per tahun"), ordering="volume_per_tahun")
    def volume(self, obj: UraianTugas) -> str:
        return l10n.angka(obj.volume_per_tahun)

    @admin.display(description=_("norma waktu (menit)"), ordering="norma_waktu_menit")
    def norma_waktu(self, obj: UraianTugas) -> str:
        return l10n.angka(obj.norma_waktu_menit)


# --- pegawai --------------------------------------------------------------------------------------
class PegawaiForm(forms.ModelForm):
    nip = forms.CharField(
        label=_("NIP"),
        max_length=30,
        help_text=_(
            "18 angka; spasi boleh (19860926 201505 1 001). Tanggal lahir dan jenis kelamin dibaca dari NIP."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    formasi = forms.ModelChoiceField(
        queryset=Formasi.objects.none(),
        required=False,
        label=_("Formasi (penempatan awal)"),
        help_text=_("Operator OPD wajib memilih formasi di unitnya."),
        widget=AutocompleteSelect(RiwayatJabatan._meta.get_field("formasi"), admin.site),
    )
    tmt_mulai = forms.DateField(
        required=False, label=_("TMT mulai"), widget=admin.widgets.AdminDateWidget
    )
    jenis = forms.ChoiceField(
        choices=JenisPenugasan.choices, initial=JenisPenugasan.DEFINITIF, label=_("Jenis penugasan")
    )
    nomor_sk = forms.CharField(required=False, max_length=100, label=_("Nomor SK"))
    tanggal_sk = forms.DateField(
        required=False, label=_("Tanggal SK"), widget=admin.widgets.AdminDateWidget
    )

    class Meta:
        model = Pegawai
        fields = [
            "nip",
            "nama",
            "gelar_depan",
            "gelar_belakang",
            "status",
            "golongan",
            "tmt_golongan",
            "pendidikan_terakhir",
            "status_aktif",
            "email",
            "user",
        ]

    def __init__(self, *args: Any, request_user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request_user = request_user
        if self.instance.pk is not None:  # the first placement only exists on the add form
            for name in ("formasi", "tmt_mulai", "jenis", "nomor_sk", "tanggal_sk"):
                self.fields.pop(name, None)
        if "formasi" in self.fields and request_user is not None:
            cast(forms.ModelChoiceField, self.fields["formasi"]).queryset = scope_queryset(
                Formasi.objects.filter(aktif=True).select_related("jabatan", "unit"),
                request_user,
                "unit__path",
            ).order_by("unit__path", "jabatan__nama")
            if not sees_all_units(request_user):
                self.fields["formasi"].required = True

    def clean_nip(self) -> str:
        nip = normalize_nip(self.cleaned_data.get("nip", ""))
        # A NIP held outside the user's reach is refused without saying so; a field with an
        # error is then left out of the model's uniqueness check (which would name it).
        try:
            services.nip_available_check(user=self.request_user, nip=nip, pegawai=self.instance)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["nip"]) from None
        return nip

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.instance.pk is None and "formasi" in self.fields:
            try:
                services.penempatan_awal_check(
                    user=self.request_user,
                    formasi=cleaned.get("formasi"),
                    tmt_mulai=cleaned.get("tmt_mulai"),
                )
            except ValidationError as exc:
                _errors_to_form(self, exc)
        return cleaned


class RiwayatInline(TabularInline):
    """The full assignment history of the ASN (read-only; changes go through Riwayat jabatan)."""

    model = RiwayatJabatan
    fields = [
        "formasi",
        "jenis",
        "tmt_mulai",
        "tmt_selesai",
        "nomor_sk",
        "tanggal_sk",
        "keterangan",
    ]
    readonly_fields = cast("list[str]", fields)
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["-tmt_mulai"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[RiwayatJabatan]:
        # str(riwayat) names the pegawai and the formasi: one join instead of a query per row.
        return (
            super()
            .get_queryset(request)
            .select_related("pegawai", "formasi__jabatan", "formasi__unit")
        )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class UnitPegawaiFilter(OpdFilter):
    """OPD of the ASN's definitive position today: the API's ``?unit=`` rule
    (:func:`jabatan.selectors.pegawai_di_unit`)."""

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if not self.value():
            return queryset
        unit = UnitOrganisasi.objects.filter(pk=self.value()).first()
        if unit is None:
            return queryset.none()
        return selectors.pegawai_di_unit(queryset, unit=unit)


class PegawaiChangeList(ChangeList):
    """The Pegawai changelist's page gets its current positions in one query after paging."""

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        self.result_list = selectors.pegawai_lengkapi_jabatan(list(self.result_list))


@admin.register(Pegawai)
class PegawaiAdmin(ExportMixin, AuditMixin, ScopedAdminMixin, ModelAdmin):
    form = PegawaiForm
    inlines = [RiwayatInline]
    list_display = [
        "nip",
        "nama_lengkap",
        "status",
        "golongan",
        "jabatan_sekarang",
        "unit_sekarang",
    ]
    list_filter = [
        UnitPegawaiFilter,
        "status",
        "status_aktif",
        "jenis_kelamin",
        "golongan",
        "pendidikan_terakhir",
    ]
    search_fields = ["^nip", "nama"]
    autocomplete_fields = ["user"]
    readonly_fields = [
        "tanggal_lahir",
        "jenis_kelamin",
        "pangkat_display",
        "umur_display",
        "pensiun_display",
    ]
    actions = ["pensiunkan"]
    list_per_page = 50

    def get_queryset(self, request: HttpRequest) -> QuerySet[Pegawai]:
        halaman = getattr(request, "_pegawai_per_halaman", False)
        return selectors.pegawai_list(user=request.user, dengan_jabatan=not halaman)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict | None = None
    ) -> HttpResponse:
        # The list counts and pages the register alone and reads the page's positions after
        # (see PegawaiChangeList), unless it is sorted by the current unit.
        if request.method == "GET" and not self._urut_menurut_unit(request):
            request._pegawai_per_halaman = True  # type: ignore[attr-defined]
        return super().changelist_view(request, extra_context)

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        if getattr(request, "_pegawai_per_halaman", False):
            return PegawaiChangeList
        return super().get_changelist(request, **kwargs)

    def _urut_menurut_unit(self, request: HttpRequest) -> bool:
        display = list(self.get_list_display(request))
        if self.get_actions(request):
            display.insert(0, "action_checkbox")
        for part in request.GET.get("o", "").split("."):
            index = part.lstrip("-")
            if (
                index.isdigit()
                and int(index) < len(display)
                and display[int(index)] == "unit_sekarang"
            ):
                return True
        return False

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        base = super().get_form(request, obj, change, **kwargs)

        class Form(base):  # type: ignore[valid-type,misc]
            def __init__(self, *args: Any, **inner: Any) -> None:
                super().__init__(*args, request_user=request.user, **inner)

        return Form

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        identitas = [
            "nip",
            "tanggal_lahir",
            "jenis_kelamin",
            "nama",
            "gelar_depan",
            "gelar_belakang",
            "email",
        ]
        kepegawaian = [
            "status",
            "golongan",
            "pangkat_display",
            "tmt_golongan",
            "pendidikan_terakhir",
            "status_aktif",
        ]
        if obj is None:
            return [
                (
                    _("Identitas"),
                    {"fields": ["nip", "nama", "gelar_depan", "gelar_belakang", "email"]},
                ),
                (
                    _("Kepegawaian"),
                    {"fields": ["status", "golongan", "tmt_golongan", "pendidikan_terakhir"]},
                ),
                (
                    _("Penempatan awal"),
                    {"fields": ["formasi", "jenis", "tmt_mulai", "nomor_sk", "tanggal_sk"]},
                ),
            ]
        return [
            (_("Identitas"), {"fields": identitas}),
            (_("Kepegawaian"), {"fields": [*kepegawaian, "umur_display", "pensiun_display"]}),
            (_("Akun portal ASN"), {"fields": ["user"]}),
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        # Linking portal accounts is Admin BKD's job; an operator only sees the current link.
        return [*self.readonly_fields, *([] if sees_all_units(request.user) else ["user"])]

    def get_inlines(self, request: HttpRequest, obj: Any) -> list:
        return self.inlines if obj is not None else []

    def save_model(
        self, request: HttpRequest, obj: Pegawai, form: forms.ModelForm, change: bool
    ) -> None:
        data = {
            name: form.cleaned_data[name]
            for name in services.PEGAWAI_FIELDS
            if name in form.cleaned_data
        }
        if change:
            if "user" in form.cleaned_data and sees_all_units(request.user):
                data["akun"] = form.cleaned_data["user"]
            fresh = Pegawai.objects.get(pk=obj.pk)
            services.pegawai_update(pegawai=fresh, user=request.user, **data)
            saved = fresh
        else:
            saved = services.pegawai_create(
                user=request.user,
                **data,
                formasi=form.cleaned_data.get("formasi"),
                tmt_mulai=form.cleaned_data.get("tmt_mulai"),
                jenis=form.cleaned_data.get("jenis") or JenisPenugasan.DEFINITIF,
                nomor_sk=form.cleaned_data.get("nomor_sk", ""),
                tanggal_sk=form.cleaned_data.get("tanggal_sk"),
            )
        obj.pk = saved.pk
        obj.__dict__.update({k: v for k, v in saved.__dict__.items() if not k.startswith("_")})

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm, formsets: Any, change: bool
    ) -> None:
        # Inlines are read-only and the form's fields were saved by the service.
        return None

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        extra = {
            "tambah_riwayat_url": reverse("admin:jabatan_riwayatjabatan_add")
            + f"?pegawai={object_id}",
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra)

    @admin.display(description=_("nama"), ordering="nama")
    def nama_lengkap(self, obj: Pegawai) -> str:
        return obj.nama_lengkap

    @admin.display(description=_("jabatan sekarang"))
    def jabatan_sekarang(self, obj: Pegawai) -> str:
        return getattr(obj, "jabatan_sekarang_nama", None) or "–"

    @admin.display(description=_("unit sekarang"), ordering="unit_sekarang_path")
    def unit_sekarang(self, obj: Pegawai) -> str:
        return getattr(obj, "unit_sekarang_nama", None) or "–"

    @admin.display(description=_("pangkat"))
    def pangkat_display(self, obj: Pegawai) -> str:
        return obj.pangkat or "–"

    @admin.display(description=_("umur"))
    def umur_display(self, obj: Pegawai) -> str:
        return gettext("%(n)s tahun") % {"n": obj.umur()} if obj.pk else "–"

    @admin.display(description=_("tanggal pensiun"))
    def pensiun_display(self, obj: Pegawai) -> str:
        if not obj.pk:
            return "–"
        bup = selectors.batas_usia_pensiun(obj)
        return gettext("%(t)s (batas usia %(b)s tahun)") % {
            "t": obj.tanggal_pensiun(bup).strftime("%d-%m-%Y"),
            "b": bup,
        }

    @admin.action(
        description=_("Pensiunkan pegawai yang telah mencapai batas usia pensiun"),
        permissions=["change"],
    )
    def pensiunkan(self, request: HttpRequest, queryset: QuerySet[Pegawai]) -> None:
        today = timezone.localdate()
        done, skipped = 0, []
        for pegawai in queryset.filter(status_aktif=StatusAktif.AKTIF):
            tanggal = selectors.tanggal_pensiun(pegawai)
            if tanggal > today:
                skipped.append(f"{pegawai.nama_lengkap} ({tanggal:%d-%m-%Y})")
                continue
            try:
                services.pegawai_retire(pegawai=pegawai, tanggal=tanggal, user=request.user)
            except ValidationError as exc:
                skipped.append(f"{pegawai.nama_lengkap}: {' '.join(exc.messages)}")
            else:
                done += 1
        self.message_user(
            request, gettext("%(n)s pegawai dipensiunkan.") % {"n": done}, messages.SUCCESS
        )
        if skipped:
            self.message_user(
                request,
                gettext("Tidak dipensiunkan (belum mencapai BUP atau data bermasalah): %(d)s")
                % {"d": "; ".join(skipped[:20])},
                messages.WARNING,
            )


# --- riwayat jabatan ------------------------------------------------------------------------------
class RiwayatAddForm(forms.ModelForm):
    class Meta:
        model = RiwayatJabatan
        fields = [
            "pegawai",
            "formasi",
            "jenis",
            "tmt_mulai",
            "nomor_sk",
            "tanggal_sk",
            "keterangan",
        ]

    def __init__(self, *args: Any, request_user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request_user = request_user

    def _post_clean(self) -> None:
        # The service decides (it closes the running definitive assignment first), not the
        # model's overlap check on an unsaved row.
        self.instance = construct_instance(self, self.instance, self._meta.fields)
        cleaned = self.cleaned_data
        if self.errors or not all(
            cleaned.get(f) for f in ("pegawai", "formasi", "jenis", "tmt_mulai")
        ):
            return
        try:
            services.riwayat_open_check(
                pegawai=cleaned["pegawai"],
                formasi=cleaned["formasi"],
                tmt=cleaned["tmt_mulai"],
                jenis=cleaned["jenis"],
                user=self.request_user,
            )
        except ValidationError as exc:
            _errors_to_form(self, exc)


class RiwayatChangeForm(forms.ModelForm):
    class Meta:
        model = RiwayatJabatan
        fields = ["tmt_selesai", "nomor_sk", "tanggal_sk", "keterangan"]


class MasihBerjalanFilter(admin.SimpleListFilter):
    title = _("masa penugasan")
    parameter_name = "berjalan"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("ya", gettext("Masih berjalan")), ("tidak", gettext("Sudah berakhir"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        today = timezone.localdate()
        if self.value() == "ya":
            return cast(RiwayatJabatanQuerySet, queryset).aktif_pada(today)
        if self.value() == "tidak":
            return queryset.filter(tmt_selesai__lte=today)
        return queryset


class RiwayatOpdFilter(OpdFilter):
    path_field = "formasi__unit__path"


@admin.register(RiwayatJabatan)
class RiwayatJabatanAdmin(ExportMixin, AuditMixin, ScopedAdminMixin, ModelAdmin):
    scope_path = "formasi__unit__path"
    list_display = ["pegawai", "jabatan", "unit", "jenis", "tmt_mulai", "tmt_selesai", "nomor_sk"]
    list_select_related = ["pegawai", "formasi__jabatan", "formasi__unit"]
    list_filter = [MasihBerjalanFilter, RiwayatOpdFilter, "jenis", "formasi__jabatan__kategori"]
    search_fields = ["pegawai__nip", "pegawai__nama", "nomor_sk", "formasi__jabatan__nama"]
    autocomplete_fields = ["pegawai", "formasi"]
    date_hierarchy = "tmt_mulai"
    actions = ["akhiri_hari_ini"]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        kwargs["form"] = RiwayatChangeForm if obj is not None else RiwayatAddForm
        base = super().get_form(request, obj, change, **kwargs)
        if obj is not None:
            return base

        class Form(base):  # type: ignore[valid-type,misc]
            def __init__(self, *args: Any, **inner: Any) -> None:
                super().__init__(*args, request_user=request.user, **inner)

        return Form

    def get_fields(self, request: HttpRequest, obj: Any = None) -> _FieldGroups:
        if obj is None:
            return cast("_FieldGroups", RiwayatAddForm.Meta.fields)
        return ["pegawai", "formasi", "jenis", "tmt_mulai", *RiwayatChangeForm.Meta.fields]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [] if obj is None else ["pegawai", "formasi", "jenis", "tmt_mulai"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial: dict[str, Any] = super().get_changeform_initial_data(request)
        if (
            "pegawai" in initial
            and not selectors.pegawai_list(user=request.user).filter(pk=initial["pegawai"]).exists()
        ):
            initial.pop("pegawai")
        return initial

    def save_model(
        self, request: HttpRequest, obj: RiwayatJabatan, form: forms.ModelForm, change: bool
    ) -> None:
        data = form.cleaned_data
        if change:
            saved = services.riwayat_update(
                riwayat=RiwayatJabatan.objects.get(pk=obj.pk),
                user=request.user,
                nomor_sk=data["nomor_sk"],
                tanggal_sk=data["tanggal_sk"],
                keterangan=data["keterangan"],
                tmt_selesai=data["tmt_selesai"],
            )
        else:
            saved = services.riwayat_open(
                pegawai=data["pegawai"],
                formasi=data["formasi"],
                tmt=data["tmt_mulai"],
                jenis=data["jenis"],
                nomor_sk=data["nomor_sk"],
                tanggal_sk=data["tanggal_sk"],
                keterangan=data["keterangan"],
                user=request.user,
            )
        obj.pk = saved.pk
        obj.__dict__.update({k: v for k, v in saved.__dict__.items() if not k.startswith("_")})

    @admin.display(description=_("jabatan"), ordering="formasi__jabatan__nama")
    def jabatan(self, obj: RiwayatJabatan) -> str:
        return obj.formasi.jabatan.nama

    @admin.display(description=_("unit"), ordering="formasi__unit__path")
    def unit(self, obj: RiwayatJabatan) -> str:
        return obj.formasi.unit.nama

    @admin.action(description=_("Akhiri penugasan terpilih per hari ini"), permissions=["change"])
    def akhiri_hari_ini(self, request: HttpRequest, queryset: QuerySet[RiwayatJabatan]) -> None:
        today = timezone.localdate()
        done, errors = 0, []
        for riwayat in queryset.filter(tmt_selesai__isnull=True):
            try:
                services.riwayat_close(riwayat=riwayat, tmt_selesai=today, user=request.user)
            except (ValidationError, PermissionDenied) as exc:
                errors.append(
                    f"{riwayat.pegawai.nama_lengkap}: {' '.join(getattr(exc, 'messages', [str(exc)]))}"
                )
            else:
                done += 1
        self.message_user(
            request, gettext("%(n)s penugasan diakhiri.") % {"n": done}, messages.SUCCESS
        )
        if errors:
            self.message_user(request, "; ".join(errors[:20]), messages.WARNING)
