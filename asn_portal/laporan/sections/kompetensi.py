"""Kompetensi: the share of ASN meeting the yearly JP minimum, JP per ASN by unit, the most common
competency gaps and the trainings held. Only trainings verified before the period end count, so
a record verified later never changes an old report."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db.models import (
    Count,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Substr

from asn_portal.laporan.sections import Konteks, persen
from jabatan.models import RiwayatJabatan, UnitOrganisasi
from pelatihan.models import (
    Angkatan,
    JenisProgram,
    Kompetensi,
    Peserta,
    ProgramKompetensi,
    RiwayatPelatihan,
    StandarKompetensi,
    StatusPeserta,
    StatusRiwayat,
)

JENIS_LABEL = dict(JenisProgram.choices)


def _terverifikasi(ctx: Konteks) -> QuerySet[RiwayatPelatihan]:
    return RiwayatPelatihan.objects.filter(
        status=StatusRiwayat.TERVERIFIKASI,
        diverifikasi_pada__lt=ctx.batas,
        tanggal_selesai__lte=ctx.akhir,
    )


def _posisi(ctx: Konteks) -> QuerySet[RiwayatJabatan]:
    qs = RiwayatJabatan.objects.definitif().aktif_pada(ctx.akhir)
    if ctx.unit_path:
        qs = qs.filter(formasi__unit__path__startswith=ctx.unit_path)
    return qs


def _jp_rekap(ctx: Konteks) -> dict[str, Any]:
    """JP of the calendar year up to the period end, per ASN, grouped per OPD in one query."""
    minimum = settings.JP_MINIMUM_PER_TAHUN
    jp = (
        _terverifikasi(ctx)
        .filter(
            pegawai_id=OuterRef("pegawai_id"), tanggal_selesai__gte=dt.date(ctx.akhir.year, 1, 1)
        )
        .order_by()
        .values("pegawai_id")
        .annotate(total=Sum("jp"))
        .values("total")
    )
    panjang = len(ctx.unit_path) + UnitOrganisasi.steplen
    rows = list(
        _posisi(ctx)
        .annotate(jp=Coalesce(Subquery(jp, output_field=IntegerField()), Value(0)))
        .annotate(prefix=Substr("formasi__unit__path", 1, panjang))
        .order_by()
        .values("prefix")
        .annotate(
            asn=Count("pk"), memenuhi=Count("pk", filter=Q(jp__gte=minimum)), total_jp=Sum("jp")
        )
        .order_by("prefix")
    )
    units = {u.path: u for u in UnitOrganisasi.objects.filter(path__in=[r["prefix"] for r in rows])}
    per_unit = []
    for row in rows:
        unit = units.get(row["prefix"])
        per_unit.append(
            {
                "kode": unit.kode if unit else "",
                "nama": unit.nama if unit else row["prefix"],
                "asn": row["asn"],
                "memenuhi": row["memenuhi"],
                "persen": persen(row["memenuhi"], row["asn"]),
                "total_jp": int(row["total_jp"] or 0),
                "jp_per_asn": str(
                    (Decimal(int(row["total_jp"] or 0)) / row["asn"]).quantize(
                        Decimal("0.1"), rounding=ROUND_HALF_UP
                    )
                )
                if row["asn"]
                else "0.0",
            }
        )
    asn = sum(r["asn"] for r in per_unit)
    memenuhi = sum(r["memenuhi"] for r in per_unit)
    total_jp = sum(r["total_jp"] for r in per_unit)
    return {
        "minimum": minimum,
        "asn": asn,
        "memenuhi": memenuhi,
        "persen": persen(memenuhi, asn),
        "jp_per_asn": str(
            (Decimal(total_jp) / asn).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        )
        if asn
        else "0.0",
        "per_unit": per_unit,
    }


def _kesenjangan(ctx: Konteks, limit: int = 10) -> dict[str, Any]:
    """ASN per competency whose level (from verified catalogue trainings) is below their
    position's standard, most common first."""
    pairs = list(_posisi(ctx).values_list("pegawai_id", "formasi__jabatan_id"))
    standar: dict[int, dict[int, int]] = defaultdict(dict)
    for jabatan_id, kompetensi_id, level in StandarKompetensi.objects.filter(
        jabatan_id__in={j for _p, j in pairs}
    ).values_list("jabatan_id", "kompetensi_id", "level"):
        standar[jabatan_id][kompetensi_id] = level
    dimiliki: dict[int, dict[int, int]] = defaultdict(dict)
    pegawai_dinilai = [p for p, j in pairs if standar.get(j)]
    for start in range(0, len(pegawai_dinilai), 5000):
        for pegawai_id, kompetensi_id, level in (
            ProgramKompetensi.objects.filter(
                program__riwayat__in=_terverifikasi(ctx).filter(
                    pegawai_id__in=pegawai_dinilai[start : start + 5000]
                )
            )
            .values_list("program__riwayat__pegawai_id", "kompetensi_id")
            .annotate(level=Max("level"))
            .order_by()
        ):
            dimiliki[pegawai_id][kompetensi_id] = level
    gap: Counter[int] = Counter()
    asn_dengan_gap = 0
    for pegawai_id, jabatan_id in pairs:
        levels = dimiliki.get(pegawai_id, {})
        kurang = [k for k, level in standar.get(jabatan_id, {}).items() if levels.get(k, 0) < level]
        gap.update(kurang)
        asn_dengan_gap += bool(kurang)
    nama = {k.pk: k for k in Kompetensi.objects.filter(pk__in=list(gap))}
    rows = [
        {"kode": nama[k].kode, "nama": nama[k].nama, "jenis": nama[k].get_jenis_display(), "asn": n}
        for k, n in sorted(gap.items(), key=lambda item: (-item[1], nama[item[0]].kode))[:limit]
    ]
    return {
        "asn_dinilai": len([1 for _p, j in pairs if standar.get(j)]),
        "asn_dengan_gap": asn_dengan_gap,
        "teratas": rows,
    }


def _pelatihan(ctx: Konteks) -> dict[str, Any]:
    """Trainings completed in the period: catalogue batches and verified records of the scope."""
    riwayat = _terverifikasi(ctx).filter(tanggal_selesai__gte=ctx.awal)
    if ctx.unit_path:
        riwayat = riwayat.filter(pegawai_id__in=_posisi(ctx).values("pegawai_id"))
    per_jenis = [
        {
            "jenis": str(JENIS_LABEL.get(row["jenis"], row["jenis"])),
            "catatan": row["n"],
            "asn": row["asn"],
            "jp": int(row["jp"] or 0),
        }
        for row in riwayat.order_by()
        .values("jenis")
        .annotate(n=Count("pk"), asn=Count("pegawai", distinct=True), jp=Sum("jp"))
        .order_by("-n", "jenis")
    ]
    angkatan = Angkatan.objects.filter(
        tanggal_selesai__gte=ctx.awal, tanggal_selesai__lte=ctx.akhir
    )
    peserta = Peserta.objects.filter(angkatan__in=angkatan)
    if ctx.unit_path:
        peserta = peserta.filter(pegawai_id__in=_posisi(ctx).values("pegawai_id"))
        angkatan = angkatan.filter(pk__in=peserta.values("angkatan_id"))
    daftar = [
        {
            "program": a.program.nama,
            "angkatan": a.nama,
            "selesai": a.tanggal_selesai.isoformat(),
            "jp": a.program.jp,
            "peserta": a.n_peserta,
            "lulus": a.n_lulus,
        }
        for a in angkatan.select_related("program")
        .annotate(
            n_peserta=Count("peserta_list", filter=Q(peserta_list__in=peserta), distinct=True),
            n_lulus=Count(
                "peserta_list",
                filter=Q(peserta_list__in=peserta, peserta_list__status=StatusPeserta.SELESAI),
                distinct=True,
            ),
        )
        .order_by("tanggal_selesai", "pk")
    ]
    return {
        "catatan": sum(r["catatan"] for r in per_jenis),
        "jp": sum(r["jp"] for r in per_jenis),
        "per_jenis": per_jenis,
        "angkatan": daftar,
    }


def hitung(ctx: Konteks) -> dict[str, Any]:
    return {
        "jp": _jp_rekap(ctx),
        "kesenjangan": _kesenjangan(ctx),
        "pelatihan": _pelatihan(ctx),
    }


def indikator(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "persen_20jp": data["jp"]["persen"],
        "jp_per_asn": data["jp"]["jp_per_asn"],
        "asn_dengan_gap": data["kesenjangan"]["asn_dengan_gap"],
        "pelatihan_selesai": data["pelatihan"]["catatan"],
    }
