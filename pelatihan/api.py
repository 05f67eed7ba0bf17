"""API of competency development under /api/v1/pelatihan/ and the ASN's own data under
/api/v1/saya/. Every queryset comes from pelatihan.selectors, so the API sees exactly what the
pages and the admin see; objects beyond the caller's reach answer 404."""

from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from asn_portal.access import scope_instansi
from asn_portal.api_permissions import IsStaffMember, ScopedPrimaryKeyRelatedField
from asn_portal.periode import tanggal_param
from asn_portal.roles import ASN, user_has_role
from jabatan.models import Jenjang, KategoriJabatan, Pegawai, StatusPegawai
from jabatan.selectors import pegawai_for_user
from pelatihan import selectors, services
from pelatihan.models import (
    Angkatan,
    JenisProgram,
    Kompetensi,
    Metode,
    Peserta,
    ProgramKompetensi,
    ProgramPelatihan,
    RiwayatPelatihan,
    StatusPeserta,
)


class IsAsn(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return user_has_role(request.user, ASN) and pegawai_for_user(request.user) is not None


def _pegawai_or_404(request: Request) -> Any:
    pegawai = pegawai_for_user(request.user)
    if pegawai is None or not user_has_role(request.user, ASN):
        raise NotFound
    return pegawai


# --- serializers ------------------------------------------------------------------------------


class KompetensiSerializer(serializers.ModelSerializer):
    class Meta:
        model = Kompetensi
        fields = ["id", "kode", "nama", "jenis", "deskripsi"]


class ProgramKompetensiSerializer(serializers.ModelSerializer):
    kompetensi = KompetensiSerializer(read_only=True)

    class Meta:
        model = ProgramKompetensi
        fields = ["kompetensi", "level"]


class ProgramSerializer(serializers.ModelSerializer):
    kompetensi = ProgramKompetensiSerializer(source="kompetensi_list", many=True, read_only=True)
    # Who the program is for: an empty list admits everyone (pelatihan.models.ProgramPelatihanQuerySet).
    sasaran_status = serializers.ListField(
        child=serializers.ChoiceField(choices=StatusPegawai.choices), read_only=True
    )
    sasaran_kategori = serializers.ListField(
        child=serializers.ChoiceField(choices=KategoriJabatan.choices), read_only=True
    )
    sasaran_jenjang = serializers.ListField(
        child=serializers.ChoiceField(choices=Jenjang.choices), read_only=True
    )
    sasaran_jabatan: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )
    sasaran_kompetensi: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )

    class Meta:
        model = ProgramPelatihan
        fields = [
            "id",
            "kode",
            "nama",
            "jenis",
            "metode",
            "jp",
            "penyelenggara",
            "deskripsi",
            "aktif",
            "kompetensi",
            "sasaran_status",
            "sasaran_kategori",
            "sasaran_jenjang",
            "sasaran_jabatan",
            "sasaran_kompetensi",
        ]


class AngkatanSerializer(serializers.ModelSerializer):
    program: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(read_only=True)
    program_nama = serializers.CharField(source="program.nama", read_only=True)
    instansi: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text=_("Instansi penyelenggara; kosong: angkatan bersama.")
    )
    jp = serializers.IntegerField(source="program.jp", read_only=True)
    jumlah_peserta = serializers.IntegerField(read_only=True)

    class Meta:
        model = Angkatan
        fields = [
            "id",
            "program",
            "program_nama",
            "instansi",
            "nama",
            "jp",
            "tanggal_mulai",
            "tanggal_selesai",
            "kuota",
            "jumlah_peserta",
            "tempat",
            "tautan_daring",
            "pendaftaran_mulai",
            "pendaftaran_selesai",
        ]


class PesertaSerializer(serializers.ModelSerializer):
    pegawai_nip = serializers.CharField(source="pegawai.nip", read_only=True)
    pegawai_nama = serializers.CharField(source="pegawai.nama", read_only=True)

    class Meta:
        model = Peserta
        fields = [
            "id",
            "angkatan",
            "pegawai",
            "pegawai_nip",
            "pegawai_nama",
            "status",
            "created_at",
        ]
        read_only_fields = fields


class PesertaTambahSerializer(serializers.Serializer):
    angkatan = ScopedPrimaryKeyRelatedField(queryset=Angkatan.objects.all())
    pegawai = ScopedPrimaryKeyRelatedField(
        queryset=Pegawai.objects.all(), many=True, allow_empty=False
    )


class PesertaStatusSerializer(serializers.Serializer):
    peserta = ScopedPrimaryKeyRelatedField(
        queryset=Peserta.objects.all(), many=True, allow_empty=False
    )
    status = serializers.ChoiceField(choices=StatusPeserta.choices)


class RiwayatSerializer(serializers.ModelSerializer):
    pegawai_nip = serializers.CharField(source="pegawai.nip", read_only=True)
    tahun = serializers.IntegerField(read_only=True)
    sertifikat_url = serializers.SerializerMethodField()

    class Meta:
        model = RiwayatPelatihan
        fields = [
            "id",
            "pegawai",
            "pegawai_nip",
            "program",
            "nama_pelatihan",
            "jenis",
            "metode",
            "penyelenggara",
            "tanggal_mulai",
            "tanggal_selesai",
            "tahun",
            "jp",
            "hasil",
            "nomor_sertifikat",
            "sumber",
            "status",
            "alasan_penolakan",
            "diverifikasi_pada",
            "sertifikat_url",
            "created_at",
        ]
        read_only_fields = fields

    def get_sertifikat_url(self, obj: RiwayatPelatihan) -> str | None:
        if not obj.sertifikat:
            return None
        return reverse("pelatihan:sertifikat", args=[obj.pk])


class PengajuanSerializer(serializers.Serializer):
    nama_pelatihan = serializers.CharField(max_length=200)
    jenis = serializers.ChoiceField(choices=JenisProgram.choices)
    metode = serializers.ChoiceField(choices=Metode.choices)
    penyelenggara = serializers.CharField(max_length=200)
    tanggal_mulai = serializers.DateField()
    tanggal_selesai = serializers.DateField()
    jp = serializers.IntegerField(min_value=1, max_value=2000)
    program: serializers.PrimaryKeyRelatedField = ScopedPrimaryKeyRelatedField(
        queryset=ProgramPelatihan.objects.filter(aktif=True), required=False, allow_null=True
    )
    hasil = serializers.CharField(max_length=100, required=False, allow_blank=True)
    nomor_sertifikat = serializers.CharField(max_length=100, required=False, allow_blank=True)
    sertifikat = serializers.FileField()


class VerifikasiSerializer(serializers.Serializer):
    program = ScopedPrimaryKeyRelatedField(
        queryset=ProgramPelatihan.objects.filter(aktif=True),
        required=False,
        allow_null=True,
        help_text=_("Program katalog yang setara; menentukan kompetensi yang diperoleh."),
    )


class TolakSerializer(serializers.Serializer):
    alasan = serializers.CharField(max_length=1000)


# --- filters ----------------------------------------------------------------------------------


class RiwayatFilter(django_filters.FilterSet):
    tahun = django_filters.NumberFilter(
        field_name="tanggal_selesai",
        lookup_expr="year",
        label=_("tahun"),
        min_value=1,
        max_value=9999,
        decimal_places=0,
    )

    class Meta:
        model = RiwayatPelatihan
        fields = ["status", "sumber", "jenis", "pegawai", "tahun"]


# --- viewsets ---------------------------------------------------------------------------------


class KompetensiViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Kompetensi.objects.none()  # the model for the schema; rows from get_queryset
    serializer_class = KompetensiSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["jenis"]
    search_fields = ["kode", "nama"]

    def get_queryset(self) -> QuerySet[Kompetensi]:
        return scope_instansi(
            Kompetensi.objects.order_by("jenis", "nama"), self.request.user, shared=True
        )


class ProgramViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProgramSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["jenis", "metode", "aktif"]
    search_fields = ["kode", "nama", "penyelenggara"]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "untuk_saya",
                bool,
                description=_(
                    "true: hanya program aktif yang sasarannya mencakup ASN pemanggil "
                    "(status kepegawaian dan jabatan definitif sekarang)."
                ),
            )
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[ProgramPelatihan]:
        qs = selectors.program_list(aktif_saja=False).order_by("nama")
        if self.request.query_params.get("untuk_saya", "").lower() in {"1", "true", "ya"}:
            pegawai = pegawai_for_user(self.request.user)
            if pegawai is None:
                return qs.none()
            qs = qs.filter(pk__in=selectors.program_untuk_pegawai(pegawai).values("pk"))
        return qs


class AngkatanViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AngkatanSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["program"]
    search_fields = ["nama", "program__nama"]

    def get_queryset(self) -> QuerySet[Angkatan]:
        if getattr(self, "swagger_fake_view", False):  # the schema is built without a request
            return Angkatan.objects.none()
        return selectors.angkatan_list(user=self.request.user)

    @extend_schema(request=None, responses={201: PesertaSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsAsn])
    def daftar(self, request: Request, pk: str | None = None) -> Response:
        """The calling ASN registers for this run."""
        angkatan = self.get_object()
        peserta = services.peserta_register(
            angkatan_id=angkatan.pk, pegawai=_pegawai_or_404(request)
        )
        return Response(PesertaSerializer(peserta).data, status=status.HTTP_201_CREATED)


class PesertaViewSet(viewsets.ReadOnlyModelViewSet):
    """Registrations: staff see their units' ASN, an ASN only their own."""

    serializer_class = PesertaSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["angkatan", "status"]

    def get_queryset(self) -> QuerySet[Peserta]:
        return selectors.peserta_list(user=self.request.user).order_by("angkatan_id", "pk")

    @extend_schema(
        request=PesertaTambahSerializer,
        responses={201: inline_serializer("JumlahTambah", {"jumlah": serializers.IntegerField()})},
    )
    @action(detail=False, methods=["post"], permission_classes=[IsStaffMember])
    def tambah(self, request: Request) -> Response:
        """Staff enrol ASN of their units in a run (quota enforced, all or nothing)."""
        if not request.user.has_perm("pelatihan.add_peserta"):
            raise PermissionDenied
        data = PesertaTambahSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        jumlah = services.peserta_add(
            angkatan_id=data.validated_data["angkatan"].pk,
            pegawai_ids=[p.pk for p in data.validated_data["pegawai"]],
            user=request.user,
        )
        return Response({"jumlah": jumlah}, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=PesertaStatusSerializer,
        responses={200: inline_serializer("Jumlah", {"jumlah": serializers.IntegerField()})},
    )
    @action(detail=False, methods=["post"], permission_classes=[IsStaffMember], url_path="status")
    def ubah_status(self, request: Request) -> Response:
        """Bulk attendance/completion."""
        if not request.user.has_perm("pelatihan.change_peserta"):
            raise PermissionDenied
        data = PesertaStatusSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        jumlah = services.peserta_set_status(
            peserta_ids=[p.pk for p in data.validated_data["peserta"]],
            status=data.validated_data["status"],
            user=request.user,
        )
        return Response({"jumlah": jumlah})


class RiwayatViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Training records: an ASN reads and submits their own; staff read their units' and verify."""

    serializer_class = RiwayatSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = RiwayatFilter
    search_fields = ["nama_pelatihan", "pegawai__nip", "pegawai__nama"]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self) -> QuerySet[RiwayatPelatihan]:
        return selectors.riwayat_pelatihan_list(user=self.request.user).order_by(
            "-tanggal_selesai", "-pk"
        )

    @extend_schema(request=PengajuanSerializer, responses={201: RiwayatSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        pegawai = _pegawai_or_404(request)
        data = PengajuanSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        riwayat = services.riwayat_submit(pegawai=pegawai, **data.validated_data)
        return Response(RiwayatSerializer(riwayat).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=VerifikasiSerializer, responses={200: RiwayatSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsStaffMember])
    def verifikasi(self, request: Request, pk: str | None = None) -> Response:
        riwayat = self.get_object()
        data = VerifikasiSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        riwayat = services.riwayat_verify(
            riwayat_id=riwayat.pk, user=request.user, program=data.validated_data.get("program")
        )
        return Response(RiwayatSerializer(riwayat).data)

    @extend_schema(request=TolakSerializer, responses={200: RiwayatSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsStaffMember])
    def tolak(self, request: Request, pk: str | None = None) -> Response:
        riwayat = self.get_object()
        data = TolakSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        riwayat = services.riwayat_reject(
            riwayat_id=riwayat.pk, user=request.user, alasan=data.validated_data["alasan"]
        )
        return Response(RiwayatSerializer(riwayat).data)


class RekapUnitSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit.pk", allow_null=True)
    unit_nama = serializers.CharField(source="unit.nama", allow_null=True)
    jumlah_asn = serializers.IntegerField()
    memenuhi = serializers.IntegerField()
    belum = serializers.IntegerField()
    persen = serializers.DecimalField(max_digits=5, decimal_places=1)
    jp_per_asn = serializers.DecimalField(max_digits=8, decimal_places=1)


def _int_param(request: Request, name: str, default: int) -> int:
    try:
        return int(request.query_params.get(name, default))
    except (TypeError, ValueError):
        return default


class _EnvelopeSchema(AutoSchema):
    """The list action answers one object (an envelope around the rows), not an array."""

    def _is_list_view(self, serializer: Any = None) -> bool:
        return False


class JpUnitViewSet(viewsets.ViewSet):
    """Per unit: ASN counted and those meeting the yearly JP minimum on a date
    (``?tanggal=YYYY-MM-DD`` or ``?tahun=``, and ``?tingkat=``): ``selectors.jp_rekap``."""

    permission_classes = [IsStaffMember]
    schema = _EnvelopeSchema()

    @extend_schema(
        responses={
            200: inline_serializer(
                "JpRekapUnit",
                fields={
                    "tahun": serializers.IntegerField(),
                    "jp_minimum": serializers.IntegerField(),
                    "konvensi": serializers.CharField(),
                    "unit": RekapUnitSerializer(many=True),
                },
            )
        }
    )
    def list(self, request: Request) -> Response:
        if request.query_params.get("tanggal"):
            as_of = tanggal_param(request.query_params.get("tanggal"))
        else:
            tahun = _int_param(request, "tahun", timezone.localdate().year)
            if not 2000 <= tahun <= 2100:
                tahun = timezone.localdate().year
            as_of = selectors.jp_tanggal_untuk_tahun(tahun)
        tingkat = _int_param(request, "tingkat", 1)
        rekap = selectors.jp_rekap(as_of=as_of, user=request.user, tingkat=tingkat)
        return Response(
            {
                "tahun": rekap.tahun,
                "tanggal": rekap.as_of.isoformat(),
                "jp_minimum": rekap.minimum,
                "konvensi": _(
                    "Pelatihan dihitung pada tahun selesainya bila terverifikasi paling lambat "
                    "tanggal itu; ASN menurut jabatan definitif pada tanggal itu; persentase "
                    "dibulatkan setengah ke atas, satu desimal."
                ),
                "unit": RekapUnitSerializer(rekap.per_unit, many=True).data,
                "total": RekapUnitSerializer(rekap.total).data,
            }
        )


class SayaJpViewSet(viewsets.ViewSet):
    """The calling ASN's verified JP this year and per year, as of ``?tanggal=`` (today)."""

    permission_classes = [IsAsn]

    @extend_schema(
        responses={
            200: inline_serializer(
                "RingkasanJP",
                {
                    "tahun": serializers.IntegerField(),
                    "jp": serializers.IntegerField(),
                    "minimum": serializers.IntegerField(),
                    "kekurangan": serializers.IntegerField(),
                    "per_tahun": serializers.DictField(child=serializers.IntegerField()),
                },
            )
        }
    )
    def list(self, request: Request) -> Response:
        ringkasan = selectors.ringkasan_jp(
            _pegawai_or_404(request), as_of=tanggal_param(request.query_params.get("tanggal"))
        )
        return Response(
            {
                "tahun": ringkasan.tahun,
                "jp": ringkasan.jp,
                "minimum": ringkasan.minimum,
                "kekurangan": ringkasan.kekurangan,
                "per_tahun": {str(t): jp for t, jp in ringkasan.per_tahun},
            }
        )


class SayaPelatihanViewSet(viewsets.ReadOnlyModelViewSet):
    """The calling ASN's own training records (all statuses)."""

    serializer_class = RiwayatSerializer
    permission_classes = [IsAsn]

    def get_queryset(self) -> QuerySet[RiwayatPelatihan]:
        if getattr(self, "swagger_fake_view", False):
            return RiwayatPelatihan.objects.none()
        return selectors.riwayat_pegawai(_pegawai_or_404(self.request)).select_related("pegawai")


class SayaKesenjanganViewSet(viewsets.ViewSet):
    """Gaps of the calling ASN against the current position's standard, with ranked programs."""

    permission_classes = [IsAsn]

    @extend_schema(
        responses={
            200: inline_serializer(
                "AnalisisKesenjangan",
                {
                    "jabatan": serializers.CharField(allow_null=True),
                    "kompetensi": serializers.ListField(child=serializers.DictField()),
                    "rekomendasi": serializers.ListField(child=serializers.DictField()),
                },
            )
        }
    )
    def list(self, request: Request) -> Response:
        analisis = selectors.gap_analysis(_pegawai_or_404(request))
        return Response(
            {
                "jabatan": analisis.jabatan.nama if analisis.jabatan else None,
                "kompetensi": [
                    {
                        "kompetensi": row.kompetensi.nama,
                        "jenis": row.kompetensi.jenis,
                        "level_standar": row.level_standar,
                        "level_dimiliki": row.level_dimiliki,
                        "selisih": row.selisih,
                    }
                    for row in analisis.standar
                ],
                "rekomendasi": [
                    {
                        "program": rek.program.pk,
                        "nama": rek.program.nama,
                        "jp": rek.program.jp,
                        "menutup_level": rek.menutup,
                        "angkatan_berikut": rek.angkatan_berikut.pk
                        if rek.angkatan_berikut
                        else None,
                    }
                    for rek in analisis.rekomendasi
                ],
            }
        )


def register(router: BaseRouter) -> None:
    """Add this app's viewsets to the shared /api/v1/ router."""
    router.register("pelatihan/kompetensi", KompetensiViewSet, basename="pelatihan-kompetensi")
    router.register("pelatihan/program", ProgramViewSet, basename="pelatihan-program")
    router.register("pelatihan/angkatan", AngkatanViewSet, basename="pelatihan-angkatan")
    router.register("pelatihan/peserta", PesertaViewSet, basename="pelatihan-peserta")
    router.register("pelatihan/riwayat", RiwayatViewSet, basename="pelatihan-riwayat")
    router.register("pelatihan/jp-unit", JpUnitViewSet, basename="pelatihan-jp-unit")
    router.register("saya/jp", SayaJpViewSet, basename="saya-jp")
    router.register("saya/pelatihan", SayaPelatihanViewSet, basename="saya-pelatihan")
    router.register("saya/kesenjangan", SayaKesenjanganViewSet, basename="saya-kesenjangan")
