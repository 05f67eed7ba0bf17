"""Many new rows in one statement: ``COPY … FROM STDIN`` on PostgreSQL, ``bulk_create`` elsewhere.

Django's ``bulk_create`` prepares every value of every object through the field API and sends
batches of multi-row INSERTs; for tens of thousands of rows of plain columns (text, numbers,
dates, timestamps) COPY with psycopg's own adaptation does the same work several times faster.
The data generator and the bulk import write through here. No signals are sent (as with
``bulk_create``); the database checks every constraint as for any insert.

Also the set-based reads the ORM cannot write: a filter on many values bound as one array
(:func:`any_of`), aggregates over a join of two grouped querysets (:func:`left_join_rows`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any, cast

from django.core.exceptions import EmptyResultSet
from django.db import connection, connections, models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

# PostgreSQL accepts at most 65,535 bind parameters per statement.
MAKS_PARAMETER = 60_000


def any_of(model: type[models.Model], field: str, values: Sequence[Any]) -> Q | RawSQL:
    """A filter of ``model`` rows whose ``field`` is one of ``values``: ``Q(field__in=values)``,
    on PostgreSQL ``field = ANY(%s)`` with the values bound as one array. An ``IN`` list makes
    Django prepare each value and psycopg split the statement at each placeholder: for 10,000
    NIPs about a second of CPU, for the same rows."""
    if connection.vendor != "postgresql":
        return Q(**{f"{field}__in": values})
    qn = connection.ops.quote_name
    column = cast(models.Field, model._meta.get_field(field)).column
    column = f"{qn(model._meta.db_table)}.{qn(str(column))}"
    return RawSQL(f"{column} = ANY(%s)", (list(values),), output_field=models.BooleanField())  # noqa: S611  # nosec B611  # quoted identifiers, the values bound


def left_join_rows(
    left: tuple[str, models.QuerySet[Any, Any]],
    right: tuple[str, models.QuerySet[Any, Any]],
    *,
    select: str,
    on: str,
    tail: str = "",
    select_params: Sequence[Any] = (),
) -> list[tuple[Any, ...]]:
    """``SELECT <select> FROM (<left>) <alias> LEFT JOIN (<right>) <alias> ON <on> <tail>``: both
    derived tables compiled by the ORM from the querysets (``(alias, queryset)``), so no filter
    is restated; only the join and what is selected over it are SQL, written by the caller as
    literals (``select_params`` bound for placeholders in ``select``). No rows when either
    queryset cannot match (``none()``, an empty scope). Runs on the left queryset's database."""
    (left_alias, left_qs), (right_alias, right_qs) = left, right
    try:
        left_sql, left_params = left_qs.query.sql_with_params()
        right_sql, right_params = right_qs.query.sql_with_params()
    except EmptyResultSet:
        return []
    sql = (
        f"SELECT {select} FROM ({left_sql}) {left_alias}"  # noqa: S608  # nosec B608  # ORM SQL and the caller's literals, values bound
        f" LEFT JOIN ({right_sql}) {right_alias} ON {on} {tail}"
    )
    with connections[left_qs.db].cursor() as cursor:
        cursor.execute(sql, (*select_params, *left_params, *right_params))
        return list(cursor.fetchall())


def bulk_update(model: type[models.Model], objs: Sequence[models.Model], fields: list[str]) -> int:
    """``UPDATE table SET f = v.f, … FROM (VALUES (pk, f, …), …) v WHERE table.pk = v.pk``.

    Same effect as ``model.objects.bulk_update(objs, fields)`` (values prepared by each field,
    ``auto_now`` fields not touched unless listed), in one statement per ~60,000 values.
    Other databases than PostgreSQL use Django's ``bulk_update``.
    """
    if not objs:
        return 0
    if connection.vendor != "postgresql":
        return model._default_manager.bulk_update(objs, fields, batch_size=500)
    meta = model._meta
    pk = meta.pk
    if pk is None:  # every concrete model has one; narrows the type
        raise TypeError(model)
    concrete = [cast(models.Field, meta.get_field(name)) for name in fields]
    qn = connection.ops.quote_name
    table = qn(meta.db_table)
    columns = [pk, *concrete]
    casts = [f"%s::{field.db_type(connection)}" for field in columns]
    row_sql = "(" + ", ".join(casts) + ")"
    names = ", ".join(qn(f"c{i}") for i in range(len(columns)))
    assignments = ", ".join(
        f"{qn(str(field.column))} = v.{qn(f'c{i + 1}')}" for i, field in enumerate(concrete)
    )
    per_statement = max(1, MAKS_PARAMETER // len(columns))
    updated = 0
    with connection.cursor() as cursor:
        for start in range(0, len(objs), per_statement):
            batch = objs[start : start + per_statement]
            params: list[Any] = []
            for obj in batch:
                params.append(pk.get_db_prep_save(obj.pk, connection))
                for field in concrete:
                    value = getattr(obj, field.attname)
                    params.append(field.get_db_prep_save(value, connection))
            # Only quoted identifiers and %s placeholders are put into the text; values are bound.
            values = ", ".join([row_sql] * len(batch))
            sql = (
                f"UPDATE {table} SET {assignments} FROM (VALUES {values}) "  # noqa: S608  # nosec B608  # identifiers quoted, values bound
                f"AS v({names}) WHERE {table}.{qn(str(pk.column))} = v.{qn('c0')}"
            )
            cursor.execute(sql, params)
            updated += cursor.rowcount
    return updated


def copy_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    batch_size: int = 5000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Insert ``rows`` (values in ``columns`` order, by attname) into ``model``'s table; returns
    how many. The values must already be what the columns hold (no field preparation).
    ``progress`` is told how many more rows went in, every 1,000 and at the end."""
    report = progress or (lambda n: None)
    count = 0
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(model._meta.db_table)
        cols = ", ".join(connection.ops.quote_name(c) for c in columns)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
                count += 1
                if count % 1000 == 0:
                    report(1000)
        report(count % 1000)
        return count
    batch: list[models.Model] = []
    for row in rows:
        batch.append(model(**dict(zip(columns, row, strict=True))))
        if len(batch) == batch_size:
            model._default_manager.bulk_create(batch)
            count += len(batch)
            report(len(batch))
            batch = []
    if batch:
        model._default_manager.bulk_create(batch)
        count += len(batch)
        report(len(batch))
    return count


def copy_values(model: type[models.Model], rows: Iterable[dict[str, Any]]) -> int:
    """:func:`copy_rows` of rows given as ``{attname: value}``, each naming every column of the
    table but the primary key (a column left out is a ``KeyError``, not a silent default)."""
    columns = [
        str(f.attname)
        for f in model._meta.concrete_fields
        if not f.primary_key and not getattr(f, "generated", False)
    ]
    return copy_rows(model, columns, ([row[c] for c in columns] for row in rows))


_DEFERRED = object()
_AS_IS: dict[type[models.Field], tuple[type, ...]] = {
    models.CharField: (str,),
    models.TextField: (str,),
    models.SlugField: (str,),
    models.EmailField: (str,),
    models.IntegerField: (int,),
    models.BigIntegerField: (int,),
    models.SmallIntegerField: (int,),
    models.PositiveIntegerField: (int,),
    models.PositiveSmallIntegerField: (int,),
    models.BooleanField: (bool,),
    models.DateField: (dt.date,),
    models.ForeignKey: (int,),
}


def copy_insert(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """``COPY table (columns) FROM STDIN`` of unsaved ``objs``, values prepared by each field as
    an INSERT would (``auto_now``/``auto_now_add`` set), primary keys left to the database:
    ``objs`` keep ``pk = None``, read the new ids back by a natural key if needed. Other
    databases than PostgreSQL use ``bulk_create`` (which sets the ids where it can)."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objs, batch_size=1000)
        return
    fields = [
        cast(models.Field, f)
        for f in model._meta.concrete_fields
        if not f.primary_key and not getattr(f, "generated", False)
    ]
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    columns = ", ".join(qn(str(f.column)) for f in fields)
    # Per field, the value types its INSERT preparation hands to psycopg unchanged (None too):
    # such a value is read off the object, everything else goes through the field as before.
    # Exact classes only: a subclass may prepare more. The auto_now/auto_now_add timestamps of
    # one COPY are one moment (the statement's), set on the objects as pre_save would.
    now = timezone.now()
    plan = []
    for f in fields:
        auto = bool(getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))
        stamp = auto and type(f) is models.DateTimeField
        plan.append((f, str(f.attname), None if auto else _AS_IS.get(type(f)), stamp))
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for obj in objs:
            values = obj.__dict__
            row: list[Any] = []
            value: Any
            for field, attname, types, stamp in plan:
                if stamp:
                    values[attname] = value = now
                else:
                    value = _DEFERRED if types is None else values.get(attname, _DEFERRED)
                    if value is not None and type(value) not in (types or ()):
                        value = field.get_db_prep_save(field.pre_save(obj, add=True), connection)
                row.append(value)
            copy.write_row(row)
