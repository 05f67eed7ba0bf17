from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from survei.models import Respons
from survei.partisipasi import services


@shared_task(
    name="survei.partisipasi.tasks.kasus_dari_saran",
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=3,
)
def kasus_dari_saran(respons_id: int) -> str | None:
    """The follow-up case of one survey suggestion (enqueued on commit of the response)."""
    respons = Respons.objects.select_related("unit_layanan").filter(pk=respons_id).first()
    if respons is None:
        return None
    kasus = services.kasus_from_saran(respons=respons)
    return kasus.kode_lacak if kasus is not None else None


@shared_task(
    name="survei.partisipasi.tasks.kasus_dari_saran_sweep",
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=3,
)
def kasus_dari_saran_sweep(batas: int = 1000, hari: int = 7) -> int:
    """Periodic catch-up for suggestions stored without a signal (bulk inserts, imports) or
    whose task was lost, over the last ``hari`` days."""
    sejak = timezone.now() - dt.timedelta(days=hari)
    return services.kasus_from_saran_sweep(batas=batas, sejak=sejak)
