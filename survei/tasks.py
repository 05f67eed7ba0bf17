from __future__ import annotations

from celery import shared_task

from survei import services


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def hash_alamat_purge() -> int:
    """Drop client-address hashes past the retention period (scheduled by Celery beat)."""
    return services.hash_alamat_purge()
