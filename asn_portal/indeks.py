"""Trigram indexes for the lists' text search (PostgreSQL's pg_trgm), created by migrations.

The admin's and the API's search asks ``UPPER(column) LIKE '%…%'`` (and ``'…%'`` for a
``^`` field); a GIN trigram index on ``UPPER(column)`` answers both, so searching a big table
(the register, the assignments, the training records, a million survey responses) costs index
probes instead of a scan of every row, also inside the subqueries of ``asn_portal.search``.
SQLite, the embedded default, has no such index and keeps its scan.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def trigram(*indexes: tuple[str, str, str]) -> migrations.RunPython:
    """A migration operation creating ``(name, table, column)`` trigram indexes on PostgreSQL
    (and dropping them when migrated back); nothing on other databases."""

    def forward(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, table, column in indexes:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
                f"USING gin (UPPER({column}::text) gin_trgm_ops)"
            )

    def backward(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for name, _table, _column in indexes:
                schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(forward, backward)
