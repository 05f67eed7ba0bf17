"""API of the participation channels under /api/v1/partisipasi/, plus the endpoint the kiosk
posts its queue to. Querysets come from survei.partisipasi.selectors, so the API sees exactly
what the pages and the admin see; objects beyond the caller's reach answer 404."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import django_filters
import segno
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, Throttled
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter
from rest_framework.views import APIView

from asn_portal.access import scope_queryset
from asn_portal.api_permissions import IsStaffMember
from asn_portal.periode import akhir_hari
from asn_portal.publik import instansi_publik
from survei import selectors as survei_selectors
from survei.models import JenisKelamin, Pekerjaan, Pendidikan, UnitLayanan
from survei.partisipasi import permissions, selectors, services
from survei.partisipasi.models import (
    JenisKasus,
    Kasus,
    KategoriKasus,
    KodeStruk,
    Konsultasi,
    MasukanKonsultasi,
    StatusMasukan,
)
from survei.partisipasi.views import kode_url
from survei.privasi import alamat_klien, kiriman_dibatasi, tebakan_kode_diblokir

if TYPE_CHECKING:
    from django.contrib.auth.models import User

KODE_UNSUR = ("U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9")


def _batasi(request: Request, group: str, rate: str, *, kunci: str = "") -> None:
    if kiriman_dibatasi(request, group, rate, kunci=kunci):
        raise Throttled(detail=_("Terlalu banyak kiriman dalam waktu singkat; coba lagi nanti."))


class PunyaIzinModel(BasePermission):
    """The caller's role carries the view's ``izin`` (a model permission)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.user.has_perm(view.izin)


def _unit_staf(request: Request, kode: str) -> UnitLayanan:
    unit = (
        scope_queryset(UnitLayanan.objects.select_related("unit"), request.user, "unit__path")
        .filter(kode=kode)
        .first()
    )
    if unit is None:
        raise NotFound("Unit layanan tidak dikenal atau di luar kewenangan Anda.")
    return unit


# --- kiosk -------------------------------------------------------------------------------------


class KioskResponsSerializer(serializers.Serializer):
    idempotency_key = serializers.UUIDField(
        help_text="Dibuat perangkat untuk setiap respons; kirim ulang dengan kunci yang sama."
    )
    jawaban = serializers.DictField(child=serializers.IntegerField(min_value=1, max_value=4))
    umur = serializers.IntegerField(min_value=10, max_value=120)
    jenis_kelamin = serializers.ChoiceField(choices=JenisKelamin.choices)
    pendidikan = serializers.ChoiceField(choices=Pendidikan.choices)
    pekerjaan = serializers.ChoiceField(choices=Pekerjaan.choices)
    jenis_layanan = serializers.CharField(max_length=200)
    tanggal_layanan = serializers.DateField()
    saran = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    diisi_pada = serializers.DateTimeField(required=False, allow_null=True)
    situs_web = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Honeypot: biarkan kosong."
    )

    def validate_jawaban(self, value: dict[str, int]) -> dict[str, int]:
        kurang = [k for k in KODE_UNSUR if k not in value]
        asing = [k for k in value if k not in KODE_UNSUR]
        if kurang or asing:
            raise serializers.ValidationError(
                f"Jawaban harus memuat tepat U1 sampai U9 (kurang: {', '.join(kurang) or '-'}; "
                f"tidak dikenal: {', '.join(asing) or '-'})."
            )
        return value


class TandaTerimaSerializer(serializers.Serializer):
    """What a resend with an idempotency key already used gets back: a receipt, never the first
    submission's answers (anyone holding the key could otherwise read them)."""

    id = serializers.IntegerField(required=False, help_text="Nomor respons survei.")
    kode_lacak = serializers.CharField(required=False, help_text="Kode lacak pengaduan.")
    diterima_pada = serializers.DateTimeField()
    status = serializers.CharField()


def tanda_terima(*, diterima_pada: Any, **nomor: Any) -> dict[str, Any]:
    """The receipt of a resend: its number (``id`` or ``kode_lacak``) and time, nothing else."""
    return dict(
        TandaTerimaSerializer(
            {**nomor, "diterima_pada": diterima_pada, "status": "sudah_tersimpan"}
        ).data
    )


class KioskKirimView(APIView):
    """POST one queued kiosk response. 201 when stored, 200 when the key was stored before
    (a resend after a lost answer): the device drops the item from its queue on either."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes: list[Any] = []

    @extend_schema(
        request=KioskResponsSerializer,
        responses={
            201: OpenApiResponse(description="Tersimpan"),
            200: OpenApiResponse(description="Sudah tersimpan sebelumnya"),
            400: OpenApiResponse(description="Galat per kolom"),
            404: OpenApiResponse(description="Kiosk tidak dikenal"),
        },
    )
    def post(self, request: Request, token: str) -> Response:
        kiosk = selectors.kiosk_aktif(token, instansi_id=instansi_publik(request))
        if kiosk is None:
            raise NotFound
        _batasi(
            request,
            "partisipasi:kiosk",
            settings.PARTISIPASI_KIOSK_RATE_LIMIT,
            kunci=token,
        )
        serializer = KioskResponsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        key = data.pop("idempotency_key")
        if data.pop("situs_web"):
            return Response(
                {"idempotency_key": str(key), "status": "tersimpan"}, status=status.HTTP_201_CREATED
            )
        diisi_pada = data.pop("diisi_pada", None)
        data["kuesioner"] = survei_selectors.kuesioner_aktif()
        hasil = services.kiosk_respons_submit(
            kiosk=kiosk,
            data=data,
            idempotency_key=key,
            diisi_pada=diisi_pada,
            alamat=alamat_klien(request),
        )
        return Response(
            {
                "idempotency_key": str(key),
                "status": "tersimpan" if hasil.baru else "sudah_tersimpan",
            },
            status=status.HTTP_201_CREATED if hasil.baru else status.HTTP_200_OK,
        )


# --- receipt codes -------------------------------------------------------------------------------


class KodeStrukSerializer(serializers.ModelSerializer):
    unit_layanan: serializers.SlugRelatedField[UnitLayanan] = serializers.SlugRelatedField(
        slug_field="kode", read_only=True
    )
    url = serializers.SerializerMethodField()
    terpakai = serializers.BooleanField(read_only=True)

    class Meta:
        model = KodeStruk
        fields = [
            "kode",
            "unit_layanan",
            "jenis_layanan",
            "tanggal_layanan",
            "url",
            "terpakai",
            "digunakan_pada",
            "created_at",
        ]
        read_only_fields = fields

    def get_url(self, obj: KodeStruk) -> str:
        return kode_url(obj)


class KodeTerbitkanSerializer(serializers.Serializer):
    unit_layanan = serializers.CharField(max_length=50, help_text="Kode unit layanan.")
    jenis_layanan = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    tanggal_layanan = serializers.DateField(required=False, allow_null=True)


class KodeBatchSerializer(KodeTerbitkanSerializer):
    jumlah = serializers.IntegerField(min_value=1)


class KodeFilter(django_filters.FilterSet):
    unit_layanan = django_filters.CharFilter(field_name="unit_layanan__kode")
    terpakai = django_filters.BooleanFilter(
        field_name="respons", lookup_expr="isnull", exclude=True
    )
    tanggal_layanan = django_filters.DateFromToRangeFilter()

    class Meta:
        model = KodeStruk
        fields = ["unit_layanan", "terpakai", "tanggal_layanan"]


class KodeStrukViewSet(viewsets.ReadOnlyModelViewSet):
    """Receipt codes of the caller's units; issue one per transaction or a batch."""

    serializer_class = KodeStrukSerializer
    queryset = KodeStruk.objects.none()
    permission_classes = [IsAuthenticated, IsStaffMember, PunyaIzinModel]
    izin = permissions.PERM_LIHAT_KODE
    lookup_field = "kode"
    filterset_class = KodeFilter
    ordering_fields = ["created_at", "tanggal_layanan"]

    def get_queryset(self) -> QuerySet[KodeStruk]:
        return selectors.kode_for_user(user=self.request.user).order_by("-created_at", "-pk")

    def _unit_boleh(self, request: Request, kode: str) -> UnitLayanan:
        unit = _unit_staf(request, kode)
        if not permissions.boleh_terbitkan_kode(request.user, unit):
            raise PermissionDenied
        return unit

    @extend_schema(
        request=KodeTerbitkanSerializer,
        responses={
            201: inline_serializer(
                "KodeTerbit",
                {
                    "kode": serializers.CharField(),
                    "url": serializers.URLField(),
                    "qr_svg": serializers.CharField(),
                    "tanggal_layanan": serializers.DateField(),
                    "jenis_layanan": serializers.CharField(),
                },
            )
        },
    )
    @action(detail=False, methods=["post"])
    def terbitkan(self, request: Request) -> Response:
        """One code for one transaction (counter systems print it on the receipt)."""
        masuk = KodeTerbitkanSerializer(data=request.data)
        masuk.is_valid(raise_exception=True)
        unit = self._unit_boleh(request, masuk.validated_data["unit_layanan"])
        kode = services.kode_issue(
            unit_layanan=unit,
            jenis_layanan=masuk.validated_data["jenis_layanan"],
            tanggal_layanan=masuk.validated_data.get("tanggal_layanan"),
        )
        data = KodeStrukSerializer(kode).data
        data["qr_svg"] = segno.make(data["url"], error="m").svg_data_uri(scale=4)
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=KodeBatchSerializer,
        responses={
            201: inline_serializer(
                "KodeBatch",
                {
                    "batch": serializers.IntegerField(),
                    "jumlah": serializers.IntegerField(),
                    "kode": serializers.ListField(child=serializers.CharField()),
                },
            )
        },
    )
    @action(detail=False, methods=["post"])
    def batch(self, request: Request) -> Response:
        masuk = KodeBatchSerializer(data=request.data)
        masuk.is_valid(raise_exception=True)
        unit = self._unit_boleh(request, masuk.validated_data["unit_layanan"])
        batch = services.kode_batch_generate(
            unit_layanan=unit,
            jumlah=masuk.validated_data["jumlah"],
            jenis_layanan=masuk.validated_data["jenis_layanan"],
            tanggal_layanan=masuk.validated_data.get("tanggal_layanan"),
            user=request.user,
        )
        return Response(
            {
                "batch": batch.pk,
                "jumlah": batch.jumlah,
                "kode": list(batch.kode.order_by("pk").values_list("kode", flat=True)),
            },
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        responses={
            200: inline_serializer(
                "KodeStatistik",
                {
                    "unit_layanan": serializers.CharField(),
                    "diterbitkan": serializers.IntegerField(),
                    "digunakan": serializers.IntegerField(),
                    "tingkat_respons": serializers.FloatField(allow_null=True),
                },
                many=True,
            )
        }
    )
    @action(detail=False, methods=["get"])
    def statistik(self, request: Request) -> Response:
        """Codes issued and used per unit (by service date, ``dari``/``sampai`` inclusive)."""
        dari = (
            serializers.DateField(required=False).run_validation(request.query_params.get("dari"))
            if request.query_params.get("dari")
            else None
        )
        sampai = (
            serializers.DateField(required=False).run_validation(request.query_params.get("sampai"))
            if request.query_params.get("sampai")
            else None
        )
        qs = selectors.kode_statistik_per_unit(user=request.user, dari=dari, sampai=sampai)
        page = self.paginate_queryset(qs)
        assert page is not None  # DEFAULT_PAGINATION_CLASS is set  # nosec B101
        rows = [
            {
                "unit_layanan": u.kode,
                "diterbitkan": u.kode_diterbitkan,
                "digunakan": u.kode_digunakan,
                "tingkat_respons": round(u.kode_digunakan / u.kode_diterbitkan, 4)
                if u.kode_diterbitkan
                else None,
            }
            for u in page
        ]
        return self.get_paginated_response(rows)


# --- cases -------------------------------------------------------------------------------------


class KasusSerializer(serializers.ModelSerializer):
    unit_layanan: serializers.SlugRelatedField[UnitLayanan] = serializers.SlugRelatedField(
        slug_field="kode", read_only=True
    )
    petugas: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    # The three meanings of survei.partisipasi.models, each with the filter of the same name.
    melewati_tenggat = serializers.BooleanField(read_only=True)
    dijawab_terlambat = serializers.BooleanField(read_only=True)
    terlambat = serializers.BooleanField(read_only=True)

    class Meta:
        model = Kasus
        fields = [
            "id",
            "kode_lacak",
            "unit_layanan",
            "jenis",
            "sumber",
            "isi",
            "kontak",
            "kategori",
            "status",
            "petugas",
            "jawaban",
            "diterima_pada",
            "batas_respons",
            "dijawab_pada",
            "durasi_respons_detik",
            "ditutup_pada",
            "melewati_tenggat",
            "dijawab_terlambat",
            "terlambat",
        ]
        read_only_fields = fields


class KasusPublikSerializer(serializers.ModelSerializer):
    """What a citizen sees by tracking code: never the contact, never staff names."""

    unit_layanan = serializers.CharField(source="unit_layanan.nama", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    riwayat = serializers.SerializerMethodField()

    class Meta:
        model = Kasus
        fields = [
            "kode_lacak",
            "unit_layanan",
            "jenis",
            "status",
            "status_label",
            "jawaban",
            "diterima_pada",
            "batas_respons",
            "dijawab_pada",
            "ditutup_pada",
            "riwayat",
        ]
        read_only_fields = fields

    def get_riwayat(self, obj: Kasus) -> list[dict[str, Any]]:
        return [
            {"waktu": r.created_at, "status": r.status, "keterangan": r.keterangan}
            for r in obj.riwayat.all()
        ]


class PengaduanSerializer(serializers.Serializer):
    unit_layanan = serializers.CharField(max_length=50)
    jenis = serializers.ChoiceField(choices=JenisKasus.choices, default=JenisKasus.PENGADUAN)
    isi = serializers.CharField(max_length=5000)
    kontak = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    idempotency_key = serializers.UUIDField()
    situs_web = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Honeypot: biarkan kosong."
    )


class KasusFilter(django_filters.FilterSet):
    unit_layanan = django_filters.CharFilter(field_name="unit_layanan__kode")
    melewati_tenggat = django_filters.BooleanFilter(
        method="filter_tenggat", help_text="Terbuka dan melewati batas waktu jawaban (sekarang)."
    )
    dijawab_terlambat = django_filters.BooleanFilter(
        method="filter_tenggat", help_text="Dijawab sesudah batas waktu jawaban."
    )
    terlambat = django_filters.BooleanFilter(
        method="filter_tenggat", help_text="Melewati tenggat atau dijawab terlambat."
    )
    diterima_pada = django_filters.IsoDateTimeFromToRangeFilter()

    class Meta:
        model = Kasus
        fields = [
            "status",
            "jenis",
            "kategori",
            "sumber",
            "unit_layanan",
            "melewati_tenggat",
            "dijawab_terlambat",
            "terlambat",
        ]

    def filter_tenggat(self, queryset: Any, name: str, value: bool | None) -> Any:
        """The queryset method of the same name as the filter (and the serializer field)."""
        if value is None:
            return queryset
        cocok = getattr(queryset, name)()
        return cocok if value else queryset.exclude(pk__in=cocok.values("pk"))


class KategorikanSerializer(serializers.Serializer):
    kategori = serializers.ChoiceField(choices=KategoriKasus.choices)
    jenis = serializers.ChoiceField(choices=JenisKasus.choices, required=False)


class TugaskanSerializer(serializers.Serializer):
    petugas = serializers.CharField(help_text="Nama pengguna petugas.")


class JawabSerializer(serializers.Serializer):
    jawaban = serializers.CharField(max_length=5000)


class KasusViewSet(viewsets.ReadOnlyModelViewSet):
    """Staff handling of complaints and suggestions of the caller's units."""

    serializer_class = KasusSerializer
    queryset = Kasus.objects.none()
    permission_classes = [IsAuthenticated, IsStaffMember, PunyaIzinModel]
    izin = permissions.PERM_LIHAT_KASUS
    filterset_class = KasusFilter
    search_fields = ["isi", "kode_lacak"]
    ordering_fields = ["diterima_pada", "batas_respons", "dijawab_pada"]

    def get_queryset(self) -> QuerySet[Kasus]:
        return selectors.kasus_for_user(user=self.request.user).order_by("-diterima_pada", "-pk")

    def _kasus_boleh(self) -> Kasus:
        kasus = self.get_object()
        if not permissions.boleh_tangani_kasus(self.request.user, kasus.unit_layanan):
            raise PermissionDenied
        return kasus

    def _jawab(self, kasus: Kasus) -> Response:
        kasus.refresh_from_db()
        return Response(KasusSerializer(kasus).data)

    @extend_schema(request=KategorikanSerializer, responses=KasusSerializer)
    @action(detail=True, methods=["post"])
    def kategorikan(self, request: Request, pk: str | None = None) -> Response:
        kasus = self._kasus_boleh()
        masuk = KategorikanSerializer(data=request.data)
        masuk.is_valid(raise_exception=True)
        services.kasus_categorize(kasus=kasus, user=request.user, **masuk.validated_data)
        return self._jawab(kasus)

    @extend_schema(request=TugaskanSerializer, responses=KasusSerializer)
    @action(detail=True, methods=["post"])
    def tugaskan(self, request: Request, pk: str | None = None) -> Response:
        kasus = self._kasus_boleh()
        masuk = TugaskanSerializer(data=request.data)
        masuk.is_valid(raise_exception=True)
        petugas = (
            selectors.petugas_kandidat(unit_layanan=kasus.unit_layanan)
            .filter(username=masuk.validated_data["petugas"])
            .first()
        )
        if petugas is None:
            raise DjangoValidationError({"petugas": ["Petugas harus pengelola unit layanan ini."]})
        services.kasus_assign(kasus=kasus, petugas=petugas, user=request.user)
        return self._jawab(kasus)

    @extend_schema(request=JawabSerializer, responses=KasusSerializer)
    @action(detail=True, methods=["post"])
    def jawab(self, request: Request, pk: str | None = None) -> Response:
        kasus = self._kasus_boleh()
        masuk = JawabSerializer(data=request.data)
        masuk.is_valid(raise_exception=True)
        services.kasus_answer(
            kasus=kasus, jawaban=masuk.validated_data["jawaban"], user=request.user
        )
        return self._jawab(kasus)

    @extend_schema(request=None, responses=KasusSerializer)
    @action(detail=True, methods=["post"])
    def tutup(self, request: Request, pk: str | None = None) -> Response:
        kasus = self._kasus_boleh()
        services.kasus_close(kasus=kasus, user=request.user)
        return self._jawab(kasus)

    @extend_schema(
        responses=inline_serializer(
            "WaktuRespons",
            {
                "diterima": serializers.IntegerField(),
                "ditangani": serializers.IntegerField(),
                "terbuka": serializers.IntegerField(),
                "melewati_tenggat": serializers.IntegerField(),
                "dijawab_terlambat": serializers.IntegerField(),
                "terlambat": serializers.IntegerField(),
                "tepat_waktu": serializers.IntegerField(),
                "median_jam": serializers.FloatField(allow_null=True),
                "rata_rata_jam": serializers.FloatField(allow_null=True),
                "sla_hari": serializers.IntegerField(),
            },
        )
    )
    @action(detail=False, methods=["get"], url_path="waktu-respons")
    def waktu_respons(self, request: Request) -> Response:
        """Response times of cases received ``dari``..``sampai`` (WIB dates, inclusive), judged
        at the end of ``tanggal`` (WIB) or now."""
        tanggal = serializers.DateField()
        dari = (
            tanggal.run_validation(request.query_params["dari"])
            if request.query_params.get("dari")
            else None
        )
        sampai = (
            tanggal.run_validation(request.query_params["sampai"])
            if request.query_params.get("sampai")
            else None
        )
        prefix = None
        if request.query_params.get("unit_layanan"):
            prefix = _unit_staf(request, request.query_params["unit_layanan"]).unit.path
        # ``?tanggal=`` judges the cases as they stood at the end of that WIB day (what a period
        # report shows); now by default.
        as_of = (
            akhir_hari(tanggal.run_validation(request.query_params["tanggal"]))
            if request.query_params.get("tanggal")
            else None
        )
        hasil = selectors.waktu_respons(
            prefix, start=dari, end=sampai, user=request.user, as_of=as_of
        )
        return Response(hasil.as_dict())


class PengaduanViewSet(mixins.CreateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Public: file a complaint/suggestion (no account) and follow it by tracking code."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    throttle_classes: list[Any] = []
    serializer_class = KasusPublikSerializer
    lookup_field = "kode_lacak"
    queryset = Kasus.objects.none()

    def get_object(self) -> Kasus:
        kasus = selectors.kasus_lacak(
            self.kwargs["kode_lacak"], instansi_id=instansi_publik(self.request)
        )
        if tebakan_kode_diblokir(self.request._request, dikenal=kasus is not None):
            raise Throttled(
                detail=_(
                    "Terlalu banyak kode lacak yang tidak dikenal dari jaringan Anda; coba lagi nanti."
                )
            )
        if kasus is None:
            raise NotFound
        return kasus

    @extend_schema(
        request=PengaduanSerializer,
        responses={
            # A filled honeypot gets a bare acknowledgement that looks like success to a bot.
            201: PolymorphicProxySerializer(
                component_name="PengaduanDiterima",
                serializers=[
                    KasusPublikSerializer,
                    inline_serializer("Diterima", fields={"detail": serializers.CharField()}),
                ],
                resource_type_field_name=None,
            ),
            200: TandaTerimaSerializer,
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        masuk = PengaduanSerializer(data=request.data)
        masuk.is_valid(raise_exception=True)
        data = masuk.validated_data
        if data["situs_web"]:
            return Response({"detail": "Diterima."}, status=status.HTTP_201_CREATED)
        _batasi(request, "partisipasi:pengaduan", settings.PARTISIPASI_RATE_LIMIT)
        instansi_id = instansi_publik(request)
        unit = UnitLayanan.objects.filter(
            kode=data["unit_layanan"], aktif=True, unit__instansi_id=instansi_id
        ).first()
        if unit is None:
            raise DjangoValidationError({"unit_layanan": ["Unit layanan tidak dikenal."]})
        kasus, baru = services.kasus_create(
            unit_layanan=unit,
            jenis=data["jenis"],
            isi=data["isi"],
            kontak=data["kontak"],
            idempotency_key=data["idempotency_key"],
            sumber="api",
        )
        if not baru:
            return Response(
                tanda_terima(kode_lacak=kasus.kode_lacak, diterima_pada=kasus.diterima_pada)
            )
        publik = selectors.kasus_lacak(kasus.kode_lacak, instansi_id=instansi_id)
        return Response(KasusPublikSerializer(publik).data, status=status.HTTP_201_CREATED)


# --- consultations -------------------------------------------------------------------------------


class MasukanPublikSerializer(serializers.ModelSerializer):
    nama_tampilan = serializers.SerializerMethodField()

    class Meta:
        model = MasukanKonsultasi
        fields = ["id", "nama_tampilan", "isi", "created_at"]
        read_only_fields = fields

    def get_nama_tampilan(self, obj: MasukanKonsultasi) -> str:
        return obj.nama_tampilan or "Warga"


class KonsultasiSerializer(serializers.ModelSerializer):
    unit_layanan: serializers.SlugRelatedField[UnitLayanan] = serializers.SlugRelatedField(
        slug_field="kode", read_only=True
    )
    sedang_dibuka = serializers.SerializerMethodField()
    dokumen_url = serializers.SerializerMethodField()
    berita_acara_url = serializers.SerializerMethodField()
    jumlah_masukan = serializers.IntegerField(read_only=True)

    class Meta:
        model = Konsultasi
        fields = [
            "slug",
            "unit_layanan",
            "judul",
            "uraian",
            "dibuka",
            "ditutup",
            "sedang_dibuka",
            "dokumen_url",
            "jumlah_masukan",
            "ringkasan_masukan",
            "perubahan",
            "tanggal_rapat",
            "berita_acara_url",
            "hasil_diterbitkan_pada",
        ]
        read_only_fields = fields

    def get_sedang_dibuka(self, obj: Konsultasi) -> bool:
        return obj.sedang_dibuka()

    def get_dokumen_url(self, obj: Konsultasi) -> str | None:
        return reverse("partisipasi:konsultasi_dokumen", args=[obj.slug]) if obj.dokumen else None

    def get_berita_acara_url(self, obj: Konsultasi) -> str | None:
        if not (obj.hasil_terbit and obj.berita_acara):
            return None
        return reverse("partisipasi:konsultasi_berita_acara", args=[obj.slug])

    def to_representation(self, instance: Konsultasi) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not instance.hasil_terbit:
            for name in ("ringkasan_masukan", "perubahan", "tanggal_rapat"):
                data[name] = None
        return data


class MasukanKirimSerializer(serializers.Serializer):
    isi = serializers.CharField(max_length=5000)
    nama_tampilan = serializers.CharField(
        max_length=60, required=False, allow_blank=True, default=""
    )
    kontak = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    idempotency_key = serializers.UUIDField()
    situs_web = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Honeypot: biarkan kosong."
    )


class KonsultasiViewSet(viewsets.ReadOnlyModelViewSet):
    """Public: consultations on the public site, their accepted input, and posting input."""

    permission_classes = [AllowAny]
    serializer_class = KonsultasiSerializer
    lookup_field = "slug"
    filterset_fields: list[str] = []

    def get_queryset(self) -> QuerySet[Konsultasi]:
        if getattr(self, "swagger_fake_view", False):  # the schema is built without a request
            return Konsultasi.objects.none()
        return selectors.konsultasi_publik(
            instansi_id=instansi_publik(self.request),
            unit_kode=self.request.query_params.get("unit_layanan", ""),
        )

    @extend_schema(responses=MasukanPublikSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="masukan")
    def masukan(self, request: Request, slug: str | None = None) -> Response:
        konsultasi = self.get_object()
        page = self.paginate_queryset(selectors.masukan_publik(konsultasi))
        return self.get_paginated_response(MasukanPublikSerializer(page, many=True).data)

    @extend_schema(
        request=MasukanKirimSerializer,
        responses={
            201: inline_serializer(
                "MasukanTerkirim",
                {"status": serializers.CharField(), "idempotency_key": serializers.UUIDField()},
            )
        },
    )
    @masukan.mapping.post
    def kirim_masukan(self, request: Request, slug: str | None = None) -> Response:
        konsultasi = self.get_object()
        masuk = MasukanKirimSerializer(data=request.data)
        masuk.is_valid(raise_exception=True)
        data = dict(masuk.validated_data)
        balasan = {
            "status": StatusMasukan.MENUNGGU,
            "idempotency_key": str(data["idempotency_key"]),
        }
        if data.pop("situs_web"):
            return Response(balasan, status=status.HTTP_201_CREATED)
        _batasi(request, "partisipasi:masukan", settings.PARTISIPASI_RATE_LIMIT)
        masukan, baru = services.masukan_submit(konsultasi=konsultasi, **data)
        balasan["status"] = masukan.status
        return Response(balasan, status=status.HTTP_201_CREATED if baru else status.HTTP_200_OK)

    def get_authenticators(self) -> list[Any]:
        # Anonymous posting needs no CSRF token; staff use the moderation endpoint.
        request = getattr(self, "request", None)
        if request is not None and request.method == "POST":
            return []
        return super().get_authenticators()

    def get_throttles(self) -> list[Any]:
        request = getattr(self, "request", None)
        return [] if request is not None and request.method == "POST" else super().get_throttles()


class MasukanStafSerializer(serializers.ModelSerializer):
    konsultasi: serializers.SlugRelatedField[Konsultasi] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )

    class Meta:
        model = MasukanKonsultasi
        fields = [
            "id",
            "konsultasi",
            "nama_tampilan",
            "isi",
            "kontak",
            "status",
            "alasan_tolak",
            "dimoderasi_pada",
            "created_at",
        ]
        read_only_fields = fields


class ModerasiSerializer(serializers.Serializer):
    alasan = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class MasukanViewSet(viewsets.ReadOnlyModelViewSet):
    """Staff moderation of consultation input of the caller's units."""

    serializer_class = MasukanStafSerializer
    queryset = MasukanKonsultasi.objects.none()
    permission_classes = [IsAuthenticated, IsStaffMember, PunyaIzinModel]
    izin = "survei.view_masukankonsultasi"
    filterset_fields = ["status", "konsultasi__slug"]

    def get_queryset(self) -> QuerySet[MasukanKonsultasi]:
        return selectors.masukan_for_user(user=self.request.user).order_by("created_at", "pk")

    def _moderasi(self, request: Request, status_baru: str) -> Response:
        masukan = self.get_object()
        if not permissions.boleh_moderasi(request.user, masukan.konsultasi):
            raise PermissionDenied
        masuk = ModerasiSerializer(data=request.data)
        masuk.is_valid(raise_exception=True)
        services.masukan_moderate(
            masukan_ids=[masukan.pk],
            status=status_baru,
            user=request.user,
            alasan=masuk.validated_data["alasan"],
        )
        masukan.refresh_from_db()
        return Response(MasukanStafSerializer(masukan).data)

    @extend_schema(request=ModerasiSerializer, responses=MasukanStafSerializer)
    @action(detail=True, methods=["post"])
    def setujui(self, request: Request, pk: str | None = None) -> Response:
        return self._moderasi(request, StatusMasukan.DITERIMA)

    @extend_schema(request=ModerasiSerializer, responses=MasukanStafSerializer)
    @action(detail=True, methods=["post"])
    def tolak(self, request: Request, pk: str | None = None) -> Response:
        return self._moderasi(request, StatusMasukan.DITOLAK)


def register(router: BaseRouter) -> None:
    router.register("partisipasi/kode-struk", KodeStrukViewSet, basename="partisipasi-kode")
    router.register("partisipasi/kasus", KasusViewSet, basename="partisipasi-kasus")
    router.register("partisipasi/pengaduan", PengaduanViewSet, basename="partisipasi-pengaduan")
    router.register("partisipasi/konsultasi", KonsultasiViewSet, basename="partisipasi-konsultasi")
    router.register("partisipasi/masukan", MasukanViewSet, basename="partisipasi-masukan")
