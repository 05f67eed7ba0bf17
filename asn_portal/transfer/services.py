"""Writes of the impor-ekspor mechanism: import jobs (preview, all-or-nothing commit), exports and
SIASN reconciliation. Views, admin and Celery tasks call these; none holds a rule of its own."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from auditlog.context import set_actor
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from asn_portal.transfer.formats import (
    FileError,
    NipValue,
    Table,
    detect_format,
    normalize_header,
    read_table,
)
from asn_portal.transfer.kinds import get_kind
from asn_portal.transfer.kinds.base import (
    CHANGED,
    CREATED,
    UNCHANGED,
    ImportKind,
    RowInvalid,
    RowResult,
)
from asn_portal.transfer.models import ImportJob, ImportStatus

logger = logging.getLogger(__name__)

MAX_ERRORS_KEPT = 1000
MAX_PREVIEW_KEPT = 500
PROGRESS_TIMEOUT = 60 * 60 * 6


# --- progress (the cache is shared by web and worker; the commit's own transaction is not) -----


def _progress_key(job_id: int) -> str:
    return f"transfer:impor:{job_id}"


def progress_set(job_id: int, *, phase: str, done: int, total: int) -> None:
    cache.set(
        _progress_key(job_id), {"phase": phase, "done": done, "total": total}, PROGRESS_TIMEOUT
    )


def progress_get(job_id: int) -> dict[str, Any] | None:
    return cache.get(_progress_key(job_id))


def _throttled(job_id: int, phase: str) -> Callable[[int, int], None]:
    last = {"done": -1}

    def report(done: int, total: int) -> None:
        if done == total or done - last["done"] >= 500:
            last["done"] = done
            progress_set(job_id, phase=phase, done=done, total=total)

    return report


# --- permission -------------------------------------------------------------------------------


def import_allowed(user: Any, kind: type[ImportKind]) -> bool:
    from asn_portal.transfer.selectors import is_transfer_staff

    return is_transfer_staff(user) and user.has_perms(kind.permissions)


def import_retry_allowed(user: Any, job: ImportJob) -> bool:
    """Only the uploader or Admin BKD may start a failed import again."""
    from asn_portal.roles import ADMIN_BKD, user_has_role

    owner_or_admin = (
        job.created_by_id == user.pk or user.is_superuser or user_has_role(user, ADMIN_BKD)
    )
    return owner_or_admin and import_allowed(user, get_kind(job.kind))


# --- import -----------------------------------------------------------------------------------


@transaction.atomic
def import_job_create(*, user: Any, kind: str, upload: UploadedFile) -> ImportJob:
    kind_class = get_kind(kind)
    if not import_allowed(user, kind_class):
        raise PermissionDenied(_("Anda tidak berhak mengimpor %(k)s.") % {"k": kind_class.label})
    try:
        detect_format(upload.name or "")
    except FileError as exc:
        raise ValidationError({"berkas": str(exc)}) from None
    job = ImportJob(
        kind=kind,
        file_name=(upload.name or "")[:255],
        created_by=user,
        step_started_at=timezone.now(),
    )
    job.file.save(upload.name or "impor", upload, save=False)
    job.save()
    progress_set(job.pk, phase=ImportStatus.MENUNGGU, done=0, total=0)
    from asn_portal.transfer import tasks

    transaction.on_commit(lambda: tasks.import_validate.delay(job.pk))
    return job


def _row_values(
    kind: ImportKind, table: Table
) -> tuple[list[tuple[int, dict[str, Any]]], list[dict[str, Any]]]:
    """Map the file's columns to the kind's and parse every cell; cell errors name row+column."""
    index: dict[str, int] = {}
    aliases = {}
    for column in kind.columns:
        aliases[column.key] = column.key
        aliases[normalize_header(column.header)] = column.key
    for position, header in enumerate(table.headers):
        key = aliases.get(header)
        if key and key not in index:
            index[key] = position
    errors = [
        {
            "row": 1,
            "column": str(column.header),
            "message": _("Kolom wajib %(c)s tidak ada di baris judul.") % {"c": column.header},
        }
        for column in kind.columns
        if column.required and column.key not in index
    ]
    if errors:
        return [], errors
    rows = []
    for number, raw in table.rows:
        values: dict[str, Any] = {}
        for column in kind.columns:
            if column.key not in index:
                continue
            position = index[column.key]
            cell = raw[position] if position < len(raw) else None
            try:
                value = column.parse(cell)
            except ValueError as exc:
                errors.append({"row": number, "column": str(column.header), "message": str(exc)})
                continue
            empty = value in (None, "") or (
                isinstance(value, NipValue) and not (value.nip or value.prefix)
            )
            if column.required and empty:
                errors.append(
                    {"row": number, "column": str(column.header), "message": _("Wajib diisi.")}
                )
            values[column.key] = value
        rows.append((number, values))
    return rows, errors


def _analyse(
    job: ImportJob, user: Any, report: Callable[[int, int], None]
) -> tuple[ImportKind, list[RowResult], list[dict[str, Any]], int]:
    kind = get_kind(job.kind)(user)
    headers = {c.key: str(c.header) for c in kind.columns}
    job.file.open("rb")
    try:
        data = job.file.read()
    finally:
        job.file.close()
    try:
        table = read_table(data, job.file_name)
    except FileError as exc:
        return kind, [], [{"row": 0, "column": "", "message": str(exc)}], 0
    rows, errors = _row_values(kind, table)
    bad_rows = {e["row"] for e in errors}
    good = [(n, v) for n, v in rows if n not in bad_rows]
    kind.load(good)
    results: list[RowResult] = []
    seen: dict[str, int] = {}
    total = len(table.rows)
    for position, (number, values) in enumerate(good, start=1):
        try:
            result = kind.check(number, values)
        except RowInvalid as exc:
            errors.extend(
                {"row": number, "column": headers.get(col, col), "message": str(msg)}
                for col, msg in exc.errors
            )
        else:
            if result.action is not None and result.key in seen:
                errors.append(
                    {
                        "row": number,
                        "column": headers.get(kind.columns[0].key, ""),
                        "message": _("Data yang sama sudah ada di baris %(n)s.")
                        % {"n": seen[result.key]},
                    }
                )
            else:
                seen.setdefault(result.key, number)
                results.append(result)
        report(position, total)
    if not errors:
        errors.extend(
            {"row": n, "column": headers.get(c, c), "message": str(m)}
            for n, c, m in kind.finish(results)
        )
    errors.sort(key=lambda e: (e["row"], e["column"]))
    return kind, results, errors, total


def _counts(results: list[RowResult]) -> dict[str, int]:
    counts = {CREATED: 0, CHANGED: 0, UNCHANGED: 0}
    for result in results:
        if result.action is not None:
            counts[result.action] += 1
    return counts


def _store_analysis(
    job: ImportJob, results: list[RowResult], errors: list[dict[str, Any]], total: int
) -> None:
    counts = _counts(results)
    job.total_rows = total
    job.created_count, job.changed_count, job.unchanged_count = (
        counts[CREATED],
        counts[CHANGED],
        counts[UNCHANGED],
    )
    job.error_count = len(errors)
    job.errors = errors[:MAX_ERRORS_KEPT]
    job.preview = [
        {"row": r.number, "key": r.key, "action": r.action, "changes": r.changes}
        for r in results
        if r.action in (CREATED, CHANGED)
    ][:MAX_PREVIEW_KEPT]


def import_validate(*, job: ImportJob) -> ImportJob:
    """Read and check the whole file without writing anything: the preview."""
    job.step_started_at = timezone.now()
    claimed = ImportJob.objects.filter(
        pk=job.pk, status__in=(ImportStatus.MENUNGGU, ImportStatus.MEMERIKSA)
    ).update(status=ImportStatus.MEMERIKSA, step_started_at=job.step_started_at)
    if not claimed:  # failed by the stuck-job sweep while it waited in the queue
        job.refresh_from_db()
        return job
    job.status = ImportStatus.MEMERIKSA
    _kind, results, errors, total = _analyse(
        job, job.created_by, _throttled(job.pk, ImportStatus.MEMERIKSA)
    )
    _store_analysis(job, results, errors, total)
    job.status = ImportStatus.DITOLAK if errors else ImportStatus.PRATINJAU
    job.save()
    progress_set(job.pk, phase=job.status, done=total, total=total)
    return job


@transaction.atomic
def import_commit_request(*, job: ImportJob, user: Any) -> ImportJob:
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportStatus.PRATINJAU:
        raise ValidationError(
            _("Impor ini tidak dalam keadaan siap diimpor (%(s)s).")
            % {"s": job.get_status_display()}
        )
    if not import_allowed(user, get_kind(job.kind)):
        raise PermissionDenied(_("Anda tidak berhak mengimpor data ini."))
    job.status = ImportStatus.MENGIMPOR
    job.committed_by = user
    job.step_started_at = timezone.now()
    job.save(update_fields=["status", "committed_by", "step_started_at"])
    progress_set(job.pk, phase=ImportStatus.MENGIMPOR, done=0, total=job.total_rows)
    from asn_portal.transfer import tasks

    transaction.on_commit(lambda: tasks.import_commit.delay(job.pk))
    return job


def import_commit(*, job: ImportJob) -> ImportJob:
    """Check the file again (the register may have changed since the preview) and write it all in
    one transaction. Any error, or any failure while writing, leaves the register untouched."""
    job.step_started_at = timezone.now()
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.MENGIMPOR).update(
        step_started_at=job.step_started_at
    )
    if not claimed:  # failed by the stuck-job sweep while it waited in the queue
        job.refresh_from_db()
        return job
    user = job.committed_by or job.created_by
    report = _throttled(job.pk, ImportStatus.MENGIMPOR)
    try:
        with transaction.atomic(), set_actor(user):
            kind, results, errors, total = _analyse(job, user, lambda done, total: None)
            if errors:
                raise _Rejected(results, errors, total)
            kind.write(results, report)
    except _Rejected as rejected:
        _store_analysis(job, rejected.results, rejected.errors, rejected.total)
        job.status = ImportStatus.DITOLAK
        job.message = _("Data berubah sejak pratinjau; tidak ada yang diimpor.")
    except Exception as exc:
        logger.exception("import %s failed", job.pk)
        job.status = ImportStatus.GAGAL
        job.message = _("Impor gagal, tidak ada data yang disimpan: %(e)s") % {"e": exc}
    else:
        _store_analysis(job, results, errors, total)
        job.status = ImportStatus.SELESAI
        job.message = ""
    job.finished_at = timezone.now()
    job.save()
    progress_set(job.pk, phase=job.status, done=job.total_rows, total=job.total_rows)
    return job


def import_jobs_fail_stuck(*, now: dt.datetime | None = None) -> int:
    """Fail jobs whose step has run longer than a task may live: their worker was killed (a commit
    rolled back with it, so nothing was written). Returns how many jobs were failed."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    stuck = ImportJob.objects.filter(
        status__in=(ImportStatus.MEMERIKSA, ImportStatus.MENGIMPOR)
    ).filter(Q(step_started_at__lt=cutoff) | Q(step_started_at__isnull=True, created_at__lt=cutoff))
    failed = stuck.update(
        status=ImportStatus.GAGAL,
        message=_(
            "Proses impor terhenti sebelum selesai, tidak ada data yang disimpan. "
            "Silakan mulai impor lagi."
        ),
        finished_at=now,
    )
    if failed:
        logger.warning("%s stuck import job(s) failed", failed)
    return failed


def import_can_retry(job: ImportJob) -> bool:
    return (
        job.status == ImportStatus.GAGAL
        and bool(job.file)
        and job.file.storage.exists(job.file.name or "")
    )


@transaction.atomic
def import_retry(*, job: ImportJob, user: Any) -> ImportJob:
    """Queue the failed step again: the commit if one was requested, otherwise the check."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if not import_retry_allowed(user, job):
        raise PermissionDenied(_("Anda tidak berhak mengulang impor ini."))
    if not import_can_retry(job):
        raise ValidationError(
            _("Impor ini tidak dapat diulang (%(s)s).") % {"s": job.get_status_display()}
        )
    from asn_portal.transfer import tasks

    job.message = ""
    job.finished_at = None
    job.step_started_at = timezone.now()
    if job.committed_by_id is not None:
        job.status = ImportStatus.MENGIMPOR
        job.committed_by = user
        task = tasks.import_commit
    else:
        job.status = ImportStatus.MENUNGGU
        task = tasks.import_validate
    job.save(update_fields=["status", "message", "finished_at", "step_started_at", "committed_by"])
    progress_set(job.pk, phase=job.status, done=0, total=job.total_rows)
    transaction.on_commit(lambda: task.delay(job.pk))
    return job


class _Rejected(Exception):  # noqa: N818
    def __init__(self, results: list[RowResult], errors: list[dict[str, Any]], total: int) -> None:
        self.results, self.errors, self.total = results, errors, total


def template_workbook(*, kind: str, user: Any = None, with_data: bool = False) -> bytes:
    """The empty template, or (``with_data``) the user's current rows in the same layout."""
    from asn_portal.transfer.template_xlsx import build_template

    return build_template(get_kind(kind)(user), with_data=with_data)
