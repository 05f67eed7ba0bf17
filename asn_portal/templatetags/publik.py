"""``{% url_publik instansi_id "survei:form" unit.kode %}``: a public page's address for the
instansi it belongs to, from any page (staff pages link to their units' public forms)."""

from __future__ import annotations

from typing import Any

from django import template

from asn_portal.publik import reverse_publik

register = template.Library()


@register.simple_tag
def url_publik(instansi_id: int, viewname: str, *args: Any) -> str:
    return reverse_publik(instansi_id, viewname, list(args))
