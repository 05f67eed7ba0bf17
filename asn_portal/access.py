"""The one place that decides who is staff, which units a user reaches, and which related
objects a user may choose when writing.

Admin BKD and Verifikator work across the whole of their instansi (:func:`instansi_id_of`);
only a superuser reaches every instansi. An Operator OPD reaches the units it was granted
through django-guardian (permission ``jabatan.kelola_unit`` on a UnitOrganisasi) and every
sub-unit beneath them, all inside its instansi. An object of another instansi answers exactly
like one that does not exist. Views, the admin, the API and exports all filter through
:func:`scope_queryset`, so a rule is never written twice. Who counts as staff at all is
:func:`is_staff_member` (with :func:`staff_required`, :class:`StaffRequiredMixin` and the API's
``IsStaffMember``); what a user may pick in a related field they write is
:func:`scoped_related_queryset`. Which instansi's province-wide roll-ups (/rekap/) a user
reads — a Pemantau's grants, a province's Admin BKD its kabupaten/kota — is
:func:`instansi_rekap_ids` (the last section). See docs/permissions.md.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from guardian.shortcuts import get_objects_for_user

from asn_portal.roles import ADMIN_BKD, OPERATOR_OPD, PEMANTAU, VERIFIKATOR, user_has_role

QS = TypeVar("QS", bound="QuerySet[Any]")

PERM_KELOLA_UNIT = "jabatan.kelola_unit"


def sees_all_units(user: Any) -> bool:
    """Whether the user's role spans every unit of their instansi (Admin BKD, Verifikator,
    superuser), rather than the units granted to them. Which rows that reaches is
    :func:`unit_path_q`; a superuser alone reaches every instansi (:func:`sees_every_instansi`)."""
    return bool(
        user.is_authenticated
        and (
            user.is_superuser or user_has_role(user, ADMIN_BKD) or user_has_role(user, VERIFIKATOR)
        )
    )


def sees_every_instansi(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


# --- the instansi of an account -----------------------------------------------------------------

# Between requests the instansi of an account and the root paths of an instansi are kept in the
# cache (filled at login, forgotten when a PetugasInstansi, a Pegawai's account or a root unit
# changes), so no page pays a query for them; within a request they are cached on the user.
CACHE_INSTANSI_AKUN = "instansi-akun:{}"
CACHE_INSTANSI_AKAR = "instansi-akar:{}"
CACHE_DETIK = 6 * 60 * 60


def _instansi_akun(user: Any) -> int:
    from jabatan.instansi import instansi_bawaan_id
    from jabatan.models import Pegawai, PetugasInstansi

    if user.is_staff:
        found = (
            PetugasInstansi.objects.filter(user_id=user.pk).values_list("instansi_id", flat=True)
        ).first()
    else:
        found = (
            Pegawai.objects.filter(user_id=user.pk).values_list("instansi_id", flat=True).first()
        )
    return found if found is not None else instansi_bawaan_id()


def instansi_id_of(user: Any) -> int | None:
    """The instansi ``user`` works in: ``None`` for a superuser (every instansi); for staff their
    PetugasInstansi (none: the first instansi); for an ASN their Pegawai's instansi; for an
    anonymous visitor the first instansi (the public side)."""
    if not user.is_authenticated:
        from jabatan.instansi import instansi_bawaan_id

        return instansi_bawaan_id()
    if user.is_superuser:
        return None
    cached = getattr(user, "_instansi_id", None)
    if cached is None:
        key = CACHE_INSTANSI_AKUN.format(user.pk)
        cached = cache.get(key)
        if cached is None:
            cached = _instansi_akun(user)
            cache.set(key, cached, CACHE_DETIK)
        user._instansi_id = cached
    return int(cached)


def instansi_akun_lupakan(user_id: int | None) -> None:
    if user_id is not None:
        cache.delete(CACHE_INSTANSI_AKUN.format(user_id))


def instansi_root_paths(instansi_id: int) -> list[str]:
    """Tree paths of the instansi's root units (OPD): its subtree is every path beneath them."""
    key = CACHE_INSTANSI_AKAR.format(instansi_id)
    paths = cache.get(key)
    if paths is None:
        from jabatan.models import UnitOrganisasi

        paths = list(
            UnitOrganisasi.objects.filter(depth=1, instansi_id=instansi_id)
            .order_by("path")
            .values_list("path", flat=True)
        )
        cache.set(key, paths, CACHE_DETIK)
    return list(paths)


def instansi_root_paths_lupakan(instansi_id: int | None) -> None:
    if instansi_id is not None:
        cache.delete(CACHE_INSTANSI_AKAR.format(instansi_id))


def instansi_q(user: Any, field: str = "instansi", *, shared: bool = False) -> Q | None:
    """``None`` when the user reaches every instansi; otherwise a Q on the instansi foreign key
    at ``field`` (models without a unit: ASN without a placement, reports, imports, exports).
    ``shared=True`` for the national catalogues (jabatan, kompetensi): NULL is everyone's, a set
    instansi is that instansi's own addition."""
    if sees_every_instansi(user):
        return None
    return instansi_id_q(instansi_id_of(user), field, shared=shared)


def instansi_id_q(instansi_id: int | None, field: str = "instansi", *, shared: bool = False) -> Q:
    """:func:`instansi_q` for a known instansi rather than an account (an ASN's record without a
    login: registration by staff, recommendations, the monthly JP warning)."""
    own = Q(**{f"{field}_id": instansi_id})
    return (Q(**{f"{field}__isnull": True}) | own) if shared else own


def reaches_instansi(user: Any, instansi_id: int | None) -> bool:
    return sees_every_instansi(user) or (
        user.is_authenticated and instansi_id is not None and instansi_id == instansi_id_of(user)
    )


def instansi_of_new_rows(user: Any) -> int:
    """The instansi a row created by ``user`` belongs to when nothing else decides it (an OPD,
    an ASN without a placement, a plan, a report, an import): theirs, the first for a superuser."""
    from jabatan.instansi import instansi_bawaan_id

    instansi_id = instansi_id_of(user) if user is not None else None
    return instansi_id if instansi_id is not None else instansi_bawaan_id()


def scope_instansi(queryset: QS, user: Any, field: str = "instansi", *, shared: bool = False) -> QS:
    query = instansi_q(user, field, shared=shared)
    return queryset if query is None else queryset.filter(query)


# --- units -------------------------------------------------------------------------------------


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


def reach_unit_paths(user: Any) -> list[str] | None:
    """The tree paths whose subtrees the user reaches: ``None`` for every unit of every
    instansi (superuser), the instansi's root units for Admin BKD and Verifikator, the granted
    units for an operator, nothing for anyone else."""
    if sees_every_instansi(user):
        return None
    if sees_all_units(user):
        instansi_id = instansi_id_of(user)
        return [] if instansi_id is None else instansi_root_paths(instansi_id)
    return granted_unit_paths(user)


def unit_path_q(user: Any, path_field: str) -> Q | None:
    """``None`` when the user sees every unit of every instansi; otherwise a Q on
    ``path_field`` (never-true if none). For Admin BKD and Verifikator, when ``path_field`` is
    a unit's ``path`` (``"path"``, ``"unit__path"``, …), the Q is on that unit's instansi: the
    same rows as the prefixes of the instansi's root units (a sub-unit takes its OPD's
    instansi), through an indexed key."""
    if sees_every_instansi(user):
        return None
    if sees_all_units(user):
        instansi_id = instansi_id_of(user)
        if instansi_id is not None:
            return unit_instansi_q(instansi_id, path_field)
    return _prefixes_q(reach_unit_paths(user) or [], path_field)


def _prefixes_q(paths: list[str], path_field: str) -> Q:
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(**{f"{path_field}__startswith": path})
    return query


def unit_instansi_q(instansi_id: int, path_field: str) -> Q:
    """Rows whose unit (its tree path at ``path_field``) belongs to ``instansi_id``: when
    ``path_field`` is a unit's ``path`` (``"path"``, ``"unit__path"``, …) a Q on that unit's
    instansi key (a sub-unit takes its OPD's instansi), otherwise (a path annotation) on the
    prefixes of the instansi's root units; the same rows either way."""
    if path_field == "path" or path_field.endswith("__path"):
        return Q(**{path_field.removesuffix("path") + "instansi_id": instansi_id})
    return _prefixes_q(instansi_root_paths(instansi_id), path_field)


def lingkup_q(path_field: str, *, unit_path: str = "", instansi_id: int | None = None) -> Q:
    """The scope of a figure computed for the system rather than a user (reports, roll-ups,
    dashboards' totals): the units under ``unit_path`` (``""``: no limit) of ``instansi_id``
    (``None``: every instansi), through the unit tree path at ``path_field``. The one way
    selectors narrow such figures, so a report of one instansi never adds up another's units."""
    query = Q()
    if unit_path:
        query &= Q(**{f"{path_field}__startswith": unit_path})
    if instansi_id is not None:
        query &= unit_instansi_q(instansi_id, path_field)
    return query


def scope_queryset(queryset: QS, user: Any, path_field: str) -> QS:
    """Restrict ``queryset`` to rows whose unit (reached through ``path_field``) the user manages.

    ``path_field`` is the lookup to the unit's tree path, e.g. ``"path"`` on UnitOrganisasi or
    ``"unit__path"`` on Formasi.
    """
    query = unit_path_q(user, path_field)
    return queryset if query is None else queryset.filter(query)


def scope_by_current_unit(queryset: QS, user: Any, path_field: str, instansi_field: str) -> QS:
    """Rows about an ASN scoped by the tree path of their current unit (an annotation at
    ``path_field``, empty for an ASN without a placement): an operator reaches the rows whose
    path lies in their units; Admin BKD and Verifikator those of every ASN of their instansi
    (``instansi_field``, the ASN's instansi key), placed or not."""
    if sees_all_units(user):
        return scope_instansi(queryset, user, instansi_field)
    return scope_queryset(queryset, user, path_field)


def can_manage_unit(user: Any, unit: Any) -> bool:
    if sees_every_instansi(user):
        return True
    if sees_all_units(user):
        return bool(unit.instansi_id == instansi_id_of(user))
    return any(unit.path.startswith(path) for path in granted_unit_paths(user))


def reaches_unit_path(user: Any, path: str) -> bool:
    """:func:`can_manage_unit` for a tree path only (an import row, a stored scope)."""
    paths = reach_unit_paths(user)
    return paths is None or any(path.startswith(granted) for granted in paths)


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

# Catalogues every staff member may pick from (no unit, no instansi): programmes and
# questionnaires. The jabatan and kompetensi catalogues carry instansi additions; training runs
# are an instansi's own or shared by all.
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


def accounts_of_instansi_q(instansi_id: int) -> Q:
    """Accounts that work in an instansi: its staff (PetugasInstansi) and its ASN's portal
    accounts; in the first instansi also the accounts that name no instansi at all."""
    from jabatan.instansi import instansi_bawaan_id

    query = Q(petugas_instansi__instansi_id=instansi_id) | Q(pegawai__instansi_id=instansi_id)
    if instansi_id == instansi_bawaan_id():
        query |= Q(petugas_instansi__isnull=True, pegawai__isnull=True)
    return query


def users_in_reach(user: Any, queryset: QuerySet[Any] | None = None) -> QuerySet[Any]:
    """Accounts a staff member may see and manage (the admin's users, tokens, audit trail):
    every account for a superuser, those of their instansi for anyone else."""
    from django.contrib.auth import get_user_model

    users = queryset if queryset is not None else get_user_model()._default_manager.all()
    if sees_every_instansi(user):
        return users
    instansi_id = instansi_id_of(user)
    if instansi_id is None:
        return users.none()
    return users.filter(
        pk__in=get_user_model()
        ._default_manager.filter(accounts_of_instansi_q(instansi_id))
        .exclude(is_superuser=True)
        .values("pk")
    )


def _user_in_reach(user: Any) -> QuerySet[Any]:
    """Accounts a caller may name (a case's officer, an ASN's portal account): anyone of their
    instansi for staff who see every unit of it; for an operator themself, the staff granted
    one of their units, and ASN accounts not linked to an ASN outside their reach; for anyone
    else only themself."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    users = User.objects.filter(is_active=True)
    if sees_all_units(user):
        return users_in_reach(user, users)
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
    instansi_id = instansi_id_of(user)
    asn_accounts = (
        Q(is_staff=False)
        & (Q(pegawai__isnull=True) | Q(pegawai__in=_pegawai_in_reach(user)))
        & (accounts_of_instansi_q(instansi_id) if instansi_id is not None else Q())
    )
    return users.filter(Q(pk=user.pk) | Q(pk__in=granted) | asn_accounts)


def _instansi_in_reach(user: Any) -> QuerySet[Any]:
    from jabatan.models import Instansi

    own = instansi_id_of(user)
    return Instansi.objects.all() if own is None else Instansi.objects.filter(pk=own)


def _katalog_in_reach(model_label: str) -> Callable[[Any], QuerySet[Any]]:
    """A national catalogue with an instansi's own additions (jabatan, kompetensi), or rows an
    instansi owns beside rows shared by all (training runs): the shared rows and the caller's
    instansi's."""

    def scope(user: Any) -> QuerySet[Any]:
        from django.apps import apps

        return scope_instansi(apps.get_model(model_label)._default_manager.all(), user, shared=True)

    return scope


# model label -> the lookup to its unit's tree path, UNSCOPED, or a function of the user.
RELATED_SCOPES: dict[str, Scope] = {
    "jabatan.Instansi": _instansi_in_reach,
    "jabatan.UnitOrganisasi": "path",
    "jabatan.Formasi": "unit__path",
    "jabatan.UraianTugas": "formasi__unit__path",
    "jabatan.RiwayatJabatan": "formasi__unit__path",
    "jabatan.Pegawai": _pegawai_in_reach,
    "jabatan.Jabatan": _katalog_in_reach("jabatan.Jabatan"),
    "jabatan.RencanaPenataan": _rencana_in_reach,
    "pelatihan.Kompetensi": _katalog_in_reach("pelatihan.Kompetensi"),
    "pelatihan.ProgramPelatihan": UNSCOPED,
    "pelatihan.Angkatan": _katalog_in_reach("pelatihan.Angkatan"),
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
        if sees_every_instansi(user) and scope is not _user_in_reach:
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


def may_change_catalogue_row(
    user: Any, obj: Any, *, shared_kept_by_first_instansi: bool = True
) -> bool:
    """A row of a shared catalogue (jabatan, kompetensi) is kept by a superuser and by the staff
    of the first instansi, who kept the catalogue before there were several; an instansi's own
    addition by its staff. With ``shared_kept_by_first_instansi=False`` (training runs, whose
    existing rows became the first instansi's own) a shared row is the superuser's alone."""
    if sees_every_instansi(user):
        return True
    if obj.instansi_id is None:
        if not shared_kept_by_first_instansi:
            return False
        from jabatan.instansi import instansi_bawaan_id

        return instansi_id_of(user) == instansi_bawaan_id()
    return bool(obj.instansi_id == instansi_id_of(user))


class InstansiCatalogueAdminMixin:
    """Admin of a national catalogue with instansi additions (or of rows an instansi owns beside
    shared ones): the shared rows and the user's instansi's own; a row a user adds belongs to
    their instansi (a superuser chooses, empty for a shared row). Who keeps a shared row:
    :func:`may_change_catalogue_row` with ``shared_kept_by_first_instansi``."""

    shared_kept_by_first_instansi = True

    def _may_change(self, request: HttpRequest, obj: Any) -> bool:
        return may_change_catalogue_row(
            request.user,
            obj,
            shared_kept_by_first_instansi=self.shared_kept_by_first_instansi,
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scope_instansi(super().get_queryset(request), request.user, shared=True)  # type: ignore[misc]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        return fields if sees_every_instansi(request.user) else [*fields, "instansi"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)  # type: ignore[misc]
        return bool(allowed and (obj is None or self._may_change(request, obj)))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_delete_permission(request, obj)  # type: ignore[misc]
        return bool(allowed and (obj is None or self._may_change(request, obj)))

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change and not sees_every_instansi(request.user):
            obj.instansi_id = instansi_of_new_rows(request.user)
        super().save_model(request, obj, form, change)  # type: ignore[misc]


def audit_entries_in_reach(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The audit trail a staff member may read: all of it for a superuser; otherwise the entries
    made by an account of their instansi, and those made without an account (tasks, commands,
    migrations) about an object they reach — a model with a write-side scope or a direct
    instansi key. Other system entries are the superuser's."""
    if sees_every_instansi(user):
        return queryset
    from auditlog.registry import auditlog
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField
    from django.db.models.functions import Cast

    about = Q(pk__in=[])
    for model in auditlog.get_models():
        label = model._meta.label
        if label in RELATED_SCOPES:
            reach = scoped_related_queryset(model, user)
        elif label == "jabatan.Instansi":
            reach = model._default_manager.filter(pk=instansi_id_of(user))
        elif any(field.name == "instansi" for field in model._meta.get_fields()):
            reach = scope_instansi(model._default_manager.all(), user)
        else:
            continue
        about |= Q(
            content_type=ContentType.objects.get_for_model(model),
            object_pk__in=reach.annotate(pk_text=Cast("pk", CharField())).values("pk_text"),
        )
    return queryset.filter(
        Q(actor__in=users_in_reach(user).values("pk")) | (Q(actor__isnull=True) & about)
    )


def may_request_whole_report(user: Any) -> bool:
    """Whether ``user`` may ask for a report of their whole instansi rather than of one OPD:
    Admin BKD and Verifikator (and a superuser, for any instansi). Its sections count only the
    instansi's units (``asn_portal.laporan.sections.Konteks.instansi_id``)."""
    return sees_all_units(user)


# --- the province-wide view ---------------------------------------------------------------------


def instansi_rekap_ids(user: Any) -> list[int]:
    """The instansi whose roll-ups (/rekap/, its API and report) ``user`` reads, by code: every
    instansi for a superuser; a Pemantau's ``PemantauInstansi`` rows; for the Admin BKD of a
    province, the province and every instansi whose code lies under it ("17" reads "17.02",
    "17.71", …); nobody else's. Never an ASN record: the roll-ups are counts. Cached on the user
    for the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_instansi_rekap_ids", None)
    if cached is None:
        cached = _instansi_rekap(user)
        user._instansi_rekap_ids = cached
    return list(cached)


def _provinsi_sendiri(user: Any) -> str | None:
    """The code of the province whose Admin BKD ``user`` is (None otherwise), from the cached
    names of their instansi."""
    from jabatan.instansi import instansi_tampil
    from jabatan.models import JenisInstansi

    if not is_staff_member(user) or not user_has_role(user, ADMIN_BKD):
        return None
    own = instansi_id_of(user)
    if own is None:
        return None
    tampil = instansi_tampil(own)
    return tampil.get("kode") if tampil.get("jenis") == JenisInstansi.PROVINSI else None


def _instansi_rekap(user: Any) -> list[int]:
    from jabatan.models import Instansi, PemantauInstansi

    semua = Instansi.objects.order_by("kode")
    if user.is_superuser:
        return list(semua.values_list("pk", flat=True))
    if user_has_role(user, PEMANTAU):
        return list(
            PemantauInstansi.objects.filter(user_id=user.pk)
            .order_by("instansi__kode")
            .values_list("instansi_id", flat=True)
        )
    kode = _provinsi_sendiri(user)
    if kode is None:
        return []
    return instansi_wilayah_ids(kode)


def instansi_wilayah_ids(kode: str) -> list[int]:
    """The instansi ``kode`` and every instansi under its code ("17": "17", "17.02", "17.71",
    …), by code: what a province's Admin BKD reads and its quarterly province report covers."""
    from jabatan.models import Instansi

    return list(
        Instansi.objects.filter(Q(kode=kode) | Q(kode__startswith=f"{kode}."))
        .order_by("kode")
        .values_list("pk", flat=True)
    )


def may_request_rekap_report(user: Any) -> bool:
    """Whether ``user`` may ask for the quarterly province report (one section per instansi of
    its province): a province's Admin BKD, or a superuser (for the first instansi)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_superuser or _provinsi_sendiri(user) is not None)


def rekap_reports_q(user: Any) -> Q:
    """Which province reports (``Laporan`` rows of scope ``rekap``) ``user`` may open: those of
    the instansi whose roll-ups they read."""
    if sees_every_instansi(user):
        return Q()
    return Q(instansi_id__in=instansi_rekap_ids(user))


def may_read_rekap(user: Any) -> bool:
    """Whether :func:`instansi_rekap_ids` is not empty, without its query where the answer is
    known before it (a superuser reaches the first instansi, a province's Admin BKD its own):
    the navigation asks it on every page."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if getattr(user, "_instansi_rekap_ids", None) is None and not user_has_role(user, PEMANTAU):
        return _provinsi_sendiri(user) is not None
    return bool(instansi_rekap_ids(user))
