"""Liveness of the components the application needs: the database and the Celery broker.

Each check answers within about ``HEALTH_TIMEOUT`` seconds whatever the outage (refused, frozen,
partitioned): ``/healthz`` must say 503 quickly, not hang with the thing it reports on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections

HEALTH_TIMEOUT = 1.5


def _bounded(check: Callable[[], str], timeout: float = HEALTH_TIMEOUT) -> tuple[bool, str]:
    """Run ``check`` in a thread; a check that has not answered in ``timeout`` is "down"."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["info"] = check()
        except Exception as exc:  # noqa: BLE001 - any failure means "down"; the reason is reported
            outcome["error"] = exc.__class__.__name__

    thread = threading.Thread(target=run, name="healthz", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        return False, "Timeout"
    if "error" in outcome:
        return False, str(outcome["error"])
    return True, str(outcome.get("info", ""))


def _database() -> str:
    # A fresh connection of this thread (never the request's own, which may be the frozen one),
    # closed again at once.
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return connection.vendor
    finally:
        connection.close()


def database_ok() -> tuple[bool, str]:
    return _bounded(_database)


def _broker() -> str:
    from asn_portal.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, timeout=1)
        return str(conn.transport_cls)


def broker_ok() -> tuple[bool, str]:
    return _bounded(_broker)


def check_all() -> dict[str, tuple[bool, str]]:
    """Both checks at once, so ``/healthz`` answers within one ``HEALTH_TIMEOUT``."""
    results: dict[str, tuple[bool, str]] = {}
    threads = [
        threading.Thread(target=lambda: results.__setitem__("database", database_ok())),
        threading.Thread(target=lambda: results.__setitem__("broker", broker_ok())),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(HEALTH_TIMEOUT + 0.5)
    return {
        "database": results.get("database", (False, "Timeout")),
        "broker": results.get("broker", (False, "Timeout")),
    }
