"""Background apply of a large plan: its job row (asn_portal.TugasLatar) and its progress.

The job row is the outbox and the claim (asn_portal.jobs): two clicks on "Terapkan" make one job,
a second delivery of the message does nothing, and a job whose worker died is enqueued again by
the sweep. Progress goes through asn_portal.progress (kind ``penataan``, keyed by the plan): the
apply runs in one transaction, so progress written to the database would stay invisible.
"""

from __future__ import annotations

import logging
from typing import Any

from auditlog.context import set_actor
from celery import shared_task
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from asn_portal import jobs
from asn_portal.models import STATUS_TUGAS_AKTIF, StatusTugas, TugasLatar
from asn_portal.progress import Progress, progress_get, progress_set

logger = logging.getLogger(__name__)

JENIS = "penataan.terapkan"
PROGRESS_KIND = "penataan"


def penataan_apply_enqueue(*, rencana: Any, user: Any) -> TugasLatar:
    """Queue the apply of ``rencana`` (the caller has checked the permission). While a job for
    the plan is waiting or running, that job is returned instead of a second one."""
    try:
        with transaction.atomic():
            tugas = TugasLatar.objects.create(jenis=JENIS, objek_id=rencana.pk, diminta_oleh=user)
    except IntegrityError:  # one is already active (a second click): that one stands
        return TugasLatar.objects.get(
            jenis=JENIS, objek_id=rencana.pk, status__in=STATUS_TUGAS_AKTIF
        )
    progress_set(PROGRESS_KIND, rencana.pk, status=StatusTugas.ANTRE)
    tugas.enqueued = jobs.enqueue_on_commit(penataan_apply_task, tugas.pk)  # type: ignore[attr-defined]
    return tugas


def penataan_progress(rencana_id: int) -> Progress | None:
    """State of the plan's latest background apply, for the plan page and its polling."""
    tugas = TugasLatar.objects.filter(jenis=JENIS, objek_id=rencana_id).order_by("-pk").first()
    if tugas is None:
        return None
    known = progress_get(PROGRESS_KIND, rencana_id)
    done, total = (known["done"], known["total"]) if known else (0, 0)
    if tugas.status == StatusTugas.SELESAI:
        done = total
    return {
        "status": tugas.status,
        "done": done,
        "total": total,
        "percent": int(done * 100 / total) if total else 0,
        "step": "",
        "message": tugas.pesan,
    }


def _claim(tugas_id: int) -> TugasLatar | None:
    now = timezone.now()
    claimable = Q(status=StatusTugas.ANTRE) | Q(status=StatusTugas.PROSES)
    claimed = (
        TugasLatar.objects.filter(claimable, pk=tugas_id)
        .filter(jobs.not_beating(now))
        .update(status=StatusTugas.PROSES, heartbeat_at=now, percobaan=F("percobaan") + 1)
    )
    return TugasLatar.objects.select_related("diminta_oleh").get(pk=tugas_id) if claimed else None


def _finish(tugas: TugasLatar, status: str, pesan: str = "") -> None:
    TugasLatar.objects.filter(pk=tugas.pk, status=StatusTugas.PROSES).update(
        status=status, pesan=pesan[:2000], heartbeat_at=None, selesai_pada=timezone.now()
    )
    known = progress_get(PROGRESS_KIND, tugas.objek_id)
    done, total = (known["done"], known["total"]) if known else (0, 0)
    progress_set(
        PROGRESS_KIND, tugas.objek_id, status=status, done=done, total=total, message=pesan
    )


@shared_task(name="jabatan.penataan.terapkan_tugas", acks_late=True)
def penataan_apply_task(tugas_id: int) -> dict[str, Any]:
    # Imported here so the worker can import this module before Django's apps are ready.
    from django.core.exceptions import PermissionDenied, ValidationError

    from jabatan.penataan.models import RencanaPenataan
    from jabatan.penataan.services import rencana_apply

    tugas = _claim(tugas_id)
    if tugas is None:  # finished, or another delivery holds it
        return {"status": "dilewati"}
    rencana_id, user = tugas.objek_id, tugas.diminta_oleh
    progress_set(PROGRESS_KIND, rencana_id, status=StatusTugas.PROSES)

    def progress(done: int, total: int) -> None:
        progress_set(PROGRESS_KIND, rencana_id, status=StatusTugas.PROSES, done=done, total=total)

    try:
        rencana = RencanaPenataan.objects.get(pk=rencana_id)
        with jobs.heartbeat(TugasLatar, tugas.pk), set_actor(user):
            rencana_apply(rencana=rencana, user=user, progress=progress)
    except (ValidationError, PermissionDenied, RencanaPenataan.DoesNotExist) as exc:
        pesan = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        _finish(tugas, StatusTugas.GAGAL, pesan)
        return {"status": StatusTugas.GAGAL, "pesan": pesan}
    except Exception:
        # A database or worker-side failure rolled the apply back: give the job back to the
        # sweep, which enqueues it again (up to JOB_MAX_ATTEMPTS runs).
        TugasLatar.objects.filter(pk=tugas.pk, status=StatusTugas.PROSES).update(
            status=StatusTugas.ANTRE, heartbeat_at=None
        )
        raise
    _finish(tugas, StatusTugas.SELESAI)
    return {"status": StatusTugas.SELESAI}


def penataan_apply_requeue(*, now: Any = None) -> int:
    """The outbox of plan applies: enqueue again jobs waiting too long or whose worker died;
    fail those that already died ``JOB_MAX_ATTEMPTS`` times."""
    import datetime as dt

    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.JOB_REQUEUE_AFTER_SECONDS)
    idle = TugasLatar.objects.filter(jenis=JENIS, status__in=STATUS_TUGAS_AKTIF).filter(
        jobs.not_beating(now)
    )
    exhausted = idle.filter(percobaan__gte=settings.JOB_MAX_ATTEMPTS)
    for tugas in exhausted:
        pesan = str(jobs.ATTEMPTS_EXHAUSTED_MESSAGE)
        TugasLatar.objects.filter(pk=tugas.pk).update(
            status=StatusTugas.GAGAL, pesan=pesan, heartbeat_at=None, selesai_pada=now
        )
        progress_set(PROGRESS_KIND, tugas.objek_id, status=StatusTugas.GAGAL, message=pesan)
    sent = 0
    for pk in idle.filter(
        percobaan__lt=settings.JOB_MAX_ATTEMPTS, diminta_pada__lt=cutoff
    ).values_list("pk", flat=True)[:200]:
        if not jobs.enqueue(penataan_apply_task, pk):
            break
        sent += 1
    return sent
