"""API of the register: units (with tree navigation), jabatan, formasi with their needs,
pegawai looked up by NIP with their history, and assignments. Same services, same scope as the
admin: rows outside a user's units answer 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from asn_portal.access import (
    instansi_id_of,
    may_change_catalogue_row,
    scope_queryset,
    sees_every_instansi,
)
from asn_portal.api import BuiltOnceFieldsMixin, DjangoModelPermissionsWithView, FastListSerializer
from asn_portal.api_permissions import (
    IsStaffMember,
    ScopedPrimaryKeyRelatedField,
    ScopedSlugRelatedField,
)
from asn_portal.periode import tanggal_param
from jabatan import selectors, services
from jabatan.models import (
    Formasi,
    Jabatan,
    JenisPenugasan,
    Pegawai,
    RiwayatJabatan,
    RiwayatJabatanQuerySet,
    UnitOrganisasi,
    UraianTugas,
)
from jabatan.nip import parse_nip
from jabatan.penataan import api as penataan_api

PERMISSIONS = [IsAuthenticated, IsStaffMember, DjangoModelPermissionsWithView]


class ReasonedDenialMixin:
    """Keep the service's reason when it refuses (the shared handler would drop it)."""

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, PermissionDenied) and str(exc):
            exc = exceptions.PermissionDenied(str(exc))
        return super().handle_exception(exc)  # type: ignore[misc]


def _user(serializer: serializers.Serializer) -> Any:
    return serializer.context["request"].user


# --- units ----------------------------------------------------------------------------------------
class UnitOrganisasiSerializer(serializers.ModelSerializer):
    induk = ScopedPrimaryKeyRelatedField(
        queryset=UnitOrganisasi.objects.all(),
        required=False,
        allow_null=True,
        write_only=True,
        help_text=_("Unit induk; kosong untuk OPD baru (hanya Admin BKD)."),
    )
    induk_id = serializers.SerializerMethodField()
    jumlah_sub_unit = serializers.IntegerField(source="numchild", read_only=True)

    class Meta:
        model = UnitOrganisasi
        fields = [
            "id",
            "kode",
            "nama",
            "jenis",
            "aktif",
            "berlaku_sejak",
            "berlaku_sampai",
            "depth",
            "induk",
            "induk_id",
            "jumlah_sub_unit",
        ]
        read_only_fields = ["depth"]

    def get_induk_id(self, obj: UnitOrganisasi) -> int | None:
        # Resolved from the path without a query: the parent path is the node path minus one step.
        parents = self.context.get("parent_ids", {})
        return parents.get(obj.path[: -UnitOrganisasi.steplen]) if obj.depth > 1 else None

    def create(self, validated_data: dict[str, Any]) -> UnitOrganisasi:
        validated_data.setdefault("induk", None)
        return services.unit_create(user=_user(self), **validated_data)

    def update(self, instance: UnitOrganisasi, validated_data: dict[str, Any]) -> UnitOrganisasi:
        validated_data.pop("induk", None)
        if "kode" in validated_data and validated_data["kode"] != instance.kode:
            raise serializers.ValidationError(
                {"kode": [_("Kode unit tidak dapat diubah lewat API.")]}
            )
        validated_data.pop("kode", None)
        return services.unit_update(unit=instance, user=_user(self), **validated_data)


class UnitFilter(django_filters.FilterSet):
    induk = django_filters.ModelChoiceFilter(
        queryset=UnitOrganisasi.objects.all(),
        method="filter_induk",
        label=_("anak langsung dari unit"),
    )
    dalam = django_filters.ModelChoiceFilter(
        queryset=UnitOrganisasi.objects.all(),
        method="filter_dalam",
        label=_("unit beserta seluruh sub-unitnya"),
    )

    class Meta:
        model = UnitOrganisasi
        fields = ["jenis", "aktif", "depth"]

    def filter_induk(self, queryset: QuerySet, name: str, value: UnitOrganisasi) -> QuerySet:
        return queryset.filter(path__startswith=value.path, depth=value.depth + 1)

    def filter_dalam(self, queryset: QuerySet, name: str, value: UnitOrganisasi) -> QuerySet:
        return queryset.filter(path__startswith=value.path)


class BarisKebutuhanSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit.pk", allow_null=True)
    unit_nama = serializers.CharField(source="unit.nama", allow_null=True)
    formasi = serializers.IntegerField()
    kebutuhan = serializers.IntegerField()
    bezetting = serializers.IntegerField()
    selisih = serializers.IntegerField()
    kelebihan = serializers.IntegerField()
    kekurangan = serializers.IntegerField()


class KebutuhanSerializer(serializers.Serializer):
    tanggal = serializers.DateField()
    total = BarisKebutuhanSerializer()
    per_bagian = BarisKebutuhanSerializer(many=True)


class UnitOrganisasiViewSet(
    ReasonedDenialMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    serializer_class = UnitOrganisasiSerializer
    permission_classes = PERMISSIONS
    filterset_class = UnitFilter
    search_fields = ["kode", "nama"]
    ordering_fields = ["kode", "nama", "path"]
    ordering = ["path"]

    def get_queryset(self) -> QuerySet[UnitOrganisasi]:
        return selectors.unit_list(user=self.request.user)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "parent_ids": _ParentIds()}

    def _page(self, queryset: QuerySet) -> Response:
        page = self.paginate_queryset(queryset)
        items = page if page is not None else list(queryset)
        context = self.get_serializer_context()
        context["parent_ids"].load(items)
        data = self.get_serializer_class()(items, many=True, context=context).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._page(self.filter_queryset(self.get_queryset()))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        unit = self.get_object()
        context = self.get_serializer_context()
        context["parent_ids"].load([unit])
        return Response(self.get_serializer_class()(unit, context=context).data)

    @extend_schema(responses=UnitOrganisasiSerializer(many=True))
    @action(detail=True, methods=["get"])
    def children(self, request: Request, pk: str | None = None) -> Response:
        unit = self.get_object()
        return self._page(
            self.get_queryset()
            .filter(path__startswith=unit.path, depth=unit.depth + 1)
            .order_by("path")
        )

    @extend_schema(responses=UnitOrganisasiSerializer(many=True))
    @action(detail=True, methods=["get"])
    def ancestors(self, request: Request, pk: str | None = None) -> Response:
        unit = self.get_object()
        return self._page(
            self.get_queryset()
            .filter(pk__in=selectors.unit_ancestors(unit=unit).values("pk"))
            .order_by("path")
        )

    @extend_schema(responses=UnitOrganisasiSerializer(many=True))
    @action(detail=True, methods=["get"])
    def subtree(self, request: Request, pk: str | None = None) -> Response:
        unit = self.get_object()
        return self._page(self.get_queryset().filter(path__startswith=unit.path).order_by("path"))

    @extend_schema(responses=KebutuhanSerializer)
    @action(detail=True, methods=["get"])
    def kebutuhan(self, request: Request, pk: str | None = None) -> Response:
        """Kebutuhan, bezetting and selisih of the unit's subtree on ``?tanggal=`` (today by
        default), in total and per direct sub-unit: ``selectors.kebutuhan_pada``, the numbers
        of the unit dashboard and the report."""
        unit = self.get_object()
        as_of = tanggal_param(request.query_params.get("tanggal"))
        return Response(
            KebutuhanSerializer(
                selectors.kebutuhan_pada(user=request.user, as_of=as_of, unit=unit)
            ).data
        )


class _ParentIds(dict):
    """Parent ids of a page of units, loaded in one query."""

    def load(self, units: list[UnitOrganisasi]) -> None:
        steplen = UnitOrganisasi.steplen
        wanted = {u.path[:-steplen] for u in units if u.depth > 1} - set(self)
        if wanted:
            self.update(UnitOrganisasi.objects.filter(path__in=wanted).values_list("path", "pk"))


# --- jabatan --------------------------------------------------------------------------------------
class JabatanSerializer(serializers.ModelSerializer):
    batas_usia_pensiun = serializers.IntegerField(read_only=True)
    golongan_minimal = serializers.CharField(read_only=True)

    class Meta:
        model = Jabatan
        fields = [
            "id",
            "kode",
            "nama",
            "kategori",
            "jenjang",
            "kelas_jabatan",
            "eselon",
            "aktif",
            "golongan_minimal",
            "batas_usia_pensiun",
        ]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        instance = Jabatan(**{**({} if self.instance is None else _fields(self.instance)), **attrs})
        instance.clean()
        return attrs


def _fields(obj: Jabatan) -> dict[str, Any]:
    return {
        f: getattr(obj, f)
        for f in ("kode", "nama", "kategori", "jenjang", "kelas_jabatan", "eselon", "aktif")
    }


class JabatanViewSet(viewsets.ModelViewSet):
    queryset = Jabatan.objects.none()  # the model for the schema; rows from get_queryset
    serializer_class = JabatanSerializer
    permission_classes = PERMISSIONS
    filterset_fields = ["kategori", "jenjang", "kelas_jabatan", "eselon", "aktif"]
    search_fields = ["kode", "nama"]
    ordering_fields = ["kode", "nama", "kelas_jabatan"]
    ordering = ["nama"]

    def get_queryset(self) -> QuerySet[Jabatan]:
        return selectors.jabatan_list(user=self.request.user)

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        # An instansi's addition to the national catalogue is its own.
        user = self.request.user
        serializer.save(instansi_id=None if sees_every_instansi(user) else instansi_id_of(user))

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        if not may_change_catalogue_row(self.request.user, serializer.instance):
            raise PermissionDenied(
                _("Jabatan katalog nasional hanya dapat diubah oleh pengelola katalog nasional.")
            )
        serializer.save()

    def perform_destroy(self, instance: Jabatan) -> None:
        if not may_change_catalogue_row(self.request.user, instance):
            raise PermissionDenied(
                _("Jabatan katalog nasional hanya dapat diubah oleh pengelola katalog nasional.")
            )
        instance.delete()


# --- formasi --------------------------------------------------------------------------------------
class UraianTugasSerializer(serializers.ModelSerializer):
    serializer_related_field = ScopedPrimaryKeyRelatedField
    beban_kerja_menit = serializers.DecimalField(max_digits=24, decimal_places=4, read_only=True)

    class Meta:
        model = UraianTugas
        fields = [
            "id",
            "formasi",
            "urutan",
            "uraian",
            "hasil_kerja",
            "volume_per_tahun",
            "norma_waktu_menit",
            "beban_kerja_menit",
        ]


class FormasiSerializer(serializers.ModelSerializer):
    serializer_related_field = ScopedPrimaryKeyRelatedField
    unit_nama = serializers.CharField(source="unit.nama", read_only=True)
    jabatan_nama = serializers.CharField(source="jabatan.nama", read_only=True)
    beban_kerja_menit = serializers.SerializerMethodField()
    kebutuhan = serializers.SerializerMethodField()
    kebutuhan_orang = serializers.SerializerMethodField()
    bezetting = serializers.SerializerMethodField()
    selisih = serializers.SerializerMethodField()
    keterangan_selisih = serializers.SerializerMethodField()
    efektivitas_jabatan = serializers.SerializerMethodField()
    kategori_ej = serializers.SerializerMethodField()
    uraian_tugas = UraianTugasSerializer(many=True, read_only=True)

    class Meta:
        model = Formasi
        fields = [
            "id",
            "unit",
            "unit_nama",
            "jabatan",
            "jabatan_nama",
            "aktif",
            "catatan",
            "beban_kerja_menit",
            "kebutuhan",
            "kebutuhan_orang",
            "bezetting",
            "selisih",
            "keterangan_selisih",
            "efektivitas_jabatan",
            "kategori_ej",
            "uraian_tugas",
        ]

    def get_beban_kerja_menit(self, obj: Formasi) -> str:
        return f"{obj.abk.beban_kerja_menit:.2f}"

    def get_kebutuhan(self, obj: Formasi) -> str:
        return str(obj.abk.kebutuhan)

    def get_kebutuhan_orang(self, obj: Formasi) -> int:
        return obj.abk.kebutuhan_orang

    def get_bezetting(self, obj: Formasi) -> int:
        return obj.abk.bezetting

    def get_selisih(self, obj: Formasi) -> int:
        return obj.abk.selisih

    def get_keterangan_selisih(self, obj: Formasi) -> str:
        return obj.abk.keterangan_selisih

    def get_efektivitas_jabatan(self, obj: Formasi) -> str | None:
        ej = obj.abk.ej
        return None if ej is None else str(ej)

    def get_kategori_ej(self, obj: Formasi) -> str:
        return obj.abk.ej_kategori

    def create(self, validated_data: dict[str, Any]) -> Formasi:
        return services.formasi_save(formasi=Formasi(**validated_data), user=_user(self))

    def update(self, instance: Formasi, validated_data: dict[str, Any]) -> Formasi:
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return services.formasi_save(formasi=instance, user=_user(self))


class FormasiFilter(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(
        queryset=UnitOrganisasi.objects.all(),
        method="filter_unit",
        label=_("unit beserta sub-unitnya"),
    )
    kategori = django_filters.CharFilter(field_name="jabatan__kategori")

    class Meta:
        model = Formasi
        fields = ["jabatan", "aktif"]

    def filter_unit(self, queryset: QuerySet, name: str, value: UnitOrganisasi) -> QuerySet:
        return queryset.filter(unit__path__startswith=value.path)


class FormasiViewSet(ReasonedDenialMixin, viewsets.ModelViewSet):
    serializer_class = FormasiSerializer
    permission_classes = PERMISSIONS
    filterset_class = FormasiFilter
    search_fields = ["jabatan__nama", "unit__nama", "unit__kode"]
    ordering_fields = ["id", "bezetting"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Formasi]:
        tanggal = _tanggal_param(self.request)
        return selectors.formasi_with_needs(
            user=self.request.user, tanggal=tanggal
        ).prefetch_related(
            Prefetch("uraian_tugas", queryset=UraianTugas.objects.order_by("urutan", "id"))
        )


class UraianTugasViewSet(ReasonedDenialMixin, viewsets.ModelViewSet):
    serializer_class = UraianTugasSerializer
    permission_classes = PERMISSIONS
    filterset_fields = ["formasi"]

    def get_queryset(self) -> QuerySet[UraianTugas]:
        return scope_queryset(
            UraianTugas.objects.all(), self.request.user, "formasi__unit__path"
        ).order_by("formasi", "urutan", "id")


def _tanggal_param(request: Request) -> Any:
    raw = request.query_params.get("tanggal")
    if not raw:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise exceptions.ValidationError(
            {"tanggal": [_("Tanggal harus berformat YYYY-MM-DD.")]}
        ) from None


# --- riwayat jabatan ------------------------------------------------------------------------------
class RiwayatJabatanSerializer(serializers.ModelSerializer):
    serializer_related_field = ScopedPrimaryKeyRelatedField
    pegawai = ScopedSlugRelatedField(slug_field="nip", queryset=Pegawai.objects.all())
    pegawai_nama = serializers.CharField(source="pegawai.nama_lengkap", read_only=True)
    jabatan_nama = serializers.CharField(source="formasi.jabatan.nama", read_only=True)
    unit = serializers.IntegerField(source="formasi.unit_id", read_only=True)
    unit_nama = serializers.CharField(source="formasi.unit.nama", read_only=True)

    class Meta:
        model = RiwayatJabatan
        fields = [
            "id",
            "pegawai",
            "pegawai_nama",
            "formasi",
            "jabatan_nama",
            "unit",
            "unit_nama",
            "jenis",
            "tmt_mulai",
            "tmt_selesai",
            "nomor_sk",
            "tanggal_sk",
            "keterangan",
        ]
        read_only_fields = ["tmt_selesai"]

    def create(self, validated_data: dict[str, Any]) -> RiwayatJabatan:
        return services.riwayat_open(
            pegawai=validated_data["pegawai"],
            formasi=validated_data["formasi"],
            tmt=validated_data["tmt_mulai"],
            jenis=validated_data.get("jenis", JenisPenugasan.DEFINITIF),
            nomor_sk=validated_data.get("nomor_sk", ""),
            tanggal_sk=validated_data.get("tanggal_sk"),
            keterangan=validated_data.get("keterangan", ""),
            user=_user(self),
        )


class RiwayatUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = RiwayatJabatan
        fields = ["tmt_selesai", "nomor_sk", "tanggal_sk", "keterangan"]

    def update(self, instance: RiwayatJabatan, validated_data: dict[str, Any]) -> RiwayatJabatan:
        data = {f: validated_data.get(f, getattr(instance, f)) for f in self.Meta.fields}
        return services.riwayat_update(riwayat=instance, user=_user(self), **data)

    def to_representation(self, instance: RiwayatJabatan) -> dict[str, Any]:
        return RiwayatJabatanSerializer(instance, context=self.context).data


class RiwayatFilter(django_filters.FilterSet):
    pegawai = django_filters.CharFilter(field_name="pegawai__nip", label=_("NIP"))
    unit = django_filters.ModelChoiceFilter(
        queryset=UnitOrganisasi.objects.all(),
        method="filter_unit",
        label=_("unit beserta sub-unitnya"),
    )
    aktif_pada = django_filters.DateFilter(
        method="filter_aktif_pada", label=_("berlaku pada tanggal")
    )

    class Meta:
        model = RiwayatJabatan
        fields = ["jenis", "formasi"]

    def filter_unit(self, queryset: QuerySet, name: str, value: UnitOrganisasi) -> QuerySet:
        return queryset.filter(formasi__unit__path__startswith=value.path)

    def filter_aktif_pada(
        self, queryset: RiwayatJabatanQuerySet, name: str, value: Any
    ) -> QuerySet:
        return queryset.aktif_pada(value)


class RiwayatJabatanViewSet(ReasonedDenialMixin, viewsets.ModelViewSet):
    permission_classes = PERMISSIONS
    filterset_class = RiwayatFilter
    search_fields = ["pegawai__nip", "pegawai__nama", "nomor_sk"]
    ordering_fields = ["tmt_mulai", "tmt_selesai"]
    ordering = ["-tmt_mulai"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[RiwayatJabatan]:
        return selectors.riwayat_jabatan_list(user=self.request.user)

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return (
            RiwayatUpdateSerializer
            if self.action in ("partial_update", "update")
            else RiwayatJabatanSerializer
        )


# --- pegawai --------------------------------------------------------------------------------------
class RiwayatSingkatSerializer(serializers.ModelSerializer):
    jabatan_nama = serializers.CharField(source="formasi.jabatan.nama", read_only=True)
    unit = serializers.IntegerField(source="formasi.unit_id", read_only=True)
    unit_nama = serializers.CharField(source="formasi.unit.nama", read_only=True)

    class Meta:
        model = RiwayatJabatan
        fields = [
            "id",
            "formasi",
            "jabatan_nama",
            "unit",
            "unit_nama",
            "jenis",
            "tmt_mulai",
            "tmt_selesai",
            "nomor_sk",
            "tanggal_sk",
            "keterangan",
        ]


class PegawaiSerializer(BuiltOnceFieldsMixin, serializers.ModelSerializer):
    nip = serializers.CharField(
        max_length=30,
        help_text=_("18 angka; spasi di antara kelompok angka boleh (19860926 201505 1 001)."),
    )
    nama_lengkap = serializers.CharField(read_only=True)
    pangkat = serializers.CharField(read_only=True)
    tanggal_pensiun = serializers.SerializerMethodField()
    jabatan_sekarang = serializers.CharField(
        source="jabatan_sekarang_nama", read_only=True, default=None
    )
    unit_sekarang = serializers.IntegerField(
        source="unit_sekarang_id", read_only=True, default=None
    )
    unit_sekarang_nama = serializers.CharField(read_only=True, default=None)
    # The first placement (write only, when creating): an Operator OPD must give one in their units.
    formasi = ScopedPrimaryKeyRelatedField(
        queryset=Formasi.objects.all(), required=False, allow_null=True, write_only=True
    )
    tmt_mulai = serializers.DateField(required=False, allow_null=True, write_only=True)
    jenis = serializers.ChoiceField(choices=JenisPenugasan.choices, required=False, write_only=True)
    nomor_sk = serializers.CharField(
        required=False, allow_blank=True, write_only=True, max_length=100
    )
    tanggal_sk = serializers.DateField(required=False, allow_null=True, write_only=True)

    class Meta:
        model = Pegawai
        fields = [
            "id",
            "nip",
            "nama",
            "gelar_depan",
            "gelar_belakang",
            "nama_lengkap",
            "tanggal_lahir",
            "jenis_kelamin",
            "status",
            "golongan",
            "pangkat",
            "tmt_golongan",
            "pendidikan_terakhir",
            "status_aktif",
            "email",
            "jabatan_sekarang",
            "unit_sekarang",
            "unit_sekarang_nama",
            "tanggal_pensiun",
            "formasi",
            "tmt_mulai",
            "jenis",
            "nomor_sk",
            "tanggal_sk",
        ]
        read_only_fields = ["tanggal_lahir", "jenis_kelamin"]
        list_serializer_class = FastListSerializer

    def get_tanggal_pensiun(self, obj: Pegawai) -> str:
        return selectors.tanggal_pensiun(obj).isoformat()

    def validate_nip(self, value: str) -> str:
        try:
            return parse_nip(value).nip
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None

    def create(self, validated_data: dict[str, Any]) -> Pegawai:
        placement = {
            k: validated_data.pop(k)
            for k in ("formasi", "tmt_mulai", "jenis", "nomor_sk", "tanggal_sk")
            if k in validated_data
        }
        pegawai = services.pegawai_create(user=_user(self), **validated_data, **placement)
        return _reload(pegawai, _user(self))

    def update(self, instance: Pegawai, validated_data: dict[str, Any]) -> Pegawai:
        for key in ("formasi", "tmt_mulai", "jenis", "nomor_sk", "tanggal_sk"):
            validated_data.pop(key, None)
        services.pegawai_update(pegawai=instance, user=_user(self), **validated_data)
        return _reload(instance, _user(self))


def _reload(pegawai: Pegawai, user: Any) -> Pegawai:
    found = selectors.pegawai_list(user=user).filter(pk=pegawai.pk).first()
    return found or selectors.pegawai_list(user=None).get(pk=pegawai.pk)


class PegawaiDetailSerializer(PegawaiSerializer):
    riwayat_jabatan = RiwayatSingkatSerializer(many=True, read_only=True)

    class Meta(PegawaiSerializer.Meta):
        fields = [*PegawaiSerializer.Meta.fields, "riwayat_jabatan"]


class PegawaiFilter(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(
        queryset=UnitOrganisasi.objects.all(),
        method="filter_unit",
        label=_("unit sekarang beserta sub-unitnya"),
    )

    class Meta:
        model = Pegawai
        fields = ["status", "golongan", "status_aktif", "jenis_kelamin", "pendidikan_terakhir"]

    def filter_unit(self, queryset: QuerySet, name: str, value: UnitOrganisasi) -> QuerySet:
        return selectors.pegawai_di_unit(queryset, unit=value)


class PegawaiViewSet(ReasonedDenialMixin, viewsets.ModelViewSet):
    permission_classes = PERMISSIONS
    lookup_field = "nip"
    lookup_value_regex = r"[0-9]{18}"
    filterset_class = PegawaiFilter
    search_fields = ["^nip", "nama"]
    ordering_fields = ["nama", "nip", "golongan", "tanggal_lahir"]
    ordering = ["nama"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Pegawai]:
        # The list counts and pages the register alone; the page gets its positions after.
        queryset = selectors.pegawai_list(
            user=self.request.user,
            dengan_jabatan=self.action != "list" or self.paginator is None,
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch(
                    "riwayat_jabatan",
                    queryset=RiwayatJabatan.objects.select_related(
                        "formasi__jabatan", "formasi__unit"
                    ).order_by("-tmt_mulai"),
                )
            )
        return queryset

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return PegawaiDetailSerializer if self.action == "retrieve" else PegawaiSerializer

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        return None if page is None else selectors.pegawai_lengkapi_jabatan(list(page))


def register(router: BaseRouter) -> None:
    """Add this app's viewsets to the shared /api/v1/ router."""
    router.register("unit", UnitOrganisasiViewSet, basename="unit")
    router.register("jabatan", JabatanViewSet, basename="jabatan")
    router.register("formasi", FormasiViewSet, basename="formasi")
    router.register("uraian-tugas", UraianTugasViewSet, basename="uraiantugas")
    router.register("pegawai", PegawaiViewSet, basename="pegawai")
    router.register("riwayat-jabatan", RiwayatJabatanViewSet, basename="riwayatjabatan")
    penataan_api.register(router)
