from __future__ import annotations

from typing import Any

from django import template

from asn_portal.dashboard import Ringkasan, ringkasan_for_user

register = template.Library()


@register.simple_tag(takes_context=True)
def ringkasan_dasbor(context: dict[str, Any]) -> Ringkasan:
    return ringkasan_for_user(context["request"].user)
