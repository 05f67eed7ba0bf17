"""The staff, ASN and Pemantau roles, and which model permissions each carries.

Row scoping (an Operator OPD only reaches its own units) is django-guardian's job and lives in
``asn_portal.access``; this module only grants the model-level permissions that open the admin.
Each installed project app (sub-apps included) lists its own grants in its ``roles.py``.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils.module_loading import module_has_submodule

ADMIN_BKD = "Admin BKD"
VERIFIKATOR = "Verifikator"
OPERATOR_OPD = "Operator OPD"
ASN = "ASN"
# Reads the province-wide roll-ups (/rekap/) of the instansi named in its PemantauInstansi rows;
# no model permission, not staff (asn_portal.access.instansi_rekap_ids).
PEMANTAU = "Pemantau"
ALL_ROLES = (ADMIN_BKD, VERIFIKATOR, OPERATOR_OPD, ASN, PEMANTAU)

# The project's top-level packages; also the app labels of all its models (a sub-app such as
# jabatan.penataan keeps its parent's label).
PROJECT_APPS = ("jabatan", "pelatihan", "survei", "asn_portal")
# Admin BKD runs the whole product, including accounts, tokens, schedules and the audit trail.
ADMIN_BKD_APPS = (
    *PROJECT_APPS,
    "auth",
    "authtoken",
    "auditlog",
    "django_celery_beat",
    "django_celery_results",
    "guardian",
)


def role_modules() -> list[str]:
    """``<app>.roles`` of every installed project app that has one, in INSTALLED_APPS order."""
    return [
        f"{config.name}.roles"
        for config in apps.get_app_configs()
        if config.name.split(".")[0] in PROJECT_APPS
        and module_has_submodule(config.module, "roles")
        and f"{config.name}.roles" != __name__  # this module declares the roles, grants none
    ]


def role_permissions() -> dict[str, set[str]]:
    """``{role: {"app_label.codename", ...}}`` collected from every project app."""
    grants: dict[str, set[str]] = {role: set() for role in ALL_ROLES}
    for dotted in role_modules():
        module = import_module(dotted)
        for role, perms in getattr(module, "ROLE_PERMISSIONS", {}).items():
            grants[role].update(perms)
    return grants


def roles_sync() -> None:
    """Create the role groups and give each exactly its permissions. Idempotent."""
    grants = role_permissions()
    for role in ALL_ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        if role == ADMIN_BKD:
            perms = Permission.objects.filter(content_type__app_label__in=ADMIN_BKD_APPS)
        else:
            query = Q(pk__in=[])
            for dotted in grants[role]:
                app_label, codename = dotted.split(".", 1)
                query |= Q(content_type__app_label=app_label, codename=codename)
            perms = Permission.objects.filter(query)
        group.permissions.set(perms)


def on_post_migrate(sender: Any, **kwargs: Any) -> None:
    roles_sync()


def user_has_role(user: Any, role: str) -> bool:
    if not user.is_authenticated:
        return False
    cache = getattr(user, "_role_names", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._role_names = cache
    return role in cache
