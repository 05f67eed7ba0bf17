"""Typed readers for the environment: every setting that comes from outside goes through here.

Each reader fails loudly, naming the variable, instead of silently falling back on a bad value.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on", "ya"}
_FALSE = {"0", "false", "no", "off", "tidak", ""}

DATABASE_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql"}
BROKER_SCHEMES = {"filesystem", "redis", "rediss", "amqp", "amqps", "memory"}
# A rate: count / [multiplier] unit, e.g. 600/h, 30/min, 100/15m (read by asn_portal.throttles).
RATE = re.compile(r"^(\d+)/(\d*)([smhd])[a-z]*$")


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return value.strip() if value is not None else None


def env_str(name: str, default: str) -> str:
    value = _raw(name)
    return default if value is None or value == "" else value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} harus bernilai true/false, bukan {value!r}.")


def env_int(name: str, default: int) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} harus bilangan bulat, bukan {value!r}.") from None


def env_rate(name: str, default: str) -> str:
    """A rate limit such as ``600/h`` (checked here, parsed by ``throttles.parse_rate``)."""
    value = env_str(name, default)
    if not RATE.match(value):
        raise ImproperlyConfigured(f"{name} harus seperti {default} (jumlah/s, m, h atau d).")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_database(name: str, default: str) -> dict[str, Any]:
    """Parse a DATABASE_URL-style variable into a Django DATABASES entry."""
    url = env_str(name, default)
    parts = urlsplit(url)
    if parts.scheme not in DATABASE_SCHEMES:
        raise ImproperlyConfigured(
            f"{name} tidak valid: skema {parts.scheme or '(kosong)'!r} tidak dikenal; "
            f"gunakan sqlite:///path/berkas.sqlite3 atau postgres://user@host:5432/nama."
        )
    if parts.scheme != "sqlite":
        try:
            parts.port  # noqa: B018 - raises ValueError on a non-numeric port
        except ValueError:
            raise ImproperlyConfigured(f"{name} tidak valid: port bukan angka.") from None
        if not parts.hostname or not parts.path.strip("/"):
            raise ImproperlyConfigured(
                f"{name} tidak valid: host dan nama basis data wajib, "
                f"contoh postgres://postgres@127.0.0.1:5432/asn_portal."
            )
    elif not parts.path.strip("/"):
        raise ImproperlyConfigured(f"{name} tidak valid: path berkas SQLite kosong.")
    config = environ.Env.db_url_config(url)
    if parts.scheme == "sqlite":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    return config


def env_broker(name: str, default: str) -> str:
    url = env_str(name, default)
    parts = urlsplit(url)
    if parts.scheme not in BROKER_SCHEMES:
        raise ImproperlyConfigured(
            f"{name} tidak valid: skema {parts.scheme or '(kosong)'!r} tidak dikenal; "
            f"gunakan filesystem:// atau redis://host:6379/0."
        )
    if parts.scheme in {"redis", "rediss", "amqp", "amqps"}:
        try:
            parts.port  # noqa: B018
        except ValueError:
            raise ImproperlyConfigured(f"{name} tidak valid: port bukan angka.") from None
        if not parts.hostname:
            raise ImproperlyConfigured(f"{name} tidak valid: host wajib diisi.")
    return url
