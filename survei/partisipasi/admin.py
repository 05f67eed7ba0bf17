"""Admin of the participation channels: generating and printing receipt codes, registering
kiosks, consultations and their moderation. Every list is scoped through the selectors."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import ForeignKey, QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline

from asn_portal import l10n
from asn_portal.access import ScopedRelatedFormMixin
from asn_portal.publik import reverse_publik
from asn_portal.transfer.admin import ExportMixin
from survei.models import UnitLayanan
from survei.partisipasi import selectors, services
from survei.partisipasi.models import (
    BatchKodeStruk,
    Kasus,
    Kiosk,
    KodeStruk,
    Konsultasi,
    MasukanKonsultasi,
    StatusMasukan,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class _UnitScopedAdmin(ScopedRelatedFormMixin, ModelAdmin):
    """Choices limited to what the user may choose (asn_portal.access); active units only."""

    def formfield_for_foreignkey(
        self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.name == "unit_layanan":
            kwargs["queryset"] = UnitLayanan.objects.filter(aktif=True).order_by("nama")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class BatchKodeForm(forms.ModelForm):
    class Meta:
        model = BatchKodeStruk
        fields = ["unit_layanan", "jumlah", "tanggal_layanan", "jenis_layanan"]

    def clean_jumlah(self) -> int:
        jumlah = self.cleaned_data["jumlah"]
        maks = settings.PARTISIPASI_KODE_BATCH_MAKS
        if not 1 <= jumlah <= maks:
            raise forms.ValidationError(_("Jumlah kode antara 1 dan %(maks)s.") % {"maks": maks})
        return jumlah

    def clean(self) -> dict[str, Any]:
        data = cast(dict[str, Any], super().clean())  # Django's clean returns cleaned_data
        unit = data.get("unit_layanan")
        jenis = (data.get("jenis_layanan") or "").strip()
        if unit is not None and jenis and unit.jenis_layanan and jenis not in unit.jenis_layanan:
            self.add_error(
                "jenis_layanan",
                _("Pilih salah satu jenis layanan unit: %(d)s.")
                % {"d": ", ".join(unit.jenis_layanan)},
            )
        return data


@admin.register(BatchKodeStruk)
class BatchKodeStrukAdmin(ExportMixin, _UnitScopedAdmin):
    """Adding a batch generates its codes; the batch itself is never edited afterwards."""

    form = BatchKodeForm
    list_display = [
        "__str__",
        "unit_layanan",
        "tanggal_layanan",
        "jumlah_kode",
        "digunakan",
        "slip_link",
        "created_at",
    ]
    list_filter = ["tanggal_layanan"]
    search_fields = ["unit_layanan__nama", "unit_layanan__kode"]
    date_hierarchy = "tanggal_layanan"
    actions = ["cetak_slip"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[BatchKodeStruk]:
        return selectors.batch_for_user(user=request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: BatchKodeStruk, form: Any, change: bool
    ) -> None:
        try:
            batch = services.kode_batch_generate(
                unit_layanan=obj.unit_layanan,
                jumlah=obj.jumlah,
                tanggal_layanan=obj.tanggal_layanan,
                jenis_layanan=obj.jenis_layanan,
                user=request.user,
            )
        except ValidationError as exc:  # the form checked the same rules first
            raise ValueError(" ".join(exc.messages)) from exc
        obj.pk = batch.pk
        obj.created_at = batch.created_at
        obj.dibuat_oleh = batch.dibuat_oleh
        obj._state.adding = False

    @admin.display(description=_("jumlah kode"), ordering="jumlah")
    def jumlah_kode(self, obj: BatchKodeStruk) -> str:
        return l10n.angka(obj.jumlah)

    @admin.display(description=_("dipakai"), ordering="terpakai")
    def digunakan(self, obj: BatchKodeStruk) -> str:
        terpakai = getattr(obj, "terpakai", 0)
        persen = round(100 * terpakai / obj.jumlah) if obj.jumlah else 0
        return f"{l10n.angka(terpakai)} ({l10n.angka(persen)}%)"

    @admin.display(description=_("slip QR"))
    def slip_link(self, obj: BatchKodeStruk) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("partisipasi:staf_batch_slip", args=[obj.pk]),
            _("Cetak (PDF)"),
        )

    @admin.action(description=_("Cetak slip QR batch terpilih (PDF)"), permissions=["view"])
    def cetak_slip(self, request: HttpRequest, queryset: QuerySet[BatchKodeStruk]) -> Any:
        pilihan = list(queryset.values_list("pk", flat=True)[:2])
        if len(pilihan) != 1:
            self.message_user(request, _("Pilih tepat satu batch untuk dicetak."), messages.WARNING)
            return None
        return HttpResponseRedirect(reverse("partisipasi:staf_batch_slip", args=[pilihan[0]]))


@admin.register(KodeStruk)
class KodeStrukAdmin(ExportMixin, ScopedRelatedFormMixin, ModelAdmin):
    list_display = ["kode", "unit_layanan", "tanggal_layanan", "jenis_layanan", "digunakan_pada"]
    list_filter = ["tanggal_layanan", ("respons", admin.EmptyFieldListFilter)]
    search_fields = ["=kode"]
    readonly_fields = [
        "kode",
        "unit_layanan",
        "batch",
        "jenis_layanan",
        "tanggal_layanan",
        "digunakan_pada",
        "created_at",
    ]
    exclude = ["respons"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[KodeStruk]:
        return selectors.kode_for_user(user=request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # codes come from a batch or the counter API

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Kiosk)
class KioskAdmin(ExportMixin, _UnitScopedAdmin):
    list_display = ["nama", "unit_layanan", "aktif", "terakhir_kirim", "jumlah", "tautan"]
    list_filter = ["aktif"]
    search_fields = ["nama", "unit_layanan__nama"]
    readonly_fields = ["token", "terakhir_kirim", "created_at"]
    actions = ["ganti_token"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Kiosk]:
        return selectors.kiosk_for_user(user=request.user)

    @admin.display(description=_("respons diterima"), ordering="jumlah_kiriman")
    def jumlah(self, obj: Kiosk) -> str:
        return l10n.angka(getattr(obj, "jumlah_kiriman", 0))

    @admin.display(description=_("alamat kiosk"))
    def tautan(self, obj: Kiosk) -> str:
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse_publik(obj.unit_layanan.unit.instansi_id, "partisipasi:kiosk", [obj.token]),
            _("Buka di tablet"),
        )

    @admin.action(
        description=_("Ganti token (perangkat lama tidak dapat mengirim lagi)"),
        permissions=["change"],
    )
    def ganti_token(self, request: HttpRequest, queryset: QuerySet[Kiosk]) -> None:
        for kiosk in queryset:
            services.kiosk_token_rotate(kiosk=kiosk)
        self.message_user(
            request, _("Token diganti; buka alamat kiosk yang baru di tablet."), messages.SUCCESS
        )


@admin.register(Kasus)
class KasusAdmin(ExportMixin, ScopedRelatedFormMixin, ModelAdmin):
    """Read-only list; handling happens on the staff page that the link opens."""

    list_display = [
        "kode_lacak",
        "unit_layanan",
        "jenis",
        "sumber",
        "status",
        "batas_respons",
        "halaman",
    ]
    list_filter = ["status", "jenis", "sumber", "kategori"]
    search_fields = ["=kode_lacak", "isi"]
    date_hierarchy = "diterima_pada"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Kasus]:
        return selectors.kasus_for_user(user=request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("tangani"))
    def halaman(self, obj: Kasus) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("partisipasi:staf_kasus", args=[obj.pk]), _("Buka")
        )


class MasukanInline(TabularInline):
    model = MasukanKonsultasi
    extra = 0
    fields = ["isi", "nama_tampilan", "status", "alasan_tolak", "created_at"]
    readonly_fields = ["isi", "nama_tampilan", "created_at"]
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Konsultasi)
class KonsultasiAdmin(ExportMixin, _UnitScopedAdmin):
    list_display = [
        "judul",
        "unit_layanan",
        "dibuka",
        "ditutup",
        "diterbitkan",
        "menunggu",
        "hasil_terbit",
    ]
    list_filter = ["diterbitkan", "dibuka"]
    search_fields = ["judul", "unit_layanan__nama"]
    prepopulated_fields = {"slug": ["judul"]}
    readonly_fields = ["hasil_diterbitkan_pada"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "unit_layanan",
                    "judul",
                    "slug",
                    "uraian",
                    "dokumen",
                    "dibuka",
                    "ditutup",
                    "diterbitkan",
                ]
            },
        ),
        (
            _("Hasil (diisi setelah masa konsultasi, lalu jalankan aksi 'Terbitkan hasil')"),
            {
                "fields": [
                    "ringkasan_masukan",
                    "perubahan",
                    "tanggal_rapat",
                    "berita_acara",
                    "hasil_diterbitkan_pada",
                ]
            },
        ),
    ]
    actions = ["terbitkan_hasil"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Konsultasi]:
        return selectors.konsultasi_for_user(user=request.user)

    def save_model(self, request: HttpRequest, obj: Konsultasi, form: Any, change: bool) -> None:
        if not change:
            obj.dibuat_oleh = cast("User", request.user)  # the admin is for signed-in staff
        super().save_model(request, obj, form, change)

    @admin.display(description=_("menunggu moderasi"), ordering="masukan_menunggu")
    def menunggu(self, obj: Konsultasi) -> int:
        return getattr(obj, "masukan_menunggu", 0)

    @admin.display(description=_("hasil terbit"), boolean=True)
    def hasil_terbit(self, obj: Konsultasi) -> bool:
        return obj.hasil_terbit

    @admin.action(description=_("Terbitkan hasil konsultasi terpilih"), permissions=["change"])
    def terbitkan_hasil(self, request: HttpRequest, queryset: QuerySet[Konsultasi]) -> None:
        for konsultasi in queryset:
            try:
                services.konsultasi_hasil_publish(
                    konsultasi=konsultasi,
                    ringkasan_masukan=konsultasi.ringkasan_masukan,
                    perubahan=konsultasi.perubahan,
                    tanggal_rapat=konsultasi.tanggal_rapat,
                )
            except ValidationError as exc:
                self.message_user(
                    request, f"{konsultasi}: {' '.join(exc.messages)}", messages.ERROR
                )
            else:
                self.message_user(
                    request, _("Hasil %(k)s diterbitkan.") % {"k": konsultasi}, messages.SUCCESS
                )


@admin.register(MasukanKonsultasi)
class MasukanKonsultasiAdmin(ExportMixin, ScopedRelatedFormMixin, ModelAdmin):
    list_display = ["isi_ringkas", "konsultasi", "nama_tampilan", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["isi", "konsultasi__judul"]
    readonly_fields = [
        "konsultasi",
        "isi",
        "nama_tampilan",
        "kontak",
        "status",
        "dimoderasi_oleh",
        "dimoderasi_pada",
        "created_at",
    ]
    exclude = ["idempotency_key"]
    actions = ["setujui", "tolak"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[MasukanKonsultasi]:
        return selectors.masukan_for_user(user=request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("isi"))
    def isi_ringkas(self, obj: MasukanKonsultasi) -> str:
        return obj.isi[:80]

    def _moderasi(
        self, request: HttpRequest, queryset: QuerySet[MasukanKonsultasi], status: str
    ) -> None:
        jumlah = services.masukan_moderate(
            masukan_ids=list(queryset.values_list("pk", flat=True)),
            status=status,
            user=request.user,
        )
        self.message_user(request, _("%(n)d masukan dimoderasi.") % {"n": jumlah}, messages.SUCCESS)

    @admin.action(
        description=_("Tampilkan masukan terpilih di situs publik"), permissions=["change"]
    )
    def setujui(self, request: HttpRequest, queryset: QuerySet[MasukanKonsultasi]) -> None:
        self._moderasi(request, queryset, StatusMasukan.DITERIMA)

    @admin.action(description=_("Tolak masukan terpilih"), permissions=["change"])
    def tolak(self, request: HttpRequest, queryset: QuerySet[MasukanKonsultasi]) -> None:
        self._moderasi(request, queryset, StatusMasukan.DITOLAK)
