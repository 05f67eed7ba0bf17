"""Writes to the register. Every entry point (admin, API, pages, commands, other apps) calls these,
so each rule (scope, NIP, one open definitive assignment, …) is written once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from asn_portal.access import (
    can_manage_unit,
    instansi_of_new_rows,
    not_found_message,
    reaches_instansi,
    sees_all_units,
    sees_every_instansi,
)
from jabatan.abk import HasilAbk, abk_compute  # noqa: F401 - part of this module's interface
from jabatan.models import (
    Formasi,
    JenisPenugasan,
    Pegawai,
    RiwayatJabatan,
    StatusAktif,
    UnitOrganisasi,
    UraianTugas,
)
from jabatan.nip import normalize_nip
from jabatan.selectors import formasi_with_needs, pegawai_list

NIP_TIDAK_DAPAT_DIGUNAKAN = _lazy("NIP tidak dapat digunakan; hubungi BKD.")

PEGAWAI_FIELDS = (
    "nip",
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "status",
    "golongan",
    "tmt_golongan",
    "pendidikan_terakhir",
    "status_aktif",
    "email",
)


def _require_unit(user: Any, unit: UnitOrganisasi) -> None:
    if user is not None and not can_manage_unit(user, unit):
        raise PermissionDenied(_("Unit %(u)s di luar kewenangan Anda.") % {"u": unit.nama})


def _pegawai_in_reach(user: Any, pegawai: Pegawai) -> bool:
    if user is None or sees_every_instansi(user):
        return True

    return pegawai_list(user=user).filter(pk=pegawai.pk).exists()


def nip_available_check(*, user: Any, nip: str, pegawai: Pegawai | None = None) -> None:
    """Refuse a NIP already held by another record without saying where, when that record lies
    outside the caller's reach: an operator learns nothing about other units' ASN. Within reach
    the usual uniqueness message (naming nothing) stays. Imports call this per row too."""
    if user is None or sees_every_instansi(user):
        return
    holder = Pegawai.objects.filter(nip=normalize_nip(nip))
    if pegawai is not None and pegawai.pk is not None:
        holder = holder.exclude(pk=pegawai.pk)
    other = holder.first()
    if other is not None and not _pegawai_in_reach(user, other):
        raise ValidationError({"nip": NIP_TIDAK_DAPAT_DIGUNAKAN})


@transaction.atomic
def pegawai_create(
    *,
    user: Any,
    nip: str,
    nama: str,
    status: str,
    golongan: str,
    gelar_depan: str = "",
    gelar_belakang: str = "",
    tmt_golongan: dt.date | None = None,
    pendidikan_terakhir: str = "",
    status_aktif: str = StatusAktif.AKTIF,
    email: str = "",
    akun: Any = None,
    formasi: Formasi | None = None,
    tmt_mulai: dt.date | None = None,
    jenis: str = JenisPenugasan.DEFINITIF,
    nomor_sk: str = "",
    tanggal_sk: dt.date | None = None,
) -> Pegawai:
    """Register an ASN, optionally placing them on a formasi in the same transaction.

    An Operator OPD must place the new ASN in one of their units: a record without an
    assignment would fall outside their reach the moment it is saved.
    """
    penempatan_awal_check(user=user, formasi=formasi, tmt_mulai=tmt_mulai)
    nip_available_check(user=user, nip=nip)
    pegawai = Pegawai(
        nip=normalize_nip(nip),
        nama=nama.strip(),
        status=status,
        golongan=golongan,
        gelar_depan=gelar_depan,
        gelar_belakang=gelar_belakang,
        tmt_golongan=tmt_golongan,
        pendidikan_terakhir=pendidikan_terakhir,
        status_aktif=status_aktif,
        email=email,
        user=akun,
        instansi_id=formasi.unit.instansi_id if formasi is not None else instansi_of_new_rows(user),
    )
    pegawai.full_clean()
    pegawai.save()
    if formasi is not None and tmt_mulai is not None:
        riwayat_open(
            pegawai=pegawai,
            formasi=formasi,
            tmt=tmt_mulai,
            jenis=jenis,
            nomor_sk=nomor_sk,
            tanggal_sk=tanggal_sk,
            user=user,
        )
    return pegawai


def penempatan_awal_check(*, user: Any, formasi: Formasi | None, tmt_mulai: dt.date | None) -> None:
    """Raise ValidationError when a new ASN's first placement is missing or out of reach."""
    if formasi is None:
        if user is not None and not sees_all_units(user):
            raise ValidationError(
                {"formasi": _("Pilih formasi di unit Anda sebagai penempatan awal pegawai baru.")}
            )
        return
    if user is not None and not can_manage_unit(user, formasi.unit):
        raise ValidationError({"formasi": _("Formasi ini di luar unit kewenangan Anda.")})
    if not formasi.aktif:
        raise ValidationError({"formasi": _("Formasi %(f)s tidak aktif.") % {"f": formasi}})
    if tmt_mulai is None:
        raise ValidationError({"tmt_mulai": _("TMT mulai penempatan wajib diisi.")})


@transaction.atomic
def pegawai_update(*, pegawai: Pegawai, user: Any, **changes: Any) -> Pegawai:
    """Change register fields; the NIP-derived fields follow the (possibly new) NIP."""
    if not _pegawai_in_reach(user, pegawai):
        raise PermissionDenied(_("Pegawai ini di luar kewenangan Anda."))
    unknown = set(changes) - set(PEGAWAI_FIELDS) - {"akun"}
    if unknown:
        raise ValueError(f"unknown Pegawai fields: {sorted(unknown)}")
    for name, value in changes.items():
        if name == "akun":
            pegawai.user = value
        elif name == "nip":
            nip_available_check(user=user, nip=value, pegawai=pegawai)
            pegawai.nip = normalize_nip(value)
        else:
            setattr(pegawai, name, value)
    pegawai.full_clean()
    pegawai.save()
    return pegawai


@transaction.atomic
def pegawai_retire(*, pegawai: Pegawai, tanggal: dt.date, user: Any) -> Pegawai:
    """Retire an ASN from ``tanggal``: every assignment still running ends that day."""
    if not _pegawai_in_reach(user, pegawai):
        raise PermissionDenied(_("Pegawai ini di luar kewenangan Anda."))
    for riwayat in (
        RiwayatJabatan.objects.select_for_update()
        .filter(pegawai=pegawai)
        .filter(Q(tmt_selesai__isnull=True) | Q(tmt_selesai__gt=tanggal))
    ):
        if riwayat.tmt_mulai >= tanggal:
            raise ValidationError(
                {
                    "tanggal": _(
                        "Penugasan %(r)s dimulai pada/sesudah %(t)s; tidak dapat dipensiunkan pada tanggal itu."
                    )
                    % {"r": riwayat.formasi, "t": tanggal.isoformat()}
                }
            )
        riwayat.tmt_selesai = tanggal
        riwayat.keterangan = (riwayat.keterangan + " " if riwayat.keterangan else "") + _("Pensiun")
        riwayat.full_clean()
        riwayat.save()
    pegawai.status_aktif = StatusAktif.PENSIUN
    pegawai.full_clean()
    pegawai.save()
    return pegawai


def riwayat_open_check(
    *, pegawai: Pegawai, formasi: Formasi, tmt: dt.date, jenis: str, user: Any
) -> None:
    """The rules ``riwayat_open`` enforces, without writing (forms call it to show errors)."""
    if user is not None and not can_manage_unit(user, formasi.unit):
        raise ValidationError({"formasi": _("Formasi ini di luar unit kewenangan Anda.")})
    if not formasi.aktif:
        raise ValidationError({"formasi": _("Formasi %(f)s tidak aktif.") % {"f": formasi}})
    if pegawai.status_aktif != StatusAktif.AKTIF:
        raise ValidationError(
            {"pegawai": _("Pegawai %(p)s tidak berstatus aktif.") % {"p": pegawai.nama_lengkap}}
        )
    if jenis == JenisPenugasan.DEFINITIF:
        later = (
            RiwayatJabatan.objects.definitif().filter(pegawai=pegawai, tmt_mulai__gte=tmt).first()
        )
        if later is not None:
            raise ValidationError(
                {
                    "tmt_mulai": _(
                        "Sudah ada jabatan definitif mulai %(t)s; TMT baru harus sesudahnya."
                    )
                    % {"t": later.tmt_mulai.isoformat()}
                }
            )
    elif (
        RiwayatJabatan.objects.aktif_pada(tmt)
        .filter(pegawai=pegawai, formasi=formasi, jenis=jenis)
        .exists()
    ):
        raise ValidationError(
            {"formasi": _("Pegawai ini sudah ditugaskan pada formasi ini pada TMT tersebut.")}
        )


@transaction.atomic
def riwayat_open(
    *,
    pegawai: Pegawai,
    formasi: Formasi,
    tmt: dt.date,
    jenis: str = JenisPenugasan.DEFINITIF,
    nomor_sk: str = "",
    tanggal_sk: dt.date | None = None,
    keterangan: str = "",
    user: Any,
) -> RiwayatJabatan:
    """Assign ``pegawai`` to ``formasi`` from ``tmt``.

    A new definitive assignment ends the running one on the same day (mutasi/promosi). The
    pegawai row is locked first so that two concurrent assignments of one ASN run one after the
    other; the database constraints remain the last line of defence.
    """
    _require_unit(user, formasi.unit)
    Pegawai.objects.select_for_update().filter(pk=pegawai.pk).first()
    riwayat_open_check(pegawai=pegawai, formasi=formasi, tmt=tmt, jenis=jenis, user=user)
    if jenis == JenisPenugasan.DEFINITIF:
        running = (
            RiwayatJabatan.objects.definitif()
            .filter(pegawai=pegawai)
            .filter(Q(tmt_selesai__isnull=True) | Q(tmt_selesai__gt=tmt))
            .select_for_update()
        )
        for current in running:
            current.tmt_selesai = tmt
            current.full_clean()
            current.save()
    riwayat = RiwayatJabatan(
        pegawai=pegawai,
        formasi=formasi,
        jenis=jenis,
        tmt_mulai=tmt,
        nomor_sk=nomor_sk,
        tanggal_sk=tanggal_sk,
        keterangan=keterangan,
    )
    riwayat.full_clean()
    riwayat.save()
    return riwayat


@transaction.atomic
def riwayat_close(*, riwayat: RiwayatJabatan, tmt_selesai: dt.date, user: Any) -> RiwayatJabatan:
    """End an assignment; ``tmt_selesai`` is the first day the ASN no longer holds it."""
    _require_unit(user, riwayat.formasi.unit)
    riwayat.tmt_selesai = tmt_selesai
    riwayat.full_clean()
    riwayat.save()
    return riwayat


@transaction.atomic
def riwayat_update(
    *,
    riwayat: RiwayatJabatan,
    user: Any,
    nomor_sk: str,
    tanggal_sk: dt.date | None,
    keterangan: str,
    tmt_selesai: dt.date | None,
) -> RiwayatJabatan:
    """Correct the SK data or the end of an assignment (who, where and since when stay fixed)."""
    _require_unit(user, riwayat.formasi.unit)
    riwayat.nomor_sk, riwayat.tanggal_sk, riwayat.keterangan = nomor_sk, tanggal_sk, keterangan
    riwayat.tmt_selesai = tmt_selesai
    riwayat.full_clean()
    riwayat.save()
    return riwayat


@transaction.atomic
def unit_clone(
    *,
    unit: UnitOrganisasi,
    parent: UnitOrganisasi | None,
    kode_prefix: str,
    user: Any,
    nama: str | None = None,
) -> UnitOrganisasi:
    """Copy ``unit`` with its sub-units, formasi and ABK rows (not the people) under ``parent``.

    Kodes keep their tail: with ``unit.kode`` "DINKES.06" and prefix "DINKES.09", sub-unit
    "DINKES.06.01" becomes "DINKES.09.01". Forty puskesmas share one structure this way.
    """
    _require_unit(user, unit)
    if parent is not None:
        _require_unit(user, parent)
    elif user is not None and not sees_all_units(user):
        raise PermissionDenied(_("Hanya Admin BKD yang dapat membuat OPD baru."))
    kode_prefix = kode_prefix.strip()
    if not kode_prefix:
        raise ValidationError({"kode_prefix": _("Kode unit baru wajib diisi.")})
    source = list(UnitOrganisasi.objects.filter(path__startswith=unit.path).order_by("path"))
    new_kodes = {u.pk: kode_prefix + u.kode[len(unit.kode) :] for u in source}
    clash = (
        UnitOrganisasi.objects.filter(kode__in=new_kodes.values())
        .values_list("kode", flat=True)
        .first()
    )
    if clash:
        raise ValidationError({"kode_prefix": _("Kode unit %(k)s sudah dipakai.") % {"k": clash}})
    copies: dict[str, UnitOrganisasi] = {}
    for node in source:
        data = {
            "kode": new_kodes[node.pk],
            "nama": (nama or node.nama) if node.pk == unit.pk else node.nama,
            "jenis": node.jenis,
            "aktif": node.aktif,
            "berlaku_sejak": node.berlaku_sejak,
            "berlaku_sampai": node.berlaku_sampai,
        }
        UnitOrganisasi(**data).full_clean(
            exclude=["path", "depth", "numchild"], validate_unique=False
        )
        if node.pk == unit.pk:
            if parent is None:
                data["instansi_id"] = unit.instansi_id
                copy = UnitOrganisasi.objects.add_root(create_kwargs=data)
            else:
                parent.refresh_from_db()
                copy = UnitOrganisasi.objects.add_child(parent, create_kwargs=data)
        else:
            induk = copies[node.path[: -UnitOrganisasi.steplen]]
            induk.refresh_from_db()
            copy = UnitOrganisasi.objects.add_child(induk, create_kwargs=data)
        copies[node.path] = copy
    by_pk = {node.pk: copies[node.path] for node in source}
    formasi_list = list(Formasi.objects.filter(unit__in=source).prefetch_related("uraian_tugas"))
    for formasi in formasi_list:
        # One save per row (not bulk_create) so that the audit log records every copy.
        copy_formasi = Formasi.objects.create(
            unit=by_pk[formasi.unit_id],
            jabatan_id=formasi.jabatan_id,
            aktif=formasi.aktif,
            catatan=formasi.catatan,
        )
        for tugas in formasi.uraian_tugas.all():
            UraianTugas.objects.create(
                formasi=copy_formasi,
                urutan=tugas.urutan,
                uraian=tugas.uraian,
                hasil_kerja=tugas.hasil_kerja,
                volume_per_tahun=tugas.volume_per_tahun,
                norma_waktu_menit=tugas.norma_waktu_menit,
            )
    return copies[unit.path]


def abk_formasi(*, formasi: Formasi, tanggal: dt.date | None = None) -> HasilAbk:
    """The ABK of one formasi (two queries); lists use ``selectors.formasi_with_needs``."""

    annotated = formasi_with_needs(user=None, tanggal=tanggal).get(pk=formasi.pk)
    return annotated.abk


@transaction.atomic
def unit_create(
    *,
    user: Any,
    induk: UnitOrganisasi | None,
    kode: str,
    nama: str,
    jenis: str,
    aktif: bool = True,
    berlaku_sejak: dt.date | None = None,
    berlaku_sampai: dt.date | None = None,
    instansi_id: int | None = None,
) -> UnitOrganisasi:
    """Add a unit under ``induk`` (an operator may only add beneath their own units). A new OPD
    belongs to the user's instansi; ``instansi_id`` (another one) only for a superuser or a
    system call (``user=None``)."""
    if induk is None:
        if user is not None and not sees_all_units(user):
            raise PermissionDenied(_("Hanya Admin BKD yang dapat membuat OPD baru."))
        if instansi_id is not None and user is not None and not reaches_instansi(user, instansi_id):
            raise ValidationError({"instansi": not_found_message(instansi_id)})
    else:
        _require_unit(user, induk)
    if induk is not None:
        instansi_id = induk.instansi_id
    elif instansi_id is None:
        instansi_id = instansi_of_new_rows(user)
    data = {
        "instansi_id": instansi_id,
        "kode": kode.strip(),
        "nama": nama.strip(),
        "jenis": jenis,
        "aktif": aktif,
        "berlaku_sejak": berlaku_sejak,
        "berlaku_sampai": berlaku_sampai,
    }
    UnitOrganisasi(**data).full_clean(exclude=["path", "depth", "numchild"])
    if induk is None:
        return UnitOrganisasi.objects.add_root(create_kwargs=data)
    induk.refresh_from_db()
    return UnitOrganisasi.objects.add_child(induk, create_kwargs=data)


@transaction.atomic
def unit_update(*, unit: UnitOrganisasi, user: Any, **changes: Any) -> UnitOrganisasi:
    """Change a unit's data; its place in the tree is changed by moving it in the admin."""
    _require_unit(user, unit)
    allowed = {"nama", "jenis", "aktif", "berlaku_sejak", "berlaku_sampai"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"unknown UnitOrganisasi fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(unit, name, value)
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def unit_deactivate(
    *, units: Iterable[UnitOrganisasi], user: Any, tanggal: dt.date | None = None
) -> int:
    """Switch units off (all or none): each through :func:`unit_update`, so scope, full_clean
    and the audit trail hold as for a single edit. Returns how many were switched off."""
    tanggal = tanggal or timezone.localdate()
    count = 0
    for unit in (
        UnitOrganisasi.objects.select_for_update()
        .filter(pk__in=[u.pk for u in units], aktif=True)
        .order_by("pk")
    ):
        unit_update(
            unit=unit, user=user, aktif=False, berlaku_sampai=unit.berlaku_sampai or tanggal
        )
        count += 1
    return count


@transaction.atomic
def formasi_deactivate(*, formasi_list: Iterable[Formasi], user: Any) -> int:
    """Switch formasi off (all or none) through :func:`formasi_save`."""
    count = 0
    for formasi in (
        Formasi.objects.select_for_update(of=("self",))
        .select_related("unit")
        .filter(pk__in=[f.pk for f in formasi_list], aktif=True)
        .order_by("pk")
    ):
        formasi.aktif = False
        formasi_save(formasi=formasi, user=user)
        count += 1
    return count


@transaction.atomic
def formasi_save(*, formasi: Formasi, user: Any) -> Formasi:
    """Create or change a formasi in a unit the user manages."""
    _require_unit(user, formasi.unit)
    if formasi.pk:
        previous = Formasi.objects.select_related("unit").get(pk=formasi.pk)
        _require_unit(user, previous.unit)
    formasi.full_clean()
    formasi.save()
    return formasi
