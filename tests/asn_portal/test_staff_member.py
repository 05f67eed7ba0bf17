"""The one staff rule (asn_portal.access.is_staff_member), and a generated check that every staff
page in the URLconf refuses whoever is not staff."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIRequestFactory

from asn_portal.access import is_staff_member
from asn_portal.api_permissions import IsStaffMember
from asn_portal.roles import ADMIN_BKD, ASN, OPERATOR_OPD, VERIFIKATOR
from tests.conftest import client_for
from tests.factories import UserFactory


def _user(*, roles: tuple[str, ...] = (), **flags: Any) -> Any:
    user = UserFactory(**flags)
    for role in roles:
        user.groups.add(Group.objects.get(name=role))
    return user


PERSONAS: dict[str, tuple[dict[str, Any], bool]] = {
    # name: (how the account is made, whether it is staff)
    "asn": ({"roles": (ASN,)}, False),
    "asn_with_staff_flag": ({"roles": (ASN,), "is_staff": True}, False),
    "staff_flag_without_role": ({"is_staff": True}, False),
    "inactive_admin_bkd": ({"roles": (ADMIN_BKD,), "is_staff": True, "is_active": False}, False),
    "admin_bkd_without_staff_flag": ({"roles": (ADMIN_BKD,)}, False),
    "admin_bkd": ({"roles": (ADMIN_BKD,), "is_staff": True}, True),
    "verifikator": ({"roles": (VERIFIKATOR,), "is_staff": True}, True),
    "operator_opd": ({"roles": (OPERATOR_OPD,), "is_staff": True}, True),
    "superuser": ({"is_staff": True, "is_superuser": True}, True),
    "superuser_without_staff_flag": ({"is_superuser": True}, False),
}


@pytest.mark.django_db
def test_anonymous_is_not_staff() -> None:
    assert is_staff_member(AnonymousUser()) is False
    request = APIRequestFactory().get("/")
    request.user = AnonymousUser()
    assert IsStaffMember().has_permission(request, None) is False


@pytest.mark.django_db
@pytest.mark.parametrize("name", PERSONAS)
def test_the_one_staff_rule(name: str) -> None:
    make, expected = PERSONAS[name]
    user = _user(**make)
    assert is_staff_member(user) is expected
    request = APIRequestFactory().get("/")
    request.user = user
    assert IsStaffMember().has_permission(request, None) is expected
    # The admin opens by the same rule.
    from django.contrib import admin

    request.user = user
    assert admin.site.has_permission(request) is expected


# --- generated: every staff page refuses a non-staff account ----------------------------------

# URL prefixes of staff pages; the public pages under them are listed apart.
STAFF_PREFIXES = (
    "admin/",
    "jabatan/dasbor/",
    "jabatan/unit/",
    "jabatan/penataan/<",
    "pelatihan/verifikasi/",
    "pelatihan/angkatan/",
    "pelatihan/laporan/",
    "survei/staf/",
    "partisipasi/staf/",
    "laporan/",
    "transfer/",
    "rekap/",  # not staff: the roll-ups' own rule (access.may_read_rekap), refused alike
)
PUBLIC_UNDER_STAFF_PREFIXES = {
    "admin/login/",
    "admin/logout/",
    "laporan/verifikasi/<str:kode>/",  # the QR check printed on a published report
    "laporan/verifikasi/",  # the form that sends a typed code to that check
}
# Report pages answer 404 to non-staff (a report's existence is not told).
NOT_FOUND_PREFIXES = ("laporan/", "rekap/")


def _routes(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def _fill(route: str) -> str:
    route = route.lstrip("^").rstrip("$").replace("\\Z", "")
    route = re.sub(r"<int:\w+>", "1", route)
    route = re.sub(r"<(?:str|slug|path):\w+>", "x", route)
    route = re.sub(r"<\w+>", "x", route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route)
    return "/" + route


def staff_routes() -> list[str]:
    return sorted(
        {
            route
            for route in _routes(get_resolver().url_patterns)
            if route.startswith(STAFF_PREFIXES)
            and route not in PUBLIC_UNDER_STAFF_PREFIXES
            # treebeard's JavaScript translation catalogue (static text, no data)
            and not route.endswith("jsi18n/")
        }
    )


def test_the_staff_url_list_is_not_empty() -> None:
    routes = staff_routes()
    # Spot checks: one page of each staff area is collected.
    for expected in (
        "admin/",
        "jabatan/dasbor/",
        "pelatihan/verifikasi/",
        "survei/staf/",
        "partisipasi/staf/",
        "transfer/",
        "laporan/",
    ):
        assert expected in routes
    assert len(routes) > 100


def open_staff_pages(user: Any) -> list[tuple[str, int, str]]:
    """The staff pages that do not refuse ``user`` (403, a 404 where pages hide, or login)."""
    client = client_for(user)
    open_pages = []
    for route in staff_routes():
        url = _fill(route)
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url)
        location = response.get("Location", "") if response.status_code == 302 else ""
        refused = (
            response.status_code == 403
            or (response.status_code == 404 and route.startswith(NOT_FOUND_PREFIXES))
            or "login" in location
        )
        if not refused:
            open_pages.append((route, response.status_code, location))
    return open_pages


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["asn_x", "staff_flag_without_role"])
def test_every_staff_page_refuses_a_non_staff_account(
    request: pytest.FixtureRequest, persona: str
) -> None:
    user = request.getfixturevalue("asn_x") if persona == "asn_x" else _user(is_staff=True)
    assert open_staff_pages(user) == []
