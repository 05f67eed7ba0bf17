"""Reports under /api/v1/laporan/: list with filters, detail with status, request a build,
download PDF and XLSX. Every query goes through ``laporan_for_user``."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from asn_portal import files
from asn_portal.api_permissions import IsStaffMember, ScopedPrimaryKeyRelatedField
from asn_portal.jobs import ENQUEUE_FAILED_MESSAGE, enqueue_failed
from asn_portal.laporan import services
from asn_portal.laporan.models import JenisLaporan, Laporan, StatusLaporan
from asn_portal.laporan.selectors import laporan_for_user, laporan_verifikasi
from asn_portal.publik import instansi_publik
from jabatan.models import UnitOrganisasi


class LaporanSerializer(serializers.ModelSerializer):
    periode = serializers.CharField(source="periode.label", read_only=True)
    lingkup = serializers.CharField(source="lingkup_label", read_only=True)
    judul = serializers.CharField(read_only=True)
    url_html = serializers.SerializerMethodField()
    url_pdf = serializers.SerializerMethodField()
    url_xlsx = serializers.SerializerMethodField()

    class Meta:
        model = Laporan
        fields = [
            "id",
            "judul",
            "jenis",
            "tahun",
            "nomor",
            "periode",
            "tanggal_awal",
            "tanggal_akhir",
            "unit",
            "lingkup",
            "status",
            "progres",
            "langkah",
            "versi",
            "hash_konten",
            "hash_pdf",
            "kode_verifikasi",
            "selesai_pada",
            "diterbitkan_pada",
            "url_html",
            "url_pdf",
            "url_xlsx",
        ]
        read_only_fields = fields

    def _url(self, obj: Laporan, name: str) -> str | None:
        if not obj.is_terlihat:
            return None
        request = self.context.get("request")
        path = reverse(name, args=[obj.pk])
        return request.build_absolute_uri(path) if request else path

    def get_url_html(self, obj: Laporan) -> str | None:
        return self._url(obj, "laporan:detail")

    def get_url_pdf(self, obj: Laporan) -> str | None:
        return self._url(obj, "laporan-pdf")

    def get_url_xlsx(self, obj: Laporan) -> str | None:
        return self._url(obj, "laporan-xlsx")


class PermintaanLaporanSerializer(serializers.Serializer):
    jenis = serializers.ChoiceField(choices=JenisLaporan.choices, label="jenis laporan")
    tahun = serializers.IntegerField(min_value=2000, max_value=2999)
    nomor = serializers.IntegerField(min_value=1, max_value=12, default=1)
    unit = ScopedPrimaryKeyRelatedField(
        queryset=UnitOrganisasi.objects.all(), allow_null=True, required=False, default=None
    )


class LaporanFilter(django_filters.FilterSet):
    jenis = django_filters.ChoiceFilter(choices=JenisLaporan.choices)
    status = django_filters.ChoiceFilter(choices=StatusLaporan.choices)
    provinsi = django_filters.BooleanFilter(
        field_name="unit", lookup_expr="isnull", label="seluruh provinsi"
    )

    class Meta:
        model = Laporan
        fields = ["jenis", "tahun", "nomor", "unit", "status", "provinsi"]


class LaporanViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = LaporanSerializer
    permission_classes = [IsStaffMember]
    filterset_class = LaporanFilter
    ordering_fields = ["tahun", "nomor", "selesai_pada"]
    search_fields: list[str] = []

    def get_queryset(self) -> QuerySet[Laporan]:
        # The numbers themselves (JSON, megabytes for a province) are read through the HTML/XLSX.
        return (
            laporan_for_user(user=self.request.user)
            .defer("data")
            .order_by("-tahun", "-nomor", "jenis", "lingkup_kunci")
        )

    @extend_schema(request=PermintaanLaporanSerializer, responses={202: LaporanSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Ask for a report (or a rebuild of an unpublished one); it is built by a worker."""
        form = PermintaanLaporanSerializer(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        laporan = services.laporan_request(**form.validated_data, user=request.user)
        failed = enqueue_failed(laporan)
        laporan.refresh_from_db()
        data = dict(LaporanSerializer(laporan, context={"request": request}).data)
        if failed:
            data["peringatan"] = str(ENQUEUE_FAILED_MESSAGE)
        return Response(data, status=status.HTTP_202_ACCEPTED)

    def _berkas(self, field: str, content_type: str) -> FileResponse:
        laporan = self.get_object()
        berkas = getattr(laporan, field)
        if not laporan.is_terlihat or not berkas:
            raise Http404
        nama = f"laporan-kemajuan-{laporan.periode.kode}-{laporan.unit.kode if laporan.unit else 'provinsi'}.{field}"
        files.export_log_create(user=self.request.user, source=f"laporan:{laporan.pk}", fmt=field)
        return FileResponse(
            berkas.open("rb"), as_attachment=True, filename=nama, content_type=content_type
        )

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: str | None = None) -> FileResponse:
        return self._berkas("pdf", "application/pdf")

    @extend_schema(
        responses={
            (
                200,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ): OpenApiTypes.BINARY
        }
    )
    @action(detail=True, methods=["get"])
    def xlsx(self, request: Request, pk: str | None = None) -> FileResponse:
        return self._berkas(
            "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )


class VerifikasiSerializer(serializers.ModelSerializer):
    periode = serializers.CharField(source="periode.label", read_only=True)
    lingkup = serializers.CharField(source="lingkup_label", read_only=True)
    judul = serializers.CharField(read_only=True)
    kode = serializers.CharField(source="kode_tampil", read_only=True)

    class Meta:
        model = Laporan
        fields = [
            "kode",
            "judul",
            "periode",
            "tanggal_awal",
            "tanggal_akhir",
            "lingkup",
            "status",
            "selesai_pada",
            "hash_konten",
            "hash_pdf",
        ]


class VerifikasiViewSet(viewsets.GenericViewSet):
    """Public check of a printed verification code (as typed: any case, spaces or dashes)."""

    serializer_class = VerifikasiSerializer
    permission_classes = [AllowAny]
    lookup_field = "kode"
    lookup_value_regex = "[^/]+"

    def get_queryset(self) -> QuerySet[Laporan]:
        return Laporan.objects.none()

    @extend_schema(responses={200: VerifikasiSerializer, 404: OpenApiTypes.OBJECT})
    def retrieve(self, request: Request, kode: str) -> Response:
        laporan = laporan_verifikasi(kode=kode, instansi_id=instansi_publik(request))
        if laporan is None:
            return Response(
                {"detail": _("Kode verifikasi ini tidak cocok dengan dokumen mana pun.")},
                status=status.HTTP_404_NOT_FOUND,
            )
        return Response(VerifikasiSerializer(laporan).data)


def register(router: BaseRouter) -> None:
    # Before "laporan": its detail routes would otherwise read "verifikasi" as an id.
    router.register("laporan/verifikasi", VerifikasiViewSet, basename="laporan-verifikasi")
    router.register("laporan", LaporanViewSet, basename="laporan")
