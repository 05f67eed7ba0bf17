"""Reads of competency development. Functions that list rows take ``user=`` and scope through
``asn_portal.access``; an ASN's own pages take the ``pegawai`` resolved from the login."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractYear, Substr
from django.http import Http404
from django.utils import timezone

from asn_portal.access import sees_all_units, unit_path_q
from asn_portal.roles import OPERATOR_OPD, user_has_role
from jabatan.models import Jabatan, Pegawai, RiwayatJabatan, StatusAktif, UnitOrganisasi
from jabatan.selectors import jabatan_sekarang
from pelatihan.models import (
    Angkatan,
    Kompetensi,
    Peserta,
    ProgramKompetensi,
    ProgramPelatihan,
    RiwayatPelatihan,
    StandarKompetensi,
    StatusPeserta,
    StatusRiwayat,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class JpAnotasi(TypedDict):
    """The ``jp`` annotation of :func:`jp_posisi`."""

    jp: int


# Chunk for IN lists so that SQLite's variable limit is never hit on very large plans.
_CHUNK = 5000


def jp_minimum() -> int:
    return settings.JP_MINIMUM_PER_TAHUN


def is_staff_role(user: Any) -> bool:
    return sees_all_units(user) or user_has_role(user, OPERATOR_OPD)


# --- scoping ---------------------------------------------------------------------------------


def _posisi_di_unit_user(user: Any, *, pegawai_ref: str, tanggal: dt.date) -> Exists | None:
    """Exists(the pegawai's current definitive position lies in a unit the user manages)."""
    query = unit_path_q(user, "formasi__unit__path")
    if query is None:
        return None
    return Exists(
        RiwayatJabatan.objects.definitif()
        .aktif_pada(tanggal)
        .filter(query, pegawai_id=OuterRef(pegawai_ref))
    )


def scope_by_pegawai(
    qs: QuerySet[Any], user: Any, *, pegawai_ref: str = "pegawai_id"
) -> QuerySet[Any]:
    """Rows about a pegawai: staff see those whose current unit they manage; an ASN only their own."""
    if not user.is_authenticated:
        return qs.none()
    if sees_all_units(user):
        return qs
    if user_has_role(user, OPERATOR_OPD):
        exists = _posisi_di_unit_user(user, pegawai_ref=pegawai_ref, tanggal=timezone.localdate())
        return qs.filter(exists) if exists is not None else qs
    owner = "user" if pegawai_ref == "pk" else pegawai_ref.removesuffix("_id") + "__user"
    return qs.filter(**{owner: user})


def pegawai_visible(*, user: Any) -> QuerySet[Pegawai]:
    return scope_by_pegawai(Pegawai.objects.all(), user, pegawai_ref="pk")


# --- catalog ---------------------------------------------------------------------------------


def program_list(*, aktif_saja: bool = True) -> QuerySet[ProgramPelatihan]:
    qs = ProgramPelatihan.objects.prefetch_related("kompetensi_list__kompetensi").annotate(
        jumlah_angkatan=Count("angkatan")
    )
    return qs.filter(aktif=True) if aktif_saja else qs


def program_pilihan() -> QuerySet[ProgramPelatihan]:
    """Active programs for a select box."""
    return ProgramPelatihan.objects.filter(aktif=True).only("pk", "nama", "jp").order_by("nama")


def angkatan_list(*, mendatang: bool = False) -> QuerySet[Angkatan]:
    qs = Angkatan.objects.select_related("program").annotate(
        jumlah_peserta=Count("peserta_list", filter=~Q(peserta_list__status=StatusPeserta.BATAL))
    )
    if mendatang:
        qs = qs.filter(tanggal_mulai__gte=timezone.localdate())
    return qs.order_by("tanggal_mulai", "id")


def angkatan_pendaftaran_dibuka(*, tanggal: dt.date | None = None) -> QuerySet[Angkatan]:
    tanggal = tanggal or timezone.localdate()
    return angkatan_list().filter(pendaftaran_mulai__lte=tanggal, pendaftaran_selesai__gte=tanggal)


def peserta_list(*, user: Any) -> QuerySet[Peserta]:
    return scope_by_pegawai(Peserta.objects.select_related("angkatan__program", "pegawai"), user)


# --- records ---------------------------------------------------------------------------------


def riwayat_list(*, user: Any) -> QuerySet[RiwayatPelatihan]:
    """Training records the user may read: own (ASN), scoped (operator) or all (BKD)."""
    return scope_by_pegawai(
        RiwayatPelatihan.objects.select_related("pegawai", "program", "diverifikasi_oleh"), user
    )


def riwayat_get(*, user: Any, pk: int) -> RiwayatPelatihan:
    """One record, or 404 when it is not the user's to see (never 403: existence is not leaked)."""
    riwayat = riwayat_list(user=user).filter(pk=pk).first()
    if riwayat is None:
        raise Http404
    return riwayat


def antrian_verifikasi(*, user: Any) -> QuerySet[RiwayatPelatihan]:
    if not is_staff_role(user):
        return RiwayatPelatihan.objects.none()
    return (
        riwayat_list(user=user).filter(status=StatusRiwayat.DIAJUKAN).order_by("created_at", "id")
    )


def riwayat_pegawai(pegawai: Pegawai) -> QuerySet[RiwayatPelatihan]:
    return RiwayatPelatihan.objects.filter(pegawai=pegawai).select_related("program")


# --- JP --------------------------------------------------------------------------------------


def jp_tahun(pegawai: Pegawai, tahun: int) -> int:
    """Verified JP completed in ``tahun`` (a training counts in the year it is completed)."""
    total = RiwayatPelatihan.objects.filter(
        pegawai=pegawai, status=StatusRiwayat.TERVERIFIKASI, tanggal_selesai__year=tahun
    ).aggregate(total=Sum("jp"))["total"]
    return int(total or 0)


def jp_per_tahun(
    pegawai: Pegawai, *, tahun_terakhir: int | None = None, jumlah: int = 5
) -> list[tuple[int, int]]:
    """``[(tahun, jp)]`` for the last ``jumlah`` years, oldest first, zero-filled."""
    akhir = tahun_terakhir or timezone.localdate().year
    awal = akhir - jumlah + 1
    rows = (
        RiwayatPelatihan.objects.filter(
            pegawai=pegawai,
            status=StatusRiwayat.TERVERIFIKASI,
            tanggal_selesai__gte=dt.date(awal, 1, 1),
            tanggal_selesai__lte=dt.date(akhir, 12, 31),
        )
        .annotate(tahun_selesai=ExtractYear("tanggal_selesai"))
        .values("tahun_selesai")
        .annotate(total=Sum("jp"))
    )
    totals = {row["tahun_selesai"]: int(row["total"] or 0) for row in rows}
    return [(tahun, totals.get(tahun, 0)) for tahun in range(awal, akhir + 1)]


def _jp_subquery(tahun: int, pegawai_ref: str = "pegawai_id") -> Coalesce:
    total = (
        RiwayatPelatihan.objects.filter(
            pegawai_id=OuterRef(pegawai_ref),
            status=StatusRiwayat.TERVERIFIKASI,
            tanggal_selesai__year=tahun,
        )
        .order_by()
        .values("pegawai_id")
        .annotate(total=Sum("jp"))
        .values("total")
    )
    return Coalesce(Subquery(total, output_field=IntegerField()), Value(0))


def posisi_aktif(*, user: Any | None, tanggal: dt.date | None = None) -> QuerySet[RiwayatJabatan]:
    """Current definitive positions of active ASN, scoped to the user's units (None: system)."""
    tanggal = tanggal or timezone.localdate()
    qs = (
        RiwayatJabatan.objects.definitif()
        .aktif_pada(tanggal)
        .filter(pegawai__status_aktif=StatusAktif.AKTIF)
    )
    if user is None:
        return qs
    query = unit_path_q(user, "formasi__unit__path")
    if not is_staff_role(user):
        return qs.none()
    return qs if query is None else qs.filter(query)


def jp_posisi(
    *, user: Any | None, tahun: int, tanggal: dt.date | None = None
) -> QuerySet[WithAnnotations[RiwayatJabatan, JpAnotasi]]:
    """Current positions annotated with ``jp``: the verified JP completed in ``tahun``."""
    return posisi_aktif(user=user, tanggal=tanggal).annotate(jp=_jp_subquery(tahun))


def jp_kekurangan_list(
    *, user: Any, tahun: int, unit: UnitOrganisasi | None = None
) -> QuerySet[WithAnnotations[RiwayatJabatan, JpAnotasi]]:
    """ASN short of the yearly minimum, the largest shortfall (lowest JP) first."""
    qs = jp_posisi(user=user, tahun=tahun).filter(jp__lt=jp_minimum())
    if unit is not None:
        qs = qs.filter(formasi__unit__path__startswith=unit.path)
    return qs.select_related("pegawai", "formasi__unit", "formasi__jabatan").order_by(
        "jp", "pegawai__nama", "pk"
    )


@dataclass
class RekapUnit:
    unit: UnitOrganisasi | None
    path: str
    jumlah_asn: int
    memenuhi: int

    @property
    def persen(self) -> Decimal:
        if not self.jumlah_asn:
            return Decimal("0")
        return (Decimal(self.memenuhi) * 100 / self.jumlah_asn).quantize(Decimal("0.1"))

    @property
    def belum(self) -> int:
        return self.jumlah_asn - self.memenuhi


def jp_rekap_unit(*, user: Any, tahun: int, tingkat: int = 1) -> list[RekapUnit]:
    """Per unit at tree depth ``tingkat`` (1 = OPD): ASN counted and those meeting the minimum."""
    tingkat = max(1, min(tingkat, 6))
    panjang = UnitOrganisasi.steplen * tingkat
    rows = list(
        jp_posisi(user=user, tahun=tahun)
        .annotate(prefix=Substr("formasi__unit__path", 1, panjang))
        .values("prefix")
        .annotate(
            jumlah_asn=Count("pk"),
            memenuhi=Count("pk", filter=Q(jp__gte=jp_minimum())),
        )
        .order_by("prefix")
    )
    units = UnitOrganisasi.objects.in_bulk([row["prefix"] for row in rows], field_name="path")
    return [
        RekapUnit(
            unit=units.get(row["prefix"]),
            path=row["prefix"],
            jumlah_asn=row["jumlah_asn"],
            memenuhi=row["memenuhi"],
        )
        for row in rows
    ]


def jp_rekap_total(rekap: list[RekapUnit]) -> RekapUnit:
    return RekapUnit(
        unit=None,
        path="",
        jumlah_asn=sum(r.jumlah_asn for r in rekap),
        memenuhi=sum(r.memenuhi for r in rekap),
    )


# --- gap analysis ----------------------------------------------------------------------------


@dataclass
class Kesenjangan:
    kompetensi: Kompetensi
    level_standar: int
    level_dimiliki: int

    @property
    def selisih(self) -> int:
        return max(self.level_standar - self.level_dimiliki, 0)


@dataclass
class Rekomendasi:
    program: ProgramPelatihan
    menutup: int  # levels of gap this program closes, summed over competencies
    kompetensi: list[tuple[Kompetensi, int]] = field(default_factory=list)  # (kompetensi, to level)
    angkatan_berikut: Angkatan | None = None


@dataclass
class AnalisisKesenjangan:
    jabatan: Jabatan | None
    standar: list[Kesenjangan]
    rekomendasi: list[Rekomendasi]

    @property
    def kesenjangan(self) -> list[Kesenjangan]:
        return [row for row in self.standar if row.selisih > 0]

    @property
    def total_selisih(self) -> int:
        return sum(row.selisih for row in self.standar)


def level_dimiliki_map(pegawai_ids: Iterable[int]) -> dict[int, dict[int, int]]:
    """``{pegawai_id: {kompetensi_id: level}}`` from verified trainings linked to catalog programs."""
    ids = list(dict.fromkeys(pegawai_ids))
    result: dict[int, dict[int, int]] = defaultdict(dict)
    for start in range(0, len(ids), _CHUNK):
        rows = (
            ProgramKompetensi.objects.filter(
                program__riwayat__pegawai_id__in=ids[start : start + _CHUNK],
                program__riwayat__status=StatusRiwayat.TERVERIFIKASI,
            )
            .values("program__riwayat__pegawai_id", "kompetensi_id")
            .annotate(level=Max("level"))
            .order_by()
        )
        for row in rows:
            result[row["program__riwayat__pegawai_id"]][row["kompetensi_id"]] = row["level"]
    return result


def standar_map(jabatan_ids: Iterable[int]) -> dict[int, dict[int, int]]:
    """``{jabatan_id: {kompetensi_id: level required}}``."""
    result: dict[int, dict[int, int]] = defaultdict(dict)
    rows = StandarKompetensi.objects.filter(jabatan_id__in=set(jabatan_ids)).values_list(
        "jabatan_id", "kompetensi_id", "level"
    )
    for jabatan_id, kompetensi_id, level in rows:
        result[jabatan_id][kompetensi_id] = level
    return result


def pegawai_with_gaps_count(pairs: Iterable[tuple[int, int]]) -> int:
    """How many of the (pegawai_id, jabatan_id) pairs have at least one gap against that
    jabatan's standard. Two queries whatever the number of pairs (below 5,000 ASN)."""
    pairs = list(pairs)
    if not pairs:
        return 0
    standar = standar_map(j for _, j in pairs)
    dimiliki = level_dimiliki_map(p for p, _ in pairs)
    punya_gap: set[int] = set()
    for pegawai_id, jabatan_id in pairs:
        levels = dimiliki.get(pegawai_id, {})
        if any(levels.get(k, 0) < level for k, level in standar.get(jabatan_id, {}).items()):
            punya_gap.add(pegawai_id)
    return len(punya_gap)


def rank_programs(kebutuhan: dict[int, tuple[int, int]], *, limit: int = 10) -> list[Rekomendasi]:
    """Catalog programs ranked by how many gap levels they close.

    ``kebutuhan`` is ``{kompetensi_id: (level dimiliki, level standar)}`` for open gaps only.
    A program closes ``min(its level, standar) - dimiliki`` levels of each competency it develops.
    """
    if not kebutuhan:
        return []
    rows = (
        ProgramKompetensi.objects.filter(kompetensi_id__in=list(kebutuhan), program__aktif=True)
        .select_related("program", "kompetensi")
        .order_by("program_id", "kompetensi_id")
    )
    per_program: dict[int, Rekomendasi] = {}
    for row in rows:
        dimiliki, standar = kebutuhan[row.kompetensi_id]
        tutup = min(row.level, standar) - dimiliki
        if tutup <= 0:
            continue
        rek = per_program.setdefault(row.program_id, Rekomendasi(program=row.program, menutup=0))
        rek.menutup += tutup
        rek.kompetensi.append((row.kompetensi, min(row.level, standar)))
    ranked = sorted(per_program.values(), key=lambda r: (-r.menutup, r.program.jp, r.program.nama))[
        :limit
    ]
    if ranked:
        today = timezone.localdate()
        berikut: dict[int, Angkatan] = {}
        for angkatan in Angkatan.objects.filter(
            program_id__in=[r.program.pk for r in ranked], pendaftaran_selesai__gte=today
        ).order_by("tanggal_mulai", "id"):
            berikut.setdefault(angkatan.program_id, angkatan)
        for rek in ranked:
            rek.angkatan_berikut = berikut.get(rek.program.pk)
    return ranked


def gap_analysis(pegawai: Pegawai, jabatan: Jabatan | None = None) -> AnalisisKesenjangan:
    """The jabatan's standard (the current position by default) against the levels the ASN's
    verified trainings gave, with catalog programs ranked by how much gap they close."""
    if jabatan is None:
        riwayat = jabatan_sekarang(pegawai)
        jabatan = riwayat.formasi.jabatan if riwayat else None
    if jabatan is None:
        return AnalisisKesenjangan(jabatan=None, standar=[], rekomendasi=[])
    dimiliki = level_dimiliki_map([pegawai.pk]).get(pegawai.pk, {})
    standar = [
        Kesenjangan(
            kompetensi=row.kompetensi,
            level_standar=row.level,
            level_dimiliki=dimiliki.get(row.kompetensi_id, 0),
        )
        for row in StandarKompetensi.objects.filter(jabatan=jabatan)
        .select_related("kompetensi")
        .order_by("kompetensi__jenis", "kompetensi__nama")
    ]
    kebutuhan = {
        row.kompetensi.pk: (row.level_dimiliki, row.level_standar)
        for row in standar
        if row.selisih > 0
    }
    return AnalisisKesenjangan(
        jabatan=jabatan, standar=standar, rekomendasi=rank_programs(kebutuhan)
    )


# --- the ASN portal --------------------------------------------------------------------------


@dataclass
class RingkasanJP:
    tahun: int
    jp: int
    minimum: int
    per_tahun: list[tuple[int, int]]

    @property
    def persen(self) -> int:
        if self.minimum <= 0:
            return 100
        return min(100, round(self.jp * 100 / self.minimum))

    @property
    def kekurangan(self) -> int:
        return max(self.minimum - self.jp, 0)

    @property
    def memenuhi(self) -> bool:
        return self.jp >= self.minimum


def ringkasan_jp(pegawai: Pegawai, *, tahun: int | None = None) -> RingkasanJP:
    tahun = tahun or timezone.localdate().year
    per_tahun = jp_per_tahun(pegawai, tahun_terakhir=tahun)
    return RingkasanJP(tahun=tahun, jp=per_tahun[-1][1], minimum=jp_minimum(), per_tahun=per_tahun)


def portal_context(pegawai: Pegawai) -> dict[str, Any]:
    """What the portal home shows about competency development."""
    ringkasan = ringkasan_jp(pegawai)
    counts = RiwayatPelatihan.objects.filter(pegawai=pegawai).aggregate(
        diajukan=Count("pk", filter=Q(status=StatusRiwayat.DIAJUKAN)),
        ditolak=Count("pk", filter=Q(status=StatusRiwayat.DITOLAK)),
    )
    analisis = gap_analysis(pegawai)
    return {
        "jp": ringkasan,
        "pengajuan_diajukan": counts["diajukan"],
        "pengajuan_ditolak": counts["ditolak"],
        "jumlah_kesenjangan": len(analisis.kesenjangan),
    }


def angkatan_terdaftar_ids(pegawai: Pegawai) -> set[int]:
    return set(
        Peserta.objects.filter(pegawai=pegawai)
        .exclude(status=StatusPeserta.BATAL)
        .values_list("angkatan_id", flat=True)
    )
