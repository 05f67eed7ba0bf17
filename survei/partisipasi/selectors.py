"""Reads of the participation channels. Staff lists take ``user=`` and scope through
``asn_portal.access`` (UnitLayanan -> UnitOrganisasi path); numbers are aggregated by the
database."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict, cast

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, F, Max, Q, QuerySet
from django.utils import timezone
from guardian.models import UserObjectPermission

from asn_portal.access import PERM_KELOLA_UNIT, lingkup_q, scope_queryset
from asn_portal.roles import ADMIN_BKD, OPERATOR_OPD
from jabatan.models import UnitOrganisasi
from survei.models import UnitLayanan
from survei.partisipasi.models import (
    BatchKodeStruk,
    Kasus,
    KasusQuerySet,
    Kiosk,
    KodeStruk,
    Konsultasi,
    MasukanKonsultasi,
    StatusMasukan,
    dijawab_terlambat_q,
    kode_normalize,
    melewati_tenggat_q,
    terbuka_pada_q,
    terlambat_q,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

PATH_UNIT = "unit_layanan__unit__path"


class KodeStatistik(TypedDict):
    """The annotations of :func:`kode_statistik_per_unit`."""

    kode_diterbitkan: int
    kode_digunakan: int


def _rentang(start: dt.date | None, end: dt.date | None) -> Q:
    """Receipt time within the WIB calendar days ``start``..``end`` (both inclusive)."""
    query = Q()
    if start is not None:
        query &= Q(diterima_pada__gte=timezone.make_aware(dt.datetime.combine(start, dt.time.min)))
    if end is not None:
        akhir = end + dt.timedelta(days=1)
        query &= Q(diterima_pada__lt=timezone.make_aware(dt.datetime.combine(akhir, dt.time.min)))
    return query


# --- receipt codes and kiosks --------------------------------------------------------------------


def kode_for_user(*, user: Any) -> QuerySet[KodeStruk]:
    # the unit's instansi gives the code's public address (asn_portal.publik)
    return scope_queryset(KodeStruk.objects.select_related("unit_layanan__unit"), user, PATH_UNIT)


def kode_publik(kode: str, *, instansi_id: int) -> KodeStruk | None:
    """The receipt code a citizen typed, of an active unit of the public instansi."""
    return (
        KodeStruk.objects.select_related("unit_layanan__unit")
        .filter(
            kode=kode_normalize(kode),
            unit_layanan__aktif=True,
            unit_layanan__unit__instansi_id=instansi_id,
        )
        .first()
    )


def batch_for_user(*, user: Any) -> QuerySet[BatchKodeStruk]:
    return scope_queryset(
        BatchKodeStruk.objects.select_related("unit_layanan", "dibuat_oleh"), user, PATH_UNIT
    ).annotate(terpakai=Count("kode", filter=Q(kode__respons__isnull=False)))


def kiosk_for_user(*, user: Any) -> QuerySet[Kiosk]:
    return scope_queryset(
        Kiosk.objects.select_related("unit_layanan__unit").annotate(
            jumlah_kiriman=Count("kiriman")
        ),
        user,
        PATH_UNIT,
    )


def kiosk_aktif(token: str, *, instansi_id: int) -> Kiosk | None:
    """The active kiosk of ``token`` in the public instansi (another instansi's is unknown)."""
    return (
        Kiosk.objects.select_related("unit_layanan__unit")
        .filter(
            token=token,
            aktif=True,
            unit_layanan__aktif=True,
            unit_layanan__unit__instansi_id=instansi_id,
        )
        .first()
    )


def kode_statistik_per_unit(
    *, user: Any, dari: dt.date | None = None, sampai: dt.date | None = None
) -> QuerySet[WithAnnotations[UnitLayanan, KodeStatistik]]:
    """Units the user reaches, with the codes issued and used for service dates in the range."""
    rentang = Q()
    if dari is not None:
        rentang &= Q(kode_struk__tanggal_layanan__gte=dari)
    if sampai is not None:
        rentang &= Q(kode_struk__tanggal_layanan__lte=sampai)
    return (
        scope_queryset(UnitLayanan.objects.select_related("unit"), user, "unit__path")
        .annotate(
            kode_diterbitkan=Count("kode_struk", filter=rentang),
            kode_digunakan=Count(
                "kode_struk", filter=rentang & Q(kode_struk__respons__isnull=False)
            ),
        )
        .filter(kode_diterbitkan__gt=0)
        .order_by("nama")
    )


# --- cases -------------------------------------------------------------------------------------


def kasus_for_user(*, user: Any) -> KasusQuerySet:
    return scope_queryset(Kasus.objects.select_related("unit_layanan", "petugas"), user, PATH_UNIT)


def kasus_list(
    *,
    user: Any,
    status: str = "",
    jenis: str = "",
    unit_kode: str = "",
    terlambat: bool = False,
    melewati_tenggat: bool = False,
    q: str = "",
) -> QuerySet[Kasus]:
    qs = kasus_for_user(user=user)
    if status:
        qs = qs.filter(status=status)
    if jenis:
        qs = qs.filter(jenis=jenis)
    if unit_kode:
        qs = qs.filter(unit_layanan__kode=unit_kode)
    if terlambat:
        qs = qs.terlambat()
    if melewati_tenggat:
        qs = qs.melewati_tenggat()
    if q:
        qs = qs.filter(Q(isi__icontains=q) | Q(kode_lacak__iexact=q.strip().upper()))
    return qs.order_by("-diterima_pada", "-pk")


def kasus_lacak(kode_lacak: str, *, instansi_id: int) -> Kasus | None:
    """The case a citizen follows by its tracking code, with its public steps; only a case of
    the public instansi ``instansi_id`` is found."""
    return (
        Kasus.objects.select_related("unit_layanan")
        .prefetch_related("riwayat")
        .filter(kode_lacak=kode_normalize(kode_lacak), unit_layanan__unit__instansi_id=instansi_id)
        .first()
    )


def petugas_kandidat(*, unit_layanan: UnitLayanan) -> QuerySet[Any]:
    """Accounts that may handle the unit's cases: Admin BKD and operators granted the unit or
    one of its ancestors."""

    unit = unit_layanan.unit
    steplen = UnitOrganisasi.steplen
    leluhur = [unit.path[:i] for i in range(steplen, len(unit.path) + 1, steplen)]
    unit_ids = [
        str(pk)
        for pk in UnitOrganisasi.objects.filter(path__in=leluhur).values_list("pk", flat=True)
    ]
    user_ids = UserObjectPermission.objects.filter(
        permission__codename=PERM_KELOLA_UNIT.split(".", 1)[1],
        permission__content_type__app_label="jabatan",
        object_pk__in=unit_ids,
    ).values("user_id")
    User = get_user_model()
    return (
        User.objects.filter(is_active=True)
        .filter(Q(groups__name=ADMIN_BKD) | Q(pk__in=user_ids, groups__name=OPERATOR_OPD))
        .distinct()
        .order_by("username")
    )


@dataclass(frozen=True)
class WaktuRespons:
    """Handling of cases received in a period (WIB days): counts and response hours."""

    diterima: int
    ditangani: int
    terbuka: int
    melewati_tenggat: int  # open at ``as_of`` past the deadline
    dijawab_terlambat: int  # answered before ``as_of``, after the deadline
    tepat_waktu: int
    median_jam: float | None
    rata_rata_jam: float | None
    sla_hari: int
    # Unrounded, for callers that round the hours their own way (the period report).
    median_detik: float | None = field(default=None, repr=False)
    rata_rata_detik: float | None = field(default=None, repr=False)

    @property
    def terlambat(self) -> int:
        """Cases that missed the deadline: the sum of the two disjoint meanings."""
        return self.melewati_tenggat + self.dijawab_terlambat

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        del data["median_detik"], data["rata_rata_detik"]
        data["terlambat"] = self.terlambat
        return data


def waktu_respons(
    unit_path_prefix: str | None = None,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    user: Any = None,
    as_of: dt.datetime | None = None,
    instansi_id: int | None = None,
) -> WaktuRespons:
    """Cases received from ``start`` to ``end`` (WIB dates, inclusive) in the units whose
    UnitOrganisasi path starts with ``unit_path_prefix``: how many were answered
    (``ditangani``), how many are open, how many are open past the deadline
    (``melewati_tenggat``) and how many were answered after it (``dijawab_terlambat``; both as
    defined in ``survei.partisipasi.models``), and the median and mean hours from receipt to first answer.

    Everything is judged as it stood at ``as_of`` (default now): cases received later are left
    out, and a case answered at or after ``as_of`` counts as still open then. A report for a
    past period passes the period end, so a late answer never changes it. ``instansi_id``
    narrows to one instansi's units (a whole-instansi report)."""

    pada = as_of or timezone.now()
    qs = Kasus.objects.filter(
        _rentang(start, end),
        lingkup_q(PATH_UNIT, unit_path=unit_path_prefix or "", instansi_id=instansi_id),
        diterima_pada__lt=pada,
    )
    if user is not None:
        qs = scope_queryset(qs, user, PATH_UNIT)
    dijawab = Q(dijawab_pada__lt=pada)
    angka = qs.aggregate(
        diterima=Count("pk"),
        ditangani=Count("pk", filter=dijawab),
        terbuka=Count("pk", filter=terbuka_pada_q(pada)),
        melewati_tenggat=Count("pk", filter=melewati_tenggat_q(pada)),
        dijawab_terlambat=Count("pk", filter=dijawab_terlambat_q(pada)),
        tepat_waktu=Count("pk", filter=dijawab & Q(dijawab_pada__lte=F("batas_respons"))),
        rata_rata=Avg("durasi_respons_detik", filter=dijawab),
    )
    n = angka["ditangani"]
    median_detik = None
    if n:
        # The middle one or two durations, read straight from the sorted column.
        tengah = cast(  # the column is filtered to non-null values
            "list[int]",
            list(
                qs.filter(dijawab, durasi_respons_detik__isnull=False)
                .order_by("durasi_respons_detik")
                .values_list("durasi_respons_detik", flat=True)[(n - 1) // 2 : n // 2 + 1]
            ),
        )
        median_detik = sum(tengah) / len(tengah)
    rata = angka["rata_rata"]
    rata_detik = float(rata) if rata is not None else None
    return WaktuRespons(
        diterima=angka["diterima"],
        ditangani=n,
        terbuka=angka["terbuka"],
        melewati_tenggat=angka["melewati_tenggat"],
        dijawab_terlambat=angka["dijawab_terlambat"],
        tepat_waktu=angka["tepat_waktu"],
        median_jam=round(median_detik / 3600, 2) if median_detik is not None else None,
        rata_rata_jam=round(rata_detik / 3600, 2) if rata_detik is not None else None,
        sla_hari=settings.PARTISIPASI_KASUS_SLA_HARI,
        median_detik=median_detik,
        rata_rata_detik=rata_detik,
    )


def waktu_respons_per_unit(
    *,
    user: Any,
    start: dt.date | None = None,
    end: dt.date | None = None,
    as_of: dt.datetime | None = None,
) -> QuerySet[UnitLayanan]:
    """Per service unit the user reaches: cases received, answered, open, past the deadline,
    answered late, mean hours; judged like :func:`waktu_respons`."""
    rentang = Q()
    if start is not None:
        rentang &= Q(
            kasus__diterima_pada__gte=timezone.make_aware(dt.datetime.combine(start, dt.time.min))
        )
    if end is not None:
        akhir = end + dt.timedelta(days=1)
        rentang &= Q(
            kasus__diterima_pada__lt=timezone.make_aware(dt.datetime.combine(akhir, dt.time.min))
        )
    sekarang = as_of or timezone.now()
    rentang &= Q(kasus__diterima_pada__lt=sekarang)
    return (
        scope_queryset(UnitLayanan.objects.select_related("unit"), user, "unit__path")
        .annotate(
            kasus_diterima=Count("kasus", filter=rentang),
            kasus_ditangani=Count("kasus", filter=rentang & Q(kasus__dijawab_pada__lt=sekarang)),
            kasus_terbuka=Count("kasus", filter=rentang & terbuka_pada_q(sekarang, "kasus__")),
            kasus_melewati_tenggat=Count(
                "kasus", filter=rentang & melewati_tenggat_q(sekarang, "kasus__")
            ),
            kasus_dijawab_terlambat=Count(
                "kasus", filter=rentang & dijawab_terlambat_q(sekarang, "kasus__")
            ),
            kasus_terlambat=Count("kasus", filter=rentang & terlambat_q(sekarang, "kasus__")),
            detik_rata_rata=Avg("kasus__durasi_respons_detik", filter=rentang),
            kasus_terakhir=Max("kasus__diterima_pada", filter=rentang),
        )
        .filter(kasus_diterima__gt=0)
        .order_by("nama")
    )


# --- consultations -----------------------------------------------------------------------------


def konsultasi_publik(*, instansi_id: int, unit_kode: str = "") -> QuerySet[Konsultasi]:
    """Published consultations of the active service units of the public instansi."""
    qs = (
        Konsultasi.objects.filter(
            diterbitkan=True, unit_layanan__aktif=True, unit_layanan__unit__instansi_id=instansi_id
        )
        .select_related("unit_layanan")
        .annotate(jumlah_masukan=Count("masukan", filter=Q(masukan__status=StatusMasukan.DITERIMA)))
    )
    if unit_kode:
        qs = qs.filter(unit_layanan__kode=unit_kode)
    return qs.order_by("-dibuka", "judul")


def masukan_publik(konsultasi: Konsultasi) -> QuerySet[MasukanKonsultasi]:
    return konsultasi.masukan.filter(status=StatusMasukan.DITERIMA).order_by("created_at", "pk")


def konsultasi_for_user(*, user: Any) -> QuerySet[Konsultasi]:
    return scope_queryset(
        Konsultasi.objects.select_related("unit_layanan").annotate(
            masukan_menunggu=Count("masukan", filter=Q(masukan__status=StatusMasukan.MENUNGGU))
        ),
        user,
        PATH_UNIT,
    )


def masukan_for_user(*, user: Any) -> QuerySet[MasukanKonsultasi]:
    return scope_queryset(
        MasukanKonsultasi.objects.select_related("konsultasi__unit_layanan"),
        user,
        "konsultasi__unit_layanan__unit__path",
    )
