"""Salted hashes for the device cookie and the client address: enough to hold off abuse,
never enough to identify a citizen.

How the public survey is protected without punishing a queue at one counter (docs/RELIABILITY.md,
"The public survey's protection"): one answer per unit, device and day (the signed device cookie,
set on the first answer, and a unique constraint on its hash); a honeypot field; the idempotency
key of each opened form; and a generous ceiling per network (``SURVEI_BATAS_JARINGAN`` per IPv4
/24 or IPv6 /64) that bounds a cookie-clearing spammer but never a service office's Wi-Fi or a
carrier's NAT. Kiosks (a limit per kiosk token) and receipt codes (one answer per code) are
exempt from the network ceiling.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from asn_portal.throttles import exceeded, over_rate, parse_rate

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


def jaringan_klien(request: HttpRequest) -> str:
    """The client's network: its IPv4 /24 or IPv6 /64 by default (the prefixes are settings)."""
    alamat = alamat_klien(request)
    try:
        ip = ipaddress.ip_address(alamat)
    except ValueError:
        return alamat
    prefiks = (
        settings.SURVEI_JARINGAN_PREFIKS_IPV4
        if ip.version == 4
        else settings.SURVEI_JARINGAN_PREFIKS_IPV6
    )
    return str(ipaddress.ip_network(f"{ip}/{prefiks}", strict=False))


def batas_jaringan_tercapai(request: HttpRequest) -> bool:
    """Count one answer from the client's network; True once the network's ceiling is reached."""
    return over_rate(
        f"survei:jaringan:{_hash('jaringan', jaringan_klien(request))}",
        settings.SURVEI_BATAS_JARINGAN,
    )


def tebakan_kode_diblokir(request: HttpRequest, *, dikenal: bool) -> bool:
    """Public look-ups by code (receipt codes, complaint tracking codes) from the client's network.

    Each unknown code counts one guess. Once a network has made more than
    ``PARTISIPASI_BATAS_TEBAKAN_KODE`` unknown look-ups in the window, every look-up from it is
    refused until the window ends, known codes too: a network over the limit learns nothing
    about which codes exist. A known code looked up under the limit costs nothing."""
    key = f"partisipasi:tebakan-kode:{_hash('jaringan', jaringan_klien(request))}"
    if dikenal:
        limit, period = parse_rate(settings.PARTISIPASI_BATAS_TEBAKAN_KODE)
        return exceeded(key, limit=limit, period=period)
    return over_rate(key, settings.PARTISIPASI_BATAS_TEBAKAN_KODE)


def kiriman_dibatasi(request: HttpRequest, group: str, rate: str, *, kunci: str = "") -> bool:
    """Count one public submission of ``group`` (complaints, suggestions, kiosk answers) and say
    whether its limit ``rate`` ("10/h") is passed. The caller is ``kunci`` when given (a kiosk's
    token), else the salted address hash, so not even the cache holds the address. The same
    atomic counter (:func:`asn_portal.throttles.hit`) as every other limit of the product."""
    return over_rate(f"{group}:{kunci or hash_alamat(alamat_klien(request))}", rate)


def perangkat_tersimpan(request: HttpRequest) -> str:
    """The device id of the signed cookie ("" when there is none or its signature is wrong)."""
    return str(request.get_signed_cookie(COOKIE_PERANGKAT, default="", salt=COOKIE_SALT) or "")


def perangkat_dari_request(request: HttpRequest) -> tuple[str, bool]:
    """The device id from the signed cookie, or a fresh one (``True`` when it must be set)."""
    device_id = perangkat_tersimpan(request)
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
