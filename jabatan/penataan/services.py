"""Writes of the restructuring plans: drafting, the four-eyes workflow, apply and reversal.

Every entry point (admin, API, Celery task, demo) calls these functions, so the workflow and
its rules exist once. Apply runs in one transaction under row locks on the plan, the moving
ASN and the touched formasi; the database's own constraints (one open definitive assignment
per ASN, no overlapping periods) are the last line against a racing writer.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from asn_portal.access import (
    can_manage_unit,
    instansi_of_new_rows,
    not_found_message,
    scoped_related_queryset,
)
from asn_portal.models import TugasLatar
from jabatan.models import (
    Formasi,
    Jabatan,
    JenisPenugasan,
    Jenjang,
    KategoriJabatan,
    Pegawai,
    RiwayatJabatan,
    UnitOrganisasi,
)
from jabatan.penataan import apply_sql
from jabatan.penataan import permissions as perms
from jabatan.penataan.models import (
    ItemRencana,
    JenisItem,
    JenisRencana,
    RencanaPenataan,
    StatusRencana,
    TransisiRencana,
)
from jabatan.penataan.selectors import penugasan_sekarang
from jabatan.penataan.validation import (
    jabatan_terbuka,
    jenjang_penyetaraan,
    load_items,
    rencana_validate,
)

Progress = Callable[[int, int], None]
# Rows written per statement during an apply (and the unit of progress reporting).
UKURAN_BATCH = 500


def _deny(jawaban: tuple[bool, str]) -> None:
    allowed, reason = jawaban
    if not allowed:
        raise PermissionDenied(reason)


def _transisi(rencana: RencanaPenataan, *, dari: str, ke: str, user: Any, alasan: str = "") -> None:
    TransisiRencana.objects.create(
        rencana=rencana, dari_status=dari, ke_status=ke, oleh=user, alasan=alasan
    )


def _locked(rencana: RencanaPenataan) -> RencanaPenataan:
    return RencanaPenataan.objects.select_for_update().get(pk=rencana.pk)


def _catat_perubahan(rencana: RencanaPenataan, *, user: Any, uraian: str) -> None:
    """A change to a draft becomes a step of the plan's history when someone other than the
    drafter makes it, or when the plan was submitted before: a decider can then see who
    contributed (and is refused, see permissions.contributors)."""
    if perms.edit_is_recorded(user, rencana):
        _transisi(
            rencana,
            dari=StatusRencana.DRAF,
            ke=StatusRencana.DRAF,
            user=user,
            alasan=(_("Perubahan: %(u)s") % {"u": uraian})[:2000],
        )


def _labels(model: type[Any], names: Iterable[str]) -> str:
    return ", ".join(str(model._meta.get_field(name).verbose_name) for name in names)


# Related fields of an item a drafter writes; each choice must lie in their write scope.
ITEM_RELATIONS = ("pegawai", "formasi_asal", "formasi_tujuan", "unit", "jabatan")
ITEM_FIELDS = ("jenis", *ITEM_RELATIONS, "alasan_peringatan", "keterangan")


def _check_item_relations(item: ItemRencana, user: Any) -> None:
    """Refuse a choice outside the user's reach exactly as one that does not exist."""
    errors = {}
    if not scoped_related_queryset(RencanaPenataan, user).filter(pk=item.rencana_id).exists():
        errors["rencana"] = not_found_message(item.rencana_id)
    for name in ITEM_RELATIONS:
        pk = getattr(item, f"{name}_id")
        if pk is None:
            continue
        model = cast("type[Model]", ItemRencana._meta.get_field(name).related_model)
        if not scoped_related_queryset(model, user).filter(pk=pk).exists():
            errors[name] = not_found_message(pk)
    if errors:
        raise ValidationError(errors)


# --- drafting -------------------------------------------------------------------------------------


@transaction.atomic
def rencana_create(
    *,
    user: Any,
    nama: str,
    dasar_hukum: str,
    tmt: dt.date,
    keterangan: str = "",
    jenis: str = JenisRencana.UMUM,
    rencana_asal: RencanaPenataan | None = None,
) -> RencanaPenataan:
    if not user.has_perm(perms.PERM_TAMBAH):
        raise PermissionDenied(_("Anda tidak berwenang menyusun rencana penataan."))
    rencana = RencanaPenataan(
        nama=nama,
        dasar_hukum=dasar_hukum,
        tmt=tmt,
        keterangan=keterangan,
        jenis=jenis,
        rencana_asal=rencana_asal,
        dibuat_oleh=user,
        instansi_id=rencana_asal.instansi_id
        if rencana_asal is not None
        else instansi_of_new_rows(user),
    )
    rencana.full_clean()
    rencana.save()
    _transisi(rencana, dari="", ke=StatusRencana.DRAF, user=user)
    return rencana


@transaction.atomic
def rencana_update(*, rencana: RencanaPenataan, user: Any, **fields: Any) -> RencanaPenataan:
    rencana = _locked(rencana)
    _deny(perms.can_edit(user, rencana, load_items(rencana)))
    allowed = {"nama", "dasar_hukum", "tmt", "keterangan"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({name: _("Kolom ini tidak dapat diubah.") for name in unknown})
    changed = [name for name, value in fields.items() if getattr(rencana, name) != value]
    for name, value in fields.items():
        setattr(rencana, name, value)
    rencana.full_clean()
    rencana.save()
    if changed:
        _catat_perubahan(rencana, user=user, uraian=_labels(RencanaPenataan, changed))
    return rencana


@transaction.atomic
def rencana_delete(*, rencana: RencanaPenataan, user: Any) -> None:
    rencana = _locked(rencana)
    _deny(perms.can_edit(user, rencana, load_items(rencana)))
    rencana.delete()


@transaction.atomic
def item_save(*, item: ItemRencana, user: Any) -> ItemRencana:
    """Add or change one item of a draft plan. Fills the ASN's current formasi when left blank."""
    rencana = _locked(item.rencana)
    items = load_items(rencana)
    _deny(perms.can_edit(user, rencana, items))
    _check_item_relations(item, user)
    before = (
        ItemRencana.objects.filter(pk=item.pk, rencana=rencana)
        .values(*[f"{name}_id" if name in ITEM_RELATIONS else name for name in ITEM_FIELDS])
        .first()
        if item.pk
        else None
    )
    if (
        item.jenis in (JenisItem.MUTASI, JenisItem.PROMOSI, JenisItem.PENYETARAAN)
        and item.pegawai_id
    ) and not item.formasi_asal_id:
        sekarang = penugasan_sekarang([item.pegawai_id]).get(item.pegawai_id)
        if sekarang is None:
            raise ValidationError(
                {
                    "pegawai": _("%(p)s tidak memiliki jabatan definitif yang aktif.")
                    % {"p": item.pegawai}
                }
            )
        item.formasi_asal_id = sekarang.formasi_id
    touched = [
        f.unit
        for f in Formasi.objects.filter(
            pk__in=[pk for pk in (item.formasi_asal_id, item.formasi_tujuan_id) if pk]
        ).select_related("unit")
    ]
    if item.unit_id:
        touched.append(UnitOrganisasi.objects.get(pk=item.unit_id))
    if not perms.reaches_all(user, touched):
        raise PermissionDenied(_("Butir ini menyentuh unit di luar kewenangan Anda."))
    if not item.pk and not item.urutan:
        item.urutan = max((i.urutan for i in items), default=0) + 1
    item.full_clean()
    item.save()
    if before is None:
        _catat_perubahan(
            rencana, user=user, uraian=_("butir %(n)d ditambahkan") % {"n": item.urutan}
        )
    else:
        changed = [
            name
            for name in ITEM_FIELDS
            if before[f"{name}_id" if name in ITEM_RELATIONS else name]
            != getattr(item, f"{name}_id" if name in ITEM_RELATIONS else name)
        ]
        if changed:
            _catat_perubahan(
                rencana,
                user=user,
                uraian=_("butir %(n)d: %(f)s")
                % {"n": item.urutan, "f": _labels(ItemRencana, changed)},
            )
    return item


@transaction.atomic
def item_delete(*, item: ItemRencana, user: Any) -> None:
    rencana = _locked(item.rencana)
    _deny(perms.can_edit(user, rencana, load_items(rencana)))
    nomor = item.urutan
    item.delete()
    _catat_perubahan(rencana, user=user, uraian=_("butir %(n)d dihapus") % {"n": nomor})


# --- workflow -------------------------------------------------------------------------------------


@transaction.atomic
def rencana_submit(*, rencana: RencanaPenataan, user: Any) -> RencanaPenataan:
    rencana = _locked(rencana)
    items = load_items(rencana)
    _deny(perms.can_submit(user, rencana, items))
    rencana_validate(rencana, items=items).raise_if_invalid()
    rencana.status = StatusRencana.DIAJUKAN
    rencana.diajukan_oleh = user
    rencana.diajukan_pada = timezone.now()
    rencana.save()
    _transisi(rencana, dari=StatusRencana.DRAF, ke=StatusRencana.DIAJUKAN, user=user)
    return rencana


@transaction.atomic
def rencana_approve(*, rencana: RencanaPenataan, user: Any, catatan: str = "") -> RencanaPenataan:
    rencana = _locked(rencana)
    _deny(perms.can_decide(user, rencana))
    rencana_validate(rencana).raise_if_invalid()
    rencana.status = StatusRencana.DISETUJUI
    rencana.diputuskan_oleh = user
    rencana.diputuskan_pada = timezone.now()
    rencana.save()
    _transisi(
        rencana, dari=StatusRencana.DIAJUKAN, ke=StatusRencana.DISETUJUI, user=user, alasan=catatan
    )
    return rencana


@transaction.atomic
def rencana_reject(*, rencana: RencanaPenataan, user: Any, alasan: str) -> RencanaPenataan:
    rencana = _locked(rencana)
    _deny(perms.can_decide(user, rencana))
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError({"alasan": _("Alasan penolakan wajib diisi.")})
    rencana.status = StatusRencana.DITOLAK
    rencana.diputuskan_oleh = user
    rencana.diputuskan_pada = timezone.now()
    rencana.alasan_penolakan = alasan
    rencana.save()
    _transisi(
        rencana, dari=StatusRencana.DIAJUKAN, ke=StatusRencana.DITOLAK, user=user, alasan=alasan
    )
    return rencana


@transaction.atomic
def rencana_revise(*, rencana: RencanaPenataan, user: Any) -> RencanaPenataan:
    """A submitted (withdrawn) or rejected plan goes back to draft so that its drafter can
    correct it and submit again; only the drafter may (four eyes)."""
    rencana = _locked(rencana)
    _deny(perms.can_revise(user, rencana, load_items(rencana)))
    dari = rencana.status
    rencana.status = StatusRencana.DRAF
    rencana.save()
    _transisi(rencana, dari=dari, ke=StatusRencana.DRAF, user=user)
    return rencana


# --- apply ----------------------------------------------------------------------------------------


def rencana_apply(
    *, rencana: RencanaPenataan, user: Any, progress: Progress | None = None
) -> RencanaPenataan:
    """Apply an approved plan: all of it, or nothing.

    A refusal (the plan became invalid, or a concurrent apply won the race) is raised as a
    ValidationError with the reason, and the reason is kept on the plan.
    """
    if not user.has_perm(perms.PERM_TERAPKAN):
        raise PermissionDenied(_("Hanya Admin BKD yang dapat menerapkan rencana."))
    try:
        with transaction.atomic():
            return _apply_locked(rencana.pk, user=user, progress=progress)
    except IntegrityError as exc:
        reason = _(
            "Penerapan ditolak: data jabatan salah satu ASN berubah bersamaan (mis. rencana lain "
            "diterapkan pada saat yang sama). Tidak ada perubahan yang disimpan. Rincian: %(e)s"
        ) % {"e": exc}
        _apply_failure_record(rencana, reason)
        raise ValidationError({"items": [reason]}) from exc
    except ValidationError as exc:
        _apply_failure_record(rencana, " ".join(exc.messages))
        raise


def rencana_apply_or_enqueue(*, rencana: RencanaPenataan, user: Any) -> TugasLatar | None:
    """Apply now (``None``), or queue a large plan's apply and return its background job.

    The permission and status are checked first, whatever the size, so the admin and the API
    refuse the same callers with the same reason before anything is queued. A second click while
    a job is waiting or running gets that job back (``penataan_apply_enqueue``).
    """
    # The task module imports this one (the task calls rencana_apply): imported at call time.
    from jabatan.penataan.tasks import penataan_apply_enqueue

    _deny(perms.can_apply(user, RencanaPenataan.objects.get(pk=rencana.pk)))
    if rencana.items.count() < settings.PENATAAN_APPLY_ASYNC_MIN_ITEMS:
        rencana_apply(rencana=rencana, user=user)
        return None
    return penataan_apply_enqueue(rencana=rencana, user=user)


def _apply_failure_record(rencana: RencanaPenataan, reason: str) -> None:
    RencanaPenataan.objects.filter(pk=rencana.pk, status=StatusRencana.DISETUJUI).update(
        catatan_penerapan=reason[:2000]
    )


def _apply_locked(pk: int, *, user: Any, progress: Progress | None) -> RencanaPenataan:
    rencana = RencanaPenataan.objects.select_for_update().get(pk=pk)
    _deny(perms.can_apply(user, rencana))
    rows = list(rencana.items.values_list("pegawai_id", "formasi_asal_id", "formasi_tujuan_id"))
    pegawai_ids = sorted({p for p, _a, _t in rows if p})
    formasi_ids = sorted({f for _p, a, t in rows for f in (a, t) if f})
    # Lock in a fixed order so two applies wait for each other instead of deadlocking; the
    # second one then re-validates against what the first one committed.
    list(
        Pegawai.objects.select_for_update()
        .filter(pk__in=pegawai_ids)
        .order_by("pk")
        .values_list("pk")
    )
    list(
        Formasi.objects.select_for_update()
        .filter(pk__in=formasi_ids)
        .order_by("pk")
        .values_list("pk")
    )
    items = load_items(rencana)
    # The assignments the validation judges are the ones the apply closes (read once).
    jabatan_lama = jabatan_terbuka(items)
    rencana_validate(rencana, items=items, jabatan_sekarang=jabatan_lama).raise_if_invalid()

    total, done = len(items), 0
    jejak = apply_sql.JejakAudit(user)

    def step(n: int = 1) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, total)

    formasi_per_pasangan = {
        (f.unit_id, f.jabatan_id): f
        for f in Formasi.objects.filter(
            Q(pk__in=[i.formasi_asal_id for i in items if i.formasi_asal_id])
            | Q(
                unit_id__in={i.unit_id for i in items if i.unit_id}
                | {
                    i.formasi_asal.unit_id
                    for i in items
                    if i.jenis == JenisItem.PENYETARAAN and i.formasi_asal is not None
                },
                jabatan_id__in={i.jabatan_id for i in items if i.jabatan_id},
            )
        ).select_related("unit", "jabatan")  # the audit trail names them
    }
    dibentuk: list[Formasi] = []
    # Formasi switched on or off, each with its audited values before the switch.
    diubah: list[tuple[dict[str, Any], Formasi]] = []
    berubah = ["aktif", "updated_at"]

    def aktifkan(unit: Any, jabatan: Any) -> tuple[Formasi, bool]:
        formasi = formasi_per_pasangan.get((unit.pk, jabatan.pk))
        if formasi is None:
            formasi = Formasi(unit=unit, jabatan=jabatan, aktif=True)
            formasi_per_pasangan[(unit.pk, jabatan.pk)] = formasi
            dibentuk.append(formasi)
            return formasi, True
        if not formasi.aktif:
            diubah.append((jejak.nilai(formasi, berubah), formasi))
            formasi.aktif = True
            return formasi, True
        return formasi, False

    # 1. Formasi formed (pembentukan) or reached by a penyetaraan.
    for item in items:
        if item.jenis == JenisItem.PEMBENTUKAN_FORMASI:
            item.formasi_hasil, item.formasi_diaktifkan = aktifkan(item.unit, item.jabatan)
            step()
        elif item.jenis == JenisItem.PENYETARAAN and item.formasi_asal is not None:
            item.formasi_hasil, item.formasi_diaktifkan = aktifkan(
                item.formasi_asal.unit, item.jabatan
            )
        elif item.jenis in (JenisItem.MUTASI, JenisItem.PROMOSI):
            item.formasi_hasil = item.formasi_tujuan
    Formasi.objects.bulk_create(dibentuk, batch_size=UKURAN_BATCH)
    for formasi in dibentuk:
        jejak.catat(formasi)
    for item in items:
        if item.formasi_hasil is not None:
            # Re-assign so the new primary key reaches formasi_hasil_id and the loaded object
            # stays cached (setting the _id alone would drop it and cost a query per item).
            item.formasi_hasil = item.formasi_hasil

    # 2. Every ASN: close the current assignment on the TMT, open the new one, in batches.
    pindah = [i for i in items if i.is_perpindahan]
    for start in range(0, len(pindah), UKURAN_BATCH):
        batch = pindah[start : start + UKURAN_BATCH]
        _perpindahan_apply(batch, rencana=rencana, jabatan_lama=jabatan_lama, jejak=jejak)
        step(sum(1 for i in batch if i.jenis != JenisItem.PEMBENTUKAN_FORMASI))
    step(sum(1 for i in items if i.jenis == JenisItem.PENYETARAAN and not i.pegawai_id))

    # 3. Positions that end: removed (penghapusan) or converted (penyetaraan).
    ditutup: set[int] = set()
    for item in items:
        asal = item.formasi_asal
        if item.jenis not in (JenisItem.PENGHAPUSAN_FORMASI, JenisItem.PENYETARAAN) or asal is None:
            continue
        formasi = formasi_per_pasangan[(asal.unit_id, asal.jabatan_id)]
        if formasi.pk not in ditutup:
            ditutup.add(formasi.pk)
            diubah.append((jejak.nilai(formasi, berubah), formasi))
            formasi.aktif = False
            item.formasi_dinonaktifkan = True
        if item.jenis == JenisItem.PENGHAPUSAN_FORMASI:
            step()
    now = timezone.now()
    for sebelum, formasi in diubah:
        formasi.updated_at = now
        jejak.catat(formasi, sebelum=sebelum)
    apply_sql.bulk_update(Formasi, [f for _s, f in diubah], berubah)

    # What each item did, for the reversal plan.
    apply_sql.bulk_update(
        ItemRencana,
        items,
        [
            "formasi_hasil",
            "formasi_diaktifkan",
            "formasi_dinonaktifkan",
            "riwayat_ditutup",
            "riwayat_dibuka",
        ],
    )
    jejak.simpan()

    rencana.status = StatusRencana.DITERAPKAN
    rencana.diterapkan_oleh = user
    rencana.diterapkan_pada = timezone.now()
    rencana.catatan_penerapan = ""
    rencana.save()
    _transisi(rencana, dari=StatusRencana.DISETUJUI, ke=StatusRencana.DITERAPKAN, user=user)
    return rencana


def _perpindahan_apply(
    items: list[ItemRencana],
    *,
    rencana: RencanaPenataan,
    jabatan_lama: dict[int, RiwayatJabatan],
    jejak: apply_sql.JejakAudit,
) -> None:
    """Close each ASN's current definitive assignment on the TMT and open the new one.

    The closing update runs before the inserts, so the database's one-open-assignment and
    no-overlap constraints hold row by row.
    """
    ditutup = []
    for item in items:
        pegawai = cast(Pegawai, item.pegawai)  # moves carry a pegawai
        lama = jabatan_lama[pegawai.pk]
        # Loaded with the items (the validation checked the formasi is the one held); the
        # entry names both.
        lama.pegawai, lama.formasi = pegawai, cast(Formasi, item.formasi_asal)
        sebelum = jejak.nilai(lama, ["tmt_selesai"])
        lama.tmt_selesai = rencana.tmt
        jejak.catat(lama, sebelum=sebelum)
        item.riwayat_ditutup = lama
        ditutup.append(lama)
    apply_sql.bulk_update(RiwayatJabatan, ditutup, ["tmt_selesai"])
    keterangan = {  # one translation per kind of item, not one per item
        jenis: (_("%(j)s — rencana penataan «%(r)s»") % {"j": label, "r": rencana.nama})[:300]
        for jenis, label in JenisItem.choices
    }
    dibuka = [
        RiwayatJabatan(
            pegawai=item.pegawai,
            formasi=item.formasi_hasil,
            jenis=JenisPenugasan.DEFINITIF,
            tmt_mulai=rencana.tmt,
            nomor_sk=rencana.dasar_hukum[:100],
            keterangan=keterangan[item.jenis],
        )
        for item in items
    ]
    RiwayatJabatan.objects.bulk_create(dibuka, batch_size=UKURAN_BATCH)
    for item, baru in zip(items, dibuka, strict=True):
        item.riwayat_dibuka = baru
        jejak.catat(baru)


# --- reversal -------------------------------------------------------------------------------------


@transaction.atomic
def rencana_reverse(
    *, rencana: RencanaPenataan, user: Any, tmt: dt.date | None = None
) -> RencanaPenataan:
    """A draft plan that puts back what an applied plan changed (it goes through the workflow)."""
    rencana = RencanaPenataan.objects.get(pk=rencana.pk)
    items = list(
        rencana.items.select_related(
            "formasi_asal__unit",
            "formasi_asal__jabatan",
            "formasi_hasil",
            "riwayat_ditutup",
            "riwayat_dibuka",
            "pegawai",
            "unit",
            "formasi_tujuan__unit",
        )
    )
    _deny(perms.can_reverse(user, rencana, items))
    tmt = tmt or max(timezone.localdate(), rencana.tmt + dt.timedelta(days=1))
    baru = rencana_create(
        user=user,
        nama=(_("Pembalikan: %(n)s") % {"n": rencana.nama})[:200],
        dasar_hukum=rencana.dasar_hukum,
        tmt=tmt,
        keterangan=_("Membatalkan perubahan rencana «%(n)s» (diterapkan %(t)s).")
        % {"n": rencana.nama, "t": rencana.tmt.isoformat()},
        jenis=JenisRencana.PEMBALIKAN,
        rencana_asal=rencana,
    )
    alasan = _("Pembalikan rencana «%(n)s»: kembali ke keadaan sebelum rencana itu.") % {
        "n": rencana.nama
    }
    baris: list[ItemRencana] = []
    for item in items:
        if item.formasi_dinonaktifkan and item.formasi_asal is not None:
            baris.append(
                ItemRencana(
                    rencana=baru,
                    jenis=JenisItem.PEMBENTUKAN_FORMASI,
                    unit_id=item.formasi_asal.unit_id,
                    jabatan_id=item.formasi_asal.jabatan_id,
                    alasan_peringatan=alasan,
                )
            )
    for item in items:
        dibuka, ditutup = item.riwayat_dibuka, item.riwayat_ditutup
        if dibuka is not None and ditutup is not None:
            baris.append(
                ItemRencana(
                    rencana=baru,
                    jenis=JenisItem.MUTASI,
                    pegawai=item.pegawai,
                    formasi_asal_id=dibuka.formasi_id,
                    formasi_tujuan_id=ditutup.formasi_id,
                    alasan_peringatan=alasan,
                )
            )
    for item in items:
        if item.formasi_diaktifkan and item.formasi_hasil_id:
            baris.append(
                ItemRencana(
                    rencana=baru,
                    jenis=JenisItem.PENGHAPUSAN_FORMASI,
                    formasi_asal_id=item.formasi_hasil_id,
                    alasan_peringatan=alasan,
                )
            )
    for urutan, item in enumerate(baris, start=1):
        item.urutan = urutan
    ItemRencana.objects.bulk_create(baris)
    return baru


# --- penyetaraan wizard ---------------------------------------------------------------------------


def _kode_jf(jenjang: str, kelas: int) -> str:
    return f"PYT-{jenjang.upper()}-{kelas}"[:30]


def _jf_tujuan(jenjang: str, kelas_min: int, katalog: list[Jabatan]) -> Jabatan:
    """The JF of ``jenjang`` a position converts to, never of a lower kelas jabatan.

    Uses the instansi's usual penyetaraan JF (settings.PENATAAN_JF_PENYETARAAN) at the lowest
    kelas not below the position's, creating it when the catalogue lacks that kelas. Staff may
    then pick a JF closer to the position's duties item by item before submitting.
    """
    nama_baku = f"{settings.PENATAAN_JF_PENYETARAAN} {Jenjang(jenjang).label}"
    calon = [
        j
        for j in katalog
        if j.nama == nama_baku and j.jenjang == jenjang and j.kelas_jabatan >= kelas_min
    ]
    if calon:
        return min(calon, key=lambda j: (j.kelas_jabatan, j.pk))
    jabatan, _created = Jabatan.objects.get_or_create(
        kode=_kode_jf(jenjang, kelas_min),
        defaults={
            "nama": nama_baku,
            "kategori": KategoriJabatan.FUNGSIONAL_KEAHLIAN,
            "jenjang": jenjang,
            "kelas_jabatan": kelas_min,
        },
    )
    katalog.append(jabatan)
    return jabatan


def formasi_struktural_dalam(units: Iterable[UnitOrganisasi]) -> Q:
    path_q = Q(pk__in=[])
    for unit in units:
        path_q |= Q(unit__path__startswith=unit.path)
    return (
        path_q
        & Q(aktif=True)
        & (
            Q(jabatan__kategori__in=[KategoriJabatan.ADMINISTRATOR, KategoriJabatan.PENGAWAS])
            | Q(jabatan__kategori=KategoriJabatan.PELAKSANA, jabatan__eselon__startswith="V")
        )
    )


@transaction.atomic
def penyetaraan_propose(
    *, user: Any, units: list[UnitOrganisasi], nama: str, dasar_hukum: str, tmt: dt.date
) -> RencanaPenataan:
    """A complete draft plan converting every Administrator, Pengawas and eselon V position of
    ``units`` and their sub-units to JF, each holder moving with the position."""
    if not units:
        raise ValidationError({"units": _("Pilih sekurang-kurangnya satu unit.")})
    for unit in units:
        if not can_manage_unit(user, unit):
            raise PermissionDenied(_("Unit %(u)s di luar kewenangan Anda.") % {"u": unit.nama})
    formasi = list(
        Formasi.objects.filter(formasi_struktural_dalam(units))
        .select_related("jabatan", "unit")
        .order_by("unit__path", "jabatan__nama", "pk")
    )
    if not formasi:
        raise ValidationError(
            {
                "units": _(
                    "Unit yang dipilih tidak memiliki jabatan Administrator, Pengawas atau eselon V yang aktif."
                )
            }
        )
    pemegang: dict[int, list[int]] = defaultdict(list)
    for formasi_id, pegawai_id in (
        RiwayatJabatan.objects.definitif()
        .filter(formasi__in=formasi, tmt_selesai__isnull=True)
        .order_by("pegawai__nama", "pegawai_id")
        .values_list("formasi_id", "pegawai_id")
    ):
        pemegang[formasi_id].append(pegawai_id)
    katalog = list(
        Jabatan.objects.filter(
            kategori=KategoriJabatan.FUNGSIONAL_KEAHLIAN,
            aktif=True,
            jenjang__in=[Jenjang.AHLI_PERTAMA, Jenjang.AHLI_MUDA, Jenjang.AHLI_MADYA],
        )
    )
    rencana = rencana_create(
        user=user,
        nama=nama,
        dasar_hukum=dasar_hukum,
        tmt=tmt,
        jenis=JenisRencana.PENYETARAAN,
        keterangan=_("Disusun oleh wizard penyetaraan untuk: %(u)s.")
        % {"u": ", ".join(u.nama for u in units)},
    )
    baris: list[ItemRencana] = []
    for f in formasi:
        jenjang = jenjang_penyetaraan(f.jabatan)
        if jenjang is None:  # the query already excludes these; kept as a guard for odd data
            continue
        tujuan = _jf_tujuan(jenjang, f.jabatan.kelas_jabatan, katalog)
        holders: list[int | None] = [*pemegang.get(f.pk, [])] or [None]
        for pemegang_id in holders:
            baris.append(
                ItemRencana(
                    rencana=rencana,
                    urutan=len(baris) + 1,
                    jenis=JenisItem.PENYETARAAN,
                    pegawai_id=pemegang_id,
                    formasi_asal=f,
                    jabatan=tujuan,
                )
            )
    ItemRencana.objects.bulk_create(baris)
    return rencana
