"""API throttles whose limits are exactly what the settings say.

DRF's stock pair misbehaves in two ways: ``UserRateThrottle`` falls back to the client address for
anonymous calls, so an anonymous caller is held to the lower of the ``anon`` and ``user`` rates;
and ``SimpleRateThrottle`` reads, appends and writes back a history list, so concurrent requests
overwrite each other's entries and more requests pass than the rate allows. Here each scope
counts only its own callers, with one atomic ``INCR`` per request in the shared cache (Redis) over
a fixed window: at most ``N`` requests per window pass, whatever the concurrency.

``hit`` is that counter on its own, for limits outside DRF (the public survey's per-network
ceiling, the guessing of public codes): one round trip to Redis (``INCR`` + ``EXPIRE``
pipelined), ``add`` + ``incr`` on other caches; ``over_rate`` is ``hit`` against a rate setting.
``exceeded`` reads it without counting.
"""

from __future__ import annotations

import math
import time
from typing import Any

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from asn_portal.env import RATE

PERIODE_DETIK = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """``"600/h"`` → (600, 3600); also ``"30/min"``, ``"5/hour"``, ``"100/15m"``."""
    match = RATE.match(rate.strip())
    if match is None:
        raise ValueError(f"Batas {rate!r} tidak dikenal; tulis seperti 600/h.")
    jumlah, kali, satuan = match.groups()
    return int(jumlah), int(kali or 1) * PERIODE_DETIK[satuan]


def hit(key: str, *, limit: int, period: int, now: float | None = None) -> tuple[bool, float]:
    """Count one event for ``key`` in the current fixed window of ``period`` seconds.

    Returns ``(allowed, seconds until the window ends)``; at most ``limit`` events per window
    are allowed, whatever the concurrency (the count is one atomic increment).
    """
    now = time.time() if now is None else now
    window = int(now // period)
    window_key = f"{key}:{window}"
    timeout = int(period) + 1
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        redis_key = backend.make_and_validate_key(window_key)
        client = backend._cache.get_client(redis_key, write=True)
        pipe = client.pipeline(transaction=False)
        pipe.incr(redis_key)
        pipe.expire(redis_key, timeout)
        count = int(pipe.execute()[0])
    else:
        cache.add(window_key, 0, timeout=timeout)
        try:
            count = cache.incr(window_key)
        except ValueError:  # expired between add and incr: this event opens the window
            cache.add(window_key, 1, timeout=timeout)
            count = 1
    return count <= limit, (window + 1) * period - now


def over_rate(key: str, rate: str) -> bool:
    """Count one event for ``key`` against ``rate`` (a setting such as "10/h"); True once the
    event is past the limit (:func:`hit` with the rate parsed)."""
    limit, period = parse_rate(rate)
    allowed, _sisa = hit(key, limit=limit, period=period)
    return not allowed


def exceeded(key: str, *, limit: int, period: int, now: float | None = None) -> bool:
    """Has ``key`` counted more than ``limit`` events (by :func:`hit`) in the current window?
    A read only: nothing is counted."""
    now = time.time() if now is None else now
    count = cache.get(f"{key}:{int(now // period)}") or 0
    return int(count) > limit


class AtomicRateThrottle(SimpleRateThrottle):
    """Fixed-window counter: ``num_requests`` per ``duration`` seconds per caller."""

    def get_rate(self) -> str | None:
        # Read the setting now, not DRF's copy taken at import time.
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope or "")
        return str(rate) if rate else None

    def allow_request(self, request: Any, view: Any) -> bool:
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        num_requests, duration = self.parse_rate(self.rate)
        if num_requests is None or duration is None:
            return True
        allowed, self.wait_seconds = hit(key, limit=num_requests, period=int(duration))
        return allowed

    def wait(self) -> float | None:
        return max(0.0, math.ceil(getattr(self, "wait_seconds", 0.0)))


class AnonRateThrottle(AtomicRateThrottle):
    """Anonymous callers, by client address (scope ``anon``)."""

    scope = "anon"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class UserRateThrottle(AtomicRateThrottle):
    """Signed-in callers, by user id (scope ``user``); anonymous calls are not its business."""

    scope = "user"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
