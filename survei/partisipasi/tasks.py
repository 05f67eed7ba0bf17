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
    """The follow-up case of one survey suggestion. Answers no longer send it (they wake the
    sweep below); kept so that messages queued by an earlier release are still handled."""
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
    """The follow-up cases of the suggestions of the last ``hari`` days that have none yet.
    Woken up after the public answers with a suggestion (``hari=1``, see
    survei.services.respons_submit) and run periodically as the catch-up for the rest (bulk
    inserts, imports, a wake-up lost while the broker was down)."""
    sejak = timezone.now() - dt.timedelta(days=hari)
    return services.kasus_from_saran_sweep(batas=batas, sejak=sejak)
