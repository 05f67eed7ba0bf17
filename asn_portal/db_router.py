"""Reads of dashboards and reports from a PostgreSQL read replica (docs/SCALING.md).

Nothing is routed unless the code asks for it: a view or task that only reads heavy figures
wraps its work in ``dari_replika()`` (or decorates itself with it), and its queries then go
to the ``replica`` database alias when one is configured (``DATABASE_REPLICA_URL``). Writes,
and every read inside a transaction on the primary (read-your-writes), stay on ``default``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connections

REPLIKA = "replica"
_aktif: ContextVar[bool] = ContextVar("asn_baca_replika", default=False)


@contextmanager
def dari_replika() -> Iterator[None]:
    """Route the reads inside the block to the replica (when there is one)."""
    token = _aktif.set(True)
    try:
        yield
    finally:
        _aktif.reset(token)


def replika_tersedia() -> bool:
    return REPLIKA in settings.DATABASES


class ReplicaRouter:
    """``db_for_read`` → ``replica`` inside ``dari_replika()``; everything else → ``default``."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if not _aktif.get() or not replika_tersedia():
            return None
        if connections["default"].in_atomic_block:
            return None  # a transaction on the primary reads what it wrote
        return REPLIKA

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica is a copy of the primary: rows from either are the same rows.
        aliases = {"default", REPLIKA}
        if obj1._state.db in aliases and obj2._state.db in aliases:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLIKA  # the replica follows the primary by streaming replication
