"""The one place that decides who is staff, which units a user reaches, and which related
objects a user may choose when writing.

Admin BKD and Verifikator work across the whole instansi. An Operator OPD reaches the units it
was granted through django-guardian (permission ``jabatan.kelola_unit`` on a UnitOrganisasi)
and every sub-unit beneath them. Views, the admin, the API and exports all filter through
:func:`scope_queryset`, so a rule is never written twice. Who counts as staff at all is
:func:`is_staff_member` (with :func:`staff_required`, :class:`StaffRequiredMixin` and the API's
``IsStaffMember``); what a user may pick in a related field they write is
:func:`scoped_related_queryset`. See docs/permissions.md.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.functional import Promise
from django.utils.translation import gettext as _
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


# --- the staff check ----------------------------------------------------------------------------

STAFF_ROLES = (ADMIN_BKD, VERIFIKATOR, OPERATOR_OPD)


def is_staff_member(user: Any) -> bool:
    """Whether ``user`` works on the staff side (admin, staff pages, staff API).

    The one rule: an active, logged-in account flagged ``is_staff`` (what Django's admin
    requires too) that is a superuser or holds a staff role (Admin BKD, Verifikator, Operator
    OPD). An ASN account, a staff flag without a role, or a deactivated account is not staff.
    """
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and (user.is_superuser or any(user_has_role(user, role) for role in STAFF_ROLES))
    )


def require_staff_member(user: Any) -> None:
    if not is_staff_member(user):
        raise PermissionDenied


View = Callable[..., HttpResponseBase]


def staff_required(view: View | None = None, *, login_url: str | Promise | None = None) -> Any:
    """Page decorator: log in first (redirect to ``login_url``, default LOGIN_URL), then 403
    for anyone who is not :func:`is_staff_member`. Use as ``@staff_required`` or
    ``@staff_required(login_url=...)``."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            require_staff_member(request.user)
            return view(request, *args, **kwargs)

        # resolve_url accepts a lazy URL; the stubs only say str.
        return login_required(wrapper, login_url=login_url)  # type: ignore[arg-type]

    return decorate if view is None else decorate(view)


class StaffRequiredMixin(LoginRequiredMixin):
    """Class-based views' form of :func:`staff_required`."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            require_staff_member(request.user)
        return super().dispatch(request, *args, **kwargs)


# --- write-side scoping: which related objects a caller may choose -------------------------------

# Catalogues every staff member may pick from (no unit): jabatan, programmes, questionnaires.
UNSCOPED = "*"

Scope = str | Callable[[Any], "QuerySet[Any]"]


def _pegawai_in_reach(user: Any) -> QuerySet[Any]:
    from jabatan import selectors

    return selectors.pegawai_in_reach(user=user)


def _rencana_in_reach(user: Any) -> QuerySet[Any]:
    from jabatan.penataan import selectors

    return selectors.rencana_penataan_for_user(user=user)


def _peserta_in_reach(user: Any) -> QuerySet[Any]:
    from pelatihan import selectors

    return selectors.peserta_list(user=user)


def _user_in_reach(user: Any) -> QuerySet[Any]:
    """Accounts a caller may name (a case's officer, an ASN's portal account): anyone for staff
    who see every unit; for an operator themself, the staff granted one of their units, and ASN
    accounts not linked to an ASN outside their reach; for anyone else only themself."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    users = User.objects.filter(is_active=True)
    if sees_all_units(user):
        return users
    paths = granted_unit_paths(user)
    if not paths:
        return users.filter(pk=user.pk)
    from guardian.models import UserObjectPermission

    from jabatan.models import UnitOrganisasi

    unit_q = Q(pk__in=[])
    for path in paths:
        unit_q |= Q(path__startswith=path)
    unit_ids = [
        str(pk) for pk in UnitOrganisasi.objects.filter(unit_q).values_list("pk", flat=True)
    ]
    granted = UserObjectPermission.objects.filter(
        permission__codename=PERM_KELOLA_UNIT.split(".")[1],
        content_type__model="unitorganisasi",
        object_pk__in=unit_ids,
    ).values("user_id")
    asn_accounts = Q(is_staff=False) & (
        Q(pegawai__isnull=True) | Q(pegawai__in=_pegawai_in_reach(user))
    )
    return users.filter(Q(pk=user.pk) | Q(pk__in=granted) | asn_accounts)


# model label -> the lookup to its unit's tree path, UNSCOPED, or a function of the user.
RELATED_SCOPES: dict[str, Scope] = {
    "jabatan.UnitOrganisasi": "path",
    "jabatan.Formasi": "unit__path",
    "jabatan.UraianTugas": "formasi__unit__path",
    "jabatan.RiwayatJabatan": "formasi__unit__path",
    "jabatan.Pegawai": _pegawai_in_reach,
    "jabatan.Jabatan": UNSCOPED,
    "jabatan.RencanaPenataan": _rencana_in_reach,
    "pelatihan.Kompetensi": UNSCOPED,
    "pelatihan.ProgramPelatihan": UNSCOPED,
    "pelatihan.Angkatan": UNSCOPED,
    "pelatihan.Peserta": _peserta_in_reach,
    "survei.UnitLayanan": "unit__path",
    "survei.Kuesioner": UNSCOPED,
    "survei.Respons": "unit_layanan__unit__path",
    "survei.BatchKodeStruk": "unit_layanan__unit__path",
    "survei.KodeStruk": "unit_layanan__unit__path",
    "survei.Kasus": "unit_layanan__unit__path",
    "survei.Konsultasi": "unit_layanan__unit__path",
    "auth.User": _user_in_reach,
}


def not_found_message(value: Any) -> str:
    """What a related field says about a choice it cannot accept: the same words whether the
    object does not exist or lies outside the caller's reach."""
    return _('Pilihan "%(v)s" tidak ditemukan.') % {"v": value}


def scoped_related_queryset(
    model: type[Model], user: Any, queryset: QuerySet[Any] | None = None
) -> QuerySet[Any]:
    """The objects of ``model`` that ``user`` may choose in a related field they write.

    Every writable relation (API serializers, admin forms and autocompletes, plan items,
    training participants, import rows) narrows its choices here, so an object outside the
    caller's reach answers exactly like one that does not exist. A model without an entry in
    RELATED_SCOPES is refused loudly rather than left open.
    """
    label = model._meta.label
    try:
        scope = RELATED_SCOPES[label]
    except KeyError:
        raise ImproperlyConfigured(
            f"{label} has no write-side scope in asn_portal.access.RELATED_SCOPES"
        ) from None
    base = queryset if queryset is not None else model._default_manager.all()
    if not user.is_authenticated:
        return base.none()
    if scope == UNSCOPED:
        return base
    if callable(scope):
        if sees_all_units(user) and scope is not _user_in_reach:
            return base
        return base.filter(pk__in=scope(user).values("pk"))
    query = unit_path_q(user, scope)
    return (
        base
        if query is None
        else base.filter(pk__in=base.model._default_manager.filter(query).values("pk"))
    )


def is_in_write_scope(obj: Model, user: Any) -> bool:
    """Whether ``user`` may choose ``obj`` in a related field (import rows call this per row)."""
    return scoped_related_queryset(type(obj), user).filter(pk=obj.pk).exists()


class ScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """An admin list filter on a relation whose choices are what the user may choose
    (:func:`scoped_related_queryset`): Django's ``RelatedOnlyFieldListFilter`` reads the distinct
    related ids of the whole list (a scan of a million survey responses), this reads the related
    table."""

    def field_choices(self, field: Any, request: HttpRequest, model_admin: Any) -> list[Any]:
        related = scoped_related_queryset(field.related_model, request.user)
        ordering = self.field_admin_ordering(field, request, model_admin)
        return [(obj.pk, str(obj)) for obj in related.order_by(*(ordering or ()))]


class ScopedRelatedFormMixin:
    """Admin mixin: every foreign key and many-to-many choice (select, raw id, autocomplete)
    is narrowed by :func:`scoped_related_queryset` to what the user may choose."""

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        kwargs["queryset"] = scoped_related_queryset(
            db_field.related_model, request.user, kwargs.get("queryset")
        )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        kwargs["queryset"] = scoped_related_queryset(
            db_field.related_model, request.user, kwargs.get("queryset")
        )
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]
