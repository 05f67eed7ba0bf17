"""The Redis cache reuses one redis-py client per connection pool (asn_portal.cache)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings

pytestmark = pytest.mark.redis


def test_every_cache_call_uses_the_same_client_and_still_round_trips() -> None:
    backend = caches["default"]
    client = backend._cache.get_client(write=True)
    assert backend._cache.get_client() is client  # one server: reads and writes share it
    assert backend._cache.get_client(write=True) is client
    backend.set("uji:klien", {"n": 1}, 30)
    assert backend.get("uji:klien") == {"n": 1}
    backend.set("uji:klien-hitung", 0, 30)
    assert backend.incr("uji:klien-hitung") == 1


def test_a_primary_and_a_replica_each_get_their_own_client() -> None:
    url = settings.REDIS_URL
    # A primary and a read replica (here the same server twice): one client per pool.
    with override_settings(
        CACHES={"replika": {"BACKEND": "asn_portal.cache.RedisCache", "LOCATION": f"{url},{url}"}}
    ):
        backend = caches["replika"]
        tulis = backend._cache.get_client(write=True)
        baca = backend._cache.get_client()
        assert tulis is not baca
        assert tulis.connection_pool is not baca.connection_pool
        assert backend._cache.get_client() is baca
        assert backend._cache.get_client(write=True) is tulis
        backend.set("uji:replika", "ya", 30)
        assert backend.get("uji:replika") == "ya"
        backend.delete("uji:replika")
