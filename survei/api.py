"""Survey API under /api/v1/survei/: service units, the IKM, responses and published results.

Two endpoints are a contract other systems rely on (see the issue): POST
``unit-layanan/<kode>/respons/`` and GET ``unit-layanan/<kode>/ikm/``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from asn_portal.access import can_manage_unit
from asn_portal.api import BuiltOnceFieldsMixin, DjangoModelPermissionsWithView
from asn_portal.api_permissions import IsStaffMember
from asn_portal.publik import instansi_api
from asn_portal.throttles import UserRateThrottle
from survei import selectors, services
from survei.ikm import BOBOT, HasilIKM
from survei.kuesioner import KODE_UNSUR
from survei.models import (
    JenisKelamin,
    Pekerjaan,
    Pendidikan,
    PeriodePublikasi,
    RencanaTindakLanjut,
    Respons,
    StatusRencanaTindakLanjut,
    SumberRespons,
    UnitLayanan,
)
from survei.partisipasi import api as partisipasi_api
from survei.privasi import (
    alamat_klien,
    batas_jaringan_tercapai,
    perangkat_dari_request,
    set_cookie_perangkat,
)

# --- serializers -------------------------------------------------------------------------------


class SurveiUnitLayananSerializer(serializers.ModelSerializer):
    unit_organisasi = serializers.CharField(source="unit.kode", read_only=True)
    unit_organisasi_nama = serializers.CharField(source="unit.nama", read_only=True)
    jenis_layanan = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = UnitLayanan
        fields = [
            "kode",
            "nama",
            "unit_organisasi",
            "unit_organisasi_nama",
            "jenis_layanan",
            "jumlah_pengguna",
            "periode_pengguna",
            "sektor",
        ]


class JawabanSerializer(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            kode: serializers.IntegerField(
                min_value=1,
                max_value=4,
                error_messages={
                    "required": f"Jawaban {kode} wajib diisi (1–4).",
                    "min_value": f"Jawaban {kode} harus 1–4.",
                    "max_value": f"Jawaban {kode} harus 1–4.",
                    "invalid": f"Jawaban {kode} harus bilangan bulat 1–4.",
                },
            )
            for kode in KODE_UNSUR
        }


class SurveiResponsKirimSerializer(serializers.Serializer):
    jawaban = JawabanSerializer()
    umur = serializers.IntegerField(min_value=10, max_value=120)
    jenis_kelamin = serializers.ChoiceField(choices=JenisKelamin.choices)
    pendidikan = serializers.ChoiceField(choices=Pendidikan.choices)
    pekerjaan = serializers.ChoiceField(choices=Pekerjaan.choices)
    jenis_layanan = serializers.CharField(max_length=200)
    tanggal_layanan = serializers.DateField()
    saran = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    idempotency_key = serializers.UUIDField(
        required=False,
        help_text="Kunci idempotensi; boleh juga lewat header Idempotency-Key. Pengiriman ulang "
        "dengan kunci yang sama mengembalikan respons pertama (200) tanpa membuat yang baru.",
    )


class SurveiResponsSerializer(BuiltOnceFieldsMixin, serializers.ModelSerializer):
    unit_layanan = serializers.CharField(source="unit_layanan.kode", read_only=True)
    jawaban = serializers.SerializerMethodField()
    kuesioner_versi = serializers.IntegerField(source="kuesioner.versi", read_only=True)

    class Meta:
        model = Respons
        fields = [
            "id",
            "unit_layanan",
            "kuesioner_versi",
            "jawaban",
            "umur",
            "jenis_kelamin",
            "pendidikan",
            "pekerjaan",
            "jenis_layanan",
            "tanggal_layanan",
            "saran",
            "sumber",
            "created_at",
        ]

    def get_jawaban(self, obj: Respons) -> dict[str, int | None]:
        return obj.jawaban()


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def ikm_json(kode: str, hasil: HasilIKM) -> dict[str, Any]:
    """The contract's shape: numbers as JSON numbers, nulls when nobody answered."""
    kosong = hasil.responden == 0
    return {
        "unit": kode,
        "responden": hasil.responden,
        "nrr": None if kosong else {k: _num(v) for k, v in hasil.nrr.items()},
        "nrr_tertimbang": _num(hasil.nrr_tertimbang),
        "ikm": _num(hasil.ikm),
        "mutu": hasil.mutu,
        "kinerja": hasil.kinerja,
        "bobot": None if kosong else hasil.bobot,
    }


IKM_SCHEMA = inline_serializer(
    "SurveiHasilIKM",
    {
        "unit": serializers.CharField(),
        "responden": serializers.IntegerField(),
        "nrr": serializers.DictField(child=serializers.FloatField(), allow_null=True),
        "nrr_tertimbang": serializers.FloatField(allow_null=True),
        "ikm": serializers.FloatField(allow_null=True),
        "mutu": serializers.ChoiceField(choices=["A", "B", "C", "D"], allow_null=True),
        "kinerja": serializers.ChoiceField(
            choices=["Sangat Baik", "Baik", "Kurang Baik", "Tidak Baik"], allow_null=True
        ),
        "bobot": serializers.ChoiceField(choices=list(BOBOT), allow_null=True),
    },
)


class SurveiHasilSerializer(serializers.ModelSerializer):
    unit_layanan = serializers.CharField(source="unit_layanan.kode", read_only=True)
    periode = serializers.CharField(source="periode.kode", read_only=True)
    # The metaclass moves declared fields out of the class, so this never shadows Field.label.
    label = serializers.CharField(source="periode.label", read_only=True)  # type: ignore[assignment]
    hasil = serializers.SerializerMethodField()

    class Meta:
        model = PeriodePublikasi
        fields = [
            "unit_layanan",
            "periode",
            "label",
            "jenis_periode",
            "tahun",
            "nomor",
            "sampel_minimum",
            "hasil",
            "diterbitkan_pada",
        ]

    def get_hasil(self, obj: PeriodePublikasi) -> dict[str, Any]:
        return ikm_json(obj.unit_layanan.kode, HasilIKM.from_dict(obj.hasil))


class SurveiRencanaSerializer(serializers.ModelSerializer):
    unit_layanan = serializers.CharField(source="unit_layanan.kode", read_only=True)
    status = serializers.ChoiceField(choices=StatusRencanaTindakLanjut.choices, required=False)

    class Meta:
        model = RencanaTindakLanjut
        fields = [
            "id",
            "unit_layanan",
            "jenis_periode",
            "tahun",
            "nomor",
            "kode_unsur",
            "nrr",
            "masalah",
            "kegiatan",
            "penanggung_jawab",
            "target_selesai",
            "status",
            "catatan_progres",
        ]
        read_only_fields = ["unit_layanan", "jenis_periode", "tahun", "nomor", "kode_unsur", "nrr"]


# --- views -------------------------------------------------------------------------------------


def _tanggal(request: Request, name: str) -> dt.date:
    value = request.query_params.get(name, "")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise exceptions.ValidationError(
            {name: [f"Isi {name} dengan tanggal YYYY-MM-DD."]}
        ) from None


class UnitLayananViewSet(viewsets.ReadOnlyModelViewSet):
    """Service units (public): kode, name, OPD and the kinds of service offered."""

    serializer_class = SurveiUnitLayananSerializer
    permission_classes = [AllowAny]
    lookup_field = "kode"
    search_fields = ["nama", "kode", "unit__nama"]
    ordering_fields = ["nama", "kode"]
    filterset_fields: list[str] = []

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # the schema is built without a request
            return UnitLayanan.objects.none()
        return selectors.unit_layanan_publik(
            user=self.request.user, instansi_id=instansi_api(self.request)
        )

    @extend_schema(
        summary="IKM satu unit layanan (publik)",
        parameters=[
            OpenApiParameter(
                "dari",
                OpenApiTypes.DATE,
                required=True,
                description="Tanggal layanan awal (inklusif).",
            ),
            OpenApiParameter(
                "sampai",
                OpenApiTypes.DATE,
                required=True,
                description="Tanggal layanan akhir (inklusif).",
            ),
            OpenApiParameter(
                "sub_unit",
                OpenApiTypes.INT,
                enum=[0, 1],
                description="1 = termasuk semua sub-unit organisasi unit ini.",
            ),
            OpenApiParameter(
                "bobot",
                OpenApiTypes.STR,
                enum=list(BOBOT),
                description="Konvensi bobot; bawaan dari pengaturan.",
            ),
        ],
        responses={200: IKM_SCHEMA},
    )
    @action(
        detail=True,
        methods=["get"],
        permission_classes=[AllowAny],
        pagination_class=None,
        filter_backends=[],
    )
    def ikm(self, request: Request, kode: str | None = None) -> Response:
        unit = self.get_object()
        dari, sampai = _tanggal(request, "dari"), _tanggal(request, "sampai")
        if sampai < dari:
            raise exceptions.ValidationError(
                {"sampai": ["Tanggal sampai tidak boleh sebelum dari."]}
            )
        bobot = request.query_params.get("bobot") or settings.SURVEI_IKM_BOBOT
        if bobot not in BOBOT:
            raise exceptions.ValidationError({"bobot": [f"Pilih salah satu: {', '.join(BOBOT)}."]})
        hasil = selectors.ikm_compute(
            unit_layanan=unit,
            dari=dari,
            sampai=sampai,
            sub_unit=request.query_params.get("sub_unit") == "1",
            bobot=bobot,
        )
        return Response(ikm_json(unit.kode, hasil))

    @extend_schema(
        summary="Kirim satu respons survei",
        description=(
            "Tanpa login: dikenai batas kiriman per klien dan satu respons per perangkat, unit "
            "dan hari (cookie perangkat atau header X-Perangkat). Token staf yang berwenang atas "
            "unit ini dibebaskan dari kedua batas itu (entri kuesioner kertas). Idempoten lewat "
            "header Idempotency-Key atau kolom idempotency_key: 201 bila baru, 200 bila kiriman "
            "ulang (hanya tanda terima: nomor dan waktu, tanpa jawaban)."
        ),
        parameters=[
            OpenApiParameter("Idempotency-Key", OpenApiTypes.UUID, OpenApiParameter.HEADER),
            OpenApiParameter("X-Perangkat", OpenApiTypes.STR, OpenApiParameter.HEADER),
        ],
        request=SurveiResponsKirimSerializer,
        responses={201: SurveiResponsSerializer, 200: partisipasi_api.TandaTerimaSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[AllowAny],
        # Anonymous answers meet the network ceiling below; signed-in callers their user rate.
        throttle_classes=[UserRateThrottle],
        url_path="respons",
        filter_backends=[],
    )
    def respons(self, request: Request, kode: str | None = None) -> Response:
        unit, kuesioner = selectors.untuk_kiriman_publik(
            kode or "", instansi_id=instansi_api(request)
        )
        if unit is None:
            raise Http404
        user = request.user
        staf = bool(
            user.is_authenticated
            and user.has_perm("survei.add_respons")
            and can_manage_unit(user, unit.unit)
        )
        # The endpoint's limit is the network ceiling, counted for every answer sent (valid or
        # not), in place of the general anonymous rate: one counter, one Redis round trip.
        if not staf and batas_jaringan_tercapai(request._request):
            raise exceptions.Throttled(
                detail=_("Terlalu banyak kiriman dari jaringan Anda; coba lagi nanti.")
            )
        serializer = SurveiResponsKirimSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data, kuesioner=kuesioner)
        key = data.pop("idempotency_key", None) or request.headers.get("Idempotency-Key") or None
        if key is None:
            key = uuid.uuid4()
        device_id, cookie_baru = "", False
        if not staf:
            header = request.headers.get("X-Perangkat", "").strip()[:200]
            device_id, cookie_baru = (
                (header, False) if header else perangkat_dari_request(request._request)
            )
        try:
            hasil = services.respons_submit(
                unit_layanan=unit,
                data=data,
                idempotency_key=key,
                sumber=SumberRespons.KERTAS if staf else SumberRespons.API,
                perangkat=device_id,
                alamat="" if staf else alamat_klien(request._request),
                user=user if staf else None,
            )
        except DjangoValidationError as exc:
            raise exceptions.ValidationError(_api_errors(exc)) from None
        response = (
            Response(SurveiResponsSerializer(hasil.respons).data, status=status.HTTP_201_CREATED)
            if hasil.baru
            else Response(
                partisipasi_api.tanda_terima(
                    id=hasil.respons.pk, diterima_pada=hasil.respons.created_at
                )
            )
        )
        if device_id:
            set_cookie_perangkat(response, device_id, cookie_baru)
        return response


def _api_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    """Model field names (u1…) back to the contract's names (jawaban.U1…)."""
    out: dict[str, list[str]] = {}
    for field, messages in exc.message_dict.items():
        if field.upper() in KODE_UNSUR:
            out.setdefault("jawaban", []).extend(f"{field.upper()}: {m}" for m in messages)
        elif field == "__all__":
            out.setdefault("detail", []).extend(messages)
        else:
            out[field] = list(messages)
    return out


class ResponsFilter(filters.FilterSet):
    unit = filters.CharFilter(field_name="unit_layanan__kode")
    dari = filters.DateFilter(field_name="tanggal_layanan", lookup_expr="gte")
    sampai = filters.DateFilter(field_name="tanggal_layanan", lookup_expr="lte")

    class Meta:
        model = Respons
        fields = ["unit", "dari", "sampai", "sumber"]


class ResponsViewSet(viewsets.ReadOnlyModelViewSet):
    """Responses of the caller's units (staff); no hash or device data is ever exposed."""

    serializer_class = SurveiResponsSerializer
    permission_classes = [IsStaffMember, DjangoModelPermissionsWithView]
    filterset_class = ResponsFilter
    search_fields = ["saran"]
    ordering_fields = ["tanggal_layanan", "created_at"]

    def get_queryset(self) -> Any:
        return (
            selectors.respons_for_user(user=self.request.user)
            .select_related("unit_layanan", "kuesioner")
            .order_by("-tanggal_layanan", "-id")
        )


class PublikasiFilter(filters.FilterSet):
    unit = filters.CharFilter(field_name="unit_layanan__kode")

    class Meta:
        model = PeriodePublikasi
        fields = ["unit", "jenis_periode", "tahun"]


class HasilViewSet(viewsets.ReadOnlyModelViewSet):
    """Published IKM results per unit and period (public)."""

    serializer_class = SurveiHasilSerializer
    permission_classes = [AllowAny]
    filterset_class = PublikasiFilter
    search_fields: list[str] = []
    ordering_fields = ["tahun", "diterbitkan_pada"]

    def get_queryset(self) -> Any:
        return (
            PeriodePublikasi.objects.filter(unit_layanan__aktif=True)
            .select_related("unit_layanan")
            .order_by("-tahun", "unit_layanan__nama", "jenis_periode", "-nomor")
        )


class RencanaViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Improvement plans of the caller's units; staff update their progress."""

    serializer_class = SurveiRencanaSerializer
    permission_classes = [IsStaffMember, DjangoModelPermissionsWithView]
    filterset_fields = ["status", "kode_unsur", "tahun", "jenis_periode"]
    search_fields = ["kegiatan", "masalah"]
    http_method_names = ["get", "patch", "put", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.rencana_tindak_lanjut_for_user(user=self.request.user).order_by(
            "-tahun", "-nomor", "id"
        )

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        fields = dict(serializer.validated_data.items())
        serializer.instance = services.rencana_tindak_lanjut_update(
            rencana=cast(RencanaTindakLanjut, serializer.instance), **fields
        )


def register(router: BaseRouter) -> None:
    """Add this app's viewsets to the shared /api/v1/ router."""
    router.register("survei/unit-layanan", UnitLayananViewSet, basename="survei-unit-layanan")
    router.register("survei/respons", ResponsViewSet, basename="survei-respons")
    router.register("survei/hasil", HasilViewSet, basename="survei-hasil")
    router.register("survei/rencana", RencanaViewSet, basename="survei-rencana")
    partisipasi_api.register(router)
