"""``{{ n|angka }}`` → 1.234,5 and ``{{ d|tanggal }}`` → 3 Agu 2026 (see :mod:`asn_portal.l10n`)."""

from __future__ import annotations

from typing import Any

from django import template

from asn_portal import l10n

register = template.Library()


@register.filter
def angka(value: Any, places: Any = None) -> str:
    return l10n.angka(value, None if places in (None, "") else int(places))


@register.filter
def tanggal(value: Any) -> str:
    return l10n.tanggal(value)
