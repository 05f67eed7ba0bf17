"""Reads of the reports. Admin BKD and Verifikator see every report of their instansi; an
Operator OPD sees the reports whose scope is one of their units (or beneath it); ASN and
anonymous see none."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from asn_portal.access import (
    instansi_of_new_rows,
    may_read_rekap,
    reach_unit_paths,
    rekap_reports_q,
    scope_instansi,
    scope_queryset,
    sees_all_units,
)
from asn_portal.laporan.models import (
    LINGKUP_REKAP,
    STATUS_TERLIHAT,
    Laporan,
    kode_verifikasi_normal,
)
from asn_portal.roles import OPERATOR_OPD, user_has_role


def laporan_for_user(*, user: Any) -> QuerySet[Laporan]:
    """The reports ``user`` may see: Admin BKD and Verifikator their instansi's, an operator
    those of its units; the province reports (scope ``rekap``) whoever reads that instansi's
    roll-ups (``access.rekap_reports_q``), a Pemantau only those."""
    queryset = Laporan.objects.select_related(
        "unit", "instansi", "diminta_oleh", "diterbitkan_oleh"
    )
    rekap = Q(lingkup_kunci=LINGKUP_REKAP)
    if sees_all_units(user):
        bukan_rekap = scope_instansi(queryset.exclude(rekap), user)
        if not may_read_rekap(user):
            return bukan_rekap
        return bukan_rekap | queryset.filter(rekap & rekap_reports_q(user))
    if may_read_rekap(user):
        return queryset.filter(rekap & rekap_reports_q(user))
    if not user_has_role(user, OPERATOR_OPD):
        return queryset.none()
    # Province-wide reports have no unit: an operator's unit filter never matches them.
    return scope_queryset(queryset.filter(unit__isnull=False), user, "unit__path")


def laporan_terlihat(*, user: Any) -> QuerySet[Laporan]:
    """Reports whose content may be opened: built and not in the middle of a rebuild."""
    return laporan_for_user(user=user).filter(status__in=STATUS_TERLIHAT).exclude(hash_konten="")


def laporan_verifikasi(*, kode: str, instansi_id: int | None = None) -> Laporan | None:
    """The public QR check: only published or ready reports answer. A code is read as typed
    (lowercase, spaces, dashes: ``kode_verifikasi_normal``); a code issued before the
    look-alike-free alphabet is a case-sensitive token and still matches exactly as printed.
    With ``instansi_id`` (the public page's instansi, ``asn_portal.publik``) a report issued by
    another instansi is not found."""
    kode = kode.strip()
    if not kode:
        return None
    qs = Laporan.objects.select_related("unit", "instansi")
    if instansi_id is not None:
        qs = qs.filter(instansi_id=instansi_id)
    return (
        qs.filter(
            Q(kode_verifikasi=kode) | Q(kode_verifikasi=kode_verifikasi_normal(kode)),
            status__in=STATUS_TERLIHAT,
        )
        .exclude(hash_konten="")
        .first()
    )


def lingkup_seluruh_label(user: Any) -> str:
    """The empty choice of a report's scope: every unit of the user's instansi."""
    from jabatan.instansi import instansi_tampil, lingkup_seluruh

    return lingkup_seluruh(instansi_tampil(instansi_of_new_rows(user)).get("jenis", ""))


def unit_pilihan_laporan(user: Any) -> QuerySet[Any]:
    """The scopes a user may ask a report for: OPDs for whoever sees every unit (the province
    being the empty choice), the granted units for an operator."""
    from jabatan.models import UnitOrganisasi

    units = UnitOrganisasi.objects.order_by("kode")
    paths = reach_unit_paths(user)
    if paths is None:
        return units.filter(depth=1)
    return units.filter(path__in=paths)
