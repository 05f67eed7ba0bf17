"""Login lockout (django-axes) at each of the three entry points: N failures lock the
username+address pair with an Indonesian message, the lock ends by itself, a correct login
resets the count, and another address (or another account) is not locked with it."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.test import Client

PASSWORD = "rahasia-uji-123"
LIMIT = 3

Attempt = Callable[[Client, str, str], Any]


def _admin_login(client: Client, username: str, password: str) -> Any:
    return client.post("/admin/login/", {"username": username, "password": password})


def _portal_login(client: Client, username: str, password: str) -> Any:
    return client.post("/portal/masuk/", {"username": username, "password": password})


def _token_login(client: Client, username: str, password: str) -> Any:
    return client.post("/api/v1/auth/token/", {"username": username, "password": password})


def _succeeded(entry: str, response: Any) -> bool:
    if entry == "token":
        return response.status_code == 200 and "token" in response.json()
    return response.status_code == 302


def _locked(entry: str, response: Any) -> bool:
    if response.status_code != 429:
        return False
    if entry == "token":
        text = response.json()["detail"]
    else:
        text = response.content.decode()
        assert "Akun terkunci sementara" in text
    assert "Terlalu banyak percobaan masuk yang gagal" in text
    assert int(response["Retry-After"]) > 0
    return True


ENTRIES: dict[str, Attempt] = {
    "admin": _admin_login,
    "portal": _portal_login,
    "token": _token_login,
}


@pytest.fixture
def short_lockout(settings: Any) -> Any:
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = dt.timedelta(seconds=2)
    return settings


@pytest.fixture
def staff_user(admin_bkd: Any) -> Any:
    return admin_bkd


@pytest.mark.django_db
@pytest.mark.parametrize("entry", list(ENTRIES))
def test_repeated_failures_lock_the_account_at_that_address(entry, staff_user, short_lockout):
    attempt = ENTRIES[entry]
    client = Client(REMOTE_ADDR="10.1.1.1")
    for _ in range(LIMIT - 1):
        response = attempt(client, staff_user.username, "salah")
        assert not _succeeded(entry, response) and response.status_code != 429
    assert _locked(entry, attempt(client, staff_user.username, "salah"))
    # Even the right password is refused while the lock lasts.
    assert _locked(entry, attempt(client, staff_user.username, PASSWORD))
    assert AccessAttempt.objects.filter(
        username=staff_user.username, ip_address="10.1.1.1"
    ).exists()

    # The same account from another address of the office is not locked...
    assert _succeeded(entry, attempt(Client(REMOTE_ADDR="10.1.1.2"), staff_user.username, PASSWORD))


@pytest.mark.django_db
@pytest.mark.parametrize("entry", list(ENTRIES))
def test_one_locked_account_does_not_lock_its_colleagues_behind_the_same_nat(
    entry, staff_user, verifikator, short_lockout
):
    attempt = ENTRIES[entry]
    client = Client(REMOTE_ADDR="10.2.2.2")
    for _ in range(LIMIT):
        attempt(client, staff_user.username, "salah")
    assert _locked(entry, attempt(client, staff_user.username, PASSWORD))
    assert _succeeded(
        entry, attempt(Client(REMOTE_ADDR="10.2.2.2"), verifikator.username, PASSWORD)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("entry", list(ENTRIES))
def test_the_lock_ends_by_itself_after_the_cool_off(entry, staff_user, short_lockout):
    attempt = ENTRIES[entry]
    client = Client(REMOTE_ADDR="10.3.3.3")
    for _ in range(LIMIT):
        attempt(client, staff_user.username, "salah")
    assert _locked(entry, attempt(client, staff_user.username, PASSWORD))
    time.sleep(2.2)
    assert _succeeded(entry, attempt(Client(REMOTE_ADDR="10.3.3.3"), staff_user.username, PASSWORD))


@pytest.mark.django_db
@pytest.mark.parametrize("entry", list(ENTRIES))
def test_a_correct_login_resets_the_failure_count(entry, staff_user, short_lockout):
    attempt = ENTRIES[entry]
    for _ in range(LIMIT - 1):
        attempt(Client(REMOTE_ADDR="10.4.4.4"), staff_user.username, "salah")
    assert _succeeded(entry, attempt(Client(REMOTE_ADDR="10.4.4.4"), staff_user.username, PASSWORD))
    # Counting starts again: LIMIT - 1 further failures do not lock.
    for _ in range(LIMIT - 1):
        response = attempt(Client(REMOTE_ADDR="10.4.4.4"), staff_user.username, "salah")
        assert response.status_code != 429
    assert _succeeded(entry, attempt(Client(REMOTE_ADDR="10.4.4.4"), staff_user.username, PASSWORD))


@pytest.mark.django_db
def test_the_token_endpoint_is_throttled_per_address(staff_user, settings):
    from django.core.cache import cache
    from rest_framework.settings import api_settings

    settings.AXES_FAILURE_LIMIT = 100
    rates = dict(api_settings.DEFAULT_THROTTLE_RATES, login="3/min")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    from rest_framework.throttling import ScopedRateThrottle

    ScopedRateThrottle.THROTTLE_RATES = rates
    try:
        cache.clear()
        client = Client(REMOTE_ADDR="10.5.5.5")
        codes = [_token_login(client, f"orang{i}", "salah").status_code for i in range(4)]
        assert codes == [400, 400, 400, 429]
        assert "detail" in _token_login(client, "x", "y").json()
    finally:
        ScopedRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES


@pytest.mark.django_db
def test_admin_lists_the_locks_in_indonesian(staff_user, short_lockout):
    from django.contrib.auth import get_user_model

    for _ in range(LIMIT):
        _portal_login(Client(REMOTE_ADDR="10.6.6.6"), staff_user.username, "salah")
    superuser = get_user_model().objects.create_superuser("root", "root@example.go.id", PASSWORD)
    client = Client()
    client.force_login(superuser)
    page = client.get("/admin/axes/accessattempt/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "10.6.6.6" in text and staff_user.username in text
    assert "percobaan masuk" in text.lower()  # asn_portal/admin_sistem.py
    for english in ("Attempt Time", "Failed Logins", "Locked Out", "IP Address"):
        assert english not in text
