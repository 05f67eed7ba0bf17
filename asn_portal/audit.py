"""How the audit trail (django-auditlog) records changes.

Every model of the project is registered in its own app's ``apps.py`` ``ready()``;
``tests/asn_portal/test_audit_registry.py`` fails for one that is not.
"""

from __future__ import annotations

from typing import Any

from auditlog.middleware import AuditlogMiddleware as _AuditlogMiddleware
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

MASKED = "********"


def mask_secret(value: str) -> str:
    """``mask_callable`` for secrets: the trail shows that the value changed, never the value."""
    return MASKED


def _signed_in(request: HttpRequest) -> Any:
    user = getattr(request, "user", None)
    return user if isinstance(user, get_user_model()) and user.is_authenticated else None


class AuditlogMiddleware(_AuditlogMiddleware):
    """django-auditlog's middleware, with two differences.

    * The actor and the address are decided when an entry is written, not when the request
      arrives: an API call signed in by token is authenticated by DRF inside the view, after
      this middleware, and its entries must still name the account.
    * An anonymous visitor's address is not kept: a citizen answering the public survey or
      sending a case is recorded neither by account nor by address (``survei.privasi`` keeps
      only salted hashes, and only for days).
    """

    def get_extra_data(self, request: HttpRequest) -> dict[str, Any]:
        data: dict[str, Any] = super().get_extra_data(request)
        alamat, port = data.get("remote_addr"), data.get("remote_port")
        # auditlog's receiver checks the actor with isinstance (a lazy object passes once it
        # resolves to an account) and calls callables for the other fields.
        data["actor"] = SimpleLazyObject(lambda: _signed_in(request))
        data["remote_addr"] = lambda: alamat if _signed_in(request) is not None else None
        data["remote_port"] = lambda: port if _signed_in(request) is not None else None
        return data
