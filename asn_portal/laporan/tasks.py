"""Celery tasks of the reports: thin wrappers that load ids and call a service."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from asn_portal.laporan import services
from asn_portal.laporan.models import Laporan
from asn_portal.periode import periode_selesai_terakhir

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    name="asn_portal.laporan.generate",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(Exception,),
    dont_autoretry_for=(Laporan.DoesNotExist,),
    retry_backoff=30,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=settings.LAPORAN_TASK_MAX_RETRIES,
    time_limit=settings.LAPORAN_TASK_TIME_LIMIT,
    soft_time_limit=settings.LAPORAN_TASK_TIME_LIMIT - 30,
)
def laporan_generate_task(self: Any, laporan_id: int) -> str | None:
    """Build one report. Only the delivery that claims the row builds it (a duplicate does
    nothing); a killed worker's report is enqueued again by the sweep once its heartbeat is
    stale, and the unfinished run never published anything."""
    try:
        laporan = services.laporan_generate(
            laporan_id=laporan_id, last_attempt=self.request.retries >= self.max_retries
        )
    except Laporan.DoesNotExist:  # deleted meanwhile: nothing to build, nothing to retry
        logger.warning("Laporan %s tidak ada lagi; tugas diabaikan", laporan_id)
        return None
    return laporan.hash_konten if laporan else None


@shared_task(
    name="asn_portal.laporan.notify",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=60,
    max_retries=5,
    time_limit=300,
    soft_time_limit=270,
)
def laporan_notify_task(laporan_id: int) -> int:
    return services.laporan_notify(laporan_id=laporan_id)


@shared_task(
    name="asn_portal.laporan.terjadwal", acks_late=True, time_limit=120, soft_time_limit=100
)
def laporan_terjadwal_task(jenis: str) -> list[int]:
    """Beat entry point: queue, for the last period of ``jenis`` that ended (judged in WIB), the
    whole-instansi report of every instansi with units and, for a quarter or a year, each
    province's report across its instansi (``services.sasaran_terjadwal``). Returns the report
    ids queued."""
    periode = periode_selesai_terakhir(jenis, timezone.now())
    ids = []
    for instansi_id, rekap in services.sasaran_terjadwal(jenis):
        try:
            laporan = services.laporan_request(
                jenis=jenis,
                tahun=periode.tahun,
                nomor=periode.nomor,
                instansi_id=instansi_id,
                rekap=rekap,
            )
        except ValidationError as exc:  # already published and frozen: nothing to do
            logger.info(
                "Laporan %s %s instansi %s tidak dijadwalkan: %s",
                jenis,
                periode.kode,
                instansi_id,
                exc.messages,
            )
            continue
        logger.info("Laporan %s %s dijadwalkan (id %s)", jenis, periode.kode, laporan.pk)
        ids.append(laporan.pk)
    return ids
