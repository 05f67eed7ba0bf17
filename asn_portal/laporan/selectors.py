"""Reads of the reports. Admin BKD and Verifikator see every report; an Operator OPD sees the
reports whose scope is one of their units (or beneath it); ASN and anonymous see none."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from asn_portal.access import scope_queryset, sees_all_units
from asn_portal.laporan.models import STATUS_TERLIHAT, Laporan
from asn_portal.roles import OPERATOR_OPD, user_has_role


def is_staff_laporan(user: Any) -> bool:
    return sees_all_units(user) or user_has_role(user, OPERATOR_OPD)


def laporan_for_user(*, user: Any) -> QuerySet[Laporan]:
    queryset = Laporan.objects.select_related("unit", "diminta_oleh", "diterbitkan_oleh")
    if sees_all_units(user):
        return queryset
    if not user_has_role(user, OPERATOR_OPD):
        return queryset.none()
    # Province-wide reports have no unit: an operator's unit filter never matches them.
    return scope_queryset(queryset.filter(unit__isnull=False), user, "unit__path")


def laporan_terlihat(*, user: Any) -> QuerySet[Laporan]:
    """Reports whose content may be opened: built and not in the middle of a rebuild."""
    return laporan_for_user(user=user).filter(status__in=STATUS_TERLIHAT).exclude(hash_konten="")


def laporan_verifikasi(*, kode: str) -> Laporan | None:
    """The public QR check: only published or ready reports answer."""
    return (
        Laporan.objects.select_related("unit")
        .filter(kode_verifikasi=kode, status__in=STATUS_TERLIHAT)
        .exclude(hash_konten="")
        .first()
    )
