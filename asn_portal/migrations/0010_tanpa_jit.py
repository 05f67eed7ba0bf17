"""PostgreSQL's JIT compiler off for this database.

PostgreSQL compiles a query to machine code when its estimated cost passes ``jit_above_cost``
(100,000 by default). The product's aggregates over the province pass it, and compiling took
longer than running them: the province's 20 JP summary 1,116 ms with JIT, 292 ms without; the
province's IKM over a million responses 152 ms either way. Set on the database, not per session
(``ALTER DATABASE … SET``), so it also holds behind PgBouncer in transaction mode. An account
that may not alter the database leaves the setting as it is and the migration says so; the
administrator can run ``ALTER DATABASE <name> SET jit = off`` instead (docs/SCALING.md).
"""

import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute(
                "DO $$ BEGIN EXECUTE format('ALTER DATABASE %%I SET jit = off', "
                "current_database()); END $$"
            )
    except DatabaseError as exc:
        logger.warning("jit tidak dimatikan (ALTER DATABASE ditolak): %s", exc)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute(
                "DO $$ BEGIN EXECUTE format('ALTER DATABASE %%I RESET jit', "
                "current_database()); END $$"
            )
    except DatabaseError as exc:
        logger.warning("jit tidak dikembalikan: %s", exc)


class Migration(migrations.Migration):
    dependencies = [("asn_portal", "0009_transfer_table_copy")]
    operations = [migrations.RunPython(forward, backward)]
