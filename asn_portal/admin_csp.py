"""The staff admin's one exception to the site's script policy.

django-unfold drives its sidebar, filters, dropdowns and tabs with Alpine.js, whose standard
build compiles the directive expressions written in unfold's templates (``new Function``), so
admin pages allow ``'unsafe-eval'``. Alpine's CSP build cannot take them (it refuses globals
and arrow functions those templates use). Scripts still load only from our own static files or
carry the request's nonce; public and ASN portal pages keep the strict policy.
"""

from __future__ import annotations

from collections.abc import Callable

from csp.constants import UNSAFE_EVAL
from django.http import HttpRequest
from django.http.response import HttpResponseBase

ADMIN_PREFIX = "/admin/"


class AdminScriptEvalMiddleware:
    """Placed below django-csp's middleware, so its answer is written before the header is."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.path.startswith(ADMIN_PREFIX):
            update = dict(getattr(response, "_csp_update", None) or {})
            update["script-src"] = [*update.get("script-src", []), UNSAFE_EVAL]
            response._csp_update = update  # type: ignore[attr-defined]
        return response
