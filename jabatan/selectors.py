"""Reads of the register. Every function that lists rows takes ``user=`` and scopes through
``asn_portal.access`` so that views, admin, API and exports see the same rows. ``user=None``
means the system itself (commands, tasks) and sees everything."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from asn_portal.access import scope_queryset, unit_path_q
from jabatan.abk import HasilAbk
from jabatan.models import (
    Formasi,
    Jabatan,
    Pegawai,
    RiwayatJabatan,
    StatusAktif,
    UnitOrganisasi,
    UraianTugas,
)

M = TypeVar("M", bound=Model)


def _scope(queryset: QuerySet[M], user: Any, path_field: str) -> QuerySet[M]:
    return queryset if user is None else scope_queryset(queryset, user, path_field)


def _aktif_q(tanggal: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}tmt_mulai__lte": tanggal}) & (
        Q(**{f"{prefix}tmt_selesai__isnull": True}) | Q(**{f"{prefix}tmt_selesai__gt": tanggal})
    )


# --- units -----------------------------------------------------------------------------------------
def unit_list(*, user: Any) -> QuerySet[UnitOrganisasi]:
    return _scope(UnitOrganisasi.objects.all(), user, "path")


def unit_subtree(*, unit: UnitOrganisasi) -> QuerySet[UnitOrganisasi]:
    """The unit and every unit beneath it, at any depth, in one query."""
    return UnitOrganisasi.objects.filter(path__startswith=unit.path).order_by("path")


def unit_ancestors(*, unit: UnitOrganisasi) -> QuerySet[UnitOrganisasi]:
    """Every unit above ``unit``, root first, in one query."""
    steplen = UnitOrganisasi.steplen
    paths = [unit.path[:i] for i in range(steplen, len(unit.path), steplen)]
    return UnitOrganisasi.objects.filter(path__in=paths).order_by("depth")


# --- pegawai ---------------------------------------------------------------------------------------
def pegawai_for_user(user: Any) -> Pegawai | None:
    """The ASN record linked to a portal account, if any."""
    if not user.is_authenticated:
        return None
    return Pegawai.objects.filter(user=user).first()


def jabatan_sekarang(pegawai: Pegawai, *, tanggal: dt.date | None = None) -> RiwayatJabatan | None:
    """The definitive assignment in force on ``tanggal`` (today by default)."""
    tanggal = tanggal or timezone.localdate()
    return (
        RiwayatJabatan.objects.definitif()
        .aktif_pada(tanggal)
        .filter(pegawai=pegawai)
        .select_related("formasi__jabatan", "formasi__unit")
        .first()
    )


def pegawai_list(*, user: Any, tanggal: dt.date | None = None) -> QuerySet[Pegawai]:
    """ASN the user reaches, annotated with their definitive position on ``tanggal``.

    An Operator OPD reaches the ASN holding any assignment (definitif, Plt or Plh) in one of
    their units on that day; Admin BKD and Verifikator reach everyone, retired ASN included.
    """
    tanggal = tanggal or timezone.localdate()
    queryset = Pegawai.objects.all()
    scope = None if user is None else unit_path_q(user, "formasi__unit__path")
    if scope is not None:
        in_reach = RiwayatJabatan.objects.filter(_aktif_q(tanggal), scope, pegawai=OuterRef("pk"))
        queryset = queryset.filter(Exists(in_reach))
    return annotate_jabatan_sekarang(queryset, tanggal=tanggal)


def annotate_jabatan_sekarang(
    queryset: QuerySet[Pegawai], *, tanggal: dt.date
) -> QuerySet[Pegawai]:
    current = (
        RiwayatJabatan.objects.definitif()
        .filter(_aktif_q(tanggal), pegawai=OuterRef("pk"))
        .order_by("-tmt_mulai")
    )
    return queryset.annotate(
        riwayat_sekarang_id=Subquery(current.values("pk")[:1]),
        formasi_sekarang_id=Subquery(current.values("formasi_id")[:1]),
        jabatan_sekarang_nama=Subquery(current.values("formasi__jabatan__nama")[:1]),
        unit_sekarang_id=Subquery(current.values("formasi__unit_id")[:1]),
        unit_sekarang_nama=Subquery(current.values("formasi__unit__nama")[:1]),
        unit_sekarang_path=Subquery(current.values("formasi__unit__path")[:1]),
        tmt_jabatan_sekarang=Subquery(current.values("tmt_mulai")[:1]),
        batas_usia_pensiun=Coalesce(
            Subquery(current.annotate(bup=_bup_expression("formasi__jabatan__")).values("bup")[:1]),
            Value(settings.BATAS_USIA_PENSIUN_BAWAAN),
        ),
    )


def _bup_expression(prefix: str) -> Case:
    """Batas usia pensiun of a jabatan, computed in the database from the configured table."""
    table = settings.BATAS_USIA_PENSIUN
    whens = [
        When(**{f"{prefix}jenjang": key}, then=Value(age))
        for key, age in table.items()
        if _is_jenjang(key)
    ]
    whens += [
        When(**{f"{prefix}kategori": key}, then=Value(age))
        for key, age in table.items()
        if not _is_jenjang(key)
    ]
    return Case(
        *whens, default=Value(settings.BATAS_USIA_PENSIUN_BAWAAN), output_field=IntegerField()
    )


def _is_jenjang(key: str) -> bool:
    from jabatan.models import Jenjang

    return key in Jenjang.values


def batas_usia_pensiun(pegawai: Pegawai, *, tanggal: dt.date | None = None) -> int:
    annotated = getattr(pegawai, "batas_usia_pensiun", None)
    if annotated is not None:
        return int(annotated)
    riwayat = jabatan_sekarang(pegawai, tanggal=tanggal)
    return (
        riwayat.formasi.jabatan.batas_usia_pensiun
        if riwayat
        else settings.BATAS_USIA_PENSIUN_BAWAAN
    )


def tanggal_pensiun(pegawai: Pegawai, *, tanggal: dt.date | None = None) -> dt.date:
    """Retirement date from the current definitive position's batas usia pensiun."""
    return pegawai.tanggal_pensiun(batas_usia_pensiun(pegawai, tanggal=tanggal))


# --- formasi and ABK -------------------------------------------------------------------------------
def formasi_with_needs(
    *, user: Any, tanggal: dt.date | None = None, unit: UnitOrganisasi | None = None
) -> QuerySet[Formasi]:
    """Formasi annotated with ``beban_kerja`` (minutes) and ``bezetting`` on ``tanggal``.

    ``formasi.abk`` then gives kebutuhan, selisih and EJ without another query.
    """
    tanggal = tanggal or timezone.localdate()
    beban = (
        UraianTugas.objects.filter(formasi=OuterRef("pk"))
        .order_by()
        .values("formasi")
        .annotate(
            total=Sum(
                ExpressionWrapper(
                    F("volume_per_tahun") * F("norma_waktu_menit"),
                    output_field=DecimalField(max_digits=24, decimal_places=4),
                )
            )
        )
        .values("total")
    )
    bezetting = (
        RiwayatJabatan.objects.definitif()
        .filter(_aktif_q(tanggal), formasi=OuterRef("pk"))
        .order_by()
        .values("formasi")
        .annotate(n=Count("pk"))
        .values("n")
    )
    queryset = Formasi.objects.select_related("unit", "jabatan").annotate(
        beban_kerja=Coalesce(
            Subquery(beban),
            Value(Decimal(0)),
            output_field=DecimalField(max_digits=24, decimal_places=4),
        ),
        bezetting=Coalesce(Subquery(bezetting, output_field=IntegerField()), Value(0)),
    )
    if unit is not None:
        queryset = queryset.filter(unit__path__startswith=unit.path)
    return _scope(queryset, user, "unit__path").order_by(
        "unit__path", "jabatan__kelas_jabatan", "jabatan__nama"
    )


# --- history --------------------------------------------------------------------------------------
def pemegang_jabatan_pada(
    *,
    user: Any,
    tanggal: dt.date,
    unit: UnitOrganisasi | None = None,
    pegawai: Pegawai | None = None,
) -> QuerySet[RiwayatJabatan]:
    """Who held what on ``tanggal`` (every jenis: definitif, Plt, Plh)."""
    queryset = RiwayatJabatan.objects.aktif_pada(tanggal).select_related(
        "pegawai", "formasi__jabatan", "formasi__unit"
    )
    if unit is not None:
        queryset = queryset.filter(formasi__unit__path__startswith=unit.path)
    if pegawai is not None:
        queryset = queryset.filter(pegawai=pegawai)
    return _scope(queryset, user, "formasi__unit__path").order_by(
        "formasi__unit__path", "formasi__jabatan__nama"
    )


@dataclass
class FormasiPada:
    formasi: Formasi
    pemegang: list[RiwayatJabatan] = field(default_factory=list)


@dataclass
class UnitPada:
    unit: UnitOrganisasi
    formasi: list[FormasiPada] = field(default_factory=list)


def unit_pada(*, user: Any, unit: UnitOrganisasi, tanggal: dt.date) -> list[UnitPada]:
    """What ``unit`` looked like on ``tanggal``: its units in force, formasi and holders (3 queries)."""
    units = _scope(unit_subtree(unit=unit), user, "path").filter(
        Q(berlaku_sejak__isnull=True) | Q(berlaku_sejak__lte=tanggal),
        Q(berlaku_sampai__isnull=True) | Q(berlaku_sampai__gte=tanggal),
    )
    result = {u.pk: UnitPada(unit=u) for u in units}
    formasi_by_pk: dict[int, FormasiPada] = {}
    for formasi in (
        Formasi.objects.filter(unit_id__in=result)
        .select_related("jabatan")
        .order_by("-jabatan__kelas_jabatan", "jabatan__nama")
    ):
        item = FormasiPada(formasi=formasi)
        formasi_by_pk[formasi.pk] = item
        result[formasi.unit_id].formasi.append(item)
    for riwayat in pemegang_jabatan_pada(user=user, tanggal=tanggal, unit=unit).filter(
        formasi_id__in=formasi_by_pk
    ):
        formasi_by_pk[riwayat.formasi_id].pemegang.append(riwayat)
    return list(result.values())


# --- dashboard ------------------------------------------------------------------------------------
@dataclass
class BarisKebutuhan:
    unit: UnitOrganisasi
    kebutuhan: int = 0
    bezetting: int = 0
    kelebihan: int = 0
    kekurangan: int = 0

    @property
    def selisih(self) -> int:
        return self.bezetting - self.kebutuhan


@dataclass
class Dasbor:
    unit: UnitOrganisasi
    tanggal: dt.date
    per_subunit: list[BarisKebutuhan]
    total: BarisKebutuhan
    golongan: list[tuple[str, int]]
    kategori: list[tuple[str, int]]
    jenis_kelamin: list[tuple[str, int]]
    piramida: list[tuple[str, int, int]]  # (kelompok umur, laki-laki, perempuan)
    pensiun_per_tahun: list[tuple[int, int]]
    pensiun_terdekat: list[tuple[Pegawai, dt.date]]
    jumlah_pegawai: int
    formasi_kritis: list[tuple[Formasi, HasilAbk]]


KELOMPOK_UMUR = [
    (18, 25),
    (26, 30),
    (31, 35),
    (36, 40),
    (41, 45),
    (46, 50),
    (51, 55),
    (56, 60),
    (61, 65),
]


def _tanggal_umur(tanggal: dt.date, umur: int) -> dt.date:
    try:
        return tanggal.replace(year=tanggal.year - umur)
    except ValueError:
        return tanggal.replace(year=tanggal.year - umur, day=28)


def dasbor_unit(*, user: Any, unit: UnitOrganisasi, tanggal: dt.date | None = None) -> Dasbor:
    """Everything the per-unit dashboard shows, in a fixed number of queries at any size."""
    from jabatan.golongan import GOLONGAN_PNS, GOLONGAN_PPPK
    from jabatan.models import JenisKelamin, KategoriJabatan

    tanggal = tanggal or timezone.localdate()
    children = list(
        UnitOrganisasi.objects.filter(path__startswith=unit.path, depth=unit.depth + 1).order_by(
            "path"
        )
    )
    rows: dict[str, BarisKebutuhan] = {unit.path: BarisKebutuhan(unit=unit)}
    rows.update({child.path: BarisKebutuhan(unit=child) for child in children})
    total = BarisKebutuhan(unit=unit)
    steplen = UnitOrganisasi.steplen
    kritis: list[tuple[Formasi, HasilAbk]] = []
    for formasi in formasi_with_needs(user=user, tanggal=tanggal, unit=unit).filter(aktif=True):
        hasil = formasi.abk
        key = (
            formasi.unit.path[: len(unit.path) + steplen]
            if formasi.unit.path != unit.path
            else unit.path
        )
        for row in (rows[key], total):
            row.kebutuhan += hasil.kebutuhan_orang
            row.bezetting += hasil.bezetting
            row.kelebihan += max(hasil.selisih, 0)
            row.kekurangan += max(-hasil.selisih, 0)
        if hasil.selisih != 0:
            kritis.append((formasi, hasil))
    kritis.sort(key=lambda item: (item[1].selisih, item[0].unit.path))

    holders = _scope(
        RiwayatJabatan.objects.definitif()
        .aktif_pada(tanggal)
        .filter(formasi__unit__path__startswith=unit.path),
        user,
        "formasi__unit__path",
    )
    # Every aggregate is driven from the unit's assignments (unit path → formasi → riwayat →
    # pegawai), so a small unit stays cheap in a large province.
    holders = holders.order_by()
    gol_counts = dict(
        holders.values_list("pegawai__golongan").annotate(n=Count("pegawai", distinct=True))
    )
    golongan = [(g, gol_counts[g]) for g in (*GOLONGAN_PNS, *GOLONGAN_PPPK) if gol_counts.get(g)]
    kat_counts = dict(
        holders.values_list("formasi__jabatan__kategori").annotate(
            n=Count("pegawai", distinct=True)
        )
    )
    kategori = [
        (str(label), kat_counts[value])
        for value, label in KategoriJabatan.choices
        if kat_counts.get(value)
    ]

    bands = [
        When(
            pegawai__tanggal_lahir__gt=_tanggal_umur(tanggal, high + 1),
            pegawai__tanggal_lahir__lte=_tanggal_umur(tanggal, low),
            then=Value(f"{low}–{high}"),
        )
        for low, high in KELOMPOK_UMUR
    ]
    pyramid_counts: Counter[tuple[str, str]] = Counter()
    for band, jk, n in (
        holders.annotate(kelompok=Case(*bands, default=Value("lain"), output_field=CharField()))
        .values_list("kelompok", "pegawai__jenis_kelamin")
        .annotate(n=Count("pegawai", distinct=True))
    ):
        pyramid_counts[(band, jk)] += n
    piramida = [
        (
            f"{low}–{high}",
            pyramid_counts[(f"{low}–{high}", JenisKelamin.LAKI_LAKI)],
            pyramid_counts[(f"{low}–{high}", JenisKelamin.PEREMPUAN)],
        )
        for low, high in KELOMPOK_UMUR
    ]
    jk_counts = Counter(dict.fromkeys(JenisKelamin.values, 0))
    for (_, jk), n in pyramid_counts.items():
        jk_counts[jk] += n
    jenis_kelamin = [(str(JenisKelamin(jk).label), jk_counts[jk]) for jk in JenisKelamin.values]

    # Retirements: narrow in the database to those old enough, then the exact date per person.
    akhir = tanggal.replace(year=tanggal.year + 5)
    bup_minimum = min([*settings.BATAS_USIA_PENSIUN.values(), settings.BATAS_USIA_PENSIUN_BAWAAN])
    lahir_batas = _tanggal_umur(akhir, bup_minimum)
    kandidat_ids = list(
        holders.filter(
            pegawai__tanggal_lahir__lte=lahir_batas, pegawai__status_aktif=StatusAktif.AKTIF
        ).values_list("pegawai_id", flat=True)
    )
    kandidat = annotate_jabatan_sekarang(
        Pegawai.objects.filter(pk__in=kandidat_ids), tanggal=tanggal
    ).order_by("tanggal_lahir")
    per_tahun: dict[int, int] = defaultdict(int)
    terdekat: list[tuple[Pegawai, dt.date]] = []
    for orang in kandidat:
        pensiun = tanggal_pensiun(orang)
        if tanggal <= pensiun <= akhir:
            per_tahun[pensiun.year] += 1
            terdekat.append((orang, pensiun))
    terdekat.sort(key=lambda item: item[1])
    pensiun_per_tahun = [
        (year, per_tahun.get(year, 0)) for year in range(tanggal.year, akhir.year + 1)
    ]
    jumlah = sum(jk_counts.values())
    return Dasbor(
        unit=unit,
        tanggal=tanggal,
        per_subunit=list(rows.values()),
        total=total,
        golongan=golongan,
        kategori=kategori,
        jenis_kelamin=jenis_kelamin,
        piramida=piramida,
        pensiun_per_tahun=pensiun_per_tahun,
        pensiun_terdekat=terdekat[:20],
        jumlah_pegawai=jumlah,
        formasi_kritis=kritis[:20],
    )


def jabatan_list(*, user: Any) -> QuerySet[Jabatan]:
    """The catalogue is shared by every unit: everyone with a staff role reads all of it."""
    return Jabatan.objects.all()


def riwayat_list(*, user: Any) -> QuerySet[RiwayatJabatan]:
    return _scope(
        RiwayatJabatan.objects.select_related("pegawai", "formasi__jabatan", "formasi__unit"),
        user,
        "formasi__unit__path",
    )
