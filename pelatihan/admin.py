from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline

from asn_portal import l10n
from asn_portal.access import InstansiCatalogueAdminMixin
from asn_portal.transfer.admin import ExportMixin
from jabatan.models import KategoriJabatan, StatusPegawai
from pelatihan import selectors, services
from pelatihan.models import (
    Angkatan,
    Kompetensi,
    LevelKompetensi,
    PeringatanJp,
    Peserta,
    ProfilSasaran,
    ProgramKompetensi,
    ProgramPelatihan,
    RiwayatPelatihan,
    StandarKompetensi,
    StatusPeserta,
)


class LevelKompetensiInline(TabularInline):
    model = LevelKompetensi
    extra = 0
    max_num = 5


@admin.register(Kompetensi)
class KompetensiAdmin(InstansiCatalogueAdminMixin, ExportMixin, ModelAdmin):
    list_display = ["kode", "nama", "jenis"]
    list_filter = ["jenis"]
    search_fields = ["kode", "nama"]
    inlines = [LevelKompetensiInline]


@admin.register(StandarKompetensi)
class StandarKompetensiAdmin(ExportMixin, ModelAdmin):
    list_display = ["jabatan", "kompetensi", "level"]
    list_filter = ["kompetensi__jenis", "jabatan__kategori"]
    search_fields = ["jabatan__nama", "kompetensi__nama"]
    autocomplete_fields = ["kompetensi"]
    list_select_related = ["jabatan", "kompetensi"]
    raw_id_fields = ["jabatan"]


class ProgramKompetensiInline(TabularInline):
    model = ProgramKompetensi
    extra = 1
    autocomplete_fields = ["kompetensi"]


def _sasaran_filter(nama: str, judul: Any, pilihan: type[models.TextChoices]) -> type:
    """A changelist filter of the programs open to one code of a criterion: those listing it
    and those not restricted by it, through the one rule (ProgramPelatihanQuerySet)."""

    class SasaranFilter(admin.SimpleListFilter):
        title = judul
        parameter_name = f"sasaran_{nama}"

        def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
            return list(pilihan.choices)

        def queryset(
            self, request: HttpRequest, queryset: QuerySet[ProgramPelatihan]
        ) -> QuerySet[ProgramPelatihan]:
            if self.value() not in pilihan.values:
                return queryset
            nilai = str(self.value())
            profil = ProfilSasaran(
                status=nilai if nama == "status" else "",
                kategori=nilai if nama == "kategori" else "",
            )
            return queryset.filter(ProgramPelatihan.objects.syarat_sasaran(profil)[nama])

    return SasaranFilter


SasaranStatusFilter = _sasaran_filter("status", _("terbuka untuk status"), StatusPegawai)
SasaranKategoriFilter = _sasaran_filter(
    "kategori", _("terbuka untuk kategori jabatan"), KategoriJabatan
)


@admin.register(ProgramPelatihan)
class ProgramPelatihanAdmin(ExportMixin, ModelAdmin):
    list_display = ["kode", "nama", "jenis", "jp", "sasaran", "aktif"]
    list_filter = ["jenis", "metode", "aktif", SasaranStatusFilter, SasaranKategoriFilter]
    search_fields = ["kode", "nama", "penyelenggara"]
    inlines = [ProgramKompetensiInline]
    autocomplete_fields = ["sasaran_jabatan", "sasaran_kompetensi"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "kode",
                    "nama",
                    "jenis",
                    "metode",
                    "jp",
                    "penyelenggara",
                    "deskripsi",
                    "aktif",
                ]
            },
        ),
        (
            _("Sasaran peserta"),
            {
                "description": _(
                    "Siapa yang boleh mengikuti dan direkomendasikan program ini. Setiap syarat "
                    "yang diisi harus dipenuhi; syarat yang dikosongkan berlaku untuk semua ASN."
                ),
                "fields": [
                    "sasaran_status",
                    "sasaran_kategori",
                    "sasaran_jenjang",
                    "sasaran_jabatan",
                    "sasaran_kompetensi",
                ],
            },
        ),
    ]

    @admin.display(description=_("sasaran"))
    def sasaran(self, obj: ProgramPelatihan) -> str:
        return obj.sasaran_ringkas


@admin.register(Angkatan)
class AngkatanAdmin(InstansiCatalogueAdminMixin, ExportMixin, ModelAdmin):
    """Runs of the user's instansi and the shared ones (read-only but for a superuser); a run
    an Admin BKD adds is their instansi's."""

    shared_kept_by_first_instansi = False
    list_display = [
        "__str__",
        "penyelenggara",
        "tanggal_mulai",
        "tanggal_selesai",
        "kuota",
        "jumlah",
        "peserta_link",
    ]
    list_filter = ["program__jenis", "tanggal_mulai"]
    search_fields = ["nama", "program__nama"]
    date_hierarchy = "tanggal_mulai"
    autocomplete_fields = ["program"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Angkatan]:
        return selectors.angkatan_list(user=request.user)

    @admin.display(description=_("instansi penyelenggara"), ordering="instansi__nama_singkat")
    def penyelenggara(self, obj: Angkatan) -> str:
        return obj.instansi.nama_singkat if obj.instansi else str(_("Bersama (semua instansi)"))

    @admin.display(description=_("peserta"), ordering="jumlah_peserta")
    def jumlah(self, obj: Angkatan) -> str:
        return l10n.angka(obj.jumlah_peserta)  # type: ignore[attr-defined]

    @admin.display(description=_("kelola peserta"))
    def peserta_link(self, obj: Angkatan) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("pelatihan:angkatan_peserta", args=[obj.pk]),
            _("Kehadiran/kelulusan"),
        )


def _bulk_status(status: str, label: Any) -> Any:
    @admin.action(description=label, permissions=["change"])
    def action(modeladmin: ModelAdmin, request: HttpRequest, queryset: QuerySet[Peserta]) -> None:
        try:
            jumlah = services.peserta_set_status(
                peserta_ids=list(queryset.values_list("pk", flat=True)),
                status=status,
                user=request.user,
            )
        except ValidationError as exc:
            modeladmin.message_user(request, " ".join(exc.messages), messages.ERROR)
        else:
            modeladmin.message_user(
                request, _("%(n)d peserta diperbarui.") % {"n": jumlah}, messages.SUCCESS
            )

    action.__name__ = f"tandai_{status}"
    return action


@admin.register(Peserta)
class PesertaAdmin(ExportMixin, ModelAdmin):
    list_display = ["pegawai", "angkatan", "status", "created_at"]
    list_filter = ["status", "angkatan__program"]
    search_fields = ["pegawai__nama", "pegawai__nip", "angkatan__nama"]
    list_select_related = ["pegawai", "angkatan__program"]
    raw_id_fields = ["pegawai", "angkatan"]
    actions = [
        _bulk_status(StatusPeserta.HADIR, _("Tandai hadir")),
        _bulk_status(StatusPeserta.SELESAI, _("Tandai selesai (lulus) dan catat JP")),
        _bulk_status(StatusPeserta.TIDAK_SELESAI, _("Tandai tidak selesai")),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Peserta]:
        return selectors.peserta_list(user=request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Enrolment goes through the API/service so unit scope and quota are always checked.
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Status changes go through the bulk actions (they create/remove the JP records).
        return False if obj is not None else super().has_change_permission(request, obj)


@admin.register(RiwayatPelatihan)
class RiwayatPelatihanAdmin(ExportMixin, ModelAdmin):
    list_display = ["nama_pelatihan", "pegawai", "tanggal_selesai", "jp", "sumber", "status"]
    list_filter = ["status", "sumber", "jenis", "metode"]
    search_fields = ["nama_pelatihan", "pegawai__nama", "pegawai__nip"]
    date_hierarchy = "tanggal_selesai"
    raw_id_fields = ["pegawai", "program", "peserta"]
    # Status changes go through the verification queue so the rules apply in one place.
    readonly_fields = [
        "status",
        "alasan_penolakan",
        "diverifikasi_oleh",
        "diverifikasi_pada",
        "sertifikat_link",
    ]
    exclude = ["sertifikat"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[RiwayatPelatihan]:
        return selectors.riwayat_pelatihan_list(user=request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Only Admin BKD corrects a record by hand, never their own; others use the queue.
        return services.riwayat_correction_allowed(
            request.user, obj
        ) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_change_permission(request, obj)

    def save_model(
        self, request: HttpRequest, obj: RiwayatPelatihan, form: Any, change: bool
    ) -> None:
        services.riwayat_correct(riwayat=obj, user=request.user)

    def delete_model(self, request: HttpRequest, obj: RiwayatPelatihan) -> None:
        services.riwayat_delete(riwayat=obj, user=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[RiwayatPelatihan]) -> None:
        with transaction.atomic():
            for riwayat in queryset:
                services.riwayat_delete(riwayat=riwayat, user=request.user)

    @admin.display(description=_("sertifikat"))
    def sertifikat_link(self, obj: RiwayatPelatihan) -> str:
        if not obj.sertifikat:
            return "–"
        return format_html(
            '<a href="{}">{}</a>', reverse("pelatihan:sertifikat", args=[obj.pk]), _("Lihat")
        )


@admin.register(PeringatanJp)
class PeringatanJpAdmin(ModelAdmin):
    """The log of monthly JP warnings sent; written only by the monthly task."""

    list_display = ["__str__", "pegawai", "user", "tahun", "bulan", "sent_at"]
    list_filter = ["tahun", "bulan"]
    search_fields = ["pegawai__nama", "pegawai__nip", "user__username", "user__email"]
    list_select_related = ["pegawai", "user"]
    date_hierarchy = "sent_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Deleting a record would make the task warn that recipient again this month.
        return False
