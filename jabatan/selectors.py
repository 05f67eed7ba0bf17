"""Reads of the register. Every function that lists rows takes ``user=`` and scopes through
``asn_portal.access`` so that views, admin, API and exports see the same rows. ``user=None``
means the system itself (commands, tasks) and sees everything."""

from __future__ import annotations

import datetime as dt
from collections import Counter
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
    FilteredRelation,
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

from asn_portal.access import (
    instansi_q,
    lingkup_q,
    scope_instansi,
    scope_queryset,
    sees_all_units,
    unit_path_q,
)
from asn_portal.bulk import left_join_rows
from asn_portal.periode import akhir_hari
from jabatan.abk import HasilAbk, kebutuhan_orang_expression
from jabatan.golongan import GOLONGAN_PNS, GOLONGAN_PPPK
from jabatan.models import (
    Formasi,
    Jabatan,
    JenisKelamin,
    JenisPenugasan,
    Jenjang,
    KategoriJabatan,
    Pegawai,
    RiwayatJabatan,
    StatusAktif,
    UnitOrganisasi,
    UraianTugas,
    aktif_pada_q,
    batas_usia_pensiun_jabatan,
    definitif_q,
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


def pegawai_list(
    *, user: Any, tanggal: dt.date | None = None, dengan_jabatan: bool = True
) -> QuerySet[Pegawai]:
    """ASN the user reaches, annotated with their definitive position on ``tanggal``.

    An Operator OPD reaches the ASN holding any assignment (definitif, Plt or Plh) in one of
    their units on that day; Admin BKD and Verifikator reach everyone, retired ASN included.

    Paginated lists pass ``dengan_jabatan=False`` and call ``pegawai_lengkapi_jabatan`` on the
    page: the COUNT and the page scan then touch the register alone, and the positions are
    read for the page's rows only (one query), whatever the size of the register.
    """
    tanggal = tanggal or timezone.localdate()
    queryset = (
        Pegawai.objects.all() if user is None else pegawai_in_reach(user=user, tanggal=tanggal)
    )
    return annotate_jabatan_sekarang(queryset, tanggal=tanggal) if dengan_jabatan else queryset


def pegawai_lengkapi_jabatan(
    pegawai: list[Pegawai], *, tanggal: dt.date | None = None
) -> list[Pegawai]:
    """Set on each ASN of a page the attributes ``annotate_jabatan_sekarang`` would annotate,
    from one query of their definitive assignments in force on ``tanggal``."""
    tanggal = tanggal or timezone.localdate()
    # Plain rows, not four model instances per ASN: the page needs eight values of each. The
    # BUP from the jabatan's jenjang and kategori in Python (the SQL CASE's rule, without its
    # cost of building the query).
    sekarang = {
        pegawai_id: (*row, batas_usia_pensiun_jabatan(jenjang, kategori))
        for pegawai_id, *row, jenjang, kategori in RiwayatJabatan.objects.definitif()
        .aktif_pada(tanggal)
        .filter(pegawai_id__in=[p.pk for p in pegawai])
        .order_by()  # at most one per ASN (no overlap); no need to sort by tmt_mulai
        .values_list(
            "pegawai_id",
            "pk",
            "formasi_id",
            "formasi__jabatan__nama",
            "formasi__unit_id",
            "formasi__unit__nama",
            "formasi__unit__path",
            "tmt_mulai",
            "formasi__jabatan__jenjang",
            "formasi__jabatan__kategori",
        )
    }
    kosong = (None,) * 7 + (settings.BATAS_USIA_PENSIUN_BAWAAN,)
    for orang in pegawai:
        (
            orang.riwayat_sekarang_id,  # type: ignore[attr-defined]
            orang.formasi_sekarang_id,  # type: ignore[attr-defined]
            orang.jabatan_sekarang_nama,  # type: ignore[attr-defined]
            orang.unit_sekarang_id,  # type: ignore[attr-defined]
            orang.unit_sekarang_nama,  # type: ignore[attr-defined]
            orang.unit_sekarang_path,  # type: ignore[attr-defined]
            orang.tmt_jabatan_sekarang,  # type: ignore[attr-defined]
            orang.batas_usia_pensiun,  # type: ignore[attr-defined]
        ) = sekarang.get(orang.pk, kosong)
    return pegawai


def pegawai_di_unit(
    queryset: QuerySet[Pegawai], *, unit: UnitOrganisasi, tanggal: dt.date | None = None
) -> QuerySet[Pegawai]:
    """Narrow to the ASN whose definitive position on ``tanggal`` is in ``unit`` or beneath it.

    A semi-join driven from the unit's subtree (unit path → formasi → assignment), so the cost
    follows the size of the unit, not of the register; filtering on the ``unit_sekarang_path``
    annotation instead would evaluate that subquery for every ASN in the COUNT and the page.
    An ASN holds at most one definitive position on a day (no overlapping periods), so this
    is the same set as the annotation's.
    """
    tanggal = tanggal or timezone.localdate()
    di_unit = RiwayatJabatan.objects.definitif().filter(
        _aktif_q(tanggal), pegawai=OuterRef("pk"), formasi__unit__path__startswith=unit.path
    )
    return queryset.filter(Exists(di_unit))


def pegawai_reach_q(
    user: Any, *, pegawai_ref: str = "pk", tanggal: dt.date | None = None
) -> Exists | Q | None:
    """The one reach rule for staff: ``None`` when ``user`` reaches every ASN of every
    instansi (superuser); for Admin BKD and Verifikator the ASN of their instansi (placed or
    not); otherwise Exists(an assignment of any kind, definitive, Plt or Plh, in force on
    ``tanggal`` in a unit the user manages) for the pegawai whose id sits at ``pegawai_ref`` of
    the outer query. The register, training records and every write-side pegawai field use it."""
    if sees_all_units(user):
        field = (
            "instansi" if pegawai_ref == "pk" else pegawai_ref.removesuffix("_id") + "__instansi"
        )
        return instansi_q(user, field)
    scope = unit_path_q(user, "formasi__unit__path")
    if scope is None:
        return None
    tanggal = tanggal or timezone.localdate()
    return Exists(
        RiwayatJabatan.objects.filter(_aktif_q(tanggal), scope, pegawai_id=OuterRef(pegawai_ref))
    )


def pegawai_in_reach(*, user: Any, tanggal: dt.date | None = None) -> QuerySet[Pegawai]:
    """The ASN ``user`` reaches on ``tanggal`` (today by default), without annotations: the
    rule of :func:`pegawai_list`, also the write-side scope of every field naming a pegawai."""
    reach = pegawai_reach_q(user, tanggal=tanggal)
    return Pegawai.objects.all() if reach is None else Pegawai.objects.filter(reach)


def annotate_jabatan_sekarang(
    queryset: QuerySet[Pegawai], *, tanggal: dt.date
) -> QuerySet[Pegawai]:
    """The definitive position in force on ``tanggal`` as annotations (``jabatan_sekarang_nama``,
    ``unit_sekarang_id``, ``unit_sekarang_path``, ``batas_usia_pensiun``, …).

    One LEFT JOIN of the assignment in force (a FilteredRelation) and its formasi, jabatan and
    unit: the database's no-overlap constraint (``riwayat_definitif_tanpa_tumpang_tindih``)
    leaves at most one such row per ASN, so the join never multiplies rows. PostgreSQL can then
    walk the page in ``nama`` order and stop at the page's end, where eight correlated
    subqueries cost eight probes per row and a long SQL text to build and plan per request.
    Filter by unit with ``pegawai_di_unit``: it narrows from the unit's subtree.
    """
    aktif = Q(riwayat_jabatan__jenis=JenisPenugasan.DEFINITIF) & _aktif_q(
        tanggal, "riwayat_jabatan__"
    )
    return queryset.annotate(
        sekarang=FilteredRelation("riwayat_jabatan", condition=aktif),
        riwayat_sekarang_id=F("sekarang__id"),
        formasi_sekarang_id=F("sekarang__formasi_id"),
        jabatan_sekarang_nama=F("sekarang__formasi__jabatan__nama"),
        unit_sekarang_id=F("sekarang__formasi__unit_id"),
        unit_sekarang_nama=F("sekarang__formasi__unit__nama"),
        unit_sekarang_path=F("sekarang__formasi__unit__path"),
        tmt_jabatan_sekarang=F("sekarang__tmt_mulai"),
        batas_usia_pensiun=_bup_expression("sekarang__formasi__jabatan__"),
    )


def _bup_expression(prefix: str) -> Case:
    """Batas usia pensiun of a jabatan, computed in the database from the configured table:
    the jenjang's age if the table has the jenjang, else the kategori's, else the default.
    One WHEN per age and column (``jenjang IN (…)``), not one per key: each WHEN resolves its
    joins again, and a page of positions spent more time building them than running the query."""
    table = settings.BATAS_USIA_PENSIUN
    whens = []
    for column, keys in (
        ("jenjang", [k for k in table if _is_jenjang(k)]),
        ("kategori", [k for k in table if not _is_jenjang(k)]),
    ):
        per_age: dict[int, list[str]] = {}
        for key in keys:
            per_age.setdefault(table[key], []).append(key)
        whens += [
            When(**{f"{prefix}{column}__in": same_age}, then=Value(age))
            for age, same_age in per_age.items()
        ]
    return Case(
        *whens, default=Value(settings.BATAS_USIA_PENSIUN_BAWAAN), output_field=IntegerField()
    )


_JENJANG = frozenset(Jenjang.values)  # Jenjang.values builds a new list on every access


def _is_jenjang(key: str) -> bool:
    return key in _JENJANG


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
def penugasan_definitif_pada(tanggal: dt.date) -> QuerySet[RiwayatJabatan]:
    """Definitive assignments in force on ``tanggal`` held by an ASN who was active that day.

    The one rule for "who holds a position on a date" (bezetting, the 20 JP population, the
    composition, retirements ahead; docs/figures.md). Leaving service ends the assignments
    (``pegawai_pensiunkan``), so an assignment with an end date after ``tanggal`` was still
    served that day even if the ASN has left since; an ASN marked pensiun/berhenti whose
    assignment was never closed has no dated exit and counts on no date."""
    return RiwayatJabatan.objects.filter(penugasan_definitif_q(tanggal))


def penugasan_definitif_q(tanggal: dt.date, prefix: str = "") -> Q:
    """The condition of :func:`penugasan_definitif_pada`, on assignments reached through
    ``prefix`` from another model (``"riwayat_jabatan__"`` from a formasi), for a join."""
    return (
        definitif_q(prefix)
        & aktif_pada_q(tanggal, prefix)
        & (
            Q(**{f"{prefix}pegawai__status_aktif": StatusAktif.AKTIF})
            | Q(**{f"{prefix}tmt_selesai__isnull": False})
        )
    )


def formasi_with_needs(
    *,
    user: Any,
    tanggal: dt.date | None = None,
    unit: UnitOrganisasi | None = None,
    instansi_id: int | None = None,
) -> QuerySet[Formasi]:
    """Formasi annotated with ``beban_kerja`` (minutes) and ``bezetting`` on ``tanggal``.

    ``formasi.abk`` then gives kebutuhan, selisih and EJ without another query.
    """
    tanggal = tanggal or timezone.localdate()
    beban = (
        UraianTugas.objects.filter(formasi=OuterRef("pk"))
        .order_by()
        .values("formasi")
        .annotate(total=beban_kerja_sum())
        .values("total")
    )
    bezetting = (
        penugasan_definitif_pada(tanggal)
        .filter(formasi=OuterRef("pk"))
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
    queryset = queryset.filter(
        lingkup_q("unit__path", unit_path=unit.path if unit else "", instansi_id=instansi_id)
    )
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


# --- kebutuhan, bezetting and selisih as of a date ------------------------------------------------
@dataclass
class BarisKebutuhan:
    unit: UnitOrganisasi | None
    path: str = ""
    formasi: int = 0
    kebutuhan: int = 0
    bezetting: int = 0
    kelebihan: int = 0
    kekurangan: int = 0

    @property
    def selisih(self) -> int:
        return self.bezetting - self.kebutuhan

    def tambah(self, hasil: HasilAbk) -> None:
        self.formasi += 1
        self.kebutuhan += hasil.kebutuhan_orang
        self.bezetting += hasil.bezetting
        self.kelebihan += max(hasil.selisih, 0)
        self.kekurangan += max(-hasil.selisih, 0)


@dataclass
class KebutuhanPada:
    """Kebutuhan, bezetting and selisih of a scope on one date (see :func:`kebutuhan_pada`)."""

    tanggal: dt.date
    lingkup: UnitOrganisasi | None
    per_formasi: list[tuple[Formasi, HasilAbk]]
    per_unit: list[BarisKebutuhan]  # each unit's own formasi, by path
    per_bagian: list[BarisKebutuhan]  # the scope's own formasi, then each direct child's subtree
    total: BarisKebutuhan


def _berlaku_pada_q(tanggal: dt.date, prefix: str = "") -> Q:
    return (
        Q(**{f"{prefix}berlaku_sejak__isnull": True})
        | Q(**{f"{prefix}berlaku_sejak__lte": tanggal})
    ) & (
        Q(**{f"{prefix}berlaku_sampai__isnull": True})
        | Q(**{f"{prefix}berlaku_sampai__gte": tanggal})
    )


def formasi_dihitung_q(as_of: dt.date) -> Q:
    """Which formasi of :func:`formasi_with_needs` count on ``as_of`` (see :func:`kebutuhan_pada`):
    held that day, or active, recorded by the end of that day and in a unit in force."""
    return Q(bezetting__gt=0) | (
        Q(aktif=True, created_at__lt=akhir_hari(as_of)) & _berlaku_pada_q(as_of, "unit__")
    )


def kebutuhan_pada(
    *,
    user: Any,
    as_of: dt.date,
    unit: UnitOrganisasi | None = None,
    instansi_id: int | None = None,
) -> KebutuhanPada:
    """Kebutuhan, bezetting and selisih per formasi, per unit and per part of ``unit``'s subtree
    (every unit the user reaches when ``None``, only those of ``instansi_id`` when given) on
    ``as_of``: the one computation behind the unit dashboard, the report and the API
    (docs/figures.md). Two queries at any size.

    A formasi counts on ``as_of`` when someone holds it that day (:func:`penugasan_definitif_pada`)
    or when it is active, was recorded by the end of that day and its unit is in force that day
    (``berlaku_sejak``/``berlaku_sampai``).
    Kebutuhan is rounded per formasi (half-up, at least 1 with a workload, ``jabatan.abk``) and
    summed; kelebihan and kekurangan add each formasi's own surplus or shortage, so one formasi's
    surplus never hides another's shortage."""
    # Formasi carry no validity dates: an empty one exists on ``as_of`` when it is active, was
    # recorded by the end of that day (WIB) and its unit is in force; an occupied one always
    # counts (its holders are dated by TMT). A formasi recorded later never changes the past.
    formasi_qs = formasi_with_needs(
        user=user, tanggal=as_of, unit=unit, instansi_id=instansi_id
    ).filter(formasi_dihitung_q(as_of))
    steplen = UnitOrganisasi.steplen
    prefix = unit.path if unit is not None else ""
    anak = UnitOrganisasi.objects.filter(depth=(unit.depth if unit is not None else 0) + 1)
    anak = anak.filter(lingkup_q("path", unit_path=prefix, instansi_id=instansi_id))
    bagian: dict[str, BarisKebutuhan] = {}
    if unit is not None:
        bagian[prefix] = BarisKebutuhan(unit=unit, path=prefix)
    bagian.update(
        {
            u.path: BarisKebutuhan(unit=u, path=u.path)
            for u in _scope(anak, user, "path").order_by("path")
        }
    )
    per_unit: dict[str, BarisKebutuhan] = {}
    total = BarisKebutuhan(unit=unit, path=prefix)
    per_formasi: list[tuple[Formasi, HasilAbk]] = []
    for formasi in formasi_qs:
        hasil = formasi.abk
        per_formasi.append((formasi, hasil))
        path = formasi.unit.path
        kunci = path if path == prefix else path[: len(prefix) + steplen]
        baris_bagian = bagian.setdefault(kunci, BarisKebutuhan(unit=None, path=kunci))
        baris_unit = per_unit.setdefault(path, BarisKebutuhan(unit=formasi.unit, path=path))
        for baris in (baris_bagian, baris_unit, total):
            baris.tambah(hasil)
    return KebutuhanPada(
        tanggal=as_of,
        lingkup=unit,
        per_formasi=per_formasi,
        per_unit=[per_unit[p] for p in sorted(per_unit)],
        per_bagian=list(bagian.values()),
        total=total,
    )


def beban_kerja_sum() -> Sum:
    """Σ volume per tahun × norma waktu (minutes) of a formasi's ABK rows, in SQL: the workload
    ``formasi_with_needs`` annotates (``jabatan.abk.beban_kerja_menit`` in Python)."""
    return Sum(
        ExpressionWrapper(
            F("volume_per_tahun") * F("norma_waktu_menit"),
            output_field=DecimalField(max_digits=24, decimal_places=4),
        )
    )


def kebutuhan_per_instansi(
    *, as_of: dt.date, instansi_ids: list[int]
) -> dict[tuple[int, str], BarisKebutuhan]:
    """:func:`kebutuhan_pada` of each instansi per jabatan category (``Jabatan.kategori``) in
    one query whatever the number of instansi: the same formasi (:func:`formasi_dihitung_q`)
    and the same per-formasi rounding (``jabatan.abk.kebutuhan_orang_expression``), summed by
    the database. Kekurangan is the formasi's shortages: Σ kelebihan − Σ selisih, exact since
    max(d, 0) − max(−d, 0) = d for each formasi. A row's ``unit`` is None.

    Set-based, each figure once per formasi: the counted formasi with their holders grouped
    by formasi (:func:`penugasan_definitif_q` on the joined assignments, not a subquery per
    formasi; an ``IN`` of every holder is not hashed once it outgrows ``work_mem``), joined
    to the workloads grouped by formasi (:func:`beban_kerja_sum`, each rounded to persons), and
    summed per category. The ORM cannot join a derived table: ``asn_portal.bulk.left_join_rows``
    compiles both querysets and only the join and the sums are written here."""
    formasi = (
        Formasi.objects.filter(unit__instansi_id__in=instansi_ids)
        .annotate(
            bezetting=Count(
                "riwayat_jabatan", filter=penugasan_definitif_q(as_of, "riwayat_jabatan__")
            )
        )
        .filter(formasi_dihitung_q(as_of))
        .values("pk", "bezetting", instansi=F("unit__instansi_id"), kategori=F("jabatan__kategori"))
    )
    orang = (
        UraianTugas.objects.order_by()
        .values("formasi_id")
        .annotate(orang=kebutuhan_orang_expression(beban_kerja_sum()))
    )
    rows = left_join_rows(
        ("f", formasi.order_by()),
        ("o", orang),
        select="f.instansi, f.kategori, COUNT(*), SUM(f.bezetting), COALESCE(SUM(o.orang), 0),"
        " SUM(CASE WHEN f.bezetting > COALESCE(o.orang, 0)"
        " THEN f.bezetting - COALESCE(o.orang, 0) ELSE 0 END)",
        on="o.formasi_id = f.pk",
        tail="GROUP BY f.instansi, f.kategori",
    )
    hasil = {}
    for instansi_id, kategori, n_formasi, *angka in rows:
        bezetting, kebutuhan, kelebihan = (int(n or 0) for n in angka)
        hasil[(instansi_id, kategori)] = BarisKebutuhan(
            unit=None,
            formasi=n_formasi,
            kebutuhan=kebutuhan,
            bezetting=bezetting,
            kelebihan=kelebihan,
            kekurangan=kelebihan - (bezetting - kebutuhan),
        )
    return hasil


# --- retirements ahead ----------------------------------------------------------------------------
@dataclass(frozen=True)
class PensiunMendatang:
    pegawai: Pegawai
    tanggal_pensiun: dt.date
    kategori: str  # the jabatan category of the position held on the as-of date


def _tanggal_umur(tanggal: dt.date, umur: int) -> dt.date:
    try:
        return tanggal.replace(year=tanggal.year - umur)
    except ValueError:
        return tanggal.replace(year=tanggal.year - umur, day=28)


def pensiun_mendatang(
    *,
    user: Any,
    as_of: dt.date,
    sampai: dt.date,
    unit_path: str = "",
    instansi_id: int | None = None,
) -> list[PensiunMendatang]:
    """ASN holding a position on ``as_of`` (:func:`penugasan_definitif_pada`) in the units under
    ``unit_path`` whose retirement date falls after ``as_of`` and on or before ``sampai``,
    earliest first: the one retirement window of the dashboard and the report. The date is the
    first day of the month after the birthday at the batas usia pensiun of the position held on
    ``as_of`` (DOMAIN.md §3). Two queries at any size."""
    holders = penugasan_definitif_pada(as_of).filter(
        lingkup_q("formasi__unit__path", unit_path=unit_path, instansi_id=instansi_id)
    )
    holders = _scope(holders, user, "formasi__unit__path")
    bup_minimum = min([*settings.BATAS_USIA_PENSIUN.values(), settings.BATAS_USIA_PENSIUN_BAWAAN])
    # Narrow in the database to those old enough, then the exact date per person.
    lahir_batas = _tanggal_umur(sampai, bup_minimum)
    kandidat = annotate_jabatan_sekarang(
        Pegawai.objects.filter(
            pk__in=holders.filter(pegawai__tanggal_lahir__lte=lahir_batas).values("pegawai_id")
        ),
        tanggal=as_of,
    ).annotate(
        kategori_sekarang=Subquery(
            penugasan_definitif_pada(as_of)
            .filter(pegawai=OuterRef("pk"))
            .order_by("-tmt_mulai")
            .values("formasi__jabatan__kategori")[:1]
        )
    )
    hasil = []
    orang: Any
    for orang in kandidat.iterator(chunk_size=2000):
        pensiun = orang.tanggal_pensiun(int(orang.batas_usia_pensiun))
        if as_of < pensiun <= sampai:
            hasil.append(PensiunMendatang(orang, pensiun, orang.kategori_sekarang or ""))
    hasil.sort(key=lambda p: (p.tanggal_pensiun, p.pegawai.nama, p.pegawai.pk))
    return hasil


# --- dashboard ------------------------------------------------------------------------------------
@dataclass
class Dasbor:
    unit: UnitOrganisasi
    tanggal: dt.date
    kebutuhan: KebutuhanPada
    golongan: list[tuple[str, int]]
    kategori: list[tuple[str, int]]
    jenis_kelamin: list[tuple[str, int]]
    piramida: list[tuple[str, int, int]]  # (kelompok umur, laki-laki, perempuan)
    pensiun_per_tahun: list[tuple[int, int]]
    pensiun_terdekat: list[tuple[Pegawai, dt.date]]
    jumlah_pegawai: int
    formasi_kritis: list[tuple[Formasi, HasilAbk]]

    @property
    def per_subunit(self) -> list[BarisKebutuhan]:
        return self.kebutuhan.per_bagian

    @property
    def total(self) -> BarisKebutuhan:
        return self.kebutuhan.total


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
DASBOR_PENSIUN_TAHUN = 5


def dasbor_unit(*, user: Any, unit: UnitOrganisasi, tanggal: dt.date | None = None) -> Dasbor:
    """Everything the per-unit dashboard shows, in a fixed number of queries at any size."""

    tanggal = tanggal or timezone.localdate()
    kebutuhan = kebutuhan_pada(user=user, as_of=tanggal, unit=unit)
    kritis = [item for item in kebutuhan.per_formasi if item[1].selisih != 0]
    kritis.sort(key=lambda item: (item[1].selisih, item[0].unit.path))

    holders = _scope(
        penugasan_definitif_pada(tanggal).filter(formasi__unit__path__startswith=unit.path),
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

    akhir = tanggal.replace(year=tanggal.year + DASBOR_PENSIUN_TAHUN)
    pensiun = pensiun_mendatang(user=user, as_of=tanggal, sampai=akhir, unit_path=unit.path)
    per_tahun = Counter(p.tanggal_pensiun.year for p in pensiun)
    pensiun_per_tahun = [
        (year, per_tahun.get(year, 0)) for year in range(tanggal.year, akhir.year + 1)
    ]
    return Dasbor(
        unit=unit,
        tanggal=tanggal,
        kebutuhan=kebutuhan,
        golongan=golongan,
        kategori=kategori,
        jenis_kelamin=jenis_kelamin,
        piramida=piramida,
        pensiun_per_tahun=pensiun_per_tahun,
        pensiun_terdekat=[(p.pegawai, p.tanggal_pensiun) for p in pensiun[:20]],
        jumlah_pegawai=sum(jk_counts.values()),
        formasi_kritis=kritis[:20],
    )


def jabatan_list(*, user: Any) -> QuerySet[Jabatan]:
    """The catalogue is national, shared by every unit of every instansi, plus the user's
    instansi's own additions (another instansi's answer like missing ones)."""
    return scope_instansi(Jabatan.objects.all(), user, shared=True)


def riwayat_jabatan_list(*, user: Any) -> QuerySet[RiwayatJabatan]:
    return _scope(
        RiwayatJabatan.objects.select_related("pegawai", "formasi__jabatan", "formasi__unit"),
        user,
        "formasi__unit__path",
    )
