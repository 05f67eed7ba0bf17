"""How the audit trail (django-auditlog) records changes.

Every model of the project is registered in its own app's ``apps.py`` ``ready()``;
``tests/asn_portal/test_audit_registry.py`` fails for one that is not.
"""

from __future__ import annotations

from typing import Any

from auditlog.middleware import AuditlogMiddleware as _AuditlogMiddleware
from django.http import HttpRequest

MASKED = "********"


def mask_secret(value: str) -> str:
    """``mask_callable`` for secrets: the trail shows that the value changed, never the value."""
    return MASKED


class AuditlogMiddleware(_AuditlogMiddleware):
    """django-auditlog's middleware, except that an anonymous visitor's address is not kept: a
    citizen answering the public survey or sending a case is recorded neither by account nor by
    address (``survei.privasi`` keeps only salted hashes, and only for days)."""

    def get_extra_data(self, request: HttpRequest) -> dict[str, Any]:
        data: dict[str, Any] = super().get_extra_data(request)
        if data.get("actor") is None:
            data["remote_addr"] = None
            data["remote_port"] = None
        return data
