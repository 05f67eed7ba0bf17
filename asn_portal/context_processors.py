from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from asn_portal import roles
from asn_portal.access import granted_unit_paths, sees_all_units

# How many granted units the header names before it counts the rest.
UNIT_DI_HEADER = 2


def instansi(request: HttpRequest) -> dict[str, Any]:
    return {
        "INSTANSI_NAMA": settings.INSTANSI_NAMA,
        "INSTANSI_SINGKAT": settings.INSTANSI_SINGKAT,
        "INSTANSI_BKD": settings.INSTANSI_BKD,
    }


def instansi_singkat(user: Any) -> str:
    """The instansi a user works for, as the header names it (one place to switch to the
    Instansi model)."""
    return str(settings.INSTANSI_SINGKAT)


def role_label(user: Any) -> str:
    for role in (roles.ADMIN_BKD, roles.VERIFIKATOR, roles.OPERATOR_OPD):
        if roles.user_has_role(user, role):
            return role
    if user.is_superuser:
        return _("Administrator sistem")
    return ""


def scope_label(user: Any) -> str:
    """ "Admin BKD · Provinsi Bengkulu", "Operator OPD · Dinas Kesehatan": who the user is
    and which units they reach."""
    if not user.is_authenticated:
        return ""
    peran = role_label(user)
    if sees_all_units(user):
        lingkup = instansi_singkat(user)
    else:
        from jabatan.models import UnitOrganisasi

        paths = granted_unit_paths(user)
        top = sorted(p for p in paths if not any(p != o and p.startswith(o) for o in paths))
        names = list(
            UnitOrganisasi.objects.filter(path__in=top[:UNIT_DI_HEADER])
            .order_by("path")
            .values_list("nama", flat=True)
        )
        lingkup = ", ".join(names) or _("belum ada unit")
        if len(top) > UNIT_DI_HEADER:
            lingkup += " " + _("+%(n)d unit lain") % {"n": len(top) - UNIT_DI_HEADER}
    return " · ".join(part for part in (peran, lingkup) if part)


def bkd_singkat(request: HttpRequest) -> str:
    return _("BKD %(instansi)s") % {"instansi": instansi_singkat(request.user)}


def site_title(request: HttpRequest) -> str:
    return _("Portal ASN — %(bkd)s") % {"bkd": bkd_singkat(request)}


def header_scope(request: HttpRequest) -> list[str] | None:
    """UNFOLD["ENVIRONMENT"]: the badge in the header naming role and scope."""
    label = scope_label(request.user)
    return [label, "info"] if label else None
