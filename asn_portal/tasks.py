from __future__ import annotations

import logging
from collections.abc import Callable

from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task(
    name="asn_portal.bersihkan_sesi",
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=3,
)
def bersihkan_sesi() -> int:
    """Delete expired login sessions (the database session store never does it by itself)."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task(name="asn_portal.jobs_sweep", acks_late=True, time_limit=120, soft_time_limit=100)
def jobs_sweep() -> dict[str, int]:
    """Beat, every JOB_SWEEP_SECONDS: the outbox and dead-worker sweep of every background job
    (docs/RELIABILITY.md "Background work"). Each part runs even when another fails."""
    from asn_portal.laporan.services import laporan_catch_up, laporan_requeue
    from asn_portal.transfer.services import import_jobs_fail_stuck, import_jobs_requeue
    from jabatan.penataan.tasks import penataan_apply_requeue

    parts: dict[str, Callable[[], int]] = {
        "impor_gagal": import_jobs_fail_stuck,
        "impor_antre": import_jobs_requeue,
        "laporan_susul": laporan_catch_up,
        "laporan_antre": laporan_requeue,
        "penataan_antre": penataan_apply_requeue,
    }
    done: dict[str, int] = {}
    for name, part in parts.items():
        try:
            done[name] = part()
        except Exception:  # noqa: BLE001 - one failing part must not stop the others
            logger.exception("jobs sweep: %s failed", name)
            done[name] = -1
    return done
