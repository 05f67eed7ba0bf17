from __future__ import annotations

import os
from typing import Any

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_portal.settings")


def _survive_broker_loss_mid_task() -> None:
    """Keep the worker alive when the Redis broker drops while a task runs.

    celery 5.7.0 closes the broken broker connection on connection loss
    (``Consumer.on_connection_error_after_connected``). kombu 5.7.0's Redis channel then still
    needs a client for the clean-up (giving back the unacknowledged acks_late message, acking the
    task that finishes meanwhile) and builds its connection parameters from a connection that is
    gone: ``AttributeError: 'NoneType' object has no attribute 'hostname'`` (or ``'client'``),
    which celery treats as "Unrecoverable error" and exits with status 1. celery 5.6.3 with kombu
    5.6.2 does not close there and survives (docs/RELIABILITY.md, "Background work").

    Here the missing connection becomes what it is, a broker connection error: kombu and celery
    already handle those (log "Couldn't ack", reconnect). Nothing is lost: the unacknowledged
    message stays in Redis' unacked hash and comes back after ``visibility_timeout``, and every
    job's row is enqueued again by the sweep anyway.
    """
    from kombu.transport import redis as kombu_redis

    original = kombu_redis.Channel._connparams
    if getattr(original, "asn_portal_guarded", False):
        return

    def _connparams(self: Any, asynchronous: bool = False) -> Any:
        transport = getattr(self, "connection", None)
        if transport is None or getattr(transport, "client", None) is None:
            raise kombu_redis.redis.exceptions.ConnectionError(
                "broker connection already closed (lost mid-task)"
            )
        return original(self, asynchronous=asynchronous)

    _connparams.asn_portal_guarded = True  # type: ignore[attr-defined]
    kombu_redis.Channel._connparams = _connparams  # type: ignore[method-assign]


_survive_broker_loss_mid_task()

app = Celery("asn_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
