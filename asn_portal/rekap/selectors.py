"""The province-wide roll-ups: for the instansi a user reads (``access.instansi_rekap_ids``),
IKM per instansi and service sector, 20 JP compliance, kebutuhan against bezetting per jabatan
category and restructuring plans applied per quarter, each one grouped query of its owning
app's selectors, so the number of queries does not grow with the number of instansi.

The page, the API and the quarterly province report read :func:`rekap_provinsi`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone

from asn_portal.access import instansi_rekap_ids
from asn_portal.periode import JenisPeriode, Periode, periode_selesai_terakhir
from jabatan.models import Instansi, KategoriJabatan
from jabatan.penataan.selectors import PenerapanTriwulan, penerapan_per_triwulan
from jabatan.selectors import BarisKebutuhan, kebutuhan_per_instansi
from pelatihan.selectors import RekapUnit, jp_minimum, jp_per_instansi
from survei.ikm import HasilIKM
from survei.models import SektorLayanan
from survei.selectors import gabung_hasil, ikm_per_instansi, ikm_per_instansi_total

TAHUN_PERTAMA = 2020


def periode_rekap(tahun: Any = None, triwulan: Any = None, *, saat: Any = None) -> Periode:
    """The period of ``?tahun=&triwulan=`` (a quarter, or the year without ``triwulan``); the
    last quarter that has ended when the year is missing or not a year."""
    try:
        tahun_int = int(tahun)
        if triwulan in (None, ""):
            return Periode(tahun_int, JenisPeriode.TAHUN)
        return Periode(tahun_int, JenisPeriode.TRIWULAN, int(triwulan))
    except (TypeError, ValueError):
        return periode_selesai_terakhir(JenisPeriode.TRIWULAN, saat or timezone.now())


def tahun_pilihan(*, hari_ini: dt.date | None = None) -> list[int]:
    """The years the period picker offers, newest first."""
    hari_ini = hari_ini or timezone.localdate()
    return list(range(hari_ini.year, TAHUN_PERTAMA - 1, -1))


def triwulan_dalam(periode: Periode) -> list[Periode]:
    """The quarters of ``periode`` (itself for a quarter)."""
    if periode.jenis == JenisPeriode.TRIWULAN:
        return [periode]
    return [
        Periode.memuat(JenisPeriode.TRIWULAN, dt.date(tahun, bulan, 1))
        for tahun, bulan in periode.bulan()[::3]
    ]


@dataclass
class RekapInstansi:
    """One instansi's figures for the period (a row of every table of /rekap/)."""

    instansi: Instansi
    ikm: HasilIKM | None  # every sector together; None without responses
    ikm_sektor: dict[str, HasilIKM]  # SektorLayanan value -> result (sectors with responses)
    jp: RekapUnit  # unit None: the whole instansi
    kebutuhan: dict[str, BarisKebutuhan]  # KategoriJabatan value -> row (categories with formasi)
    kebutuhan_total: BarisKebutuhan
    penerapan: dict[Periode, PenerapanTriwulan]  # each quarter of the period


@dataclass
class RekapProvinsi:
    periode: Periode
    as_of: dt.date  # the date of the JP and kebutuhan figures: the period's end, or today
    minimum_jp: int
    bobot: str
    triwulan: list[Periode]
    per_instansi: list[RekapInstansi]
    sektor: list[tuple[str, str]] = field(default_factory=list)  # (value, label) with data
    kategori: list[tuple[str, str]] = field(default_factory=list)
    ikm_total: HasilIKM | None = None
    jp_total: RekapUnit | None = None
    kebutuhan_total: BarisKebutuhan | None = None
    penerapan_total: dict[Periode, PenerapanTriwulan] = field(default_factory=dict)


def tanggal_rekap(periode: Periode, *, hari_ini: dt.date | None = None) -> dt.date:
    """The as-of date of the period's counts: its last day, or today while it runs."""
    hari_ini = hari_ini or timezone.localdate()
    return min(periode.akhir, hari_ini)


def _jumlah(baris: list[BarisKebutuhan]) -> BarisKebutuhan:
    total = BarisKebutuhan(unit=None)
    for row in baris:
        total.formasi += row.formasi
        total.kebutuhan += row.kebutuhan
        total.bezetting += row.bezetting
        total.kelebihan += row.kelebihan
        total.kekurangan += row.kekurangan
    return total


def _jumlah_penerapan(baris: list[PenerapanTriwulan]) -> PenerapanTriwulan:
    return PenerapanTriwulan(
        rencana=sum(b.rencana for b in baris),
        item=sum(b.item for b in baris),
        asn=sum(b.asn for b in baris),
    )


def rekap_provinsi(
    *,
    user: Any = None,
    instansi_ids: list[int] | None = None,
    periode: Periode,
    as_of: dt.date | None = None,
    diterima_sebelum: dt.datetime | None = None,
) -> RekapProvinsi:
    """The roll-ups of the instansi ``user`` reads (none: an empty result), or of exactly
    ``instansi_ids`` when given (the quarterly province report), for ``periode``: five
    queries (the instansi, then one per topic) whatever the number of instansi. IKM by service
    date within the period (responses received before ``diterima_sebelum`` when given, as a
    report does); JP and kebutuhan on ``as_of`` (:func:`tanggal_rekap` by default); plans
    applied within the period, per quarter."""
    as_of = as_of or tanggal_rekap(periode)
    bobot = settings.SURVEI_IKM_BOBOT
    ids = instansi_rekap_ids(user) if instansi_ids is None else instansi_ids
    instansi = list(Instansi.objects.filter(pk__in=ids).order_by("kode")) if ids else []
    ids = [i.pk for i in instansi]
    triwulan = triwulan_dalam(periode)
    hasil = RekapProvinsi(
        periode=periode,
        as_of=as_of,
        minimum_jp=jp_minimum(),
        bobot=bobot,
        triwulan=triwulan,
        per_instansi=[],
    )
    if not ids:
        return hasil
    ikm = ikm_per_instansi(
        dari=periode.awal,
        sampai=periode.akhir,
        instansi_ids=ids,
        diterima_sebelum=diterima_sebelum,
        bobot=bobot,
    )
    ikm_total = ikm_per_instansi_total(ikm, bobot=bobot)
    jp = jp_per_instansi(as_of=as_of, instansi_ids=ids, tahun=periode.tahun)
    kebutuhan = kebutuhan_per_instansi(as_of=as_of, instansi_ids=ids)
    penerapan = penerapan_per_triwulan(instansi_ids=ids, mulai=periode.mulai, batas=periode.batas)
    for item in instansi:
        per_kategori = {
            kategori: row for (iid, kategori), row in kebutuhan.items() if iid == item.pk
        }
        hasil.per_instansi.append(
            RekapInstansi(
                instansi=item,
                ikm=ikm_total.get(item.pk),
                ikm_sektor={s: h for (iid, s), h in ikm.items() if iid == item.pk},
                jp=jp.get(item.pk) or RekapUnit(unit=None, path="", jumlah_asn=0, memenuhi=0),
                kebutuhan=per_kategori,
                kebutuhan_total=_jumlah(list(per_kategori.values())),
                penerapan={t: penerapan.get((item.pk, t), PenerapanTriwulan()) for t in triwulan},
            )
        )
    rows = hasil.per_instansi
    dipakai_sektor = {s for (_iid, s) in ikm}
    hasil.sektor = [(v, str(label)) for v, label in SektorLayanan.choices if v in dipakai_sektor]
    dipakai_kategori = {k for (_iid, k) in kebutuhan}
    hasil.kategori = [
        (v, str(label)) for v, label in KategoriJabatan.choices if v in dipakai_kategori
    ]
    hasil.ikm_total = gabung_hasil(list(ikm.values()), bobot=bobot) if ikm else None
    hasil.jp_total = RekapUnit(
        unit=None,
        path="",
        jumlah_asn=sum(r.jp.jumlah_asn for r in rows),
        memenuhi=sum(r.jp.memenuhi for r in rows),
        total_jp=sum(r.jp.total_jp for r in rows),
    )
    hasil.kebutuhan_total = _jumlah([r.kebutuhan_total for r in rows])
    hasil.penerapan_total = {t: _jumlah_penerapan([r.penerapan[t] for r in rows]) for t in triwulan}
    return hasil
