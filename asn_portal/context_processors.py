from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject, lazy
from django.utils.translation import gettext as _

from asn_portal import roles
from asn_portal.access import granted_unit_paths, instansi_id_of, sees_all_units

# How many granted units the header names before it counts the rest.
UNIT_DI_HEADER = 2


def _tampil(user: Any) -> dict[str, str]:
    """The names of the instansi the page is about: the user's, the first one for a visitor or a
    superuser (the settings seed the first instansi and name it while its row is missing)."""
    from jabatan.instansi import instansi_bawaan_id, instansi_tampil

    instansi_id = instansi_id_of(user) if user is not None else None
    row = instansi_tampil(instansi_id if instansi_id is not None else instansi_bawaan_id())
    return {
        "nama": row.get("nama") or str(settings.INSTANSI_NAMA),
        "nama_singkat": row.get("nama_singkat") or str(settings.INSTANSI_SINGKAT),
        "nama_bkd": row.get("nama_bkd") or str(settings.INSTANSI_BKD),
    }


def _tampil_request(request: HttpRequest) -> dict[str, str]:
    """A public page (its prefix or host, or a view that asked ``instansi_publik``) and every
    page a visitor sees names the public instansi, with its logo; other pages the user's."""
    from asn_portal import publik

    user = getattr(request, "user", None)
    if publik.dipilih(request) or user is None or not user.is_authenticated:
        found = publik.info_publik(request)
        if found is not None:
            return {
                "nama": found.nama,
                "nama_singkat": found.nama_singkat,
                "nama_bkd": found.nama_bkd,
                "logo": found.logo_url,
            }
    return {**_tampil(user), "logo": ""}


# One lazy string type for every key: ``lazy()`` builds a new class on each call, and a page
# runs the context processors once per template rendered with its request (six on a changelist).
_dari_tampil = lazy(lambda tampil, key: tampil[key], str)


def instansi(request: HttpRequest) -> dict[str, Any]:
    """The instansi names for templates, read on first use and once per request."""

    def names() -> dict[str, Any]:
        tampil = SimpleLazyObject(lambda: _tampil_request(request))
        return {
            "INSTANSI_NAMA": _dari_tampil(tampil, "nama"),
            "INSTANSI_SINGKAT": _dari_tampil(tampil, "nama_singkat"),
            "INSTANSI_BKD": _dari_tampil(tampil, "nama_bkd"),
            "INSTANSI_LOGO": _dari_tampil(tampil, "logo"),
        }

    return _per_request(request, "instansi", names)  # type: ignore[no-any-return]


def navigasi(request: HttpRequest) -> dict[str, Any]:
    """What the site header links to besides the portal and the admin: the province roll-ups
    for whoever reads them (a Pemantau has no other page). Asked on first use only."""
    from asn_portal.access import may_read_rekap

    return {"BOLEH_REKAP": SimpleLazyObject(lambda: may_read_rekap(getattr(request, "user", None)))}


def _per_request(request: HttpRequest, name: str, compute: Any) -> Any:
    """``compute()`` once per request: the templates and the header ask for the same names
    several times."""
    memo: dict[str, Any] | None = request.__dict__.get("_asn_per_request")
    if memo is None:
        memo = request.__dict__["_asn_per_request"] = {}
    if name not in memo:
        memo[name] = compute()
    return memo[name]


def instansi_singkat(user: Any) -> str:
    """The instansi a user works for, as the header names it."""
    return _tampil(user)["nama_singkat"]


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
    return _per_request(
        request,
        "bkd_singkat",
        lambda: _("BKD %(instansi)s") % {"instansi": instansi_singkat(request.user)},
    )


def site_title(request: HttpRequest) -> str:
    return _("Portal ASN — %(bkd)s") % {"bkd": bkd_singkat(request)}


def header_scope(request: HttpRequest) -> list[str] | None:
    """UNFOLD["ENVIRONMENT"]: the badge in the header naming role and scope."""
    label = _per_request(request, "scope_label", lambda: scope_label(request.user))
    return [label, "info"] if label else None
