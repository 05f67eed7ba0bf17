"""Django's Redis cache with one ``redis.Redis`` client per connection pool.

``django.core.cache.backends.redis.RedisCacheClient.get_client`` builds a new ``redis.Redis`` for
every cache call; each build fills redis-py's table of response callbacks (some 170 entries),
which cost more than the Redis round trip itself on the public survey's POST (three per
request). The client object is thread-safe and only borrows connections from the pool, so one per
pool is enough; the pools stay Django's.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _ClientPerPool(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        django_client = cast(Any, self)  # the stubs leave out the private helpers used here
        pool = django_client._get_connection_pool(write)  # Django's choice of server and pool
        client = self._clients.get(id(pool))  # pools live as long as this object
        if client is None:
            client = self._clients[id(pool)] = django_client._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server: Any, params: Any) -> None:
        super().__init__(server, params)
        self._class = _ClientPerPool
