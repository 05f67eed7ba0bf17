"""Background-job plumbing shared by every app: enqueue after commit, heartbeats, staleness.

The rules (docs/RELIABILITY.md, "Background work"):

* **The row is the outbox.** A job is first a row in the database (a report "antre", an import
  "menunggu", a plan apply "antre"); the Celery message only wakes a worker up. Enqueueing happens
  after commit and never fails the request: when the broker is unreachable the failure is logged,
  the caller can tell the user, and the periodic sweep (``asn_portal.jobs_requeue``) enqueues the
  row again once the broker is back.
* **Claims are atomic.** A task starts only by a conditional UPDATE of its row (waiting → running,
  or running with a stale heartbeat → running). A second delivery of the same message finds the
  row claimed (fresh heartbeat) or finished and does nothing, writing no state.
* **A running job beats.** While it runs a thread refreshes ``heartbeat_at`` on the row every
  ``JOB_HEARTBEAT_SECONDS``, through its own database connection (the job's own transaction would
  hide it). A heartbeat older than ``JOB_STALE_SECONDS`` means the worker died: the sweep
  re-enqueues the job (or fails it with a message), independent of any task time limit.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

ENQUEUE_FAILED_MESSAGE = _(
    "Antrean tugas latar belakang sedang tidak dapat dihubungi. Permintaan Anda sudah tersimpan "
    "dan akan diproses otomatis begitu antrean pulih; tidak perlu mengulang."
)


@dataclass
class Enqueued:
    """Outcome of an enqueue: ``None`` until the transaction commits, then True/False."""

    task_name: str
    ok: bool | None = None

    @property
    def failed(self) -> bool:
        return self.ok is False


def enqueue(task: Any, *args: Any, countdown: float | None = None, **kwargs: Any) -> bool:
    """Send ``task`` now; return False (and log) instead of raising when the broker is down."""
    if task.app.conf.task_always_eager:  # runs in-process: its errors are not broker errors
        task.apply_async(args=args, kwargs=kwargs)
        return True
    try:
        task.apply_async(
            args=args,
            kwargs=kwargs,
            countdown=countdown,
            retry_policy=settings.CELERY_TASK_PUBLISH_RETRY_POLICY,
        )
    except Exception:  # noqa: BLE001 - any broker/transport failure: the sweep enqueues it later
        logger.warning("enqueue of %s%r failed; the row waits for the sweep", task.name, args)
        return False
    return True


def enqueue_on_commit(task: Any, *args: Any) -> Enqueued:
    """Enqueue ``task(*args)`` once the current transaction commits (at once outside one).

    The callback is a named function that never raises, so a broker outage cannot turn a
    committed request into a server error. The returned :class:`Enqueued` tells the caller,
    after commit, whether the message went out.
    """
    outcome = Enqueued(task_name=task.name)

    def send_after_commit() -> None:
        outcome.ok = enqueue(task, *args)

    transaction.on_commit(send_after_commit)
    return outcome


# Per process: when each sweep may next be woken (time.monotonic()).
_sweep_woken_until: dict[str, float] = {}


def wake_sweep_on_commit(task: Any, *, within: float, **kwargs: Any) -> None:
    """Once the current transaction commits, wake ``task`` up, a sweep that handles every row
    waiting for it; at most one message per ``within`` seconds per process.

    For work whose rows are their own outbox (the public survey's follow-up cases): a burst of
    commits costs one message per window instead of one per row. The message runs ``within``
    seconds after it is sent, so it picks up every row committed until the next message may be
    sent; a later row wakes the next one. Never raises: with the broker down the rows wait for
    the periodic run of the same sweep.
    """

    def wake_after_commit() -> None:
        now = time.monotonic()
        if task.app.conf.task_always_eager:  # in-process: run at once, every time
            enqueue(task, **kwargs)
            return
        if now < _sweep_woken_until.get(task.name, 0.0):
            return  # the message already sent runs after this commit and picks the row up
        _sweep_woken_until[task.name] = now + within
        if not enqueue(task, countdown=within, **kwargs):
            _sweep_woken_until.pop(task.name, None)  # try again at the next commit

    transaction.on_commit(wake_after_commit)


# --- heartbeat and staleness -------------------------------------------------------------------


def stale_before(now: dt.datetime | None = None) -> dt.datetime:
    """Heartbeats older than this belong to a dead worker."""
    return (now or timezone.now()) - dt.timedelta(seconds=settings.JOB_STALE_SECONDS)


def not_beating(now: dt.datetime | None = None, field: str = "heartbeat_at") -> Q:
    """Rows nobody works on: never claimed, or whose heartbeat went stale."""
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lt": stale_before(now)})


def beat_once(model: type[models.Model], pk: int, field: str = "heartbeat_at") -> int:
    """Refresh the heartbeat of one row, skipping it while another transaction holds its lock
    (the beat must never wait: a missed beat is harmless, a blocked one is not)."""
    with transaction.atomic():
        locked = list(
            model._default_manager.select_for_update(skip_locked=True)
            .filter(pk=pk)
            .values_list("pk", flat=True)
        )
        if not locked:
            return 0
        return model._default_manager.filter(pk=pk).update(**{field: timezone.now()})


@contextmanager
def heartbeat(model: type[models.Model], pk: int, field: str = "heartbeat_at") -> Iterator[None]:
    """Keep ``field`` of row ``pk`` fresh from a background thread while the block runs."""
    stop = threading.Event()
    interval = max(0.2, float(settings.JOB_HEARTBEAT_SECONDS))

    def run() -> None:
        try:
            while not stop.wait(interval):
                try:
                    beat_once(model, pk, field)
                except Exception:  # noqa: BLE001 - a lost beat only makes the job look older
                    logger.warning("heartbeat of %s %s failed", model.__name__, pk, exc_info=True)
                    close_old_connections()
        finally:
            connection.close()

    thread = threading.Thread(target=run, name=f"heartbeat-{model.__name__}-{pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=interval + 5)


def enqueue_failed(obj: Any) -> bool:
    """Whether the enqueue a service attached to ``obj`` (as ``obj.enqueued``) failed: the view
    then tells the user, with :data:`ENQUEUE_FAILED_MESSAGE`, that the work waits for the sweep."""
    outcome = getattr(obj, "enqueued", None)
    return isinstance(outcome, Enqueued) and outcome.failed


def warn_if_enqueue_failed(request: Any, obj: Any) -> None:
    """Add :data:`ENQUEUE_FAILED_MESSAGE` to the user's messages if the enqueue attached to
    ``obj`` fails. Registered after the service's own callback, so it also works inside a view's
    transaction (the admin's), where the enqueue has not happened yet when the view returns."""
    from django.contrib import messages

    def warn_after_commit() -> None:
        if enqueue_failed(obj):
            messages.warning(request, ENQUEUE_FAILED_MESSAGE)

    transaction.on_commit(warn_after_commit)


ATTEMPTS_EXHAUSTED_MESSAGE = _(
    "Tugas terhenti beberapa kali sebelum selesai (worker mati); tidak ada perubahan yang "
    "disimpan. Silakan coba lagi atau hubungi admin."
)
