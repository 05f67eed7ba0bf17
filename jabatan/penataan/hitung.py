"""Numbers a plan is judged by: kebutuhan (ABK) and bezetting per formasi, computed in the DB.

DOMAIN.md §5: kebutuhan = Σ(volume × norma waktu) ÷ JKE, rounded half-up to whole people, and at
least 1 whenever the workload is positive. Bezetting = ASN holding the formasi definitively.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, Sum
from django.utils import timezone

from jabatan.models import Formasi, JenisPenugasan


def kebutuhan_orang(beban_kerja_menit: Decimal | None) -> int:
    if not beban_kerja_menit or beban_kerja_menit <= 0:
        return 0
    jke = Decimal(settings.ABK_JKE_MENIT)
    orang = (Decimal(beban_kerja_menit) / jke).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return max(int(orang), 1)


def formasi_angka(
    formasi_ids: Iterable[int], *, tanggal: dt.date | None = None
) -> dict[int, tuple[int, int]]:
    """``{formasi_id: (kebutuhan, bezetting)}`` for the given formasi, in two queries."""
    ids = set(formasi_ids)
    if not ids:
        return {}
    tanggal = tanggal or timezone.localdate()
    beban = dict(
        Formasi.objects.filter(pk__in=ids)
        .annotate(
            beban=Sum(
                ExpressionWrapper(
                    F("uraian_tugas__volume_per_tahun") * F("uraian_tugas__norma_waktu_menit"),
                    output_field=DecimalField(max_digits=24, decimal_places=4),
                )
            )
        )
        .values_list("pk", "beban")
    )
    aktif = Q(
        riwayat_jabatan__jenis=JenisPenugasan.DEFINITIF, riwayat_jabatan__tmt_mulai__lte=tanggal
    ) & (Q(riwayat_jabatan__tmt_selesai__isnull=True) | Q(riwayat_jabatan__tmt_selesai__gt=tanggal))
    bezetting = dict(
        Formasi.objects.filter(pk__in=ids)
        .annotate(n=Count("riwayat_jabatan", filter=aktif))
        .values_list("pk", "n")
    )
    return {pk: (kebutuhan_orang(beban.get(pk)), bezetting.get(pk, 0)) for pk in ids}
