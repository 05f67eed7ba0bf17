"""Searching a list by the fields of a related row without joining the whole list.

Django's admin search and DRF's ``SearchFilter`` turn ``search_fields = ["pegawai__nama",
"nomor_sk"]`` into ``… JOIN pegawai … WHERE pegawai.nama LIKE '%x%' OR nomor_sk LIKE '%x%'``.
With an OR across tables PostgreSQL can use no index: it joins every row of the list first (the
200,000 assignments with their ASN, formasi and jabatan) and filters after, for the COUNT and
again for the page — close to a second per search. Here a condition on a related row becomes
``pegawai_id IN (SELECT id FROM pegawai WHERE nama LIKE '%x%')``: the subquery is answered from
the related table's own index (the register's trigram index on the name), the list's rows
from the foreign key's index, and the list is read without joins. The rows found are the same (a forward foreign key: the row matches
exactly when its related row does); every term must still match one of the fields, as before.

One function builds the condition (:func:`search_q`); the admin (every ModelAdmin, through
:func:`install` at start-up) and the API (``asn_portal.api.SubquerySearchFilter``, the default
search backend) keep their own reading of the search term and of the field prefixes and call it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import lookup_spawns_duplicates
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import FieldDoesNotExist
from django.db import connections, models
from django.db.models import F, Lookup, Q
from django.db.models.constants import LOOKUP_SEP
from django.http import HttpRequest
from django.utils.text import smart_split, unescape_string_literal


def _forward_relation(model: type[models.Model], name: str) -> Any:
    """The forward foreign key or one-to-one field ``name`` of ``model`` pointing at the
    related model's primary key, or ``None``."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a lookup or "pk": left as it is
        return None
    if not (field.many_to_one or field.one_to_one) or field.auto_created:
        return None
    if field.related_model is None or not hasattr(field, "attname"):  # a generic relation
        return None
    related: Any = field.related_model
    remote: Any = field.remote_field
    if remote.field_name != related._meta.pk.name:  # a to_field: joined as before
        return None
    return field


def condition(model: type[models.Model], lookup: str, value: Any, *, postgresql: bool) -> Q:
    """``Q(lookup=value)``, with a path through forward relations turned into nested
    subquery conditions: ``fk = ANY(ARRAY(SELECT …))`` on PostgreSQL, which it can answer from
    the foreign key's index even under an OR (a ``BitmapOr`` with the other fields' indexes;
    ``IN (SELECT …)`` under an OR is checked row by row), ``fk IN (SELECT …)`` elsewhere."""
    first, _sep, rest = lookup.partition(LOOKUP_SEP)
    field = _forward_relation(model, first) if rest else None
    if field is None:
        return Q(**{lookup: value})
    related = field.related_model
    inner = related._base_manager.filter(
        condition(related, rest, value, postgresql=postgresql)
    ).values("pk")
    if not postgresql:
        return Q(**{f"{field.name}__in": inner})
    return Q(_AnyOf(F(field.attname), ArraySubquery(inner)))


class _AnyOf(Lookup):  # type: ignore[type-arg]
    """``lhs = ANY(<array>)``: a condition PostgreSQL can answer from an index on ``lhs``."""

    lookup_name = "asn_any_of"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


def search_q(queryset: Any, lookups: Iterable[str], terms: Iterable[str]) -> Q:
    """Every term matches at least one of the lookups (``field__icontains`` and the like) on
    the rows of ``queryset``."""
    postgresql = connections[queryset.db].vendor == "postgresql"
    lookups = list(lookups)
    result = Q()
    for term in terms:
        any_field = Q()
        for lookup in lookups:
            any_field |= condition(queryset.model, lookup, term, postgresql=postgresql)
        result &= any_field
    return result


_ADMIN_PREFIXES = {"^": "istartswith", "=": "iexact", "@": "search"}


def _admin_search(original: Any) -> Any:
    def get_search_results(
        self: Any, request: HttpRequest, queryset: Any, search_term: str
    ) -> tuple[Any, bool]:
        """The admin's search (its term splitting and field prefixes: ``^`` start, ``=`` exact,
        ``@`` full text, otherwise contains) through :func:`search_q`."""
        search_fields = list(self.get_search_fields(request))
        if not search_fields or not search_term:
            return original(self, request, queryset, search_term)  # type: ignore[no-any-return]
        lookups = []
        for field in map(str, search_fields):
            prefixed = _ADMIN_PREFIXES.get(field[:1])
            if prefixed is None and _has_lookup(queryset.model, field):
                # A field naming its own lookup ("nama__exact"): Django's own way.
                return original(self, request, queryset, search_term)  # type: ignore[no-any-return]
            name = field[1:] if prefixed else field
            lookups.append(f"{name}{LOOKUP_SEP}{prefixed or 'icontains'}")
        terms = []
        for bit in smart_split(search_term):
            if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
                bit = unescape_string_literal(bit)
            terms.append(bit)
        duplicates = any(lookup_spawns_duplicates(queryset.model._meta, lk) for lk in lookups)
        return queryset.filter(search_q(queryset, lookups, terms)), duplicates

    get_search_results.__wrapped__ = original  # type: ignore[attr-defined]
    return get_search_results


def install() -> None:
    """Every ModelAdmin of the site (the project's and the libraries') searches this way."""
    if not hasattr(admin.ModelAdmin.get_search_results, "__wrapped__"):
        admin.ModelAdmin.get_search_results = _admin_search(  # type: ignore[method-assign]
            admin.ModelAdmin.get_search_results
        )


def _has_lookup(model: type[models.Model], path: str) -> bool:
    """Whether the last part of ``path`` is a lookup rather than a field."""
    opts = model._meta
    for part in path.split(LOOKUP_SEP):
        try:
            field = opts.get_field(part)
        except FieldDoesNotExist:
            return True
        if hasattr(field, "path_infos"):
            opts = field.path_infos[-1].to_opts
    return False
