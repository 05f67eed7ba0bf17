"""Pelayanan publik: IKM and mutu per service unit (``survei.selectors.ikm_per_unit``), the change against
the previous period, units below mutu B, and the complaint/suggestion cases handled.

Responses count by service date within the period and only if received before the period end,
so late arrivals never change a report already made.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldError
from django.db.models import Count, Q
from django.db.utils import DatabaseError

from asn_portal.laporan.sections import Konteks, persen
from survei.ikm import BOBOT_LABEL, sampel_minimum
from survei.models import UnitLayanan
from survei.partisipasi.models import Kasus
from survei.partisipasi.selectors import waktu_respons
from survei.selectors import gabung_hasil, ikm_per_unit

MUTU_DI_BAWAH_B = ("C", "D")


def _ikm(ctx: Konteks) -> dict[str, Any]:
    bobot = settings.SURVEI_IKM_BOBOT
    queryset = UnitLayanan.objects.select_related("unit").filter(ctx.unit_q("unit__path"))
    units = list(queryset.order_by("unit__path", "nama"))
    sebelumnya = ctx.periode.sebelumnya()
    sekarang, lalu = (
        ikm_per_unit(
            dari=periode.awal,
            sampai=periode.akhir,
            unit_path=ctx.unit_path,
            instansi_id=ctx.instansi_id,
            diterima_sebelum=ctx.batas,
            bobot=bobot,
        )
        for periode in (ctx.periode, sebelumnya)
    )
    rows = []
    for unit in units:
        hasil = sekarang.get(unit.pk)
        hasil_lalu = lalu.get(unit.pk)
        # Only units with responses in either period: a unit added later never changes old reports.
        if not (hasil and hasil.responden) and not (hasil_lalu and hasil_lalu.responden):
            continue
        ikm = hasil.ikm if hasil else None
        ikm_lalu = hasil_lalu.ikm if hasil_lalu else None
        populasi = unit.populasi_untuk(ctx.periode)  # type: ignore[arg-type]
        rows.append(
            {
                "kode": unit.kode,
                "nama": unit.nama,
                "unit": unit.unit.nama,
                "responden": hasil.responden if hasil else 0,
                "sampel_minimum": sampel_minimum(populasi),
                "ikm": None if ikm is None else str(ikm),
                "mutu": hasil.mutu if hasil else None,
                "kinerja": hasil.kinerja if hasil else None,
                "ikm_sebelumnya": None if ikm_lalu is None else str(ikm_lalu),
                "mutu_sebelumnya": hasil_lalu.mutu if hasil_lalu else None,
                "perubahan": None if ikm is None or ikm_lalu is None else str(ikm - ikm_lalu),
                "unsur_terlemah": hasil.unsur_terlemah(3) if hasil and hasil.ada_hasil else [],
            }
        )
    total = gabung_hasil(list(sekarang.values()), bobot=bobot)
    total_lalu = gabung_hasil(list(lalu.values()), bobot=bobot)
    dinilai = [r for r in rows if r["ikm"] is not None]
    return {
        "bobot": bobot,
        "bobot_label": str(BOBOT_LABEL[bobot]),
        "per_unit": rows,
        "unit_dinilai": len(dinilai),
        "di_bawah_b": [r for r in dinilai if r["mutu"] in MUTU_DI_BAWAH_B],
        "total": {
            "responden": total.responden,
            "ikm": None if total.ikm is None else str(total.ikm),
            "mutu": total.mutu,
            "ikm_sebelumnya": None if total_lalu.ikm is None else str(total_lalu.ikm),
            "nrr": {k: None if v is None else str(v) for k, v in total.nrr.items()},
        },
    }


def _kasus(ctx: Konteks) -> dict[str, Any]:
    """Cases received in the period, and how they stood at the period end: the numbers are
    ``survei.partisipasi.selectors.waktu_respons`` judged ``as_of`` the period end, so an answer
    given after the period never changes an old report."""

    try:
        hasil = waktu_respons(
            ctx.unit_path or None,
            start=ctx.awal,
            end=ctx.akhir,
            as_of=ctx.batas,
            instansi_id=ctx.instansi_id,
        )
        kasus = Kasus.objects.filter(
            ctx.unit_q("unit_layanan__unit__path"),
            diterima_pada__gte=ctx.mulai,
            diterima_pada__lt=ctx.batas,
        )
        per_jenis = list(
            kasus.order_by()
            .values("jenis")
            .annotate(
                diterima=Count("pk"), dijawab=Count("pk", filter=Q(dijawab_pada__lt=ctx.batas))
            )
            .order_by("jenis")
        )
    except (FieldError, DatabaseError) as exc:
        return {"tersedia": False, "alasan": f"Data kasus pengaduan belum dapat dibaca: {exc}"}
    jenis_label = dict(Kasus._meta.get_field("jenis").flatchoices)
    return {
        "tersedia": True,
        "diterima": hasil.diterima,
        "dijawab": hasil.ditangani,
        "persen_dijawab": persen(hasil.ditangani, hasil.diterima),
        "terbuka": hasil.terbuka,
        "melewati_tenggat": hasil.melewati_tenggat,
        "dijawab_terlambat": hasil.dijawab_terlambat,
        "terlambat": hasil.terlambat,
        "sla_hari": hasil.sla_hari,
        "tepat_waktu": hasil.tepat_waktu,
        "persen_tepat_waktu": persen(hasil.tepat_waktu, hasil.ditangani),
        "median_jam": _jam(hasil.median_detik),
        "rata_rata_jam": _jam(hasil.rata_rata_detik),
        "per_jenis": [
            {
                "jenis": str(jenis_label.get(r["jenis"], r["jenis"])),
                "diterima": r["diterima"],
                "dijawab": r["dijawab"],
            }
            for r in per_jenis
        ],
    }


def _jam(detik: float | None) -> str | None:
    if detik is None:
        return None
    return str((Decimal(str(detik)) / 3600).quantize(Decimal("0.1")))


def hitung(ctx: Konteks) -> dict[str, Any]:
    return {"ikm": _ikm(ctx), "kasus": _kasus(ctx)}


def indikator(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "ikm": data["ikm"]["total"]["ikm"],
        "mutu": data["ikm"]["total"]["mutu"],
        "unit_di_bawah_b": len(data["ikm"]["di_bawah_b"]),
        "kasus_diterima": data["kasus"].get("diterima"),
        "persen_kasus_dijawab": data["kasus"].get("persen_dijawab"),
    }
