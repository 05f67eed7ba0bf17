"""API of the restructuring plans: plans, their items, and the workflow transitions.

The same services as the admin run behind every endpoint, so validation, the four-eyes rule
and the all-or-nothing apply hold here too. Plans outside a user's reach answer 404.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from asn_portal.api import DjangoModelPermissionsWithView, Pagination
from asn_portal.api_permissions import IsStaffMember, ScopedPrimaryKeyRelatedField
from asn_portal.jobs import ENQUEUE_FAILED_MESSAGE, enqueue_failed
from jabatan.penataan import selectors, services
from jabatan.penataan.models import ItemRencana, RencanaPenataan, TransisiRencana
from jabatan.penataan.validation import load_items, rencana_validate


class ReasonedDenialMixin:
    """Keep the service's reason when it refuses (the shared handler would drop it)."""

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, PermissionDenied) and str(exc):
            exc = exceptions.PermissionDenied(str(exc))
        return super().handle_exception(exc)  # type: ignore[misc]


class ItemRencanaSerializer(serializers.ModelSerializer):
    # Every choice lies in the caller's write scope: one outside it is "not found", like an id
    # that does not exist (asn_portal.access.scoped_related_queryset).
    serializer_related_field = ScopedPrimaryKeyRelatedField
    pegawai_nama = serializers.CharField(
        source="pegawai.nama_lengkap", read_only=True, default=None
    )
    pegawai_nip = serializers.CharField(source="pegawai.nip", read_only=True, default=None)

    class Meta:
        model = ItemRencana
        fields = [
            "id",
            "rencana",
            "urutan",
            "jenis",
            "pegawai",
            "pegawai_nama",
            "pegawai_nip",
            "formasi_asal",
            "formasi_tujuan",
            "unit",
            "jabatan",
            "alasan_peringatan",
            "keterangan",
            "riwayat_ditutup",
            "riwayat_dibuka",
            "formasi_hasil",
            "formasi_diaktifkan",
            "formasi_dinonaktifkan",
        ]
        read_only_fields = [
            "urutan",
            "riwayat_ditutup",
            "riwayat_dibuka",
            "formasi_hasil",
            "formasi_diaktifkan",
            "formasi_dinonaktifkan",
        ]

    def create(self, validated_data: dict[str, Any]) -> ItemRencana:
        return services.item_save(
            item=ItemRencana(**validated_data), user=self.context["request"].user
        )

    def update(self, instance: ItemRencana, validated_data: dict[str, Any]) -> ItemRencana:
        validated_data.pop("rencana", None)  # an item never moves to another plan
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return services.item_save(item=instance, user=self.context["request"].user)


class TransisiSerializer(serializers.ModelSerializer):
    oleh = serializers.CharField(source="oleh.username", read_only=True)

    class Meta:
        model = TransisiRencana
        fields = ["dari_status", "ke_status", "oleh", "pada", "alasan"]


class RencanaSerializer(serializers.ModelSerializer):
    dibuat_oleh = serializers.CharField(source="dibuat_oleh.username", read_only=True)
    jumlah_item = serializers.SerializerMethodField()

    class Meta:
        model = RencanaPenataan
        fields = [
            "id",
            "nama",
            "jenis",
            "dasar_hukum",
            "tmt",
            "keterangan",
            "status",
            "rencana_asal",
            "dibuat_oleh",
            "diajukan_pada",
            "diputuskan_pada",
            "alasan_penolakan",
            "diterapkan_pada",
            "catatan_penerapan",
            "jumlah_item",
            "created_at",
        ]
        read_only_fields = [
            "jenis",
            "status",
            "rencana_asal",
            "diajukan_pada",
            "diputuskan_pada",
            "alasan_penolakan",
            "diterapkan_pada",
            "catatan_penerapan",
            "created_at",
        ]

    def get_jumlah_item(self, obj: RencanaPenataan) -> int:
        # Lists annotate it (selectors.rencana_list); a plan just created or saved has none.
        annotated = getattr(obj, "jumlah_item", None)
        return annotated if annotated is not None else obj.items.count()

    def create(self, validated_data: dict[str, Any]) -> RencanaPenataan:
        return services.rencana_create(user=self.context["request"].user, **validated_data)

    def update(self, instance: RencanaPenataan, validated_data: dict[str, Any]) -> RencanaPenataan:
        return services.rencana_update(
            rencana=instance, user=self.context["request"].user, **validated_data
        )


class MasalahSerializer(serializers.Serializer):
    kode = serializers.CharField()
    pesan = serializers.CharField()
    is_error = serializers.BooleanField()
    item_id = serializers.IntegerField(allow_null=True)
    nomor = serializers.IntegerField(allow_null=True)
    diakui = serializers.BooleanField()


class RencanaDetailSerializer(RencanaSerializer):
    items = serializers.SerializerMethodField()
    transisi = TransisiSerializer(many=True, read_only=True)

    class Meta(RencanaSerializer.Meta):
        fields = [*RencanaSerializer.Meta.fields, "items", "transisi"]

    @extend_schema(responses=ItemRencanaSerializer(many=True))
    def get_items(self, obj: RencanaPenataan) -> Any:
        return ItemRencanaSerializer(load_items(obj), many=True, context=self.context).data


class PenolakanSerializer(serializers.Serializer):
    alasan = serializers.CharField(max_length=2000)


class PembalikanSerializer(serializers.Serializer):
    tmt = serializers.DateField(
        required=False, help_text="TMT rencana pembalikan; bawaan: besok setelah TMT asal."
    )


class RencanaViewSet(ReasonedDenialMixin, viewsets.ModelViewSet):
    """Plans the caller may see; transitions as actions."""

    pagination_class = Pagination
    filterset_fields = ["status", "jenis"]
    search_fields = ["nama", "dasar_hukum"]
    ordering_fields = ["created_at", "tmt", "nama"]

    def get_queryset(self) -> QuerySet[RencanaPenataan]:
        qs = selectors.rencana_list(user=self.request.user)
        if self.action == "retrieve":
            qs = qs.prefetch_related("transisi__oleh")
        return qs

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return RencanaDetailSerializer if self.action == "retrieve" else RencanaSerializer

    def get_permissions(self) -> list[Any]:
        if self.action in (
            "ajukan",
            "kembalikan",
            "setujui",
            "tolak",
            "terapkan",
            "pembalikan",
            "validasi",
            "pratinjau",
        ):
            # The services decide (four-eyes, roles, status); reads need only to see the plan.
            return [IsAuthenticated(), IsStaffMember()]
        return [IsAuthenticated(), IsStaffMember(), DjangoModelPermissionsWithView()]

    def perform_destroy(self, instance: RencanaPenataan) -> None:
        services.rencana_delete(rencana=instance, user=self.request.user)

    def _done(self, rencana: RencanaPenataan) -> Response:
        fresh = selectors.rencana_list(user=self.request.user).get(pk=rencana.pk)
        return Response(RencanaDetailSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses=RencanaDetailSerializer)
    @action(detail=True, methods=["post"])
    def ajukan(self, request: Request, pk: str | None = None) -> Response:
        return self._done(services.rencana_submit(rencana=self.get_object(), user=request.user))

    @extend_schema(request=None, responses=RencanaDetailSerializer)
    @action(detail=True, methods=["post"])
    def setujui(self, request: Request, pk: str | None = None) -> Response:
        return self._done(services.rencana_approve(rencana=self.get_object(), user=request.user))

    @extend_schema(request=PenolakanSerializer, responses=RencanaDetailSerializer)
    @action(detail=True, methods=["post"])
    def tolak(self, request: Request, pk: str | None = None) -> Response:
        rencana = self.get_object()
        data = PenolakanSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._done(
            services.rencana_reject(
                rencana=rencana, user=request.user, alasan=data.validated_data["alasan"]
            )
        )

    @extend_schema(request=None, responses={200: RencanaDetailSerializer, 202: None})
    @action(detail=True, methods=["post"])
    def terapkan(self, request: Request, pk: str | None = None) -> Response:
        """Small plans are applied at once; large ones by a background task (202, then poll
        the plan's status)."""
        rencana = self.get_object()
        tugas = services.rencana_apply_or_enqueue(rencana=rencana, user=request.user)
        if tugas is not None:
            body = {"detail": _("Penerapan berjalan di latar belakang."), "status": rencana.status}
            if enqueue_failed(tugas):
                body["peringatan"] = str(ENQUEUE_FAILED_MESSAGE)
            return Response(body, status=status.HTTP_202_ACCEPTED)
        return self._done(rencana)

    @extend_schema(request=None, responses=RencanaDetailSerializer)
    @action(detail=True, methods=["post"])
    def kembalikan(self, request: Request, pk: str | None = None) -> Response:
        """The drafter takes a submitted or rejected plan back to draft."""
        return self._done(services.rencana_revise(rencana=self.get_object(), user=request.user))

    @extend_schema(request=PembalikanSerializer, responses={201: RencanaDetailSerializer})
    @action(detail=True, methods=["post"])
    def pembalikan(self, request: Request, pk: str | None = None) -> Response:
        rencana = self.get_object()
        data = PembalikanSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        baru = services.rencana_reverse(
            rencana=rencana, user=request.user, tmt=data.validated_data.get("tmt")
        )
        response = self._done(baru)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(
        responses=inline_serializer(
            "ValidasiRencana",
            {"is_valid": serializers.BooleanField(), "masalah": MasalahSerializer(many=True)},
        )
    )
    @action(detail=True, methods=["get"])
    def validasi(self, request: Request, pk: str | None = None) -> Response:
        hasil = rencana_validate(self.get_object())
        return Response(
            {
                "is_valid": hasil.is_valid,
                "masalah": [
                    {
                        "kode": m.kode,
                        "pesan": m.pesan,
                        "is_error": m.is_error,
                        "item_id": m.item_id,
                        "nomor": m.nomor,
                        "diakui": m.diakui,
                    }
                    for m in hasil.masalah
                ],
            }
        )

    @extend_schema(
        responses=inline_serializer(
            "PratinjauRencana",
            {
                "units": serializers.ListField(child=serializers.DictField()),
                "komposisi": serializers.ListField(child=serializers.DictField()),
                "perpindahan": serializers.ListField(child=serializers.DictField()),
                "jumlah_kesenjangan": serializers.IntegerField(allow_null=True),
            },
        )
    )
    @action(detail=True, methods=["get"])
    def pratinjau(self, request: Request, pk: str | None = None) -> Response:
        data = selectors.rencana_pratinjau(self.get_object())
        return Response(
            {
                "units": [
                    {
                        "unit": u.unit.kode,
                        "nama": u.unit.nama,
                        "kebutuhan": u.kebutuhan_sesudah,
                        "bezetting_sebelum": u.bezetting_sebelum,
                        "bezetting_sesudah": u.bezetting_sesudah,
                        "formasi": [
                            {
                                "jabatan": s.jabatan.kode,
                                "kebutuhan": s.kebutuhan,
                                "aktif_sebelum": s.aktif_sebelum,
                                "aktif_sesudah": s.aktif_sesudah,
                                "bezetting_sebelum": s.bezetting_sebelum,
                                "bezetting_sesudah": s.bezetting_sesudah,
                            }
                            for s in u.slots
                        ],
                    }
                    for u in data.units
                ],
                "komposisi": [
                    {k: str(v) if k == "label" else v for k, v in row.items()}
                    for row in data.komposisi
                ],
                "perpindahan": [
                    {
                        "pegawai": p.item.pegawai_id,
                        "nip": p.item.pegawai.nip if p.item.pegawai else None,
                        "jabatan_asal": p.jabatan_asal.kode,
                        "kelas_asal": p.jabatan_asal.kelas_jabatan,
                        "jabatan_tujuan": p.jabatan_tujuan.kode,
                        "kelas_tujuan": p.jabatan_tujuan.kelas_jabatan,
                    }
                    for p in data.perpindahan
                ],
                "jumlah_kesenjangan": data.jumlah_kesenjangan,
            }
        )


class ItemRencanaViewSet(
    ReasonedDenialMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ItemRencanaSerializer
    pagination_class = Pagination
    permission_classes = [IsAuthenticated, IsStaffMember, DjangoModelPermissionsWithView]
    filterset_fields = ["rencana", "jenis", "pegawai"]

    def get_queryset(self) -> QuerySet[ItemRencana]:
        return selectors.item_for_user(user=self.request.user).order_by(
            "rencana_id", "urutan", "id"
        )

    def perform_destroy(self, instance: ItemRencana) -> None:
        services.item_delete(item=instance, user=self.request.user)


def register(router: BaseRouter) -> None:
    """Add the penataan viewsets to the shared /api/v1/ router."""
    router.register("penataan/rencana", RencanaViewSet, basename="penataan-rencana")
    router.register("penataan/item", ItemRencanaViewSet, basename="penataan-item")
