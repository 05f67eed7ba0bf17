"""The admin sidebar built and rendered once per content (``asn_portal.sidebar``,
``{% sidebar_app_list %}``): each user still sees exactly the entries they may open, a permission
granted or withdrawn shows at the next request, and the HTML equals unfold's own rendering."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from asn_portal import sidebar
from asn_portal.sidebar import GROUPS, Model
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

_SIDEBAR = re.compile(r'<div id="nav-sidebar-apps".*?</div>\s*</div>\s*(?=<)', re.S)


def _sidebar(client: Any, url: str = "/admin/") -> str:
    html = client.get(url).content.decode()
    match = _SIDEBAR.search(html)
    assert match, "no sidebar on the page"
    return match.group(0)


def _links(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


def _models() -> list[Model]:
    return [e for g in GROUPS for e in g.entries if isinstance(e, Model)]


@pytest.fixture(autouse=True)
def _fresh_caches() -> Any:
    sidebar.RENDERED.clear()
    sidebar._groups.cache_clear()
    yield
    sidebar.RENDERED.clear()
    sidebar._groups.cache_clear()


def test_kept_sidebar_equals_unfolds_own_rendering(
    admin_bkd: Any, operator_a: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = ["/admin/", reverse("admin:jabatan_pegawai_changelist")]
    kept = {}
    for user in (admin_bkd, operator_a):
        client = client_for(user)
        for url in pages:
            first = _sidebar(client, url)
            assert _sidebar(client, url) == first  # the second comes from the cache
            kept[user.pk, url] = first
    assert len(sidebar.RENDERED.kept) == 4  # per user's permissions × active entry

    monkeypatch.setattr(sidebar, "rendered_key", lambda context: None)  # unfold renders
    for user in (admin_bkd, operator_a):
        for url in pages:
            assert _sidebar(client_for(user), url) == kept[user.pk, url]


def test_the_active_entry_follows_the_page(admin_bkd: Any) -> None:
    client = client_for(admin_bkd)
    pegawai = reverse("admin:jabatan_pegawai_changelist")
    formasi = reverse("admin:jabatan_formasi_changelist")
    for url in (pegawai, formasi, pegawai):
        html = _sidebar(client, url)
        active = re.findall(r'<a href="([^"]+)" class="[^"]*\bactive\b', html)
        assert active == [url]


def test_an_operator_never_sees_the_links_of_a_wider_user(
    admin_user: Any, admin_bkd: Any, operator_a: Any
) -> None:
    # The wider users fill the caches first; the operator then gets only their own entries.
    for user in (admin_user, admin_bkd):
        _sidebar(client_for(user))
    operator_links = _links(_sidebar(client_for(operator_a)))
    for entry in _models():
        link = reverse(entry.url_name)
        assert (link in operator_links) == entry.allowed(operator_a), entry.label
    assert reverse("admin:auth_user_changelist") not in operator_links
    assert _links(_sidebar(client_for(admin_bkd))) > operator_links


def test_a_permission_granted_or_withdrawn_shows_at_the_next_request(operator_a: Any) -> None:
    open_to_staff = [e for g in GROUPS if not g.superuser_only for e in g.entries]
    hidden = next(e for e in open_to_staff if isinstance(e, Model) and not e.allowed(operator_a))
    app_label, model_name = hidden.label.split(".")
    permission = Permission.objects.get(
        content_type__app_label=app_label, codename=f"view_{model_name}"
    )
    link = reverse(hidden.url_name)
    client = client_for(operator_a)
    assert link not in _links(_sidebar(client))

    operator_a.user_permissions.add(permission)
    assert link in _links(_sidebar(client))

    operator_a.user_permissions.remove(permission)
    assert link not in _links(_sidebar(client))


def test_the_groups_are_built_once_per_answer(admin_bkd: Any, operator_a: Any) -> None:
    for user in (admin_bkd, operator_a, admin_bkd, operator_a):
        client_for(user).get("/admin/")
    info = sidebar._groups.cache_info()
    assert (info.misses, info.hits) == (2, 2)
