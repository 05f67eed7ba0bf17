"""Salted hashes for the device cookie and the client address: enough to hold off abuse,
never enough to identify a citizen."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse

COOKIE_PERANGKAT = "skm_perangkat"
COOKIE_SALT = "survei.perangkat"
COOKIE_UMUR_DETIK = 400 * 24 * 60 * 60


def _hash(kind: str, value: str) -> str:
    key = f"{settings.SURVEI_HASH_SALT}:{kind}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def hash_perangkat(device_id: str) -> str:
    return _hash("perangkat", device_id) if device_id else ""


def hash_alamat(alamat: str) -> str:
    return _hash("alamat", alamat) if alamat else ""


def alamat_klien(request: HttpRequest) -> str:
    # REMOTE_ADDR only: a forwarded header is the client's word and would let it dodge the limit.
    return request.META.get("REMOTE_ADDR", "") or ""


def ratelimit_key(group: str, request: HttpRequest) -> str:
    """django-ratelimit key: the salted address hash, so not even the cache holds the address."""
    return hash_alamat(alamat_klien(request))


def perangkat_dari_request(request: HttpRequest) -> tuple[str, bool]:
    """The device id from the signed cookie, or a fresh one (``True`` when it must be set)."""
    device_id = request.get_signed_cookie(COOKIE_PERANGKAT, default="", salt=COOKIE_SALT)
    if device_id:
        return device_id, False
    return secrets.token_urlsafe(24), True


def set_cookie_perangkat(response: HttpResponse, device_id: str, baru: bool) -> None:
    if baru:
        response.set_signed_cookie(
            COOKIE_PERANGKAT,
            device_id,
            salt=COOKIE_SALT,
            max_age=COOKIE_UMUR_DETIK,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
