"""Penataan jabatan: plans in the period, penyetaraan, the structural/functional mix before and
after, bezetting against kebutuhan per unit and formasi, and retirements ahead."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, QuerySet

from asn_portal.laporan.sections import Konteks, desimal, persen
from jabatan.models import (
    KATEGORI_FUNGSIONAL,
    KATEGORI_STRUKTURAL,
    KategoriJabatan,
    RiwayatJabatan,
    UnitOrganisasi,
)
from jabatan.penataan.models import (
    ItemRencana,
    JenisItem,
    RencanaPenataan,
    StatusRencana,
    TransisiRencana,
)
from jabatan.penataan.selectors import rencana_dibalik
from jabatan.selectors import (
    BarisKebutuhan,
    kebutuhan_pada,
    pensiun_mendatang,
    penugasan_definitif_pada,
)

KELOMPOK = (("struktural", "Struktural"), ("fungsional", "Fungsional"), ("pelaksana", "Pelaksana"))


def kelompok_kategori(kategori: str) -> str:
    if kategori in KATEGORI_STRUKTURAL:
        return "struktural"
    if kategori in KATEGORI_FUNGSIONAL:
        return "fungsional"
    return "pelaksana"


def _rencana_dalam_lingkup(ctx: Konteks) -> QuerySet[RencanaPenataan]:
    """The plans of the scope: those of its instansi, and for an OPD those with an item that
    touches one of its units."""
    plans = RencanaPenataan.objects.all()
    if ctx.instansi_id is not None:
        plans = plans.filter(instansi_id=ctx.instansi_id)
    if not ctx.unit_path:
        return plans
    touching = ItemRencana.objects.filter(
        ctx.unit_q("formasi_asal__unit__path")
        | ctx.unit_q("formasi_tujuan__unit__path")
        | ctx.unit_q("unit__path"),
        rencana=OuterRef("pk"),
    )
    return plans.filter(Exists(touching))


def _pemegang(ctx: Konteks, tanggal: dt.date) -> QuerySet[RiwayatJabatan]:
    return penugasan_definitif_pada(tanggal).filter(ctx.unit_q("formasi__unit__path"))


def _komposisi(ctx: Konteks, tanggal: dt.date) -> dict[str, int]:
    counts = dict(
        _pemegang(ctx, tanggal)
        .order_by()
        .values_list("formasi__jabatan__kategori")
        .annotate(n=Count("pk"))
    )
    hasil = {key: 0 for key, _label in KELOMPOK}
    for kategori, n in counts.items():
        hasil[kelompok_kategori(kategori)] += n
    hasil["per_kategori"] = {value: counts.get(value, 0) for value in KategoriJabatan.values}  # type: ignore[assignment]
    return hasil


def _rencana(ctx: Konteks) -> dict[str, Any]:
    plans = _rencana_dalam_lingkup(ctx)
    disusun = plans.filter(created_at__gte=ctx.mulai, created_at__lt=ctx.batas).count()
    transisi = dict(
        TransisiRencana.objects.filter(rencana__in=plans, pada__gte=ctx.mulai, pada__lt=ctx.batas)
        .exclude(ke_status=StatusRencana.DRAF)
        .order_by()
        .values_list("ke_status")
        .annotate(n=Count("rencana", distinct=True))
    )
    diterapkan_ids = TransisiRencana.objects.filter(
        ke_status=StatusRencana.DITERAPKAN, pada__gte=ctx.mulai, pada__lt=ctx.batas
    ).values("rencana_id")
    daftar = [
        {
            "nama": r.nama,
            "jenis": r.get_jenis_display(),
            "tmt": r.tmt.isoformat(),
            "dasar_hukum": r.dasar_hukum,
            "jumlah_item": r.jumlah_item,
        }
        for r in plans.filter(pk__in=diterapkan_ids)
        .annotate(jumlah_item=Count("items"))
        .order_by("tmt", "pk")
    ]
    return {
        "disusun": disusun,
        "diajukan": transisi.get(StatusRencana.DIAJUKAN, 0),
        "disetujui": transisi.get(StatusRencana.DISETUJUI, 0),
        "ditolak": transisi.get(StatusRencana.DITOLAK, 0),
        "diterapkan": transisi.get(StatusRencana.DITERAPKAN, 0),
        "daftar_diterapkan": daftar,
    }


def _penyetaraan(ctx: Konteks) -> dict[str, int]:
    """Positions converted by applied plans, leaving out plans reversed before the period end."""
    diterapkan = TransisiRencana.objects.filter(
        ke_status=StatusRencana.DITERAPKAN, pada__lt=ctx.batas
    )
    dibalik = rencana_dibalik(ctx.batas).values("pk")
    items = (
        ItemRencana.objects.filter(jenis=JenisItem.PENYETARAAN)
        .filter(ctx.unit_q("formasi_asal__unit__path"))
        .exclude(rencana_id__in=dibalik)
    )
    kumulatif = items.filter(rencana_id__in=diterapkan.values("rencana_id"))
    periode = items.filter(
        rencana_id__in=diterapkan.filter(pada__gte=ctx.mulai).values("rencana_id")
    )
    hasil = {}
    for key, qs in (("periode", periode), ("kumulatif", kumulatif)):
        row = qs.aggregate(
            jabatan=Count("formasi_asal", distinct=True), asn=Count("pegawai", distinct=True)
        )
        hasil[f"jabatan_{key}"] = row["jabatan"]
        hasil[f"asn_{key}"] = row["asn"]
    return hasil


def _lingkup(ctx: Konteks) -> UnitOrganisasi | None:
    return UnitOrganisasi.objects.get(pk=ctx.unit_id) if ctx.unit_id else None


def _kebutuhan(ctx: Konteks) -> dict[str, Any]:
    """Bezetting against kebutuhan on the period's last day per formasi, unit and OPD: the
    numbers of ``jabatan.selectors.kebutuhan_pada``, the same the unit dashboard shows."""
    hasil_pada = kebutuhan_pada(
        user=None, as_of=ctx.akhir, unit=_lingkup(ctx), instansi_id=ctx.instansi_id
    )
    # Each label translated once, not once per formasi (``get_kategori_display`` rebuilds the
    # choices and translates every label on each call: half of this section's time at scale).
    kategori_label = {value: str(label) for value, label in KategoriJabatan.choices}
    per_formasi: list[dict[str, Any]] = []
    for formasi, hasil in hasil_pada.per_formasi:
        unit = formasi.unit
        per_formasi.append(
            {
                "unit_kode": unit.kode,
                "unit": unit.nama,
                "jabatan": formasi.jabatan.nama,
                "kategori": kategori_label.get(formasi.jabatan.kategori, formasi.jabatan.kategori),
                "kelas": formasi.jabatan.kelas_jabatan,
                "beban_kerja_menit": desimal(hasil.beban_kerja_menit),
                "kebutuhan": desimal(hasil.kebutuhan),
                "kebutuhan_orang": hasil.kebutuhan_orang,
                "bezetting": hasil.bezetting,
                "selisih": hasil.selisih,
                "ej": desimal(hasil.ej),
                "ej_kategori": hasil.ej_kategori,
            }
        )

    def baris(row: BarisKebutuhan) -> dict[str, Any]:
        return {
            "kode": row.unit.kode if row.unit else "",
            "nama": row.unit.nama if row.unit else row.path,
            "formasi": row.formasi,
            "kebutuhan": row.kebutuhan,
            "bezetting": row.bezetting,
            "kelebihan": row.kelebihan,
            "kekurangan": row.kekurangan,
        }

    total = hasil_pada.total
    kritis = sorted(
        (row for row in per_formasi if row["selisih"] != 0),
        key=lambda r: (-abs(r["selisih"]), r["unit_kode"], r["jabatan"]),
    )[:25]
    return {
        "total": {
            "kebutuhan": total.kebutuhan,
            "bezetting": total.bezetting,
            "kelebihan": total.kelebihan,
            "kekurangan": total.kekurangan,
            "formasi": total.formasi,
        },
        "per_opd": [baris(row) for row in hasil_pada.per_bagian if row.formasi],
        "per_unit": [baris(row) for row in hasil_pada.per_unit],
        "per_formasi": per_formasi,
        "kritis": kritis,
    }


def _pensiun(ctx: Konteks) -> dict[str, Any]:
    """Holders on the period's last day who retire within the coming calendar years, per year
    and group: ``jabatan.selectors.pensiun_mendatang``, the dashboard's retirement window."""
    tahun = settings.LAPORAN_PENSIUN_TAHUN
    akhir = ctx.akhir
    tahun_list = list(range(akhir.year + 1, akhir.year + tahun + 1))
    per_tahun: dict[int, dict[str, int]] = defaultdict(lambda: {key: 0 for key, _l in KELOMPOK})
    for orang in pensiun_mendatang(
        user=None,
        as_of=akhir,
        sampai=dt.date(tahun_list[-1], 12, 31),
        unit_path=ctx.unit_path,
        instansi_id=ctx.instansi_id,
    ):
        if orang.tanggal_pensiun.year in tahun_list:
            per_tahun[orang.tanggal_pensiun.year][kelompok_kategori(orang.kategori)] += 1
    rows = [{"tahun": t, **per_tahun[t], "jumlah": sum(per_tahun[t].values())} for t in tahun_list]
    return {"per_tahun": rows, "jumlah": sum(r["jumlah"] for r in rows)}


def hitung(ctx: Konteks) -> dict[str, Any]:
    sebelum = _komposisi(ctx, ctx.awal - dt.timedelta(days=1))
    sesudah = _komposisi(ctx, ctx.akhir)
    kebutuhan = _kebutuhan(ctx)
    jumlah_asn = sum(sesudah[key] for key, _l in KELOMPOK)
    return {
        "rencana": _rencana(ctx),
        "penyetaraan": _penyetaraan(ctx),
        "komposisi": {
            "sebelum": sebelum,
            "sesudah": sesudah,
            "persen_fungsional_sebelum": persen(
                sebelum["fungsional"], sum(sebelum[k] for k, _l in KELOMPOK)
            ),
            "persen_fungsional_sesudah": persen(sesudah["fungsional"], jumlah_asn),
        },
        "kebutuhan": kebutuhan,
        "pensiun": _pensiun(ctx),
        "jumlah_asn": jumlah_asn,
    }


def indikator(data: dict[str, Any]) -> dict[str, Any]:
    """Headline numbers compared across reports by the summary."""
    total = data["kebutuhan"]["total"]
    return {
        "jumlah_asn": data["jumlah_asn"],
        "fungsional": data["komposisi"]["sesudah"]["fungsional"],
        "struktural": data["komposisi"]["sesudah"]["struktural"],
        "pelaksana": data["komposisi"]["sesudah"]["pelaksana"],
        "kelebihan": total["kelebihan"],
        "kekurangan": total["kekurangan"],
        "penyetaraan_kumulatif": data["penyetaraan"]["jabatan_kumulatif"],
        "rencana_diterapkan": data["rencana"]["diterapkan"],
    }
