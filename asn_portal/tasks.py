from __future__ import annotations

from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone


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


# Celery's autodiscovery imports <app>.tasks only; the sub-packages' tasks register here.
import asn_portal.laporan.tasks  # noqa: E402,F401
import asn_portal.transfer.tasks  # noqa: E402,F401
