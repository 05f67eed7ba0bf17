"""Admin for restructuring plans: drafting, the validation list, the preview, the workflow
buttons and the penyetaraan wizard. Every action calls a service; scoping is the selectors'."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect, ForeignKeyRawIdWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_POST
from unfold.admin import ModelAdmin

from asn_portal.access import ScopedRelatedFormMixin, scope_queryset
from asn_portal.jobs import warn_if_enqueue_failed
from asn_portal.transfer.admin import ExportMixin
from jabatan.models import Formasi, Pegawai, UnitOrganisasi
from jabatan.penataan import permissions as perms
from jabatan.penataan import selectors, services
from jabatan.penataan.charts import pratinjau_charts
from jabatan.penataan.forms import (
    ButirPindahForm,
    ItemRencanaForm,
    PenolakanForm,
    PenyetaraanWizardForm,
)
from jabatan.penataan.models import ItemRencana, RencanaPenataan, StatusRencana
from jabatan.penataan.tasks import penataan_progress
from jabatan.penataan.validation import load_items, rencana_validate

# Whole-province plans hold thousands of items; the page renders one slice of them at a time.
BUTIR_PER_HALAMAN = 100
MASALAH_PER_HALAMAN = 50

STATUS_WARNA: dict[str, str] = {
    StatusRencana.DRAF: "#5f6b7a",
    StatusRencana.DIAJUKAN: "#8a5a00",
    StatusRencana.DISETUJUI: "#0b4f8a",
    StatusRencana.DITOLAK: "#b3261e",
    StatusRencana.DITERAPKAN: "#1e7a46",
}


def _formasi_json(formasi: Formasi) -> dict[str, Any]:
    return {
        "id": formasi.pk,
        "jabatan": formasi.jabatan.nama,
        "kelas": formasi.jabatan.kelas_jabatan,
        "unit": formasi.unit.nama,
    }


def status_butir(rencana: RencanaPenataan, masalah: list[Any]) -> tuple[str, str]:
    """An item's status on the plan's page: (css class, label)."""
    if rencana.status == StatusRencana.DITERAPKAN:
        return "masalah-diakui", _("Diterapkan")
    if any(m.is_error for m in masalah):
        return "masalah-error", _("Galat")
    if any(not m.diakui for m in masalah):
        return "masalah-warning", _("Perlu alasan")
    if masalah:
        return "masalah-diakui", _("Siap (peringatan diakui)")
    return "masalah-diakui", _("Siap")


@admin.register(RencanaPenataan)
class RencanaPenataanAdmin(ScopedRelatedFormMixin, ExportMixin, ModelAdmin):
    change_form_template = "admin/penataan/rencana_change_form.html"
    change_list_template = "admin/penataan/rencana_change_list.html"
    list_display = (
        "nama",
        "jenis",
        "status_badge",
        "tmt",
        "dibuat_oleh",
        "jumlah_item",
        "created_at",
    )
    list_filter = ("status", "jenis")
    search_fields = ("nama", "dasar_hukum")
    list_select_related = ("dibuat_oleh",)
    fields = (
        "nama",
        "dasar_hukum",
        "tmt",
        "keterangan",
        "jenis",
        "status",
        "rencana_asal",
        "dibuat_oleh",
        "diajukan_oleh",
        "diajukan_pada",
        "diputuskan_oleh",
        "diputuskan_pada",
        "alasan_penolakan",
        "diterapkan_oleh",
        "diterapkan_pada",
        "catatan_penerapan",
    )
    workflow_fields = fields[4:]

    # --- lists and permissions ---------------------------------------------------------------

    def get_queryset(self, request: HttpRequest) -> QuerySet[RencanaPenataan]:
        return selectors.rencana_list(user=request.user)

    @admin.display(description=_lazy("status"), ordering="status")
    def status_badge(self, obj: RencanaPenataan) -> str:
        return format_html(
            '<span class="badge" style="background:{};color:#fff;padding:.1em .5em;border-radius:.3em">{}</span>',
            STATUS_WARNA.get(obj.status, "#5f6b7a"),
            obj.get_status_display(),
        )

    @admin.display(description=_lazy("jumlah butir"), ordering="jumlah_item")
    def jumlah_item(self, obj: RencanaPenataan) -> int:
        return obj.jumlah_item  # type: ignore[attr-defined]  # annotated by selectors.rencana_list

    def get_fields(self, request: HttpRequest, obj: RencanaPenataan | None = None) -> Any:
        editable = ("nama", "dasar_hukum", "tmt", "keterangan")
        if obj is None:
            return editable
        always = (*editable, "jenis", "status", "dibuat_oleh")
        return [name for name in self.fields if name in always or getattr(obj, name)]

    def get_readonly_fields(self, request: HttpRequest, obj: RencanaPenataan | None = None) -> Any:
        if obj is not None and obj.is_frozen:
            return self.fields
        return self.workflow_fields

    def has_delete_permission(
        self, request: HttpRequest, obj: RencanaPenataan | None = None
    ) -> bool:
        if obj is not None and not perms.can_edit(request.user, obj, load_items(obj))[0]:
            return False
        return super().has_delete_permission(request, obj)

    def save_form(self, request: HttpRequest, form: ModelForm, change: bool) -> RencanaPenataan:
        data = {
            name: form.cleaned_data[name] for name in ("nama", "dasar_hukum", "tmt", "keterangan")
        }
        if change:
            return services.rencana_update(rencana=form.instance, user=request.user, **data)
        return services.rencana_create(user=request.user, **data)

    def save_model(
        self, request: HttpRequest, obj: RencanaPenataan, form: Any, change: bool
    ) -> None:
        """Saved by the service in save_form."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """No many-to-many fields and no inlines."""

    def delete_model(self, request: HttpRequest, obj: RencanaPenataan) -> None:
        services.rencana_delete(rencana=obj, user=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[RencanaPenataan]) -> None:
        with transaction.atomic():
            for rencana in queryset:
                services.rencana_delete(rencana=rencana, user=request.user)

    # --- the plan's page ------------------------------------------------------------------------

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        rencana = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if rencana is not None:
            context.update(self._plan_context(request, rencana))
        return super().change_view(request, object_id, form_url, extra_context=context)

    def _plan_context(self, request: HttpRequest, rencana: RencanaPenataan) -> dict[str, Any]:
        user = request.user
        items = load_items(rencana)
        hasil = (
            rencana_validate(rencana, items=items)
            if rencana.status != StatusRencana.DITERAPKAN
            else None
        )
        per_item = hasil.per_item() if hasil else {}
        halaman_butir = Paginator(items, BUTIR_PER_HALAMAN).get_page(request.GET.get("halaman"))
        jenis_masalah = request.GET.get("masalah", "")
        masalah_terpilih = [
            m
            for m in (hasil.masalah if hasil else [])
            if not jenis_masalah or m.kode == jenis_masalah
        ]
        halaman_masalah = Paginator(masalah_terpilih, MASALAH_PER_HALAMAN).get_page(
            request.GET.get("halaman_masalah")
        )
        edit_ok, edit_reason = perms.can_edit(user, rencana, items)
        pratinjau = selectors.rencana_pratinjau(rencana, items=items)
        progres = penataan_progress(rencana.pk)
        langkah = perms.next_step(
            user,
            rencana,
            items,
            is_valid=hasil.is_valid if hasil else True,
            penerapan_berjalan=bool(progres and progres.get("status") in ("antre", "proses")),
        )
        frozen = (
            {
                "show_save": False,
                "show_save_and_continue": False,
                "show_save_and_add_another": False,
                "show_delete_link": False,
            }
            if rencana.is_frozen or not edit_ok
            else {}
        )
        return {
            **frozen,
            "rencana": rencana,
            "items_rows": [
                (item, per_item.get(item.pk, []), status_butir(rencana, per_item.get(item.pk, [])))
                for item in halaman_butir
            ],
            "halaman_butir": halaman_butir,
            "halaman_butir_nomor": halaman_butir.paginator.get_elided_page_range(
                halaman_butir.number, on_each_side=2, on_ends=1
            ),
            "ringkasan_masalah": selectors.masalah_ringkasan(hasil) if hasil else [],
            "jenis_masalah": jenis_masalah,
            "halaman_masalah": halaman_masalah,
            "masalah_rencana": per_item.get(None, []),
            "hasil": hasil,
            "langkah": langkah,
            "edit_ok": edit_ok,
            "butir_form": ButirPindahForm(user=user) if edit_ok else None,
            "unit_tujuan": selectors.unit_tujuan_pilihan(user=user) if edit_ok else [],
            "edit_reason": edit_reason,
            "pratinjau": pratinjau,
            "charts": pratinjau_charts(pratinjau),
            "jke_menit": settings.ABK_JKE_MENIT,
            "progres": progres,
            "transisi": list(rencana.transisi.select_related("oleh")),
        }

    # --- custom urls ---------------------------------------------------------------------------

    def get_urls(self) -> list[Any]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "penyetaraan/", wrap(self.wizard_view), name="jabatan_rencanapenataan_penyetaraan"
            ),
            path(
                "<int:pk>/aksi/<str:aksi>/",
                wrap(require_POST(self.aksi_view)),
                name="jabatan_rencanapenataan_aksi",
            ),
            path(
                "<int:pk>/progres/", wrap(self.progres_view), name="jabatan_rencanapenataan_progres"
            ),
            path(
                "<int:pk>/butir/cari-pegawai/",
                wrap(require_GET(self.butir_cari_view)),
                name="jabatan_rencanapenataan_butir_cari",
            ),
            path(
                "<int:pk>/butir/formasi/",
                wrap(require_GET(self.butir_formasi_view)),
                name="jabatan_rencanapenataan_butir_formasi",
            ),
            path(
                "<int:pk>/butir/periksa/",
                wrap(require_GET(self.butir_periksa_view)),
                name="jabatan_rencanapenataan_butir_periksa",
            ),
            path(
                "<int:pk>/butir/tambah/",
                wrap(require_POST(self.butir_tambah_view)),
                name="jabatan_rencanapenataan_butir_tambah",
            ),
            *super().get_urls(),
        ]

    def _plan_or_404(self, request: HttpRequest, pk: int) -> RencanaPenataan:
        return get_object_or_404(selectors.rencana_penataan_for_user(user=request.user), pk=pk)

    def aksi_view(self, request: HttpRequest, pk: int, aksi: str) -> HttpResponse:
        rencana = self._plan_or_404(request, pk)
        user = request.user
        target = reverse("admin:jabatan_rencanapenataan_change", args=[rencana.pk])
        try:
            if aksi == "ajukan":
                services.rencana_submit(rencana=rencana, user=user)
                messages.success(request, _("Rencana diajukan untuk persetujuan Verifikator."))
            elif aksi == "setujui":
                services.rencana_approve(
                    rencana=rencana, user=user, catatan=request.POST.get("catatan", "").strip()
                )
                messages.success(request, _("Rencana disetujui."))
            elif aksi == "tolak":
                form = PenolakanForm(request.POST)
                alasan = form.cleaned_data["alasan"] if form.is_valid() else ""
                services.rencana_reject(rencana=rencana, user=user, alasan=alasan)
                messages.success(request, _("Rencana ditolak."))
            elif aksi == "kembalikan":
                services.rencana_revise(rencana=rencana, user=user)
                messages.success(request, _("Rencana dikembalikan ke draf."))
            elif aksi == "terapkan":
                self._terapkan(request, rencana)
            elif aksi == "pembalikan":
                baru = services.rencana_reverse(rencana=rencana, user=user)
                messages.success(
                    request, _("Rencana pembalikan «%(n)s» dibuat sebagai draf.") % {"n": baru.nama}
                )
                target = reverse("admin:jabatan_rencanapenataan_change", args=[baru.pk])
            else:
                raise Http404
        except PermissionDenied as exc:
            messages.error(request, str(exc) or _("Anda tidak berwenang melakukan tindakan ini."))
        except ValidationError as exc:
            for pesan in exc.messages:
                messages.error(request, pesan)
        return HttpResponseRedirect(target)

    def _terapkan(self, request: HttpRequest, rencana: RencanaPenataan) -> None:
        tugas = services.rencana_apply_or_enqueue(rencana=rencana, user=request.user)
        if tugas is not None:
            warn_if_enqueue_failed(request, tugas)
            messages.info(
                request,
                _("Penerapan berjalan di latar belakang; kemajuannya tampil di halaman ini."),
            )
            return
        messages.success(
            request,
            _("Rencana diterapkan: riwayat jabatan seluruh ASN dalam rencana telah diperbarui."),
        )

    # --- a new item from the plan's page (plan_page JS: static/js/penataan-butir.js) ------------

    def _editable(self, request: HttpRequest, pk: int) -> tuple[RencanaPenataan, list[Any], str]:
        """The plan, its items, and why ``request.user`` may not add an item ("" if they may)."""
        rencana = self._plan_or_404(request, pk)
        items = load_items(rencana)
        ok, reason = perms.can_edit(request.user, rencana, items)
        return rencana, items, "" if ok else reason

    def butir_cari_view(self, request: HttpRequest, pk: int) -> JsonResponse:
        _rencana, _items, refused = self._editable(request, pk)
        if refused:
            return JsonResponse({"pesan": refused}, status=403)
        hasil = selectors.pegawai_cari(user=request.user, q=request.GET.get("q", ""))
        return JsonResponse(
            {
                "hasil": [
                    {
                        "id": pegawai.pk,
                        "nama": pegawai.nama_lengkap,
                        "nip": pegawai.nip,
                        "golongan": pegawai.golongan,
                        "formasi_asal": _formasi_json(sekarang.formasi) if sekarang else None,
                    }
                    for pegawai, sekarang in hasil
                ]
            }
        )

    def butir_formasi_view(self, request: HttpRequest, pk: int) -> JsonResponse:
        _rencana, _items, refused = self._editable(request, pk)
        if refused:
            return JsonResponse({"pesan": refused}, status=403)
        unit = request.GET.get("unit", "")
        if not unit.isdigit():
            return JsonResponse({"pesan": _("Pilih unit tujuan.")}, status=400)
        return JsonResponse(
            {"hasil": selectors.formasi_tujuan_pilihan(user=request.user, unit_id=int(unit))}
        )

    def butir_periksa_view(self, request: HttpRequest, pk: int) -> JsonResponse:
        """The validation of the item being composed, judged with the whole plan."""
        rencana, items, refused = self._editable(request, pk)
        if refused:
            return JsonResponse({"pesan": refused}, status=403)
        form = ButirPindahForm(request.GET, user=request.user)
        formasi_asal = None
        if not form.is_valid():
            masalah = [
                {"tingkat": _("Galat"), "pesan": pesan, "is_error": True, "field": field}
                for field, pesan_list in form.errors.items()
                for pesan in pesan_list
            ]
            formasi = form.cleaned_data.get("formasi_asal")
            formasi_asal = _formasi_json(formasi) if formasi else None
        else:
            item = form.item(rencana)
            formasi_asal = _formasi_json(item.formasi_asal) if item.formasi_asal else None
            masalah = [
                {"tingkat": m.tingkat, "pesan": m.pesan, "is_error": m.is_error, "field": ""}
                for m in selectors.item_baru_periksa(rencana, item, items=items)
            ]
        peringatan = [m for m in masalah if not m["is_error"]]
        galat = [m for m in masalah if m["is_error"]]
        alasan = (request.GET.get("alasan_peringatan") or "").strip()
        return JsonResponse(
            {
                "formasi_asal": formasi_asal,
                "masalah": masalah,
                "perlu_alasan": bool(peringatan),
                "boleh_diajukan": not galat and (not peringatan or bool(alasan)),
            }
        )

    def butir_tambah_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        rencana, _items, refused = self._editable(request, pk)
        target = reverse("admin:jabatan_rencanapenataan_change", args=[rencana.pk])
        if refused:
            messages.error(request, refused)
            return HttpResponseRedirect(target)
        form = ButirPindahForm(request.POST, user=request.user)
        if not form.is_valid():
            for field, pesan_list in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for pesan in pesan_list:
                    messages.error(request, f"{label}: {pesan}" if label else str(pesan))
            return HttpResponseRedirect(target + "#butir-baru")
        try:
            item = services.item_save(item=form.item(rencana), user=request.user)
        except PermissionDenied as exc:
            messages.error(request, str(exc) or _("Anda tidak berwenang melakukan tindakan ini."))
        except ValidationError as exc:
            for pesan in exc.messages:
                messages.error(request, pesan)
        else:
            messages.success(
                request,
                _("Butir %(n)s ditambahkan: %(p)s.") % {"n": item.urutan, "p": item.pegawai},
            )
        return HttpResponseRedirect(target + "#butir-judul")

    def progres_view(self, request: HttpRequest, pk: int) -> JsonResponse:
        rencana = self._plan_or_404(request, pk)
        return JsonResponse(
            {"status_rencana": rencana.status, "progres": penataan_progress(rencana.pk)}
        )

    def wizard_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm(perms.PERM_TAMBAH):
            raise PermissionDenied
        units = scope_queryset(UnitOrganisasi.objects.filter(aktif=True), request.user, "path")
        form = PenyetaraanWizardForm(request.POST or None, units=units)
        if request.method == "POST" and form.is_valid():
            try:
                rencana = services.penyetaraan_propose(
                    user=request.user,
                    units=list(form.cleaned_data["units"]),
                    nama=form.cleaned_data["nama"],
                    dasar_hukum=form.cleaned_data["dasar_hukum"],
                    tmt=form.cleaned_data["tmt"],
                )
            except ValidationError as exc:
                for pesan in exc.messages:
                    form.add_error(None, pesan)
            else:
                messages.success(
                    request,
                    _(
                        "Rencana penyetaraan disusun dengan %(n)s butir. Periksa daftar validasi "
                        "dan pratinjau sebelum mengajukan."
                    )
                    % {"n": rencana.items.count()},
                )
                return HttpResponseRedirect(
                    reverse("admin:jabatan_rencanapenataan_change", args=[rencana.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Wizard penyetaraan jabatan"),
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/penataan/wizard.html", context)


@admin.register(ItemRencana)
class ItemRencanaAdmin(ScopedRelatedFormMixin, ExportMixin, ModelAdmin):
    """Items are added and changed one at a time (with search), from the plan's page."""

    form = ItemRencanaForm
    list_display = (
        "rencana",
        "urutan",
        "jenis",
        "pegawai",
        "perubahan",
    )
    list_filter = ("jenis", "rencana__status")
    search_fields = ("rencana__nama", "pegawai__nama", "pegawai__nip")
    fields = (
        "rencana",
        "jenis",
        "pegawai",
        "formasi_asal",
        "formasi_tujuan",
        "unit",
        "jabatan",
        "alasan_peringatan",
        "keterangan",
    )
    fk_search: dict[str, type[Model]] = {
        "pegawai": Pegawai,
        "formasi_asal": Formasi,
        "formasi_tujuan": Formasi,
        "unit": UnitOrganisasi,
    }

    def get_model_perms(self, request: HttpRequest) -> dict[str, bool]:
        return {}  # reached from the plan's page, not the admin index

    @admin.display(description=_lazy("perubahan"))
    def perubahan(self, obj: ItemRencana) -> str:
        """Where from and where to, one per line, so the list fits a 1280 px screen."""
        tujuan = obj.formasi_tujuan or obj.jabatan or obj.unit
        return format_html(
            "{}: {}<br>{}: {}",
            _("Asal"),
            obj.formasi_asal or "–",
            _("Tujuan"),
            tujuan or "–",
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet[ItemRencana]:
        return selectors.item_for_user(user=request.user)

    def get_autocomplete_fields(self, request: HttpRequest) -> tuple[str, ...]:
        registry = self.admin_site._registry
        fields = [
            name
            for name, model in self.fk_search.items()
            if getattr(registry.get(model), "search_fields", None)
        ]
        return (
            (*fields, "rencana")
            if getattr(registry.get(RencanaPenataan), "search_fields", None)
            else tuple(fields)
        )

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        # The choices themselves are narrowed by ScopedRelatedFormMixin (asn_portal.access).
        name = db_field.name
        if name == "rencana":
            kwargs["queryset"] = RencanaPenataan.objects.filter(status=StatusRencana.DRAF)
        elif name in ("formasi_asal", "formasi_tujuan"):
            kwargs["queryset"] = Formasi.objects.select_related("unit", "jabatan")
        if name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        elif name in self.fk_search:
            kwargs["widget"] = ForeignKeyRawIdWidget(db_field.remote_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: ItemRencana | None = None) -> bool:
        if obj is not None and obj.rencana.is_frozen:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: ItemRencana | None = None) -> bool:
        if obj is not None and obj.rencana.is_frozen:
            return False
        return super().has_delete_permission(request, obj)

    def save_form(self, request: HttpRequest, form: ModelForm, change: bool) -> ItemRencana:
        return services.item_save(item=form.instance, user=request.user)

    def save_model(self, request: HttpRequest, obj: ItemRencana, form: Any, change: bool) -> None:
        """Saved by the service in save_form."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """No many-to-many fields."""

    def delete_model(self, request: HttpRequest, obj: ItemRencana) -> None:
        services.item_delete(item=obj, user=request.user)

    def _back_to_plan(self, obj: ItemRencana) -> HttpResponseRedirect:
        return HttpResponseRedirect(
            reverse("admin:jabatan_rencanapenataan_change", args=[obj.rencana_id])
        )

    def response_add(
        self, request: HttpRequest, obj: ItemRencana, post_url_continue: str | None = None
    ) -> HttpResponse:
        if "_addanother" in request.POST or "_continue" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        return self._back_to_plan(obj)

    def response_change(self, request: HttpRequest, obj: ItemRencana) -> HttpResponse:
        if "_addanother" in request.POST or "_continue" in request.POST:
            return super().response_change(request, obj)
        return self._back_to_plan(obj)

    def response_delete(self, request: HttpRequest, obj_display: str, obj_id: int) -> HttpResponse:
        rencana_id = request.GET.get("rencana")
        if rencana_id and rencana_id.isdigit():
            return HttpResponseRedirect(
                reverse("admin:jabatan_rencanapenataan_change", args=[int(rencana_id)])
            )
        return super().response_delete(request, obj_display, obj_id)
