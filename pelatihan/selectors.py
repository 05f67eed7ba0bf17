"""Reads of competency development. Functions that list rows take ``user=`` and scope through
``asn_portal.access``; an ASN's own pages take the ``pegawai`` resolved from the login."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, TypedDict

from django.conf import settings
from django.db.models import (
    Count,
    F,
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
from django.utils.translation import gettext as _

from asn_portal.access import (
    instansi_id_q,
    is_staff_member,
    lingkup_q,
    scope_instansi,
    sees_all_units,
    unit_path_q,
)
from asn_portal.bulk import left_join_rows
from asn_portal.periode import akhir_hari
from asn_portal.roles import OPERATOR_OPD, user_has_role
from jabatan.models import (
    Jabatan,
    Jenjang,
    KategoriJabatan,
    Pegawai,
    RiwayatJabatan,
    UnitOrganisasi,
)
from jabatan.selectors import jabatan_sekarang, pegawai_reach_q, penugasan_definitif_pada
from pelatihan.models import (
    Angkatan,
    Kompetensi,
    Peserta,
    ProfilSasaran,
    ProgramKompetensi,
    ProgramPelatihan,
    RiwayatPelatihan,
    StandarKompetensi,
    StatusPeserta,
    StatusRiwayat,
    profil_pegawai,
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


# --- scoping ---------------------------------------------------------------------------------


def scope_by_pegawai(
    qs: QuerySet[Any], user: Any, *, pegawai_ref: str = "pegawai_id"
) -> QuerySet[Any]:
    """Rows about a pegawai: staff see those the register reaches
    (:func:`jabatan.selectors.pegawai_reach_q`, any assignment in force); an ASN only their own."""
    if not user.is_authenticated:
        return qs.none()
    if sees_all_units(user) or user_has_role(user, OPERATOR_OPD):
        reach = pegawai_reach_q(user, pegawai_ref=pegawai_ref)
        return qs if reach is None else qs.filter(reach)
    owner = "user" if pegawai_ref == "pk" else pegawai_ref.removesuffix("_id") + "__user"
    return qs.filter(**{owner: user})


def pegawai_visible(*, user: Any) -> QuerySet[Pegawai]:
    return scope_by_pegawai(Pegawai.objects.all(), user, pegawai_ref="pk")


# --- catalog ---------------------------------------------------------------------------------


def program_list(*, aktif_saja: bool = True) -> QuerySet[ProgramPelatihan]:
    qs = ProgramPelatihan.objects.prefetch_related(
        "kompetensi_list__kompetensi", "sasaran_jabatan", "sasaran_kompetensi"
    ).annotate(jumlah_angkatan=Count("angkatan"))
    return qs.filter(aktif=True) if aktif_saja else qs


# --- target groups (who a program is for) -----------------------------------------------------
# The rule itself is ProgramPelatihanQuerySet (pelatihan/models.py); these read it for a person.


def program_untuk_pegawai(
    pegawai: Pegawai, *, jabatan: Jabatan | None = None
) -> QuerySet[ProgramPelatihan]:
    """Active programs whose target group includes the ASN (in ``jabatan``, default: now)."""
    return ProgramPelatihan.objects.untuk_pegawai(pegawai, jabatan=jabatan).filter(aktif=True)


def _daftar(nilai: list[str], *, batas: int = 5) -> str:
    if len(nilai) > batas:
        return _("%(daftar)s dan %(n)d lainnya") % {
            "daftar": ", ".join(nilai[:batas]),
            "n": len(nilai) - batas,
        }
    return ", ".join(nilai)


def alasan_bukan_sasaran(
    program: ProgramPelatihan, pegawai: Pegawai, *, jabatan: Jabatan | None = None
) -> str:
    """Why the ASN is outside the program's target group, in Indonesian ("" when inside):
    the failed criteria come from the same expressions as :func:`program_untuk_pegawai`."""
    profil = profil_pegawai(pegawai, jabatan=jabatan)
    gagal = ProgramPelatihan.objects.syarat_tidak_terpenuhi(program.pk, profil)
    if not gagal:
        return ""
    # Code criteria: (message, what the ASN's record shows); the program's list fills %(daftar)s.
    kode = {
        "status": (
            _(
                "program ini hanya untuk %(daftar)s, sedangkan status kepegawaian yang tercatat %(nilai)s"
            ),
            pegawai.get_status_display(),
        ),
        "kategori": (
            _(
                "program ini hanya untuk jabatan %(daftar)s, sedangkan jabatan yang tercatat %(nilai)s"
            ),
            KategoriJabatan(profil.kategori).label
            if profil.kategori
            else _("belum ada (tidak ada jabatan definitif)"),
        ),
        "jenjang": (
            _(
                "program ini hanya untuk jenjang %(daftar)s, sedangkan jenjang yang tercatat %(nilai)s"
            ),
            Jenjang(profil.jenjang).label
            if profil.jenjang
            else _("tidak ada (bukan jabatan fungsional)"),
        ),
    }
    alasan = [
        pesan % {"daftar": _daftar(program.sasaran_label(nama)), "nilai": nilai}
        for nama, (pesan, nilai) in kode.items()
        if nama in gagal
    ]
    if "jabatan" in gagal:
        alasan.append(
            _("program ini hanya untuk pemangku jabatan %(daftar)s")
            % {"daftar": _daftar([j.nama for j in program.sasaran_jabatan.order_by("nama")])}
        )
    if "kompetensi" in gagal:
        alasan.append(
            _("program ini hanya untuk jabatan yang mensyaratkan kompetensi %(daftar)s")
            % {"daftar": _daftar([k.nama for k in program.sasaran_kompetensi.order_by("nama")])}
        )
    return "; ".join(alasan)


def program_pilihan() -> QuerySet[ProgramPelatihan]:
    """Active programs for a select box."""
    return ProgramPelatihan.objects.filter(aktif=True).only("pk", "nama", "jp").order_by("nama")


def angkatan_in_reach(*, user: Any) -> QuerySet[Angkatan]:
    """The runs ``user`` sees: those of their instansi (an ASN's, a staff member's) and the
    shared ones (no instansi); every run for a superuser. A run of another instansi is not
    there, so it answers like a missing one."""
    return scope_instansi(Angkatan.objects.all(), user, shared=True)


def angkatan_list(*, user: Any, mendatang: bool = False) -> QuerySet[Angkatan]:
    qs = (
        angkatan_in_reach(user=user)
        .select_related("program", "instansi")
        .annotate(
            jumlah_peserta=Count(
                "peserta_list", filter=~Q(peserta_list__status=StatusPeserta.BATAL)
            )
        )
    )
    if mendatang:
        qs = qs.filter(tanggal_mulai__gte=timezone.localdate())
    return qs.order_by("tanggal_mulai", "id")


def angkatan_pendaftaran_dibuka(*, user: Any, tanggal: dt.date | None = None) -> QuerySet[Angkatan]:
    tanggal = tanggal or timezone.localdate()
    return angkatan_list(user=user).filter(
        pendaftaran_mulai__lte=tanggal, pendaftaran_selesai__gte=tanggal
    )


def peserta_list(*, user: Any) -> QuerySet[Peserta]:
    return scope_by_pegawai(Peserta.objects.select_related("angkatan__program", "pegawai"), user)


# --- records ---------------------------------------------------------------------------------


def riwayat_pelatihan_list(*, user: Any) -> QuerySet[RiwayatPelatihan]:
    """Training records the user may read: own (ASN), scoped (operator) or all (BKD)."""
    return scope_by_pegawai(
        RiwayatPelatihan.objects.select_related("pegawai", "program", "diverifikasi_oleh"), user
    )


def riwayat_get(*, user: Any, pk: int) -> RiwayatPelatihan:
    """One record, or 404 when it is not the user's to see (never 403: existence is not leaked)."""
    riwayat = riwayat_pelatihan_list(user=user).filter(pk=pk).first()
    if riwayat is None:
        raise Http404
    return riwayat


def antrian_verifikasi(*, user: Any) -> QuerySet[RiwayatPelatihan]:
    if not is_staff_member(user):
        return RiwayatPelatihan.objects.none()
    return (
        riwayat_pelatihan_list(user=user)
        .filter(status=StatusRiwayat.DIAJUKAN)
        .order_by("created_at", "id")
    )


def riwayat_pegawai(pegawai: Pegawai) -> QuerySet[RiwayatPelatihan]:
    return RiwayatPelatihan.objects.filter(pegawai=pegawai).select_related("program")


# --- JP --------------------------------------------------------------------------------------
# One definition of the 20 JP figures (docs/figures.md): on a date ``as_of`` a training counts
# for the calendar year ``tahun`` (default ``as_of``'s year) when it is verified by the end of
# ``as_of`` (WIB) and completed in ``tahun`` on or before ``as_of``; the ASN counted are those
# holding a definitive position that day (``jabatan.selectors.penugasan_definitif_pada``);
# shares and averages are rounded half-up to one decimal, only at the end.

SATU_DESIMAL = Decimal("0.1")


def riwayat_jp_dihitung(*, as_of: dt.date, tahun: int | None = None) -> QuerySet[RiwayatPelatihan]:
    """The training records whose JP count for ``tahun`` as they stood on ``as_of``."""
    tahun = tahun or as_of.year
    return RiwayatPelatihan.objects.filter(
        status=StatusRiwayat.TERVERIFIKASI,
        diverifikasi_pada__lt=akhir_hari(as_of),
        tanggal_selesai__gte=dt.date(tahun, 1, 1),
        tanggal_selesai__lte=min(as_of, dt.date(tahun, 12, 31)),
    )


def bulatkan_satu_desimal(bagian: Decimal | int, total: int) -> Decimal:
    """``bagian / total`` half-up to one decimal (0.0 without a total): the one rounding rule of
    the JP shares and averages."""
    if not total:
        return Decimal("0.0")
    return (Decimal(bagian) / Decimal(total)).quantize(SATU_DESIMAL, rounding=ROUND_HALF_UP)


def jp_tahun(pegawai: Pegawai, tahun: int, *, as_of: dt.date | None = None) -> int:
    """Verified JP completed in ``tahun`` as it stood on ``as_of`` (today by default)."""
    as_of = as_of or timezone.localdate()
    total = (
        riwayat_jp_dihitung(as_of=as_of, tahun=tahun)
        .filter(pegawai=pegawai)
        .aggregate(total=Sum("jp"))["total"]
    )
    return int(total or 0)


def jp_per_tahun(
    pegawai: Pegawai,
    *,
    tahun_terakhir: int | None = None,
    jumlah: int | None = None,
    as_of: dt.date | None = None,
) -> list[tuple[int, int]]:
    """``[(tahun, jp)]`` oldest first up to ``tahun_terakhir`` (``as_of``'s year), zero-filled,
    each year counted by the rules of :func:`riwayat_jp_dihitung` on ``as_of`` (today by default).
    ``jumlah`` years, or (``None``) every year from the first one the ASN has a counted record
    for. One grouped query."""
    as_of = as_of or timezone.localdate()
    akhir = tahun_terakhir or as_of.year
    qs = RiwayatPelatihan.objects.filter(
        pegawai=pegawai,
        status=StatusRiwayat.TERVERIFIKASI,
        diverifikasi_pada__lt=akhir_hari(as_of),
        tanggal_selesai__lte=min(as_of, dt.date(akhir, 12, 31)),
    )
    if jumlah is not None:
        qs = qs.filter(tanggal_selesai__gte=dt.date(akhir - jumlah + 1, 1, 1))
    rows = (
        qs.annotate(tahun_selesai=ExtractYear("tanggal_selesai"))
        .values("tahun_selesai")
        .annotate(total=Sum("jp"))
        .order_by()
    )
    totals = {row["tahun_selesai"]: int(row["total"] or 0) for row in rows}
    awal = akhir - jumlah + 1 if jumlah is not None else min(totals, default=akhir)
    return [(tahun, totals.get(tahun, 0)) for tahun in range(awal, akhir + 1)]


def _jp_per_pegawai(as_of: dt.date, tahun: int | None) -> QuerySet[Any, Any]:
    """Each ASN's counted JP, ``total``: one row per ASN with records of
    :func:`riwayat_jp_dihitung` (an ASN without any has no row, i.e. 0 JP)."""
    return (
        riwayat_jp_dihitung(as_of=as_of, tahun=tahun)
        .order_by()
        .values("pegawai_id")
        .annotate(total=Sum("jp"))
    )


def _jp_subquery(as_of: dt.date, tahun: int | None, pegawai_ref: str = "pegawai_id") -> Coalesce:
    total = _jp_per_pegawai(as_of, tahun).filter(pegawai_id=OuterRef(pegawai_ref)).values("total")
    return Coalesce(Subquery(total, output_field=IntegerField()), Value(0))


def posisi_aktif(
    *,
    user: Any | None,
    tanggal: dt.date | None = None,
    unit_path: str = "",
    instansi_id: int | None = None,
) -> QuerySet[RiwayatJabatan]:
    """Definitive positions held on ``tanggal`` (``penugasan_definitif_pada``) in the units
    under ``unit_path`` (of ``instansi_id`` when given), scoped to the user's units
    (``user=None``: the system)."""
    tanggal = tanggal or timezone.localdate()
    qs = penugasan_definitif_pada(tanggal).filter(
        lingkup_q("formasi__unit__path", unit_path=unit_path, instansi_id=instansi_id)
    )
    if user is None:
        return qs
    if not is_staff_member(user):
        return qs.none()
    query = unit_path_q(user, "formasi__unit__path")
    return qs if query is None else qs.filter(query)


def jp_posisi(
    *,
    user: Any | None,
    as_of: dt.date | None = None,
    tahun: int | None = None,
    unit_path: str = "",
    instansi_id: int | None = None,
) -> QuerySet[WithAnnotations[RiwayatJabatan, JpAnotasi]]:
    """Positions held on ``as_of`` annotated with ``jp``: the JP counted for ``tahun`` then."""
    as_of = as_of or timezone.localdate()
    return posisi_aktif(
        user=user, tanggal=as_of, unit_path=unit_path, instansi_id=instansi_id
    ).annotate(jp=_jp_subquery(as_of, tahun))


def jp_kekurangan_list(
    *,
    user: Any,
    as_of: dt.date | None = None,
    tahun: int | None = None,
    unit: UnitOrganisasi | None = None,
) -> QuerySet[WithAnnotations[RiwayatJabatan, JpAnotasi]]:
    """ASN short of the yearly minimum, the largest shortfall (lowest JP) first."""
    qs = jp_posisi(user=user, as_of=as_of, tahun=tahun, unit_path=unit.path if unit else "").filter(
        jp__lt=jp_minimum()
    )
    return qs.select_related("pegawai", "formasi__unit", "formasi__jabatan").order_by(
        "jp", "pegawai__nama", "pk"
    )


@dataclass
class RekapUnit:
    unit: UnitOrganisasi | None
    path: str
    jumlah_asn: int
    memenuhi: int
    total_jp: int = 0

    @property
    def persen(self) -> Decimal:
        """Share of the ASN meeting the minimum, in percent, half-up to one decimal."""
        return bulatkan_satu_desimal(Decimal(self.memenuhi) * 100, self.jumlah_asn)

    @property
    def belum(self) -> int:
        return self.jumlah_asn - self.memenuhi

    @property
    def jp_per_asn(self) -> Decimal:
        return bulatkan_satu_desimal(self.total_jp, self.jumlah_asn)


@dataclass
class RekapJp:
    as_of: dt.date
    tahun: int
    minimum: int
    per_unit: list[RekapUnit]
    total: RekapUnit


def jp_tanggal_untuk_tahun(tahun: int, *, hari_ini: dt.date | None = None) -> dt.date:
    """The as-of date of a page asked about a year: today for this year (and later), the last day
    of a past year."""
    hari_ini = hari_ini or timezone.localdate()
    return hari_ini if tahun >= hari_ini.year else dt.date(tahun, 12, 31)


def jp_rekap(
    *,
    as_of: dt.date,
    user: Any | None,
    tahun: int | None = None,
    unit_path: str = "",
    tingkat: int = 1,
    instansi_id: int | None = None,
) -> RekapJp:
    """20 JP compliance on ``as_of`` per unit at tree depth ``tingkat`` (1 = OPD) and in total:
    the ASN counted and those meeting the yearly minimum (definitions above). The one selector
    behind the staff page, the API, the export and the report; one query plus the unit names."""
    tingkat = max(1, min(tingkat, 6))
    panjang = UnitOrganisasi.steplen * tingkat
    minimum = jp_minimum()
    rows = _jp_agregat(
        posisi_aktif(user=user, tanggal=as_of, unit_path=unit_path, instansi_id=instansi_id),
        kunci=Substr("formasi__unit__path", 1, panjang),
        as_of=as_of,
        tahun=tahun,
        minimum=minimum,
    )
    units = UnitOrganisasi.objects.in_bulk(list(rows), field_name="path")
    per_unit = [
        RekapUnit(unit=units.get(prefix), path=prefix, **angka) for prefix, angka in rows.items()
    ]
    total = RekapUnit(
        unit=None,
        path=unit_path,
        jumlah_asn=sum(r.jumlah_asn for r in per_unit),
        memenuhi=sum(r.memenuhi for r in per_unit),
        total_jp=sum(r.total_jp for r in per_unit),
    )
    return RekapJp(
        as_of=as_of, tahun=tahun or as_of.year, minimum=minimum, per_unit=per_unit, total=total
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
    standar = standar_map(j for _p, j in pairs)
    dimiliki = level_dimiliki_map(p for p, _j in pairs)
    punya_gap: set[int] = set()
    for pegawai_id, jabatan_id in pairs:
        levels = dimiliki.get(pegawai_id, {})
        if any(levels.get(k, 0) < level for k, level in standar.get(jabatan_id, {}).items()):
            punya_gap.add(pegawai_id)
    return len(punya_gap)


def rank_programs(
    kebutuhan: dict[int, tuple[int, int]],
    *,
    profil: ProfilSasaran,
    instansi_id: int | None,
    limit: int = 10,
) -> list[Rekomendasi]:
    """Catalog programs for ``profil``'s target group ranked by how many gap levels they close;
    each with its next run open to the ASN of ``instansi_id`` (theirs or a shared one).

    ``kebutuhan`` is ``{kompetensi_id: (level dimiliki, level standar)}`` for open gaps only.
    A program closes ``min(its level, standar) - dimiliki`` levels of each competency it develops.
    """
    if not kebutuhan:
        return []
    rows = (
        ProgramKompetensi.objects.filter(
            kompetensi_id__in=list(kebutuhan),
            program__aktif=True,
            program__in=ProgramPelatihan.objects.untuk_profil(profil),
        )
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
            instansi_id_q(instansi_id, shared=True),
            program_id__in=[r.program.pk for r in ranked],
            pendaftaran_selesai__gte=today,
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
        jabatan=jabatan,
        standar=standar,
        rekomendasi=rank_programs(
            kebutuhan, profil=ProfilSasaran.dari(pegawai, jabatan), instansi_id=pegawai.instansi_id
        ),
    )


@dataclass
class KesenjanganRencana:
    """What a pending penataan plan would mean for the ASN's competencies."""

    item: Any  # jabatan.penataan.models.ItemRencana
    jabatan: Jabatan
    analisis: AnalisisKesenjangan


def kesenjangan_rencana(
    pegawai: Pegawai, *, user: Any, jabatan_sekarang: Jabatan | None, batas: int = 3
) -> list[KesenjanganRencana]:
    """For each plan not yet applied that gives the ASN another jabatan, the gaps against that
    jabatan's standard and the programs (of that jabatan's target groups) closing them."""
    from jabatan.penataan.models import StatusRencana
    from jabatan.penataan.selectors import perubahan_saya  # it reads this module

    _pegawai, items = perubahan_saya(user=user)
    hasil: list[KesenjanganRencana] = []
    for item in items:
        if item.rencana.status == StatusRencana.DITERAPKAN:
            continue
        jabatan = item.formasi_tujuan.jabatan if item.formasi_tujuan else item.jabatan
        if jabatan is None or jabatan == jabatan_sekarang:
            continue
        hasil.append(
            KesenjanganRencana(
                item=item, jabatan=jabatan, analisis=gap_analysis(pegawai, jabatan=jabatan)
            )
        )
        if len(hasil) >= batas:
            break
    return hasil


# --- the ASN portal --------------------------------------------------------------------------


@dataclass
class RingkasanJP:
    tahun: int
    jp: int
    minimum: int
    per_tahun: list[tuple[int, int]]

    @property
    def persen(self) -> int:
        """Progress towards the minimum for the bar, whole percent half-up, at most 100."""
        if self.minimum <= 0:
            return 100
        persen = (Decimal(self.jp) * 100 / self.minimum).quantize(Decimal(1), ROUND_HALF_UP)
        return min(100, int(persen))

    @property
    def kekurangan(self) -> int:
        return max(self.minimum - self.jp, 0)

    @property
    def memenuhi(self) -> bool:
        return self.jp >= self.minimum


def ringkasan_jp(pegawai: Pegawai, *, as_of: dt.date | None = None) -> RingkasanJP:
    """One ASN's JP of ``as_of``'s year as counted on ``as_of`` (today by default): the same
    records :func:`jp_rekap` counts for that ASN."""
    as_of = as_of or timezone.localdate()
    per_tahun = jp_per_tahun(pegawai, tahun_terakhir=as_of.year, as_of=as_of)
    return RingkasanJP(
        tahun=as_of.year, jp=per_tahun[-1][1], minimum=jp_minimum(), per_tahun=per_tahun
    )


def portal_context(pegawai: Pegawai, *, as_of: dt.date | None = None) -> dict[str, Any]:
    """What the portal home shows about competency development."""
    ringkasan = ringkasan_jp(pegawai, as_of=as_of)
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


class _AngkaJp(TypedDict):
    jumlah_asn: int
    memenuhi: int
    total_jp: int


def _jp_agregat(
    posisi: QuerySet[RiwayatJabatan],
    *,
    kunci: Any,
    as_of: dt.date,
    tahun: int | None,
    minimum: int,
) -> dict[Any, _AngkaJp]:
    """The compliance counts of :func:`jp_rekap` per ``kunci`` (an expression on the positions),
    in ``kunci`` order: the ASN counted (``posisi``, a position each), those meeting ``minimum``
    and their total JP (the definitions of :func:`jp_posisi`'s ``jp``).

    One query, set-based: the positions joined once to each ASN's counted JP grouped in a
    derived table (:func:`_jp_per_pegawai`), so a figure is computed once per ASN; a correlated
    subquery per position (``jp_posisi``) ran twice per position, once per aggregate using it.
    The ORM cannot join a derived table: ``asn_portal.bulk.left_join_rows`` compiles both
    querysets and only the join and the three aggregates are written here."""
    rows = left_join_rows(
        ("posisi", posisi.order_by().values("pegawai_id", kunci=kunci)),
        ("jp", _jp_per_pegawai(as_of, tahun)),
        select="posisi.kunci, COUNT(*),"
        " SUM(CASE WHEN COALESCE(jp.total, 0) >= %s THEN 1 ELSE 0 END),"
        " COALESCE(SUM(jp.total), 0)",
        on="jp.pegawai_id = posisi.pegawai_id",
        tail="GROUP BY posisi.kunci ORDER BY posisi.kunci",
        select_params=(minimum,),
    )
    return {
        kunci: _AngkaJp(jumlah_asn=int(n), memenuhi=int(memenuhi), total_jp=int(total))
        for kunci, n, memenuhi, total in rows
    }


def jp_per_instansi(
    *, as_of: dt.date, instansi_ids: list[int], tahun: int | None = None
) -> dict[int, RekapUnit]:
    """20 JP compliance on ``as_of`` per instansi (the definitions of :func:`jp_rekap`: the
    positions of :func:`posisi_aktif`), in one query grouped by the position's instansi whatever
    their number. A row's ``unit`` is None and its ``path`` empty: it is a whole instansi."""
    rows = _jp_agregat(
        posisi_aktif(user=None, tanggal=as_of).filter(formasi__unit__instansi_id__in=instansi_ids),
        kunci=F("formasi__unit__instansi_id"),
        as_of=as_of,
        tahun=tahun,
        minimum=jp_minimum(),
    )
    return {
        instansi_id: RekapUnit(unit=None, path="", **angka) for instansi_id, angka in rows.items()
    }
