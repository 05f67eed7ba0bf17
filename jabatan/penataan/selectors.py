"""Reads of the restructuring plans: who sees which plan, the before/after preview, and the
plans affecting one ASN. Lists take ``user=`` and scope through ``asn_portal.access``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asn_portal.access import (
    scope_instansi,
    scoped_related_queryset,
    sees_all_units,
    unit_path_q,
)
from asn_portal.periode import WIB, JenisPeriode, Periode
from asn_portal.roles import OPERATOR_OPD, user_has_role
from jabatan.models import (
    KATEGORI_FUNGSIONAL,
    KATEGORI_STRUKTURAL,
    Formasi,
    Jabatan,
    Pegawai,
    RiwayatJabatan,
    UnitOrganisasi,
)
from jabatan.penataan.hitung import formasi_angka
from jabatan.penataan.models import (
    JENIS_PERPINDAHAN,
    ItemRencana,
    JenisItem,
    JenisRencana,
    RencanaPenataan,
    StatusRencana,
    TransisiRencana,
)
from jabatan.penataan.validation import HasilValidasi, Masalah, load_items, rencana_validate
from jabatan.selectors import penugasan_definitif_pada
from pelatihan.selectors import pegawai_with_gaps_count

STATUS_TERLIHAT_ASN = (StatusRencana.DIAJUKAN, StatusRencana.DISETUJUI, StatusRencana.DITERAPKAN)


def _item_scope_q(user: Any) -> Q:
    query = Q(pk__in=[])
    for path_field in ("formasi_asal__unit__path", "formasi_tujuan__unit__path", "unit__path"):
        part = unit_path_q(user, path_field)
        if part is not None:
            query |= part
    return query


def rencana_penataan_for_user(*, user: Any) -> QuerySet[RencanaPenataan]:
    """Plans the user may see: all for Admin BKD/Verifikator; for an Operator OPD the plans
    they drafted and those touching their units."""
    plans = RencanaPenataan.objects.all()
    if sees_all_units(user):
        return scope_instansi(plans, user)
    if not user_has_role(user, OPERATOR_OPD):
        return plans.none()
    touching = ItemRencana.objects.filter(_item_scope_q(user)).values("rencana_id")
    return plans.filter(Q(dibuat_oleh=user) | Q(pk__in=touching))


def rencana_list(*, user: Any) -> QuerySet[RencanaPenataan]:
    return (
        rencana_penataan_for_user(user=user)
        .select_related("dibuat_oleh", "diajukan_oleh", "diputuskan_oleh", "diterapkan_oleh")
        .annotate(jumlah_item=Count("items"))
        .order_by("-created_at", "-id")
    )


def item_for_user(*, user: Any) -> QuerySet[ItemRencana]:
    return ItemRencana.objects.filter(
        rencana__in=rencana_penataan_for_user(user=user)
    ).select_related(
        "rencana",
        "pegawai",
        "formasi_asal__jabatan",
        "formasi_asal__unit",
        "formasi_tujuan__jabatan",
        "formasi_tujuan__unit",
        "unit",
        "jabatan",
    )


def perubahan_saya(*, user: Any) -> tuple[Pegawai | None, list[ItemRencana]]:
    """Plan items moving the logged-in ASN (submitted, approved or applied plans only)."""
    if not user.is_authenticated:
        return None, []
    pegawai = Pegawai.objects.filter(user=user).first()
    if pegawai is None:
        return None, []
    items = list(
        ItemRencana.objects.filter(pegawai=pegawai, rencana__status__in=STATUS_TERLIHAT_ASN)
        .select_related(
            "rencana",
            "formasi_asal__jabatan",
            "formasi_asal__unit",
            "formasi_tujuan__jabatan",
            "formasi_tujuan__unit",
            "jabatan",
        )
        .order_by("-rencana__tmt", "-rencana_id")
    )
    return pegawai, items


def masalah_ringkasan(hasil: HasilValidasi) -> list[dict[str, Any]]:
    """Problems counted per kind, errors first, so a plan of thousands of items stays legible."""
    per_kode: dict[str, dict[str, Any]] = {}
    for m in hasil.masalah:
        baris = per_kode.setdefault(
            m.kode,
            {"kode": m.kode, "is_error": m.is_error, "tingkat": m.tingkat, "contoh": m.pesan},
        )
        baris["jumlah"] = baris.get("jumlah", 0) + 1
        baris["tanpa_alasan"] = baris.get("tanpa_alasan", 0) + (0 if m.is_error or m.diakui else 1)
    return sorted(per_kode.values(), key=lambda b: (not b["is_error"], -b["jumlah"], b["kode"]))


# --- preview --------------------------------------------------------------------------------------

KELOMPOK = (
    ("struktural", _("Struktural")),
    ("fungsional", _("Fungsional")),
    ("pelaksana", _("Pelaksana")),
)


def kelompok_jabatan(jabatan: Jabatan) -> str:
    if jabatan.kategori in KATEGORI_STRUKTURAL:
        return "struktural"
    if jabatan.kategori in KATEGORI_FUNGSIONAL:
        return "fungsional"
    return "pelaksana"


@dataclass
class Slot:
    """One position of one unit (a formasi, existing or to be formed), before and after."""

    unit: UnitOrganisasi
    jabatan: Jabatan
    kebutuhan: int = 0
    aktif_sebelum: bool = False
    aktif_sesudah: bool = False
    bezetting_sebelum: int = 0
    bezetting_sesudah: int = 0

    @property
    def selisih_sebelum(self) -> int:
        return self.bezetting_sebelum - self.kebutuhan

    @property
    def selisih_sesudah(self) -> int:
        return self.bezetting_sesudah - self.kebutuhan

    @property
    def berubah(self) -> bool:
        return (self.aktif_sebelum, self.bezetting_sebelum) != (
            self.aktif_sesudah,
            self.bezetting_sesudah,
        )


@dataclass
class UnitPratinjau:
    unit: UnitOrganisasi
    depth: int
    slots: list[Slot] = field(default_factory=list)

    def _sum(self, attr: str, aktif: str) -> int:
        return sum(getattr(s, attr) for s in self.slots if getattr(s, aktif))

    @property
    def kebutuhan_sebelum(self) -> int:
        return self._sum("kebutuhan", "aktif_sebelum")

    @property
    def kebutuhan_sesudah(self) -> int:
        return self._sum("kebutuhan", "aktif_sesudah")

    @property
    def bezetting_sebelum(self) -> int:
        return sum(s.bezetting_sebelum for s in self.slots)

    @property
    def bezetting_sesudah(self) -> int:
        return sum(s.bezetting_sesudah for s in self.slots)

    @property
    def selisih_absolut_sebelum(self) -> int:
        return sum(
            abs(s.selisih_sebelum) for s in self.slots if s.aktif_sebelum or s.bezetting_sebelum
        )

    @property
    def selisih_absolut_sesudah(self) -> int:
        return sum(
            abs(s.selisih_sesudah) for s in self.slots if s.aktif_sesudah or s.bezetting_sesudah
        )


@dataclass
class Perpindahan:
    item: ItemRencana
    jabatan_asal: Jabatan
    jabatan_tujuan: Jabatan
    unit_tujuan: UnitOrganisasi

    @property
    def selisih_kelas(self) -> int:
        return self.jabatan_tujuan.kelas_jabatan - self.jabatan_asal.kelas_jabatan


# The per-ASN table is the only part of the preview that grows with the plan; it is cut here.
BATAS_PERPINDAHAN = 100


@dataclass
class Pratinjau:
    units: list[UnitPratinjau]
    perpindahan: list[Perpindahan]
    komposisi: list[dict[str, Any]]
    jumlah_kesenjangan: int | None

    @property
    def perpindahan_ditampilkan(self) -> list[Perpindahan]:
        return self.perpindahan[:BATAS_PERPINDAHAN]

    @property
    def perpindahan_tersembunyi(self) -> int:
        return max(len(self.perpindahan) - BATAS_PERPINDAHAN, 0)

    @property
    def units_berubah(self) -> list[UnitPratinjau]:
        return [u for u in self.units if any(s.berubah for s in u.slots)]


def _ancestor_paths(path: str, steplen: int) -> list[str]:
    return [path[:end] for end in range(steplen, len(path) + 1, steplen)]


def rencana_pratinjau(
    rencana: RencanaPenataan, *, items: list[ItemRencana] | None = None
) -> Pratinjau:
    """The plan's effect on the touched units, in a constant number of queries."""
    items = load_items(rencana) if items is None else items
    applied = rencana.status == StatusRencana.DITERAPKAN
    unit_ids: set[int] = set()
    for item in items:
        for terkait in (item.formasi_asal, item.formasi_tujuan):
            if terkait is not None:
                unit_ids.add(terkait.unit_id)
        if item.unit_id:
            unit_ids.add(item.unit_id)
    formasi = list(
        Formasi.objects.filter(
            Q(unit_id__in=unit_ids) & (Q(aktif=True) | Q(pk__in=_formasi_ids(items)))
        ).select_related("jabatan", "unit")
    )
    angka = formasi_angka(f.pk for f in formasi)
    slots: dict[tuple[int, int], Slot] = {}
    for f in formasi:
        kebutuhan, bezetting = angka[f.pk]
        slots[(f.unit_id, f.jabatan_id)] = Slot(
            unit=f.unit,
            jabatan=f.jabatan,
            kebutuhan=kebutuhan,
            aktif_sebelum=f.aktif,
            aktif_sesudah=f.aktif,
            bezetting_sebelum=bezetting,
            bezetting_sesudah=bezetting,
        )
    units_by_id = {f.unit_id: f.unit for f in formasi} | {
        i.unit.pk: i.unit for i in items if i.unit is not None
    }

    def slot(unit_id: int, jabatan: Jabatan) -> Slot:
        key = (unit_id, jabatan.pk)
        if key not in slots:
            slots[key] = Slot(unit=units_by_id[unit_id], jabatan=jabatan)
        return slots[key]

    perpindahan: list[Perpindahan] = []
    if not applied:
        for item in items:
            if (
                item.jenis == JenisItem.PEMBENTUKAN_FORMASI
                and item.unit_id
                and item.jabatan is not None
            ):
                slot(item.unit_id, item.jabatan).aktif_sesudah = True
        for item in items:
            asal = item.formasi_asal
            if (
                item.jenis in (JenisItem.PENYETARAAN, JenisItem.PENGHAPUSAN_FORMASI)
                and asal is not None
            ):
                slot(asal.unit_id, asal.jabatan).aktif_sesudah = False
            if (
                item.jenis == JenisItem.PENYETARAAN
                and asal is not None
                and item.jabatan is not None
            ):
                slot(asal.unit_id, item.jabatan).aktif_sesudah = True
        for item in items:
            tujuan = _tujuan(item)
            if tujuan is None:
                continue
            asal, unit_tujuan, jabatan_tujuan = tujuan
            slot(asal.unit_id, asal.jabatan).bezetting_sesudah -= 1
            slot(unit_tujuan.pk, jabatan_tujuan).bezetting_sesudah += 1
            perpindahan.append(Perpindahan(item, asal.jabatan, jabatan_tujuan, unit_tujuan))
    else:
        # After an apply the register already shows the new state; the "before" is rebuilt
        # from what the plan recorded, so the page stays a faithful account of the change.
        for s in slots.values():
            s.aktif_sebelum = s.aktif_sesudah
        for item in items:
            key = _hasil_key(item)
            if item.formasi_diaktifkan and key is not None and key in slots:
                slots[key].aktif_sebelum = False
            if item.formasi_dinonaktifkan and item.formasi_asal is not None:
                slot(item.formasi_asal.unit_id, item.formasi_asal.jabatan).aktif_sebelum = True
        for item in items:
            tujuan = _tujuan(item)
            if tujuan is None:
                continue
            asal, unit_tujuan, jabatan_tujuan = tujuan
            slot(asal.unit_id, asal.jabatan).bezetting_sebelum += 1
            slot(unit_tujuan.pk, jabatan_tujuan).bezetting_sebelum -= 1
            perpindahan.append(Perpindahan(item, asal.jabatan, jabatan_tujuan, unit_tujuan))

    paths = {
        p for u in units_by_id.values() for p in _ancestor_paths(u.path, UnitOrganisasi.steplen)
    }
    tree = list(UnitOrganisasi.objects.filter(path__in=paths).order_by("path"))
    per_unit: dict[int, UnitPratinjau] = {}
    base_depth = min((u.depth for u in tree), default=1)
    for unit in tree:
        per_unit[unit.pk] = UnitPratinjau(unit=unit, depth=unit.depth - base_depth)
    for s in sorted(
        slots.values(),
        key=lambda s: (kelompok_jabatan(s.jabatan), -s.jabatan.kelas_jabatan, s.jabatan.nama),
    ):
        if s.aktif_sebelum or s.aktif_sesudah or s.bezetting_sebelum or s.bezetting_sesudah:
            per_unit[s.unit.pk].slots.append(s)

    komposisi = []
    for kode, label in KELOMPOK:
        chosen = [s for s in slots.values() if kelompok_jabatan(s.jabatan) == kode]
        komposisi.append(
            {
                "kode": kode,
                "label": label,
                "formasi_sebelum": sum(1 for s in chosen if s.aktif_sebelum),
                "formasi_sesudah": sum(1 for s in chosen if s.aktif_sesudah),
                "pegawai_sebelum": sum(s.bezetting_sebelum for s in chosen),
                "pegawai_sesudah": sum(s.bezetting_sesudah for s in chosen),
            }
        )
    pairs = [(p.item.pegawai_id, p.jabatan_tujuan.pk) for p in perpindahan if p.item.pegawai_id]
    return Pratinjau(
        units=list(per_unit.values()),
        perpindahan=perpindahan,
        komposisi=komposisi,
        jumlah_kesenjangan=_jumlah_kesenjangan(pairs),
    )


def _formasi_ids(items: list[ItemRencana]) -> set[int]:
    return {
        pk
        for item in items
        for pk in (item.formasi_asal_id, item.formasi_tujuan_id, item.formasi_hasil_id)
        if pk
    }


def _hasil_key(item: ItemRencana) -> tuple[int, int] | None:
    """(unit, jabatan) of the formasi an item formed or reached."""
    if item.jenis == JenisItem.PEMBENTUKAN_FORMASI and item.unit_id and item.jabatan_id:
        return item.unit_id, item.jabatan_id
    if item.formasi_asal is not None and item.jabatan_id:
        return item.formasi_asal.unit_id, item.jabatan_id
    return None


def _tujuan(item: ItemRencana) -> tuple[Formasi, UnitOrganisasi, Jabatan] | None:
    """(formasi asal, unit tujuan, jabatan tujuan) of an item moving an ASN, else None."""
    asal = item.formasi_asal
    if not item.pegawai_id or asal is None:
        return None
    if item.jenis == JenisItem.PENYETARAAN and item.jabatan is not None:
        return asal, asal.unit, item.jabatan
    tujuan = item.formasi_tujuan
    if item.jenis in (JenisItem.MUTASI, JenisItem.PROMOSI) and tujuan is not None:
        return asal, tujuan.unit, tujuan.jabatan
    return None


def _jumlah_kesenjangan(pairs: list[tuple[int, int]]) -> int | None:
    """ASN who will lack a competency their new position requires (pelatihan app)."""
    if not pairs:
        return 0
    return pegawai_with_gaps_count(pairs)


# --- a new item on the plan's page: the ASN, their current formasi, the target ---------------------

CARI_PEGAWAI_BATAS = 10


def penugasan_sekarang(pegawai_ids: list[int]) -> dict[int, RiwayatJabatan]:
    """The open definitive assignment in force today of each ASN (the one rule,
    ``jabatan.selectors.penugasan_definitif_pada``): what a moving item starts from."""
    return {
        r.pegawai_id: r
        for r in penugasan_definitif_pada(timezone.localdate())
        .filter(pegawai_id__in=pegawai_ids, tmt_selesai__isnull=True)
        .select_related("formasi__jabatan", "formasi__unit")
        .order_by("pegawai_id", "-tmt_mulai")
    }


def pegawai_cari(*, user: Any, q: str) -> list[tuple[Pegawai, RiwayatJabatan | None]]:
    """ASN a user may put in a plan item (their write scope), by name or NIP, with the formasi
    each holds now; two queries whatever the number of matches."""
    q = q.strip()
    digits = q.replace(" ", "")
    if len(q) < 2:
        return []
    match = Q(nama__icontains=q)
    if digits.isdigit():
        match |= Q(nip__startswith=digits)
    pegawai = list(
        scoped_related_queryset(Pegawai, user)
        .filter(match)
        .order_by("nama", "nip")[:CARI_PEGAWAI_BATAS]
    )
    sekarang = penugasan_sekarang([p.pk for p in pegawai])
    return [(p, sekarang.get(p.pk)) for p in pegawai]


def unit_tujuan_pilihan(*, user: Any) -> QuerySet[UnitOrganisasi]:
    return scoped_related_queryset(UnitOrganisasi, user).filter(aktif=True).order_by("path")


def formasi_tujuan_pilihan(*, user: Any, unit_id: int) -> list[dict[str, Any]]:
    """The active formasi of one unit a user may move an ASN into, with need and holders."""
    formasi = list(
        scoped_related_queryset(Formasi, user)
        .filter(unit_id=unit_id, aktif=True)
        .select_related("jabatan")
        .order_by("jabatan__nama")
    )
    angka = formasi_angka({f.pk for f in formasi})
    return [
        {
            "id": f.pk,
            "jabatan": f.jabatan.nama,
            "kelas": f.jabatan.kelas_jabatan,
            "kebutuhan": angka.get(f.pk, (0, 0))[0],
            "bezetting": angka.get(f.pk, (0, 0))[1],
        }
        for f in formasi
    ]


def item_baru_periksa(
    rencana: RencanaPenataan, item: ItemRencana, *, items: list[ItemRencana] | None = None
) -> list[Masalah]:
    """The validation result of an item not yet saved, judged with the whole plan, exactly as
    it will be judged once added (``rencana_validate``)."""
    items = load_items(rencana) if items is None else items
    nomor = len(items) + 1
    hasil = rencana_validate(rencana, items=[*items, item])
    return [m for m in hasil.masalah if m.nomor == nomor]


# --- plans applied, across instansi ----------------------------------------------------------------


def rencana_dibalik(batas: dt.datetime) -> QuerySet[RencanaPenataan]:
    """Plans taken back by a reversal plan (``pembalikan``) applied before ``batas``: what they
    changed no longer stands, so the counts of applied plans leave them out."""
    return RencanaPenataan.objects.filter(
        pembalikan__transisi__ke_status=StatusRencana.DITERAPKAN,
        pembalikan__transisi__pada__lt=batas,
    )


@dataclass(frozen=True)
class PenerapanTriwulan:
    """Plans applied in one quarter by one instansi: plans, their items, the ASN they moved."""

    rencana: int = 0
    item: int = 0
    asn: int = 0


def penerapan_per_triwulan(
    *, instansi_ids: list[int], mulai: dt.datetime, batas: dt.datetime
) -> dict[tuple[int, Periode], PenerapanTriwulan]:
    """Restructuring plans applied from ``mulai`` to before ``batas``, per (plan's instansi,
    quarter in WIB) in one grouped query whatever the number of instansi. A reversal plan is not
    a restructuring of its own, and a plan reversed before ``batas`` (:func:`rencana_dibalik`) no
    longer counts; ASN moved are the distinct ASN of its mutasi/promosi/penyetaraan items."""
    rows = (
        TransisiRencana.objects.filter(
            ke_status=StatusRencana.DITERAPKAN,
            pada__gte=mulai,
            pada__lt=batas,
            rencana__instansi_id__in=instansi_ids,
        )
        .exclude(rencana__jenis=JenisRencana.PEMBALIKAN)
        .exclude(rencana_id__in=rencana_dibalik(batas).values("pk"))
        .annotate(th=ExtractYear("pada", tzinfo=WIB), tw=ExtractQuarter("pada", tzinfo=WIB))
        .order_by()
        .values("rencana__instansi_id", "th", "tw")
        .annotate(
            n_rencana=Count("rencana", distinct=True),
            n_item=Count("rencana__items", distinct=True),
            n_asn=Count(
                "rencana__items__pegawai",
                distinct=True,
                filter=Q(rencana__items__jenis__in=sorted(JENIS_PERPINDAHAN)),
            ),
        )
    )
    return {
        (row["rencana__instansi_id"], Periode(row["th"], JenisPeriode.TRIWULAN, row["tw"])): (
            PenerapanTriwulan(rencana=row["n_rencana"], item=row["n_item"], asn=row["n_asn"])
        )
        for row in rows
    }
