"""Reads of the survey. Lists that only staff see take ``user=`` and scope through
``asn_portal.access``; the IKM is aggregated by the database in one query."""

from __future__ import annotations

import copy
import datetime as dt
import time
from collections.abc import Mapping
from typing import Any, cast

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from asn_portal.access import lingkup_q, scope_instansi, scope_queryset
from asn_portal.periode import JenisPeriode, Periode
from survei.ikm import HasilIKM, hitung_ikm, sampel_minimum
from survei.kuesioner import KODE_UNSUR
from survei.models import (
    JenisKelamin,
    Kuesioner,
    Pekerjaan,
    Pendidikan,
    PeriodePublikasi,
    RencanaTindakLanjut,
    Respons,
    UnitLayanan,
)
from survei.privasi import hash_perangkat

KELOMPOK_UMUR: tuple[tuple[str, int, int], ...] = (
    ("< 20", 0, 19),
    ("20–29", 20, 29),
    ("30–39", 30, 39),
    ("40–49", 40, 49),
    ("50–59", 50, 59),
    ("≥ 60", 60, 200),
)


def unit_layanan_publik(
    *, q: str = "", user: Any = None, instansi_id: int | None = None
) -> QuerySet[UnitLayanan]:
    """Active service units of the public instansi ``instansi_id`` (``asn_portal.publik``); a
    signed-in account sees those of its instansi."""
    qs = UnitLayanan.objects.filter(aktif=True).select_related("unit")
    if instansi_id is not None:
        qs = qs.filter(unit__instansi_id=instansi_id)
    if user is not None and user.is_authenticated:
        qs = scope_instansi(qs, user, "unit__instansi")
    if q:
        qs = qs.filter(Q(nama__icontains=q) | Q(kode__icontains=q) | Q(unit__nama__icontains=q))
    return qs.order_by("nama")


def unit_layanan_for_user(*, user: Any) -> QuerySet[UnitLayanan]:
    return scope_queryset(UnitLayanan.objects.select_related("unit"), user, "unit__path")


def respons_for_user(*, user: Any) -> QuerySet[Respons]:
    return scope_queryset(Respons.objects.all(), user, "unit_layanan__unit__path")


def rencana_tindak_lanjut_for_user(*, user: Any) -> QuerySet[RencanaTindakLanjut]:
    return scope_queryset(
        RencanaTindakLanjut.objects.select_related("unit_layanan"), user, "unit_layanan__unit__path"
    )


# What every public POST reads, the active questionnaire with its questions and the active
# service unit it answers for, comes from a cache under one generation number. A committed change
# of a version, a question or a service unit raises it, so that the copies made before are never
# read again. A request whose own transaction changed them reads the database until that
# transaction commits or rolls back. Each process keeps the copies of the current generation and
# looks at the shared generation (one Redis GET) at most every PUBLIK_CEK_DETIK: the process that
# made a change reads the new data at its next request, every other process within that second.
# (A citizen's form was opened minutes before it is sent, so a second is not a window that
# matters; one Redis round trip per POST was a tenth of its cost.)
PUBLIK_GENERASI = "survei:publik:generasi"
PUBLIK_CEK_DETIK = 1.0
KUESIONER_CACHE_DETIK = 3600
UNIT_PROSES_MAKS = 50_000  # service units one process keeps (a nation has some 30,000)
_proses: dict[str, Any] = {"generasi": None, "dicek_sampai": 0.0, "kuesioner": None, "unit": {}}


def publik_cache_lupakan() -> None:
    """This process forgets its copies: its next read looks at the shared generation."""
    _proses.update(generasi=None, dicek_sampai=0.0, kuesioner=None, unit={})


def _generasi_naik() -> None:
    try:
        cache.incr(PUBLIK_GENERASI)
    except ValueError:  # no generation yet (or evicted): any new number invalidates
        cache.set(PUBLIK_GENERASI, time.time_ns(), timeout=None)
    publik_cache_lupakan()


def _berubah_belum_commit() -> bool:
    # Django forgets the callbacks of a rolled-back (savepoint or) transaction.
    return any(item[1] is _generasi_naik for item in connection.run_on_commit)


def publik_cache_invalidate() -> None:
    """Every write of a questionnaire version, a question or a service unit calls this
    (services, and the post_save/post_delete receivers of survei.apps for the admin and any
    other path); the cache moves on at commit."""
    if not _berubah_belum_commit():
        transaction.on_commit(_generasi_naik)


def _generasi() -> int | None:
    """The committed generation, with this process's copies reset when it moved on; None when
    nothing may be cached (this transaction changed the data, or a cache that keeps nothing)."""
    if _berubah_belum_commit():
        return None
    sekarang = time.monotonic()
    if _proses["generasi"] is not None and sekarang < _proses["dicek_sampai"]:
        return cast(int, _proses["generasi"])
    generasi = cache.get(PUBLIK_GENERASI)
    if generasi is None:
        cache.add(PUBLIK_GENERASI, time.time_ns(), timeout=None)
        generasi = cache.get(PUBLIK_GENERASI)
        if generasi is None:  # DummyCache
            return None
    if generasi != _proses["generasi"]:
        publik_cache_lupakan()
        _proses["generasi"] = generasi
    _proses["dicek_sampai"] = sekarang + PUBLIK_CEK_DETIK
    return cast(int, generasi)


def _kuesioner_aktif_db() -> Kuesioner:
    kuesioner = Kuesioner.objects.filter(aktif=True).prefetch_related("pertanyaan").first()
    if kuesioner is None:
        from survei.services import kuesioner_bawaan_ensure  # services import selectors

        kuesioner = kuesioner_bawaan_ensure()
        kuesioner = Kuesioner.objects.prefetch_related("pertanyaan").get(pk=kuesioner.pk)
    return kuesioner


def _kuesioner_dari_cache(generasi: int | None) -> Kuesioner:
    if generasi is None:
        return _kuesioner_aktif_db()
    terakhir: Kuesioner | None = _proses["kuesioner"]
    if terakhir is not None:
        return terakhir
    key = f"survei:kuesioner-aktif:{generasi}"
    kuesioner: Kuesioner | None = cache.get(key)
    if kuesioner is None:
        kuesioner = _kuesioner_aktif_db()
        if _berubah_belum_commit():
            # This read created the regulation's questionnaire in a transaction still open: a
            # rollback would leave a cached version that does not exist. Cache it once committed.
            return kuesioner
        cache.set(key, kuesioner, KUESIONER_CACHE_DETIK)
    # Read only (a response points at it); never changed in place.
    _proses["kuesioner"] = kuesioner
    return kuesioner


def kuesioner_aktif() -> Kuesioner:
    """The questionnaire version new responses use (the regulation's wording if none exists),
    with its questions prefetched."""
    return _kuesioner_dari_cache(_generasi())


def untuk_kiriman_publik(
    kode: str, *, instansi_id: int | None = None
) -> tuple[UnitLayanan | None, Kuesioner]:
    """What a public POST needs before it validates: the active service unit of ``kode`` (None
    when there is none, or when it belongs to another instansi than ``instansi_id``) and the
    active questionnaire, for one Redis round trip.

    The unit holds its own columns only (no related rows: a page that shows the OPD's name reads
    it fresh) and its instansi (``instansi_unit_id``, read in the same query), and is this
    request's own copy, so nothing a request does to it reaches another."""
    generasi = _generasi()
    kuesioner = _kuesioner_dari_cache(generasi)
    units: dict[str, UnitLayanan] = _proses["unit"]
    unit = units.get(kode) if generasi is not None else None
    if unit is None:
        unit = (
            UnitLayanan.objects.filter(kode=kode, aktif=True)
            .annotate(instansi_unit_id=F("unit__instansi_id"))
            .first()
        )
        if unit is None:
            return None, kuesioner
        if generasi is not None and len(units) < UNIT_PROSES_MAKS:
            units[kode] = unit
    if instansi_id is not None and getattr(unit, "instansi_unit_id", None) != instansi_id:
        return None, kuesioner
    return copy.copy(unit), kuesioner


def perangkat_sudah_mengisi(*, unit_layanan: UnitLayanan, device_id: str) -> bool:
    """Did this device answer this unit today? (the unique index on unit, device hash, day)"""
    if not device_id:
        return False
    return Respons.objects.filter(
        unit_layanan=unit_layanan,
        perangkat_hash=hash_perangkat(device_id),
        tanggal_isi=timezone.localdate(),
    ).exists()


def pertanyaan_berurutan(kuesioner: Kuesioner) -> list[Any]:
    by_kode = {p.kode: p for p in kuesioner.pertanyaan.all()}
    urutan = [k for k in kuesioner.urutan if k in by_kode] or list(KODE_UNSUR)
    urutan += [k for k in KODE_UNSUR if k not in urutan and k in by_kode]
    return [by_kode[k] for k in urutan]


def _respons_unit(unit_layanan: UnitLayanan, *, sub_unit: bool) -> QuerySet[Respons]:
    if sub_unit:
        return Respons.objects.filter(unit_layanan__unit__path__startswith=unit_layanan.unit.path)
    return Respons.objects.filter(unit_layanan=unit_layanan)


def respons_periode(
    unit_layanan: UnitLayanan, *, dari: dt.date, sampai: dt.date, sub_unit: bool = False
) -> QuerySet[Respons]:
    return _respons_unit(unit_layanan, sub_unit=sub_unit).filter(
        tanggal_layanan__gte=dari, tanggal_layanan__lte=sampai
    )


def _agregat() -> dict[str, Any]:
    fields: dict[str, Any] = {"responden": Count("id")}
    for kode in KODE_UNSUR:
        kolom = kode.lower()
        fields[f"s_{kolom}"] = Sum(kolom)
        fields[f"c_{kolom}"] = Count(kolom)
    return fields


def _hasil_dari_baris(row: Mapping[str, Any], bobot: str) -> HasilIKM:
    return hitung_ikm(
        responden=row["responden"] or 0,
        jumlah={kode: row[f"s_{kode.lower()}"] for kode in KODE_UNSUR},
        terjawab={kode: row[f"c_{kode.lower()}"] for kode in KODE_UNSUR},
        bobot=bobot,
    )


def ikm_compute(
    *,
    unit_layanan: UnitLayanan,
    dari: dt.date,
    sampai: dt.date,
    sub_unit: bool = False,
    bobot: str | None = None,
) -> HasilIKM:
    """IKM by service date, both ends inclusive: one aggregate query, exact arithmetic after."""
    row = respons_periode(unit_layanan, dari=dari, sampai=sampai, sub_unit=sub_unit).aggregate(
        **_agregat()
    )
    return _hasil_dari_baris(row, bobot or settings.SURVEI_IKM_BOBOT)


def ikm_tren(
    *,
    unit_layanan: UnitLayanan,
    dari: dt.date,
    sampai: dt.date,
    jenis: str = JenisPeriode.TRIWULAN,
    sub_unit: bool = False,
    bobot: str | None = None,
) -> list[tuple[Periode, HasilIKM]]:
    """IKM per month/quarter/semester/year: one query grouped by month, buckets merged exactly
    (sums and counts add up; the NRR of a period is never an average of averages)."""
    rows = (
        respons_periode(unit_layanan, dari=dari, sampai=sampai, sub_unit=sub_unit)
        .annotate(th=ExtractYear("tanggal_layanan"), bl=ExtractMonth("tanggal_layanan"))
        .values("th", "bl")
        .annotate(**_agregat())
        .order_by("th", "bl")
    )
    buckets: dict[Periode, dict[str, int]] = {}
    for row in rows:
        periode = Periode.memuat(jenis, dt.date(row["th"], row["bl"], 1))
        bucket = buckets.setdefault(periode, {})
        for key, value in cast("dict[str, int | None]", row).items():
            if key not in ("th", "bl"):
                bucket[key] = bucket.get(key, 0) + (value or 0)
    konvensi = bobot or settings.SURVEI_IKM_BOBOT
    return [
        (periode, _hasil_dari_baris(data, konvensi)) for periode, data in sorted(buckets.items())
    ]


def profil_responden(
    unit_layanan: UnitLayanan, *, dari: dt.date, sampai: dt.date, sub_unit: bool = False
) -> dict[str, list[tuple[str, int]]]:
    """Respondent profile counts, all in one conditional aggregate."""
    groups: dict[str, list[tuple[str, str, Q]]] = {
        "jenis_kelamin": [
            (str(c.label), f"jk_{c.value}", Q(jenis_kelamin=c.value)) for c in JenisKelamin
        ],
        "pendidikan": [(str(c.label), f"pd_{c.value}", Q(pendidikan=c.value)) for c in Pendidikan],
        "pekerjaan": [(str(c.label), f"pk_{c.value}", Q(pekerjaan=c.value)) for c in Pekerjaan],
        "umur": [
            (label, f"um_{i}", Q(umur__gte=lo, umur__lte=hi))
            for i, (label, lo, hi) in enumerate(KELOMPOK_UMUR)
        ],
    }
    aggregates = {
        key: Count("id", filter=cond) for items in groups.values() for _l, key, cond in items
    }
    row = respons_periode(unit_layanan, dari=dari, sampai=sampai, sub_unit=sub_unit).aggregate(
        **aggregates
    )
    return {
        name: [(label, row[key] or 0) for label, key, _c in items] for name, items in groups.items()
    }


def sampel_untuk(unit_layanan: UnitLayanan, periode: Periode) -> tuple[int, int]:
    """(population, minimum sample) for the unit in ``periode``."""
    populasi = unit_layanan.populasi_untuk(periode)
    return populasi, sampel_minimum(populasi)


def saran_list(
    *, user: Any, unit_layanan: UnitLayanan, dari: dt.date, sampai: dt.date, q: str = ""
) -> QuerySet[Respons]:
    qs = (
        respons_for_user(user=user)
        .filter(unit_layanan=unit_layanan, tanggal_layanan__gte=dari, tanggal_layanan__lte=sampai)
        .exclude(saran="")
    )
    if q:
        qs = qs.filter(saran__icontains=q)
    return qs.only("id", "tanggal_layanan", "jenis_layanan", "saran", "sumber").order_by(
        "-tanggal_layanan", "-id"
    )


def publikasi_unit(unit_layanan: UnitLayanan) -> QuerySet[PeriodePublikasi]:
    return PeriodePublikasi.objects.filter(unit_layanan=unit_layanan).order_by(
        "-tahun", "jenis_periode", "-nomor"
    )


def publikasi_terbaru_per_unit(*, instansi_id: int | None = None) -> QuerySet[PeriodePublikasi]:
    """The most recently published result of each active unit (of the instansi ``instansi_id``
    when given: its public results page)."""

    terbaru = PeriodePublikasi.objects.filter(unit_layanan=OuterRef("unit_layanan")).order_by(
        "-diterbitkan_pada", "-id"
    )
    qs = PeriodePublikasi.objects.filter(unit_layanan__aktif=True)
    if instansi_id is not None:
        qs = qs.filter(unit_layanan__unit__instansi_id=instansi_id)
    return (
        qs.filter(pk=Subquery(terbaru.values("pk")[:1]))
        .select_related("unit_layanan__unit")
        .order_by("unit_layanan__nama")
    )


def _respons_wilayah(
    *,
    dari: dt.date,
    sampai: dt.date,
    unit_path: str,
    unit_layanan_ids: list[int] | None = None,
    diterima_sebelum: dt.datetime | None,
    instansi_id: int | None = None,
) -> QuerySet[Respons]:
    qs = Respons.objects.filter(
        lingkup_q("unit_layanan__unit__path", unit_path=unit_path, instansi_id=instansi_id),
        tanggal_layanan__gte=dari,
        tanggal_layanan__lte=sampai,
    )
    if unit_layanan_ids is not None:
        qs = qs.filter(unit_layanan_id__in=unit_layanan_ids)
    if diterima_sebelum is not None:
        qs = qs.filter(created_at__lt=diterima_sebelum)
    return qs


def ikm_per_unit(
    *,
    dari: dt.date,
    sampai: dt.date,
    unit_path: str = "",
    unit_layanan_ids: list[int] | None = None,
    diterima_sebelum: dt.datetime | None = None,
    bobot: str | None = None,
    instansi_id: int | None = None,
) -> dict[int, HasilIKM]:
    """IKM per service unit by service date (both ends inclusive), in one grouped query: the
    service units under the organisation path ``unit_path`` (a join on the unit tree, never a
    long id list; ``""`` is the province), optionally only ``unit_layanan_ids`` (a page of the
    staff dashboard), and only responses received before ``diterima_sebelum`` when given (a
    report's period end, so late arrivals never change it), within ``instansi_id`` when given
    (a whole-instansi report). The staff dashboard and the report both read it
    (docs/figures.md)."""
    rows = (
        _respons_wilayah(
            dari=dari,
            sampai=sampai,
            unit_path=unit_path,
            unit_layanan_ids=unit_layanan_ids,
            diterima_sebelum=diterima_sebelum,
            instansi_id=instansi_id,
        )
        .values("unit_layanan_id")
        .annotate(**_agregat())
        .order_by()
    )
    konvensi = bobot or settings.SURVEI_IKM_BOBOT
    return {row["unit_layanan_id"]: _hasil_dari_baris(row, konvensi) for row in rows}


def ikm_wilayah(
    *,
    dari: dt.date,
    sampai: dt.date,
    unit_path: str = "",
    diterima_sebelum: dt.datetime | None = None,
    bobot: str | None = None,
    instansi_id: int | None = None,
) -> HasilIKM:
    """The IKM of all service units under ``unit_path`` (``""``: the province) as one figure:
    the same responses as :func:`ikm_per_unit` summed in one aggregate instead of per unit, so
    it equals ``gabung_hasil`` of those units' results (sums and counts add up), when only the
    total is asked."""
    row = _respons_wilayah(
        dari=dari,
        sampai=sampai,
        unit_path=unit_path,
        diterima_sebelum=diterima_sebelum,
        instansi_id=instansi_id,
    ).aggregate(**_agregat())
    return _hasil_dari_baris(row, bobot or settings.SURVEI_IKM_BOBOT)


def gabung_hasil(hasil: list[HasilIKM], *, bobot: str | None = None) -> HasilIKM:
    """Exact combination of several results from their sums and counts (province total)."""
    jumlah = {kode: sum(h.jumlah.get(kode, 0) for h in hasil) for kode in KODE_UNSUR}
    terjawab = {kode: sum(h.terjawab.get(kode, 0) for h in hasil) for kode in KODE_UNSUR}
    return hitung_ikm(
        responden=sum(h.responden for h in hasil),
        jumlah=jumlah,
        terjawab=terjawab,
        bobot=bobot or settings.SURVEI_IKM_BOBOT,
    )


def ikm_per_instansi(
    *,
    dari: dt.date,
    sampai: dt.date,
    instansi_ids: list[int],
    diterima_sebelum: dt.datetime | None = None,
    bobot: str | None = None,
) -> dict[tuple[int, str], HasilIKM]:
    """IKM per instansi and service sector (``UnitLayanan.sektor``) by service date, both ends
    inclusive, in one grouped query whatever the number of instansi: the responses of
    :func:`ikm_per_unit` grouped by the unit's instansi instead of by service unit. An
    instansi's total is :func:`ikm_per_instansi_total` (exact, from the sums and counts)."""
    rows = (
        _respons_wilayah(dari=dari, sampai=sampai, unit_path="", diterima_sebelum=diterima_sebelum)
        .filter(unit_layanan__unit__instansi_id__in=instansi_ids)
        .values("unit_layanan__unit__instansi_id", "unit_layanan__sektor")
        .annotate(**_agregat())
        .order_by()
    )
    konvensi = bobot or settings.SURVEI_IKM_BOBOT
    return {
        (row["unit_layanan__unit__instansi_id"], row["unit_layanan__sektor"]): _hasil_dari_baris(
            row, konvensi
        )
        for row in rows
    }


def ikm_per_instansi_total(
    per_sektor: Mapping[tuple[int, str], HasilIKM], *, bobot: str | None = None
) -> dict[int, HasilIKM]:
    """Each instansi's IKM over all its sectors, combined by :func:`gabung_hasil`."""
    per_instansi: dict[int, list[HasilIKM]] = {}
    for (instansi_id, _sektor), hasil in per_sektor.items():
        per_instansi.setdefault(instansi_id, []).append(hasil)
    return {key: gabung_hasil(hasil, bobot=bobot) for key, hasil in per_instansi.items()}
