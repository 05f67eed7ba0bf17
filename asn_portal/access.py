"""The one place that decides which units a user reaches.

Admin BKD and Verifikator work across the whole instansi. An Operator OPD reaches the units it
was granted through django-guardian (permission ``jabatan.kelola_unit`` on a UnitOrganisasi)
and every sub-unit beneath them. Views, the admin, the API and exports all filter through
:func:`scope_queryset`, so a rule is never written twice.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Q, QuerySet
from guardian.shortcuts import get_objects_for_user

from asn_portal.roles import ADMIN_BKD, OPERATOR_OPD, VERIFIKATOR, user_has_role

QS = TypeVar("QS", bound="QuerySet[Any]")

PERM_KELOLA_UNIT = "jabatan.kelola_unit"


def sees_all_units(user: Any) -> bool:
    return bool(
        user.is_authenticated
        and (
            user.is_superuser or user_has_role(user, ADMIN_BKD) or user_has_role(user, VERIFIKATOR)
        )
    )


def granted_unit_paths(user: Any) -> list[str]:
    """Tree paths of the units granted to an operator (cached on the user for the request)."""
    if not user.is_authenticated or not user_has_role(user, OPERATOR_OPD):
        return []
    cached = getattr(user, "_granted_unit_paths", None)
    if cached is None:
        from jabatan.models import UnitOrganisasi

        cached = list(
            get_objects_for_user(
                user,
                PERM_KELOLA_UNIT,
                klass=UnitOrganisasi,
                with_superuser=False,
                accept_global_perms=False,
            ).values_list("path", flat=True)
        )
        user._granted_unit_paths = cached
    return cached


def unit_path_q(user: Any, path_field: str) -> Q | None:
    """``None`` when the user sees every unit; otherwise a Q on ``path_field`` (never-true if none)."""
    if sees_all_units(user):
        return None
    query = Q(pk__in=[])
    for path in granted_unit_paths(user):
        query |= Q(**{f"{path_field}__startswith": path})
    return query


def scope_queryset(queryset: QS, user: Any, path_field: str) -> QS:
    """Restrict ``queryset`` to rows whose unit (reached through ``path_field``) the user manages.

    ``path_field`` is the lookup to the unit's tree path, e.g. ``"path"`` on UnitOrganisasi or
    ``"unit__path"`` on Formasi.
    """
    query = unit_path_q(user, path_field)
    return queryset if query is None else queryset.filter(query)


def can_manage_unit(user: Any, unit: Any) -> bool:
    if sees_all_units(user):
        return True
    return any(unit.path.startswith(path) for path in granted_unit_paths(user))
