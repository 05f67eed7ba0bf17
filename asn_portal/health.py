"""Liveness of the components the application needs: the database and the Celery broker."""

from __future__ import annotations

from django.db import connection


def database_ok() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "down"; the reason is reported
        return False, exc.__class__.__name__
    return True, connection.vendor


def broker_ok() -> tuple[bool, str]:
    from asn_portal.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
            transport = conn.transport_cls
    except Exception as exc:  # noqa: BLE001
        return False, exc.__class__.__name__
    return True, str(transport)
