"""Writes of the impor-ekspor mechanism: import jobs (preview, all-or-nothing commit), exports and
SIASN reconciliation. Views, admin and Celery tasks call these; none holds a rule of its own."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from auditlog.context import set_actor
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from asn_portal import jobs
from asn_portal.access import instansi_of_new_rows, is_staff_member, sees_every_instansi
from asn_portal.progress import progress_reporter, progress_set
from asn_portal.roles import ADMIN_BKD, user_has_role
from asn_portal.transfer.formats import (
    XLSX,
    CellError,
    FileError,
    SheetChoiceNeeded,
    Table,
    detect_format,
    normalize_header,
    read_table,
    table_dumps,
    table_loads,
)
from asn_portal.transfer.kinds import get_kind
from asn_portal.transfer.kinds.base import (
    CHANGED,
    CREATED,
    UNCHANGED,
    Column,
    ImportKind,
    RowInvalid,
    RowResult,
    value_key,
)
from asn_portal.transfer.models import ImportJob, ImportStatus
from asn_portal.transfer.nip_cells import NipValue
from asn_portal.transfer.template_xlsx import build_template
from jabatan.models import Instansi
from jabatan.nip import nip_checked_on

logger = logging.getLogger(__name__)

MAX_ERRORS_KEPT = 1000
MAX_PREVIEW_KEPT = 500


# --- progress (asn_portal.progress, kind "impor") ----------------------------------------------

PROGRESS_KIND = "impor"


def _progress(job_id: int, phase: str, done: int, total: int) -> None:
    progress_set(PROGRESS_KIND, job_id, status=phase, done=done, total=total)


def _throttled(job_id: int, phase: str) -> Callable[[int, int], None]:
    return progress_reporter(PROGRESS_KIND, job_id, status=phase)


# --- permission -------------------------------------------------------------------------------


def import_allowed(user: Any, kind: type[ImportKind]) -> bool:
    return is_staff_member(user) and user.has_perms(kind.permissions)


def import_retry_allowed(user: Any, job: ImportJob) -> bool:
    """Only the uploader or Admin BKD may start a failed import again."""

    owner_or_admin = (
        job.created_by_id == user.pk or user.is_superuser or user_has_role(user, ADMIN_BKD)
    )
    return owner_or_admin and import_allowed(user, get_kind(job.kind))


# --- import -----------------------------------------------------------------------------------


def import_instansi(user: Any, instansi_id: int | None) -> int:
    """The instansi an upload of ``user`` belongs to: staff import into their own instansi only;
    a superuser (who reaches every instansi) must name one (field ``instansi``)."""
    if sees_every_instansi(user):
        if instansi_id is None or not Instansi.objects.filter(pk=instansi_id).exists():
            raise ValidationError(
                {"instansi": _("Instansi: pilih instansi tujuan impor ini (wajib bagi superuser).")}
            )
        return instansi_id
    own = instansi_of_new_rows(user)
    if instansi_id is not None and instansi_id != own:  # another instansi answers as missing
        raise ValidationError({"instansi": _("Instansi: pilihan tidak ditemukan.")})
    return own


@transaction.atomic
def import_job_create(
    *,
    user: Any,
    kind: str,
    upload: UploadedFile,
    sheet: str = "",
    instansi_id: int | None = None,
) -> ImportJob:
    kind_class = get_kind(kind)
    if not import_allowed(user, kind_class):
        raise PermissionDenied(_("Anda tidak berhak mengimpor %(k)s.") % {"k": kind_class.label})
    instansi_id = import_instansi(user, instansi_id)
    try:
        detect_format(upload.name or "")
    except FileError as exc:
        raise ValidationError({"berkas": str(exc)}) from None
    job = ImportJob(
        kind=kind,
        file_name=(upload.name or "")[:255],
        created_by=user,
        instansi_id=instansi_id,
        step_started_at=timezone.now(),
        sheet=sheet.strip()[:31],
    )
    job.file.save(upload.name or "impor", upload, save=False)
    job.save()
    _progress(job.pk, ImportStatus.MENUNGGU, 0, 0)
    from asn_portal.transfer import tasks  # tasks import this module

    job.enqueued = jobs.enqueue_on_commit(tasks.import_validate, job.pk)  # type: ignore[attr-defined]
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
    present = [column for column in kind.columns if column.key in index]
    # A column's parsing depends on the cell alone: each distinct cell of a column is parsed
    # once (statuses, ranks, dates and codes repeat over thousands of rows). NIPs are all
    # different and are parsed as they come.
    parsed: dict[str, dict[tuple[type, Any], Any]] = {
        column.key: {} for column in present if column.kind != "nip"
    }
    for number, raw in table.rows:
        values: dict[str, Any] = {}
        for column in present:
            position = index[column.key]
            cell = raw[position] if position < len(raw) else None
            try:
                value = _parse_cell(column, cell, parsed.get(column.key))
            except ValueError as exc:
                errors.append({"row": number, "column": str(column.header), "message": str(exc)})
                continue
            empty = value in (None, "") or (isinstance(value, NipValue) and value.empty)
            if column.required and empty:
                errors.append(
                    {"row": number, "column": str(column.header), "message": _("Wajib diisi.")}
                )
            values[column.key] = value
        rows.append((number, values))
    return rows, errors


def _parse_cell(column: Column, cell: Any, parsed: dict[tuple[type, Any], Any] | None) -> Any:
    """``column.parse(cell)``, remembered in ``parsed`` under :func:`value_key` of the cell."""
    if parsed is None:
        return column.parse(cell)
    key = value_key(cell)
    outcome = parsed.get(key, _UNPARSED)
    if outcome is _UNPARSED:
        try:
            outcome = column.parse(cell)
        except ValueError as exc:
            outcome = _Refused(str(exc))
        parsed[key] = outcome
    if isinstance(outcome, _Refused):
        raise CellError(outcome.message)
    return outcome


_UNPARSED = object()


@dataclass(frozen=True)
class _Refused:
    message: str


def _read_job_file(job: ImportJob, *, keep_copy: bool) -> Table:
    """The job's table. An XLSX preview keeps the rows it read (``keep_copy``); the commit reads
    that copy instead of parsing the workbook again, when it was read from these very bytes and
    this sheet."""
    job.file.open("rb")
    try:
        data = job.file.read()
    finally:
        job.file.close()
    if detect_format(job.file_name) != XLSX:
        return read_table(data, job.file_name, sheet=job.sheet)
    source = hashlib.sha256(data + b"\0" + job.sheet.encode()).hexdigest()
    if not keep_copy and job.table_copy:
        with job.table_copy.open("rb") as copy:
            table = table_loads(copy.read(), source=source)
        if table is not None:
            return table
    table = read_table(data, job.file_name, sheet=job.sheet)
    if keep_copy:
        try:
            content = table_dumps(table, source=source)
        except TypeError:  # a value it cannot keep exactly: the commit parses the file again
            logger.warning("import %s: rows not kept for the commit", job.pk, exc_info=True)
        else:
            if job.table_copy:
                job.table_copy.delete(save=False)
            job.table_copy.save(f"{job.file_name}.baris.json.gz", ContentFile(content), save=False)
    return table


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Python's cycle collector off while an import reads, checks and writes: it walks every
    live object again each time enough new ones have been made, and an import keeps hundreds of
    thousands alive (the rows, their values, their results) that form no cycles. At 40,000 rows
    that walking was about a fifth of the commit. It runs again as usual afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _analyse(
    job: ImportJob, user: Any, report: Callable[[int, int], None], *, keep_copy: bool = False
) -> tuple[ImportKind, list[RowResult], list[dict[str, Any]], int]:
    """Read and check the whole file. Sets ``job.notes`` and ``job.sheet_choices`` (how the file
    was read) and returns the kind, the checked rows, the errors and the row count."""
    kind = get_kind(job.kind)(user, job.instansi_id)
    headers = {c.key: str(c.header) for c in kind.columns}
    job.sheet_choices = []
    try:
        table = _read_job_file(job, keep_copy=keep_copy)
    except SheetChoiceNeeded as exc:
        job.sheet_choices = exc.sheets
        job.notes = []
        return kind, [], [{"row": 0, "column": "", "message": str(exc)}], 0
    except FileError as exc:
        job.notes = []
        return kind, [], [{"row": 0, "column": "", "message": str(exc)}], 0
    job.notes = table.notes
    rows, errors = _row_values(kind, table)
    bad_rows = {e["row"] for e in errors}
    good = [(n, v) for n, v in rows if n not in bad_rows]
    kind.load(good)
    results: list[RowResult] = []
    seen: dict[str, int] = {}
    total = len(table.rows)
    with nip_checked_on():  # every NIP of the file against the same day
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


RECONSTRUCTED = "reconstructed"  # the preview's own category for rows with a repaired NIP


def _counts(results: list[RowResult]) -> dict[str, int]:
    counts = {CREATED: 0, CHANGED: 0, UNCHANGED: 0, RECONSTRUCTED: 0}
    for result in results:
        if result.repair is not None:
            counts[RECONSTRUCTED] += 1
        elif result.action is not None:
            counts[result.action] += 1
    return counts


def _repair_digest(results: list[RowResult]) -> str:
    """Which row went to which NIP: the commit refuses to write if it would match otherwise."""
    pairs = sorted(f"{r.number}:{r.repair.nip}" for r in results if r.repair is not None)
    return hashlib.sha256("|".join(pairs).encode()).hexdigest() if pairs else ""


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
    job.reconstructed_count = counts[RECONSTRUCTED]
    job.reconstructed_digest = _repair_digest(results)
    job.error_count = len(errors)
    job.errors = errors[:MAX_ERRORS_KEPT]
    repaired = [
        {
            "row": r.number,
            "key": r.key,
            "action": r.action,
            "changes": r.changes,
            "repair": r.repair.as_dict(),
        }
        for r in results
        if r.repair is not None
    ]
    plain = [
        {"row": r.number, "key": r.key, "action": r.action, "changes": r.changes}
        for r in results
        if r.repair is None and r.action in (CREATED, CHANGED)
    ]
    job.preview = (repaired + plain)[:MAX_PREVIEW_KEPT]


def _claim(job: ImportJob, claimable: Q, **changes: Any) -> bool:
    """Take the job by one conditional UPDATE: a second delivery of the same message (or a
    concurrent one) finds it claimed, with a fresh heartbeat, and does nothing."""
    now = timezone.now()
    claimed = (
        ImportJob.objects.filter(claimable, pk=job.pk)
        .filter(jobs.not_beating(now))
        .update(heartbeat_at=now, step_started_at=now, **changes)
    )
    if not claimed:
        job.refresh_from_db()
        return False
    job.refresh_from_db()
    return True


def import_validate(*, job: ImportJob) -> ImportJob:
    """Read and check the whole file without writing anything: the preview."""
    waiting_or_dead = Q(status=ImportStatus.MENUNGGU) | Q(status=ImportStatus.MEMERIKSA)
    if not _claim(job, waiting_or_dead, status=ImportStatus.MEMERIKSA):
        return job  # finished, failed by the sweep, or another worker holds it
    with jobs.heartbeat(ImportJob, job.pk), _without_cycle_collection():
        _kind, results, errors, total = _analyse(
            job, job.created_by, _throttled(job.pk, ImportStatus.MEMERIKSA), keep_copy=True
        )
    _store_analysis(job, results, errors, total)
    job.status = ImportStatus.DITOLAK if errors else ImportStatus.PRATINJAU
    with transaction.atomic():
        if not ImportJob.objects.select_for_update().filter(
            pk=job.pk, status=ImportStatus.MEMERIKSA
        ):
            job.refresh_from_db()
            return job  # failed by the sweep meanwhile: its message stands
        job.heartbeat_at = None
        job.save()
    _progress(job.pk, job.status, total, total)
    return job


@transaction.atomic
def import_commit_request(
    *, job: ImportJob, user: Any, confirm_reconstructed: bool = False
) -> ImportJob:
    """Queue the commit of a previewed import. Rows whose NIP was reconstructed (Excel had cut
    it) are written only when the officer confirms them: ``confirm_reconstructed``."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportStatus.PRATINJAU:
        raise ValidationError(
            _("Impor ini tidak dalam keadaan siap diimpor (%(s)s).")
            % {"s": job.get_status_display()}
        )
    if not import_allowed(user, get_kind(job.kind)):
        raise PermissionDenied(_("Anda tidak berhak mengimpor data ini."))
    if job.reconstructed_count and not confirm_reconstructed:
        raise ValidationError(
            _(
                "%(n)s baris memakai NIP yang dipulihkan dari NIP terpotong oleh Excel. Periksa "
                "baris-baris itu lalu centang konfirmasinya, atau format kolom NIP sebagai Teks "
                "dan unggah lagi. Tidak ada yang diimpor."
            )
            % {"n": job.reconstructed_count}
        )
    job.status = ImportStatus.MENGIMPOR
    job.committed_by = user
    job.step_started_at = timezone.now()
    job.heartbeat_at = None
    job.save(update_fields=["status", "committed_by", "step_started_at", "heartbeat_at"])
    _progress(job.pk, ImportStatus.MENGIMPOR, 0, job.total_rows)
    from asn_portal.transfer import tasks  # tasks import this module

    job.enqueued = jobs.enqueue_on_commit(tasks.import_commit, job.pk)  # type: ignore[attr-defined]
    return job


def import_commit(*, job: ImportJob) -> ImportJob:
    """Check the file again (the register may have changed since the preview) and write it all in
    one transaction, together with the job's final state. Any error, or any failure while
    writing, leaves the register untouched. Only the delivery that claimed the job runs it."""
    if not _claim(job, Q(status=ImportStatus.MENGIMPOR)):
        return job  # finished, failed by the sweep, or another worker holds it
    user = job.committed_by or job.created_by
    report = _throttled(job.pk, ImportStatus.MENGIMPOR)
    try:
        with (
            jobs.heartbeat(ImportJob, job.pk),
            _without_cycle_collection(),
            transaction.atomic(),
            set_actor(user),
        ):
            confirmed_digest = job.reconstructed_digest
            kind, results, errors, total = _analyse(job, user, lambda done, total: None)
            if errors:
                raise _Rejected(results, errors, total)
            if _repair_digest(results) != confirmed_digest:
                raise _Rejected(
                    results,
                    [
                        {
                            "row": 0,
                            "column": str(kind.column("nip").header),
                            "message": _(
                                "NIP yang dipulihkan tidak lagi sama dengan yang dikonfirmasi "
                                "di pratinjau; periksa pratinjau yang baru."
                            ),
                        }
                    ],
                    total,
                )
            kind.write(results, report)
            _store_analysis(job, results, errors, total)
            if not _finish(job, ImportStatus.SELESAI, ""):
                raise _Lost
    except _Lost:  # the sweep failed the job meanwhile: its rows were rolled back with it
        return job
    except _Rejected as rejected:
        _store_analysis(job, rejected.results, rejected.errors, rejected.total)
        _finish(
            job, ImportStatus.DITOLAK, _("Data berubah sejak pratinjau; tidak ada yang diimpor.")
        )
    except Exception as exc:
        logger.exception("import %s failed", job.pk)
        _finish(
            job,
            ImportStatus.GAGAL,
            _("Impor gagal, tidak ada data yang disimpan: %(e)s") % {"e": exc},
        )
    _progress(job.pk, job.status, job.total_rows, job.total_rows)
    return job


def _finish(job: ImportJob, status: str, message: str) -> bool:
    """Save the final state, only while the job is still this commit's (never over a state the
    sweep or another run wrote)."""
    with transaction.atomic():
        if not ImportJob.objects.select_for_update().filter(
            pk=job.pk, status=ImportStatus.MENGIMPOR
        ):
            job.refresh_from_db()
            return False
        job.status = status
        job.message = message
        job.finished_at = timezone.now()
        job.heartbeat_at = None
        job.save()
    return True


STUCK_MESSAGE = _(
    "Proses impor terhenti sebelum selesai, tidak ada data yang disimpan. Silakan mulai impor lagi."
)


def import_jobs_fail_stuck(*, now: dt.datetime | None = None) -> int:
    """Fail jobs whose worker died while running a step (its heartbeat went stale; a commit
    rolled back with it, so nothing was written). Returns how many jobs were failed."""
    now = now or timezone.now()
    running = Q(status__in=(ImportStatus.MEMERIKSA, ImportStatus.MENGIMPOR))
    dead = Q(heartbeat_at__lt=jobs.stale_before(now))
    # Rows from before heartbeats existed: a check "running" past the task time limit.
    legacy_cutoff = now - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    legacy = Q(status=ImportStatus.MEMERIKSA, heartbeat_at__isnull=True) & (
        Q(step_started_at__lt=legacy_cutoff)
        | Q(step_started_at__isnull=True, created_at__lt=legacy_cutoff)
    )
    failed = ImportJob.objects.filter(running & (dead | legacy)).update(
        status=ImportStatus.GAGAL, message=STUCK_MESSAGE, finished_at=now, heartbeat_at=None
    )
    if failed:
        logger.warning("%s stuck import job(s) failed", failed)
    return failed


def import_jobs_requeue(*, now: dt.datetime | None = None) -> int:
    """The outbox: enqueue again every step that has waited in the queue too long (its message
    was never sent because the broker was down, or was lost). Returns how many were sent."""
    from asn_portal.transfer import tasks

    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.JOB_REQUEUE_AFTER_SECONDS)
    waiting = {
        ImportStatus.MENUNGGU: tasks.import_validate,
        ImportStatus.MENGIMPOR: tasks.import_commit,
    }
    sent = 0
    for status, task in waiting.items():
        pks = list(
            ImportJob.objects.filter(status=status, heartbeat_at__isnull=True)
            .filter(Q(step_started_at__lt=cutoff) | Q(step_started_at__isnull=True))
            .values_list("pk", flat=True)[:500]
        )
        for pk in pks:
            if not jobs.enqueue(task, pk):
                return sent  # broker still down: try again at the next sweep
            ImportJob.objects.filter(pk=pk).update(step_started_at=now)
            sent += 1
    return sent


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
    from asn_portal.transfer import tasks  # tasks import this module

    job.message = ""
    job.finished_at = None
    job.step_started_at = timezone.now()
    job.heartbeat_at = None
    if job.committed_by_id is not None:
        job.status = ImportStatus.MENGIMPOR
        job.committed_by = user
        task = tasks.import_commit
    else:
        job.status = ImportStatus.MENUNGGU
        task = tasks.import_validate
    job.save(
        update_fields=[
            "status",
            "message",
            "finished_at",
            "step_started_at",
            "heartbeat_at",
            "committed_by",
        ]
    )
    _progress(job.pk, job.status, 0, job.total_rows)
    job.enqueued = jobs.enqueue_on_commit(task, job.pk)  # type: ignore[attr-defined]
    return job


@transaction.atomic
def import_sheet_select(*, job: ImportJob, user: Any, sheet: str) -> ImportJob:
    """Check the same uploaded workbook again, reading the sheet the officer chose (offered when
    the file had several sheets with data)."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if not import_retry_allowed(user, job):
        raise PermissionDenied(_("Anda tidak berhak memeriksa ulang impor ini."))
    if job.status != ImportStatus.DITOLAK or sheet not in job.sheet_choices:
        raise ValidationError(
            _("Lembar %(s)s tidak dapat dipilih untuk impor ini.") % {"s": sheet or "–"}
        )
    from asn_portal.transfer import tasks  # tasks import this module

    job.sheet = sheet
    job.status = ImportStatus.MENUNGGU
    job.message = ""
    job.step_started_at = timezone.now()
    job.heartbeat_at = None
    job.save(update_fields=["sheet", "status", "message", "step_started_at", "heartbeat_at"])
    _progress(job.pk, job.status, 0, 0)
    job.enqueued = jobs.enqueue_on_commit(tasks.import_validate, job.pk)  # type: ignore[attr-defined]
    return job


class _Lost(Exception):  # noqa: N818
    """The job stopped being this run's while it ran."""


class _Rejected(Exception):  # noqa: N818
    def __init__(self, results: list[RowResult], errors: list[dict[str, Any]], total: int) -> None:
        self.results, self.errors, self.total = results, errors, total


def template_workbook(*, kind: str, user: Any = None, with_data: bool = False) -> bytes:
    """The empty template, or (``with_data``) the user's current rows in the same layout."""

    return build_template(get_kind(kind)(user), with_data=with_data)
