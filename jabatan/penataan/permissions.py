"""Who may do what with a plan. The admin shows buttons from these answers; services enforce them.

Each check returns ``(allowed, reason)`` so a page can say why a button is unavailable.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from asn_portal.access import can_manage_unit, sees_all_units
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
    return sees_all_units(user) or all(can_manage_unit(user, unit) for unit in units)


def can_edit(user: Any, rencana: RencanaPenataan, items: list[ItemRencana]) -> Jawaban:
    if not user.has_perm(PERM_UBAH):
        return False, _("Anda tidak berwenang mengubah rencana penataan.")
    if rencana.status != StatusRencana.DRAF:
        return False, _("Hanya rencana berstatus draf yang dapat diubah; rencana ini %(s)s.") % {
            "s": rencana.get_status_display().lower()
        }
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
    if user.pk in (rencana.dibuat_oleh_id, rencana.diajukan_oleh_id):
        return False, _(
            "Prinsip empat mata: penyusun atau pengaju rencana tidak boleh memutuskannya sendiri."
        )
    return True, ""


def can_apply(user: Any, rencana: RencanaPenataan) -> Jawaban:
    if not user.has_perm(PERM_TERAPKAN):
        return False, _("Hanya Admin BKD yang dapat menerapkan rencana.")
    if rencana.status != StatusRencana.DISETUJUI:
        return False, _("Hanya rencana yang disetujui yang dapat diterapkan.")
    return True, ""


def can_revise(user: Any, rencana: RencanaPenataan, items: list[ItemRencana]) -> Jawaban:
    if rencana.status != StatusRencana.DITOLAK:
        return False, _("Hanya rencana yang ditolak yang dapat dikembalikan ke draf.")
    if not user.has_perm(PERM_UBAH) or not reaches_all(user, units_of_items(items)):
        return False, _("Anda tidak berwenang mengubah rencana ini.")
    return True, ""


def can_reverse(user: Any, rencana: RencanaPenataan, items: list[ItemRencana]) -> Jawaban:
    if not user.has_perm(PERM_TAMBAH) or not user.has_perm(PERM_TERAPKAN):
        return False, _("Hanya Admin BKD yang dapat membuat rencana pembalikan.")
    if rencana.status != StatusRencana.DITERAPKAN:
        return False, _("Rencana pembalikan hanya dapat dibuat dari rencana yang sudah diterapkan.")
    return True, ""
