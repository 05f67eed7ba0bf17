"""Background apply of a large plan, with its progress kept in the cache for the plan's page.

The progress lives in the cache, not the database: the apply runs in one transaction, so any
progress written to the database would stay invisible until the very end.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.core.cache import cache

PROGRESS_TTL = 60 * 60


def progress_key(rencana_id: int) -> str:
    return f"penataan:terapkan:{rencana_id}"


def progress_get(rencana_id: int) -> dict[str, Any] | None:
    return cache.get(progress_key(rencana_id))


def progress_set(rencana_id: int, **state: Any) -> None:
    cache.set(progress_key(rencana_id), state, PROGRESS_TTL)


@shared_task(name="jabatan.penataan.terapkan")
def penataan_apply_task(rencana_id: int, user_id: int) -> dict[str, Any]:
    # Imported here so the worker can import this module before Django's apps are ready.
    from auditlog.context import set_actor
    from django.contrib.auth import get_user_model
    from django.core.exceptions import PermissionDenied, ValidationError

    from jabatan.penataan.models import RencanaPenataan
    from jabatan.penataan.services import rencana_apply

    user = get_user_model().objects.get(pk=user_id)
    rencana = RencanaPenataan.objects.get(pk=rencana_id)
    progress_set(rencana_id, status="berjalan", selesai=0, total=0)

    def progress(done: int, total: int) -> None:
        progress_set(rencana_id, status="berjalan", selesai=done, total=total)

    try:
        with set_actor(user):
            rencana_apply(rencana=rencana, user=user, progress=progress)
    except (ValidationError, PermissionDenied) as exc:
        pesan = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        progress_set(rencana_id, status="gagal", pesan=pesan)
        return {"status": "gagal", "pesan": pesan}
    progress_set(rencana_id, status="selesai")
    return {"status": "selesai"}
