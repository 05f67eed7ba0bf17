"""Writes of competency development: submissions, verification, registration, bulk completion,
and the monthly JP warning."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.models import UserObjectPermission

from asn_portal.access import (
    PERM_KELOLA_UNIT,
    is_staff_member,
    not_found_message,
    sees_all_units,
)
from asn_portal.roles import VERIFIKATOR, user_has_role
from jabatan.models import Pegawai, UnitOrganisasi
from pelatihan import selectors
from pelatihan.models import (
    Angkatan,
    PeringatanJp,
    Peserta,
    ProfilSasaran,
    ProgramPelatihan,
    RiwayatPelatihan,
    StatusPeserta,
    StatusRiwayat,
    SumberRiwayat,
)
from pelatihan.sertifikat import sertifikat_validate

# --- submissions and verification ------------------------------------------------------------


@transaction.atomic
def riwayat_submit(
    *,
    pegawai: Pegawai,
    nama_pelatihan: str,
    jenis: str,
    metode: str,
    penyelenggara: str,
    tanggal_mulai: dt.date,
    tanggal_selesai: dt.date,
    jp: int,
    sertifikat: UploadedFile,
    program: ProgramPelatihan | None = None,
    hasil: str = "",
    nomor_sertifikat: str = "",
) -> RiwayatPelatihan:
    """An ASN submits an external training with its certificate; it waits for verification."""
    jenis_berkas = sertifikat_validate(sertifikat)
    if tanggal_selesai and tanggal_selesai > timezone.localdate():
        raise ValidationError(
            {"tanggal_selesai": _("Pelatihan yang belum selesai belum dapat diajukan.")}
        )
    sertifikat.name = f"sertifikat{jenis_berkas.ext}"
    riwayat = RiwayatPelatihan(
        pegawai=pegawai,
        program=program,
        nama_pelatihan=nama_pelatihan,
        jenis=jenis,
        metode=metode,
        penyelenggara=penyelenggara,
        tanggal_mulai=tanggal_mulai,
        tanggal_selesai=tanggal_selesai,
        jp=jp,
        hasil=hasil,
        nomor_sertifikat=nomor_sertifikat,
        sumber=SumberRiwayat.MANDIRI,
        status=StatusRiwayat.DIAJUKAN,
        sertifikat_tipe=jenis_berkas.content_type,
    )
    riwayat.full_clean(exclude=["sertifikat"])
    riwayat.sertifikat = sertifikat
    riwayat.save()
    return riwayat


def own_pegawai_ids(user: Any, pegawai_ids: Iterable[int]) -> set[int]:
    """Which of ``pegawai_ids`` are the acting user's own ASN record (none for the system)."""
    if user is None or user.pk is None:
        return set()
    return set(
        Pegawai.objects.filter(pk__in=list(pegawai_ids), user_id=user.pk).values_list(
            "pk", flat=True
        )
    )


def refuse_own_hours(user: Any, pegawai_ids: Iterable[int], *, field: str) -> None:
    """No one verifies, completes or corrects their own training hours, by any path (queue,
    bulk status, admin, API, imports): the record must be confirmed by someone else."""
    if own_pegawai_ids(user, pegawai_ids):
        raise ValidationError(
            {
                field: _(
                    "Anda tidak dapat memverifikasi atau mengubah JP pelatihan Anda sendiri; "
                    "mintalah petugas lain."
                )
            }
        )


def _lock_pending(*, riwayat_id: int, user: Any) -> RiwayatPelatihan:
    if not is_staff_member(user) or not user.has_perm("pelatihan.change_riwayatpelatihan"):
        raise PermissionDenied
    riwayat = selectors.riwayat_pelatihan_list(user=user).filter(pk=riwayat_id).first()
    if riwayat is None:
        raise PermissionDenied
    riwayat = RiwayatPelatihan.objects.select_for_update().get(pk=riwayat.pk)
    if riwayat.status != StatusRiwayat.DIAJUKAN:
        raise ValidationError(
            {
                "status": _("Pengajuan ini sudah %(status)s.")
                % {"status": riwayat.get_status_display().lower()}
            }
        )
    refuse_own_hours(user, [riwayat.pegawai_id], field="status")
    return riwayat


def riwayat_correction_allowed(user: Any, riwayat: RiwayatPelatihan | None = None) -> bool:
    """Only Admin BKD corrects a record by hand (never their own); others use the queue."""
    return (
        sees_all_units(user)
        and not user_has_role(user, VERIFIKATOR)
        and user.has_perm("pelatihan.change_riwayatpelatihan")
        and (riwayat is None or not own_pegawai_ids(user, [riwayat.pegawai_id]))
    )


@transaction.atomic
def riwayat_correct(*, riwayat: RiwayatPelatihan, user: Any) -> RiwayatPelatihan:
    """Save a hand correction of a record (the admin's change form)."""
    if not riwayat_correction_allowed(user):
        raise PermissionDenied
    pegawai_ids = [riwayat.pegawai_id]
    if riwayat.pk:
        pegawai_ids += RiwayatPelatihan.objects.filter(pk=riwayat.pk).values_list(
            "pegawai_id", flat=True
        )
    refuse_own_hours(user, pegawai_ids, field="pegawai")
    riwayat.full_clean(exclude=["sertifikat"])
    riwayat.save()
    return riwayat


@transaction.atomic
def riwayat_delete(*, riwayat: RiwayatPelatihan, user: Any) -> None:
    if not riwayat_correction_allowed(user):
        raise PermissionDenied
    refuse_own_hours(user, [riwayat.pegawai_id], field="pegawai")
    riwayat.delete()


@transaction.atomic
def riwayat_verify(
    *, riwayat_id: int, user: Any, program: ProgramPelatihan | None = None
) -> RiwayatPelatihan:
    riwayat = _lock_pending(riwayat_id=riwayat_id, user=user)
    riwayat.status = StatusRiwayat.TERVERIFIKASI
    riwayat.alasan_penolakan = ""
    if program is not None:
        riwayat.program = program
    riwayat.diverifikasi_oleh = user
    riwayat.diverifikasi_pada = timezone.now()
    riwayat.full_clean(exclude=["sertifikat"])
    riwayat.save()
    return riwayat


@transaction.atomic
def riwayat_reject(*, riwayat_id: int, user: Any, alasan: str) -> RiwayatPelatihan:
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError(
            {"alasan_penolakan": _("Tuliskan alasan penolakan agar ASN dapat memperbaikinya.")}
        )
    riwayat = _lock_pending(riwayat_id=riwayat_id, user=user)
    riwayat.status = StatusRiwayat.DITOLAK
    riwayat.alasan_penolakan = alasan
    riwayat.diverifikasi_oleh = user
    riwayat.diverifikasi_pada = timezone.now()
    riwayat.full_clean(exclude=["sertifikat"])
    riwayat.save()
    return riwayat


# --- runs ------------------------------------------------------------------------------------


def angkatan_terbuka_untuk(angkatan: Angkatan, instansi_id: int | None) -> bool:
    """A run takes the ASN of its own instansi; a shared run (no instansi) every ASN."""
    return angkatan.instansi_id is None or angkatan.instansi_id == instansi_id


def _angkatan_lock(angkatan_id: int, *, user: Any = None) -> Angkatan:
    """The run, locked; with ``user`` only one they reach (else "not found", like a missing id)."""
    qs = Angkatan.objects.select_for_update().select_related("program")
    if user is not None:
        qs = qs.filter(pk__in=selectors.angkatan_in_reach(user=user).values("pk"))
    angkatan = qs.filter(pk=angkatan_id).first()
    if angkatan is None:
        raise ValidationError({"angkatan": not_found_message(angkatan_id)})
    return angkatan


@transaction.atomic
def peserta_register(
    *, angkatan_id: int, pegawai: Pegawai, tanggal: dt.date | None = None
) -> Peserta:
    """An ASN registers for a run of their instansi (or a shared one) while registration is open
    and seats remain."""
    angkatan = _angkatan_lock(angkatan_id)
    if not angkatan_terbuka_untuk(angkatan, pegawai.instansi_id):
        raise ValidationError(
            {
                "angkatan": _(
                    "%(a)s diselenggarakan untuk ASN instansi lain; Anda tidak dapat mendaftar."
                )
                % {"a": angkatan}
            }
        )
    if not angkatan.pendaftaran_dibuka(tanggal):
        raise ValidationError(
            {"angkatan": _("Pendaftaran %(a)s tidak sedang dibuka.") % {"a": angkatan}}
        )
    alasan = selectors.alasan_bukan_sasaran(angkatan.program, pegawai)
    if alasan:
        raise ValidationError(
            {
                "angkatan": _("Anda tidak termasuk sasaran %(p)s: %(alasan)s.")
                % {"p": angkatan.program.nama, "alasan": alasan}
            }
        )
    existing = Peserta.objects.filter(angkatan=angkatan, pegawai=pegawai).first()
    if existing is not None and existing.status != StatusPeserta.BATAL:
        raise ValidationError({"angkatan": _("Anda sudah terdaftar pada %(a)s.") % {"a": angkatan}})
    terisi = angkatan.peserta_list.exclude(status=StatusPeserta.BATAL).count()
    if terisi >= angkatan.kuota:
        raise ValidationError({"angkatan": _("Kuota %(a)s sudah penuh.") % {"a": angkatan}})
    if existing is not None:
        existing.status = StatusPeserta.TERDAFTAR
        existing.save(update_fields=["status", "updated_at"])
        return existing
    peserta = Peserta(angkatan=angkatan, pegawai=pegawai)
    peserta.full_clean()
    peserta.save()
    return peserta


@transaction.atomic
def peserta_add(*, angkatan_id: int, pegawai_ids: list[int], user: Any) -> int:
    """Staff enrol ASN of their units in a run (quota and target group enforced, all or
    nothing); returns how many were added. The run is one the user reaches, and takes only
    the ASN of its instansi (any, for a shared run)."""
    angkatan = _angkatan_lock(angkatan_id, user=user)
    allowed = set(
        selectors.pegawai_visible(user=user).filter(pk__in=pegawai_ids).values_list("pk", flat=True)
    )
    outside = [pk for pk in pegawai_ids if pk not in allowed]
    if outside:
        raise ValidationError(
            {
                "pegawai": _("Pegawai di luar unit Anda: %(ids)s.")
                % {"ids": ", ".join(map(str, outside))}
            }
        )
    lain = [
        _("%(nama)s (NIP %(nip)s)") % {"nama": pegawai.nama_lengkap, "nip": pegawai.nip}
        for pegawai in Pegawai.objects.filter(pk__in=allowed).order_by("nama", "pk")
        if not angkatan_terbuka_untuk(angkatan, pegawai.instansi_id)
    ]
    if lain:
        raise ValidationError(
            {
                "pegawai": _("%(a)s hanya untuk ASN instansi penyelenggaranya: %(daftar)s.")
                % {"a": angkatan, "daftar": "; ".join(lain)}
            }
        )
    already = set(
        angkatan.peserta_list.filter(pegawai_id__in=allowed).values_list("pegawai_id", flat=True)
    )
    baru = [pk for pk in dict.fromkeys(pegawai_ids) if pk not in already]
    bukan_sasaran = [
        _("%(nama)s (NIP %(nip)s): %(alasan)s")
        % {"nama": pegawai.nama_lengkap, "nip": pegawai.nip, "alasan": alasan}
        for pegawai in Pegawai.objects.filter(pk__in=baru).order_by("nama", "pk")
        if (alasan := selectors.alasan_bukan_sasaran(angkatan.program, pegawai))
    ]
    if bukan_sasaran:
        raise ValidationError(
            {
                "pegawai": _("Tidak termasuk sasaran %(p)s: %(daftar)s.")
                % {"p": angkatan.program.nama, "daftar": "; ".join(bukan_sasaran)}
            }
        )
    terisi = angkatan.peserta_list.exclude(status=StatusPeserta.BATAL).count()
    if terisi + len(baru) > angkatan.kuota:
        raise ValidationError(
            {
                "pegawai": _("Kuota %(a)s tinggal %(n)d kursi.")
                % {"a": angkatan, "n": max(angkatan.kuota - terisi, 0)}
            }
        )
    Peserta.objects.bulk_create([Peserta(angkatan=angkatan, pegawai_id=pk) for pk in baru])
    return len(baru)


def _kuota_reactivation_check(peserta_ids: set[int]) -> None:
    """Cancelled participants made active again take a seat: the run's quota must allow it.
    Locks the runs (in a fixed order), like registration does, so racing changes queue up."""
    kembali: dict[int, int] = {}
    for angkatan_id in Peserta.objects.filter(
        pk__in=peserta_ids, status=StatusPeserta.BATAL
    ).values_list("angkatan_id", flat=True):
        kembali[angkatan_id] = kembali.get(angkatan_id, 0) + 1
    if not kembali:
        return
    for angkatan in Angkatan.objects.select_for_update().filter(pk__in=kembali).order_by("pk"):
        terisi = angkatan.peserta_list.exclude(status=StatusPeserta.BATAL).count()
        if terisi + kembali[angkatan.pk] > angkatan.kuota:
            raise ValidationError(
                {
                    "status": _(
                        "Kuota %(a)s tinggal %(n)d kursi; peserta yang batal tidak dapat "
                        "diaktifkan kembali."
                    )
                    % {"a": angkatan, "n": max(angkatan.kuota - terisi, 0)}
                }
            )


@transaction.atomic
def peserta_set_status(*, peserta_ids: list[int], status: str, user: Any) -> int:
    """Bulk attendance/completion. Completion creates one verified record per participant
    (JP from the program, completed on the run's last day); undoing it removes that record."""
    if status not in StatusPeserta.values:
        raise ValidationError({"status": _("Status peserta tidak dikenal: %(s)s.") % {"s": status}})
    visible = selectors.peserta_list(user=user).filter(pk__in=peserta_ids)
    found = set(visible.values_list("pk", flat=True))
    missing = [pk for pk in peserta_ids if pk not in found]
    if missing:
        raise ValidationError(
            {
                "peserta": _("Peserta di luar jangkauan Anda: %(ids)s.")
                % {"ids": ", ".join(map(str, missing))}
            }
        )
    if status != StatusPeserta.BATAL:
        _kuota_reactivation_check(found)
    rows = list(
        Peserta.objects.select_for_update()
        .filter(pk__in=found)
        .select_related("angkatan__program", "pegawai")
    )
    refuse_own_hours(user, [p.pegawai_id for p in rows], field="peserta")
    today = timezone.localdate()
    if status == StatusPeserta.SELESAI:
        belum = [p for p in rows if p.angkatan.tanggal_selesai > today]
        if belum:
            raise ValidationError(
                {
                    "status": _("%(a)s belum berakhir; kelulusan dicatat sesudah tanggal selesai.")
                    % {"a": belum[0].angkatan}
                }
            )
    Peserta.objects.filter(pk__in=found).update(status=status, updated_at=timezone.now())
    if status == StatusPeserta.SELESAI:
        sudah = set(
            RiwayatPelatihan.objects.filter(peserta_id__in=found).values_list(
                "peserta_id", flat=True
            )
        )
        RiwayatPelatihan.objects.bulk_create(
            [
                RiwayatPelatihan(
                    pegawai=p.pegawai,
                    program=p.angkatan.program,
                    peserta=p,
                    nama_pelatihan=p.angkatan.program.nama,
                    jenis=p.angkatan.program.jenis,
                    metode=p.angkatan.program.metode,
                    penyelenggara=p.angkatan.program.penyelenggara,
                    tanggal_mulai=p.angkatan.tanggal_mulai,
                    tanggal_selesai=p.angkatan.tanggal_selesai,
                    jp=p.angkatan.program.jp,
                    hasil=_("Lulus"),
                    sumber=SumberRiwayat.ANGKATAN,
                    status=StatusRiwayat.TERVERIFIKASI,
                    diverifikasi_oleh=user,
                    diverifikasi_pada=timezone.now(),
                )
                for p in rows
                if p.pk not in sudah
            ]
        )
    else:
        RiwayatPelatihan.objects.filter(
            peserta_id__in=found, sumber=SumberRiwayat.ANGKATAN
        ).delete()
    return len(found)


# --- the monthly JP warning ------------------------------------------------------------------


@dataclass
class HasilPeringatan:
    asn: int = 0
    operator: int = 0


def target_berjalan(tanggal: dt.date) -> float:
    """JP an ASN should have by ``tanggal`` at an even pace: the share of months completed."""
    return settings.JP_MINIMUM_PER_TAHUN * (tanggal.month - 1) / 12


def _program_penutup(kekurangan: int, angkatan: list[Angkatan]) -> list[Angkatan]:
    """Runs (this year, still open) that close the shortfall: one run that is enough if any,
    otherwise the largest runs until the shortfall is covered."""
    cukup = [a for a in angkatan if a.program.jp >= kekurangan]
    if cukup:
        return sorted(cukup, key=lambda a: (a.program.jp, a.tanggal_mulai))[:3]
    terpilih: list[Angkatan] = []
    total = 0
    for a in sorted(angkatan, key=lambda a: (-a.program.jp, a.tanggal_mulai)):
        if total >= kekurangan:
            break
        terpilih.append(a)
        total += a.program.jp
    return terpilih


def _operators_by_path() -> dict[str, list[Any]]:
    User = get_user_model()
    perms = list(
        UserObjectPermission.objects.filter(
            permission__codename=PERM_KELOLA_UNIT.split(".")[1],
            permission__content_type__app_label="jabatan",
            content_type__model="unitorganisasi",
            user__is_active=True,
        ).values_list("user_id", "object_pk")
    )
    units = UnitOrganisasi.objects.in_bulk([int(pk) for _, pk in perms])
    users = User.objects.in_bulk({user_id for user_id, _ in perms})
    result: dict[str, list[Any]] = defaultdict(list)
    for user_id, object_pk in perms:
        unit = units.get(int(object_pk))
        user = users.get(user_id)
        if unit is not None and user is not None and user.email:
            result[unit.path].append(user)
    return result


def jp_peringatan_send(*, tanggal: dt.date | None = None) -> HasilPeringatan:
    """From the configured month (Q3) on, warn every ASN behind pace for the yearly minimum,
    and each unit operator about their ASN, naming runs that would close the shortfall.

    Exactly once per recipient per month: whoever already has a PeringatanJp for the month is
    skipped, so a retry after a partial failure (or a second run) sends only what is missing.
    The counts in the result are the mails this run sent."""
    tanggal = tanggal or timezone.localdate()
    hasil = HasilPeringatan()
    if tanggal.month < settings.PELATIHAN_PERINGATAN_BULAN_MULAI:
        return hasil
    target = target_berjalan(tanggal)
    minimum = settings.JP_MINIMUM_PER_TAHUN
    tertinggal = (
        selectors.jp_posisi(user=None, as_of=tanggal)
        .filter(jp__lt=math.ceil(target))
        .select_related("pegawai__user", "formasi__unit", "formasi__jabatan")
        .order_by("formasi__unit__path", "pegawai__nama")
    )
    angkatan = list(
        Angkatan.objects.filter(
            pendaftaran_selesai__gte=tanggal,
            tanggal_selesai__lte=dt.date(tanggal.year, 12, 31),
            program__aktif=True,
        ).select_related("program")
    )
    terkirim = PeringatanJp.objects.filter(tahun=tanggal.year, bulan=tanggal.month)
    pegawai_terkirim = set(
        terkirim.filter(pegawai__isnull=False).values_list("pegawai_id", flat=True)
    )
    user_terkirim = set(terkirim.filter(user__isnull=False).values_list("user_id", flat=True))
    operators = _operators_by_path()
    per_operator: dict[int, tuple[Any, list[dict[str, Any]]]] = {}
    # Runs are suggested only to their program's target group and to the ASN of the run's
    # instansi (any, for a shared run): one query per distinct
    # (status, jabatan) profile, not per ASN.
    sasaran: dict[ProfilSasaran, set[int]] = {}
    # Deliberately not atomic: each record must be committed as soon as its mail is out, so a
    # failure later in the run cannot roll back the proof of mails already delivered.
    with get_connection() as connection:
        for posisi in tertinggal.iterator(chunk_size=2000):
            pegawai = posisi.pegawai
            kekurangan = minimum - posisi.jp
            profil = ProfilSasaran.dari(pegawai, posisi.formasi.jabatan)
            if profil not in sasaran:
                sasaran[profil] = set(
                    ProgramPelatihan.objects.untuk_profil(profil).values_list("pk", flat=True)
                )
            row = {
                "pegawai": pegawai,
                "unit": posisi.formasi.unit,
                "jabatan": posisi.formasi.jabatan,
                "jp": posisi.jp,
                "kekurangan": kekurangan,
                "angkatan": _program_penutup(
                    kekurangan,
                    [
                        a
                        for a in angkatan
                        if a.program_id in sasaran[profil]
                        and angkatan_terbuka_untuk(a, pegawai.instansi_id)
                    ],
                ),
            }
            email = pegawai.email or (pegawai.user.email if pegawai.user else "")
            if email and pegawai.pk not in pegawai_terkirim:
                context = {
                    **row,
                    "minimum": minimum,
                    "tahun": tanggal.year,
                    "target": round(target, 1),
                    "site_url": settings.SITE_URL,
                }
                _send_logged(
                    connection,
                    EmailMessage(
                        subject=_("Pengingat: JP pengembangan kompetensi Anda tahun %(t)d")
                        % {"t": tanggal.year},
                        body=render_to_string("pelatihan/email/peringatan_asn.txt", context),
                        to=[email],
                    ),
                    PeringatanJp(pegawai=pegawai, tahun=tanggal.year, bulan=tanggal.month),
                )
                pegawai_terkirim.add(pegawai.pk)
                hasil.asn += 1
            path = posisi.formasi.unit.path
            # The unit's ancestors are its path's prefixes: look each up instead of scanning
            # grants. Operators already warned this month still get the row collected, but are
            # skipped below, so a retry never sends them a second, partial summary.
            for end in range(UnitOrganisasi.steplen, len(path) + 1, UnitOrganisasi.steplen):
                for user in operators.get(path[:end], ()):
                    per_operator.setdefault(user.pk, (user, []))[1].append(row)
        for user, rows in per_operator.values():
            if user.pk in user_terkirim:
                continue
            _send_logged(
                connection,
                EmailMessage(
                    subject=_("Pengingat: %(n)d ASN di unit Anda tertinggal JP tahun %(t)d")
                    % {"n": len(rows), "t": tanggal.year},
                    body=render_to_string(
                        "pelatihan/email/peringatan_operator.txt",
                        {
                            "operator": user,
                            "rows": rows,
                            "minimum": minimum,
                            "tahun": tanggal.year,
                            "target": round(target, 1),
                            "site_url": settings.SITE_URL,
                        },
                    ),
                    to=[user.email],
                ),
                PeringatanJp(user=user, tahun=tanggal.year, bulan=tanggal.month),
            )
            user_terkirim.add(user.pk)
            hasil.operator += 1
    return hasil


def _send_logged(connection: Any, message: EmailMessage, catatan: PeringatanJp) -> None:
    """Send one warning, then record it at once (autocommit). A crash between the two (the mail
    left, the record did not) can re-send at most this one mail on the retry; recording before
    sending would instead risk losing a warning, which is worse than one duplicate."""
    connection.send_messages([message])
    catatan.save()
