"""Who may do what with the participation channels. Pages, the API and the admin ask here;
scoping to the user's units comes from asn_portal.access."""

from __future__ import annotations

from typing import Any

from asn_portal.access import can_manage_unit, is_staff_member

PERM_LIHAT_KASUS = "survei.view_kasus"
PERM_TANGANI_KASUS = "survei.change_kasus"
PERM_TERBITKAN_KODE = "survei.add_kodestruk"
PERM_LIHAT_KODE = "survei.view_kodestruk"
PERM_MODERASI = "survei.change_masukankonsultasi"


def boleh_lihat_kasus(user: Any) -> bool:
    return is_staff_member(user) and user.has_perm(PERM_LIHAT_KASUS)


def boleh_tangani_kasus(user: Any, unit_layanan: Any) -> bool:
    return (
        is_staff_member(user)
        and user.has_perm(PERM_TANGANI_KASUS)
        and can_manage_unit(user, unit_layanan.unit)
    )


def boleh_terbitkan_kode(user: Any, unit_layanan: Any) -> bool:
    return (
        is_staff_member(user)
        and user.has_perm(PERM_TERBITKAN_KODE)
        and can_manage_unit(user, unit_layanan.unit)
    )


def boleh_moderasi(user: Any, konsultasi: Any) -> bool:
    return (
        is_staff_member(user)
        and user.has_perm(PERM_MODERASI)
        and can_manage_unit(user, konsultasi.unit_layanan.unit)
    )
