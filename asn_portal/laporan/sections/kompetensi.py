"""Kompetensi: the share of ASN meeting the yearly JP minimum, JP per ASN by unit, the most common
competency gaps and the trainings held. Only trainings verified before the period end count, so
a record verified later never changes an old report; the 20 JP figures are
``pelatihan.selectors.jp_rekap`` on the period's last day (docs/figures.md)."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.db.models import (
    Count,
    Max,
    Q,
    QuerySet,
    Sum,
)

from asn_portal.laporan.sections import Konteks
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
from pelatihan.selectors import jp_rekap, posisi_aktif

JENIS_LABEL = dict(JenisProgram.choices)


def _terverifikasi(ctx: Konteks) -> QuerySet[RiwayatPelatihan]:
    return RiwayatPelatihan.objects.filter(
        status=StatusRiwayat.TERVERIFIKASI,
        diverifikasi_pada__lt=ctx.batas,
        tanggal_selesai__lte=ctx.akhir,
    )


def _posisi(ctx: Konteks) -> QuerySet[RiwayatJabatan]:
    return posisi_aktif(
        user=None, tanggal=ctx.akhir, unit_path=ctx.unit_path, instansi_id=ctx.instansi_id
    )


def _jp_rekap(ctx: Konteks) -> dict[str, Any]:
    """20 JP compliance on the period's last day per OPD of the scope:
    ``pelatihan.selectors.jp_rekap``, the numbers the staff page and the API show."""
    tingkat = len(ctx.unit_path) // UnitOrganisasi.steplen + 1
    rekap = jp_rekap(
        as_of=ctx.akhir,
        user=None,
        unit_path=ctx.unit_path,
        tingkat=tingkat,
        instansi_id=ctx.instansi_id,
    )
    return {
        "minimum": rekap.minimum,
        "asn": rekap.total.jumlah_asn,
        "memenuhi": rekap.total.memenuhi,
        "persen": str(rekap.total.persen),
        "jp_per_asn": str(rekap.total.jp_per_asn),
        "per_unit": [
            {
                "kode": row.unit.kode if row.unit else "",
                "nama": row.unit.nama if row.unit else row.path,
                "asn": row.jumlah_asn,
                "memenuhi": row.memenuhi,
                "persen": str(row.persen),
                "total_jp": row.total_jp,
                "jp_per_asn": str(row.jp_per_asn),
            }
            for row in rekap.per_unit
        ],
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
    if ctx.terbatas:
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
    if ctx.terbatas:
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
