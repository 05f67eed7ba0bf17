"""Reads of impor-ekspor, each taking ``user=`` so that pages, admin and tasks agree on reach."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from asn_portal.access import is_staff_member, scope_instansi, sees_all_units, unit_path_q
from asn_portal.roles import ADMIN_BKD, OPERATOR_OPD, user_has_role
from asn_portal.transfer.models import (
    ExportLog,
    ImportJob,
    Kelompok,
    Rekonsiliasi,
    RekonsiliasiItem,
)


def can_write(user: Any) -> bool:
    """Verifikator reads and reconciles nothing into the register; they only look."""
    return is_staff_member(user) and (
        user.is_superuser or user_has_role(user, ADMIN_BKD) or user_has_role(user, OPERATOR_OPD)
    )


def import_jobs_for_user(*, user: Any) -> QuerySet[ImportJob]:
    jobs = ImportJob.objects.select_related("created_by", "committed_by").defer("errors", "preview")
    if not is_staff_member(user):
        return jobs.none()
    if sees_all_units(user):
        return scope_instansi(jobs, user)
    return jobs.filter(created_by=user)


def export_logs_for_user(*, user: Any) -> QuerySet[ExportLog]:
    logs = ExportLog.objects.select_related("created_by")
    if not is_staff_member(user):
        return logs.none()
    return scope_instansi(logs, user) if sees_all_units(user) else logs.filter(created_by=user)


def rekonsiliasi_for_user(*, user: Any) -> QuerySet[Rekonsiliasi]:
    rows = Rekonsiliasi.objects.select_related("created_by")
    if not is_staff_member(user):
        return rows.none()
    return scope_instansi(rows, user) if sees_all_units(user) else rows.filter(created_by=user)


def rekonsiliasi_items(*, user: Any, rekonsiliasi: Rekonsiliasi) -> QuerySet[RekonsiliasiItem]:
    """Items an operator may see: those of pegawai in their units. Rows only in SIASN carry no
    unit of ours and are shown to staff who see every unit."""
    items = rekonsiliasi.items.all()
    if sees_all_units(user):  # the reconciliation is of their instansi (rekonsiliasi_for_user)
        return items
    query = unit_path_q(user, "unit_path")
    if query is None:
        return items
    return items.filter(query & ~Q(unit_path=""))


def rekonsiliasi_counts(*, user: Any, rekonsiliasi: Rekonsiliasi) -> dict[str, int]:
    counts = {k.value: 0 for k in Kelompok}
    for row in (
        rekonsiliasi_items(user=user, rekonsiliasi=rekonsiliasi)
        .values("kelompok")
        .annotate(n=Count("id"))
    ):
        counts[row["kelompok"]] = row["n"]
    return counts
