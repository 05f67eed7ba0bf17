"""Celery tasks of impor-ekspor: thin wrappers that load a job by id and call one service."""

from __future__ import annotations

import logging

from celery import shared_task

from asn_portal.transfer import exports, rekonsiliasi, services
from asn_portal.transfer.models import ImportJob, ImportStatus

logger = logging.getLogger(__name__)


@shared_task(name="transfer.import_validate")
def import_validate(job_id: int) -> str:
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    try:
        services.import_validate(job=job)
    except Exception as exc:
        logger.exception("import validation %s failed", job_id)
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportStatus.GAGAL, message=str(exc)[:2000]
        )
        raise
    return job.status


@shared_task(name="transfer.import_commit")
def import_commit(job_id: int) -> str:
    job = ImportJob.objects.select_related("created_by", "committed_by").get(pk=job_id)
    return services.import_commit(job=job).status


@shared_task(name="transfer.import_fail_stuck")
def import_fail_stuck() -> int:
    return services.import_jobs_fail_stuck()


@shared_task(name="transfer.export_run")
def export_run(log_id: int) -> str:
    return exports.export_run(log_id=log_id).status


@shared_task(name="transfer.rekonsiliasi_run")
def rekonsiliasi_run(rekonsiliasi_id: int) -> str:
    return rekonsiliasi.rekonsiliasi_run(rekonsiliasi_id=rekonsiliasi_id).status
