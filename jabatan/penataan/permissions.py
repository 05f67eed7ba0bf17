"""Who may do what with a plan. The admin shows buttons from these answers; services enforce them.

Each check returns ``(allowed, reason)`` so a page can say why a button is unavailable.

Four eyes: whoever decides a plan contributed nothing to it. Contributors are the drafter, the
submitter and everyone who changed the plan while it was a draft (each change by someone other
than the drafter, and every change after the first submission, is a step in the plan's history).
Once a plan has been submitted, only its drafter may change it, after sending it back to draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from asn_portal.access import can_manage_unit
from jabatan.models import UnitOrganisasi
from jabatan.penataan.models import ItemRencana, RencanaPenataan, StatusRencana

PERM_TAMBAH = "jabatan.add_rencanapenataan"
PERM_UBAH = "jabatan.change_rencanapenataan"
PERM_AJUKAN = "jabatan.ajukan_rencana"
PERM_SETUJUI = "jabatan.setujui_rencana"
PERM_TERAPKAN = "jabatan.terapkan_rencana"

Jawaban = tuple[bool, str]


def units_of_items(items: list[ItemRencana]) -> list[UnitOrganisasi]:
    """Every unit an item touches (items loaded with their formasi and units)."""
    units: dict[int, UnitOrganisasi] = {}
    for item in items:
        for formasi in (item.formasi_asal, item.formasi_tujuan):
            if formasi is not None:
                units[formasi.unit_id] = formasi.unit
        if item.unit is not None:
            units[item.unit.pk] = item.unit
    return list(units.values())


def reaches_all(user: Any, units: list[UnitOrganisasi]) -> bool:
    return all(can_manage_unit(user, unit) for unit in units)


def is_drafter(user: Any, rencana: RencanaPenataan) -> bool:
    return bool(user.pk is not None and user.pk == rencana.dibuat_oleh_id)


def contributors(rencana: RencanaPenataan) -> set[int]:
    """Ids of the users who drafted, changed or submitted the plan (see the module docstring)."""
    ids = {pk for pk in (rencana.dibuat_oleh_id, rencana.diajukan_oleh_id) if pk is not None}
    ids.update(
        rencana.transisi.filter(
            ke_status__in=[StatusRencana.DRAF, StatusRencana.DIAJUKAN]
        ).values_list("oleh_id", flat=True)
    )
    return ids


def edit_is_recorded(user: Any, rencana: RencanaPenataan) -> bool:
    """Whether a change by ``user`` becomes a step of the plan's history."""
    return rencana.diajukan_pada is not None or not is_drafter(user, rencana)


def can_edit(user: Any, rencana: RencanaPenataan, items: list[ItemRencana]) -> Jawaban:
    if not user.has_perm(PERM_UBAH):
        return False, _("Anda tidak berwenang mengubah rencana penataan.")
    if rencana.status != StatusRencana.DRAF:
        return False, _("Hanya rencana berstatus draf yang dapat diubah; rencana ini %(s)s.") % {
            "s": rencana.get_status_display().lower()
        }
    if rencana.diajukan_pada is not None and not is_drafter(user, rencana):
        return False, _(
            "Prinsip empat mata: rencana ini sudah pernah diajukan, sehingga hanya penyusunnya "
            "yang dapat mengubahnya."
        )
    if not reaches_all(user, units_of_items(items)):
        return False, _("Rencana ini menyentuh unit di luar kewenangan Anda.")
    return True, ""


def can_submit(user: Any, rencana: RencanaPenataan, items: list[ItemRencana]) -> Jawaban:
    if not user.has_perm(PERM_AJUKAN):
        return False, _(
            "Hanya penyusun rencana (Operator OPD atau Admin BKD) yang dapat mengajukan."
        )
    return can_edit(user, rencana, items)


def can_decide(user: Any, rencana: RencanaPenataan) -> Jawaban:
    if not user.has_perm(PERM_SETUJUI):
        return False, _("Hanya Verifikator yang dapat menyetujui atau menolak rencana.")
    if rencana.status != StatusRencana.DIAJUKAN:
        return False, _("Hanya rencana yang diajukan yang dapat disetujui atau ditolak.")
    if user.pk in contributors(rencana):
        return False, _(
            "Prinsip empat mata: penyusun, pengubah atau pengaju rencana tidak boleh "
            "memutuskannya sendiri."
        )
    return True, ""


def can_apply(user: Any, rencana: RencanaPenataan) -> Jawaban:
    if not user.has_perm(PERM_TERAPKAN):
        return False, _("Hanya Admin BKD yang dapat menerapkan rencana.")
    if rencana.status != StatusRencana.DISETUJUI:
        return False, _("Hanya rencana yang disetujui yang dapat diterapkan.")
    return True, ""


def can_revise(user: Any, rencana: RencanaPenataan, items: list[ItemRencana]) -> Jawaban:
    """Back to draft: a submitted plan withdrawn, or a rejected one to be corrected."""
    if rencana.status not in (StatusRencana.DIAJUKAN, StatusRencana.DITOLAK):
        return False, _("Hanya rencana yang diajukan atau ditolak yang dapat dikembalikan ke draf.")
    if not is_drafter(user, rencana):
        return False, _("Hanya penyusun rencana yang dapat mengembalikannya ke draf.")
    if not user.has_perm(PERM_UBAH) or not reaches_all(user, units_of_items(items)):
        return False, _("Anda tidak berwenang mengubah rencana ini.")
    return True, ""


def can_reverse(user: Any, rencana: RencanaPenataan, items: list[ItemRencana]) -> Jawaban:
    if not user.has_perm(PERM_TAMBAH) or not user.has_perm(PERM_TERAPKAN):
        return False, _("Hanya Admin BKD yang dapat membuat rencana pembalikan.")
    if rencana.status != StatusRencana.DITERAPKAN:
        return False, _("Rencana pembalikan hanya dapat dibuat dari rencana yang sudah diterapkan.")
    return True, ""


# --- the next step, for the plan's page ------------------------------------------------------------


@dataclass(frozen=True)
class Tindakan:
    aksi: str  # the name in the admin's ``<pk>/aksi/<aksi>/`` URL
    label: str
    isian: str = ""  # "catatan": an optional note; "alasan": a required reason


@dataclass(frozen=True)
class LangkahBerikutnya:
    """What the plan's page offers ``user``: at most one primary action, the alternatives of the
    same decision (reject beside approve, withdraw while waiting), and in words who acts next
    and, when ``user`` cannot, why. A button is shown only when its check allows it."""

    utama: Tindakan | None
    lain: tuple[Tindakan, ...] = ()
    keterangan: str = ""


def next_step(
    user: Any,
    rencana: RencanaPenataan,
    items: list[ItemRencana],
    *,
    is_valid: bool,
    penerapan_berjalan: bool = False,
) -> LangkahBerikutnya:
    """``is_valid``: the plan's current validation result (errors, warnings without a reason);
    submit and approve are offered only when it passes, as the services refuse otherwise."""
    status = rencana.status
    if status == StatusRencana.DRAF:
        ok, reason = can_submit(user, rencana, items)
        if not ok:
            return LangkahBerikutnya(
                None,
                keterangan=_("Langkah berikutnya: penyusun mengajukan rencana. %(r)s")
                % {"r": reason},
            )
        if not is_valid:
            return LangkahBerikutnya(
                None,
                keterangan=_(
                    "Perbaiki galat dan beri alasan untuk setiap peringatan pada daftar "
                    "validasi; setelah itu rencana dapat diajukan."
                ),
            )
        return LangkahBerikutnya(Tindakan("ajukan", _("Ajukan untuk persetujuan")))
    if status == StatusRencana.DIAJUKAN:
        ok, reason = can_decide(user, rencana)
        if ok:
            tolak = Tindakan("tolak", _("Tolak dengan alasan"), "alasan")
            if not is_valid:
                return LangkahBerikutnya(
                    None,
                    (tolak,),
                    _("Rencana tidak lagi lolos validasi, sehingga hanya dapat ditolak."),
                )
            return LangkahBerikutnya(Tindakan("setujui", _("Setujui"), "catatan"), (tolak,))
        lain = (
            (Tindakan("kembalikan", _("Tarik kembali ke draf")),)
            if can_revise(user, rencana, items)[0]
            else ()
        )
        return LangkahBerikutnya(
            None,
            lain,
            _("Menunggu keputusan Verifikator yang bukan penyusun atau pengaju. %(r)s")
            % {"r": reason},
        )
    if status == StatusRencana.DISETUJUI:
        if penerapan_berjalan:
            return LangkahBerikutnya(None, keterangan=_("Penerapan sedang berjalan."))
        ok, reason = can_apply(user, rencana)
        if ok:
            return LangkahBerikutnya(Tindakan("terapkan", _("Terapkan")))
        return LangkahBerikutnya(
            None, keterangan=_("Menunggu penerapan oleh Admin BKD. %(r)s") % {"r": reason}
        )
    if status == StatusRencana.DITOLAK:
        ok, reason = can_revise(user, rencana, items)
        if ok:
            return LangkahBerikutnya(
                Tindakan("kembalikan", _("Kembalikan ke draf untuk diperbaiki"))
            )
        return LangkahBerikutnya(
            None,
            keterangan=_("Menunggu penyusun memperbaiki rencana. %(r)s") % {"r": reason},
        )
    lain = (
        (Tindakan("pembalikan", _("Buat rencana pembalikan")),)
        if can_reverse(user, rencana, items)[0]
        else ()
    )
    return LangkahBerikutnya(None, lain, _("Rencana sudah diterapkan; tidak ada langkah lanjutan."))
