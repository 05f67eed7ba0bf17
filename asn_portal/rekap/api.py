"""``GET /api/v1/rekap/?tahun=&triwulan=``: the roll-ups of /rekap/ (``rekap_provinsi``) for
whoever may read them (:func:`asn_portal.access.may_read_rekap`); anyone else signed in is told
it does not exist, as the page does."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from asn_portal.access import may_read_rekap
from asn_portal.rekap.selectors import periode_rekap, rekap_provinsi


class RekapPeriodeSerializer(serializers.Serializer):
    kode = serializers.CharField()
    nama = serializers.CharField(source="label")
    awal = serializers.DateField()
    akhir = serializers.DateField()


class RekapInstansiRingkasSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    kode = serializers.CharField()
    nama = serializers.CharField()
    jenis = serializers.CharField()


class RekapIkmSerializer(serializers.Serializer):
    responden = serializers.IntegerField()
    ikm = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    mutu = serializers.CharField(allow_null=True)
    kinerja = serializers.CharField(allow_null=True)


class RekapIkmSektorSerializer(RekapIkmSerializer):
    sektor = serializers.CharField()


class RekapJpSerializer(serializers.Serializer):
    jumlah_asn = serializers.IntegerField()
    memenuhi = serializers.IntegerField()
    total_jp = serializers.IntegerField()
    persen = serializers.DecimalField(max_digits=5, decimal_places=1)


class RekapKebutuhanSerializer(serializers.Serializer):
    formasi = serializers.IntegerField()
    kebutuhan = serializers.IntegerField()
    bezetting = serializers.IntegerField()
    kelebihan = serializers.IntegerField()
    kekurangan = serializers.IntegerField()


class RekapKebutuhanKategoriSerializer(RekapKebutuhanSerializer):
    kategori = serializers.CharField()


class RekapPenerapanSerializer(serializers.Serializer):
    triwulan = serializers.CharField()
    rencana = serializers.IntegerField()
    item = serializers.IntegerField()
    asn = serializers.IntegerField()


class RekapInstansiSerializer(serializers.Serializer):
    instansi = RekapInstansiRingkasSerializer()
    ikm = RekapIkmSerializer(allow_null=True)
    ikm_sektor = RekapIkmSektorSerializer(many=True)
    jp = RekapJpSerializer()
    kebutuhan = RekapKebutuhanKategoriSerializer(many=True)
    kebutuhan_total = RekapKebutuhanSerializer()
    penerapan = RekapPenerapanSerializer(many=True)


class RekapProvinsiSerializer(serializers.Serializer):
    periode = RekapPeriodeSerializer()
    tanggal = serializers.DateField()
    jp_minimum = serializers.IntegerField()
    instansi = RekapInstansiSerializer(many=True)


def _baris(row: Any) -> dict[str, Any]:
    return {
        "instansi": row.instansi,
        "ikm": row.ikm,
        "ikm_sektor": [
            {"sektor": sektor, **RekapIkmSerializer(hasil).data}
            for sektor, hasil in sorted(row.ikm_sektor.items())
        ],
        "jp": row.jp,
        "kebutuhan": [
            {"kategori": kategori, **RekapKebutuhanSerializer(baris).data}
            for kategori, baris in sorted(row.kebutuhan.items())
        ],
        "kebutuhan_total": row.kebutuhan_total,
        "penerapan": [
            {"triwulan": tw.kode, "rencana": p.rencana, "item": p.item, "asn": p.asn}
            for tw, p in row.penerapan.items()
        ],
    }


class RekapView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("tahun", int, description="Tahun (default: triwulan terakhir)"),
            OpenApiParameter("triwulan", int, description="1–4; kosong: setahun penuh"),
        ],
        responses={200: RekapProvinsiSerializer},
    )
    def get(self, request: Request) -> Response:
        if not may_read_rekap(request.user):
            raise exceptions.NotFound
        periode = periode_rekap(
            request.query_params.get("tahun"), request.query_params.get("triwulan")
        )
        rekap = rekap_provinsi(user=request.user, periode=periode)
        data = {
            "periode": periode,
            "tanggal": rekap.as_of,
            "jp_minimum": rekap.minimum_jp,
            "instansi": [_baris(row) for row in rekap.per_instansi],
        }
        return Response(RekapProvinsiSerializer(data).data)
