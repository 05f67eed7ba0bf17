from __future__ import annotations

import datetime as dt
from smtplib import SMTPException

from celery import shared_task

from pelatihan import services


@shared_task(
    bind=True,
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=60,
    max_retries=3,
)
def jp_peringatan_bulanan(self: object, tanggal: str | None = None) -> dict[str, int]:
    """Monthly: warn ASN behind the yearly JP pace and their unit operators (from Q3 on).
    Safe to retry: the service skips whoever already got this month's warning."""
    hasil = services.jp_peringatan_send(tanggal=dt.date.fromisoformat(tanggal) if tanggal else None)
    return {"asn": hasil.asn, "operator": hasil.operator}
