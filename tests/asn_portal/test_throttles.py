"""Issue 17 item 9: each API scope's limit is exactly its setting, also under concurrency.

Before: an anonymous caller was held to the lower of the ``anon`` and ``user`` rates (DRF's user
throttle falls back to the client address), and concurrent requests overshot the limit (the
history list is read, appended and written back). The concurrency part runs 20 threads against
the real Redis counter.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache
from django.test import Client

from tests.conftest import client_for

URL = "/api/v1/survei/hasil/"


@pytest.fixture
def rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "5/hour", "user": "3/hour"},
    }
    cache.clear()


def _codes(client: Client, n: int) -> list[int]:
    return [client.get(URL, REMOTE_ADDR="10.9.9.9").status_code for _ in range(n)]


@pytest.mark.django_db
@pytest.mark.redis
def test_anonymous_calls_get_the_anonymous_rate_not_the_lower_user_rate(rates) -> None:
    codes = _codes(Client(), 7)
    assert codes.count(429) == 2 and 429 not in codes[:5], codes


@pytest.mark.django_db
@pytest.mark.redis
def test_signed_in_calls_get_the_user_rate(rates, admin_bkd) -> None:
    codes = _codes(client_for(admin_bkd), 5)
    assert codes.count(429) == 2 and 429 not in codes[:3], codes


@pytest.mark.django_db
@pytest.mark.redis
def test_concurrent_anonymous_calls_never_pass_more_than_the_limit(rates) -> None:
    """20 threads, 60 calls, one shared Redis counter: exactly the 5 allowed pass."""
    from asn_portal.throttles import AnonRateThrottle

    class Anonymous:
        is_authenticated = False

    class Request:
        user = Anonymous()
        META = {"REMOTE_ADDR": "10.7.7.7"}
        headers: dict[str, str] = {}

    with ThreadPoolExecutor(max_workers=20) as pool:
        allowed = list(
            pool.map(lambda _: AnonRateThrottle().allow_request(Request(), None), range(60))
        )
    assert allowed.count(True) == 5
