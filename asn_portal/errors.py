"""The site's own 404 and 500 answers: Indonesian pages for people, JSON for the API.

Django's handlers serve them when DEBUG is off. With DEBUG on Django answers with its technical
pages; :class:`ErrorPageMiddleware` keeps those for staff and the admin (the developer's view)
and gives everyone else on the public side the same pages as production.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger("django.request")

API_PREFIX = "/api/"


def _is_api(request: HttpRequest) -> bool:
    # path_info: under an instansi's /i/<slug>/ prefix (asn_portal.publik) too
    return request.path_info.startswith(API_PREFIX)


def api_not_found() -> JsonResponse:
    return JsonResponse({"detail": _("Tidak ditemukan.")}, status=404)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return api_not_found()
    template = loader.get_template("404.html")
    response = HttpResponse(template.render({}, request), status=404)
    response.site_error_page = True  # type: ignore[attr-defined]
    return response


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """No request context and no queries: the database may be what failed."""
    if _is_api(request):
        return JsonResponse(
            {"detail": _("Terjadi gangguan pada server; kesalahan sudah tercatat.")}, status=500
        )
    template = loader.get_template("500.html")
    context = {
        "INSTANSI_NAMA": settings.INSTANSI_NAMA,
        "INSTANSI_SINGKAT": settings.INSTANSI_SINGKAT,
        "INSTANSI_BKD": settings.INSTANSI_BKD,
    }
    response = HttpResponseServerError(template.render(context))
    response.site_error_page = True  # type: ignore[attr-defined]
    return response


class ErrorPageMiddleware:
    """With DEBUG on: the site's 404/500 on the public side and JSON 404s under /api/."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 404 or getattr(response, "site_error_page", False):
            return response
        if _is_api(request) and not response.get("Content-Type", "").startswith("application/json"):
            return api_not_found()
        if settings.DEBUG and self._public(request):
            return page_not_found(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.core.exceptions import PermissionDenied
        from django.http import Http404

        if not settings.DEBUG or not self._public(request):
            return None
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return None
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=sys.exc_info(),
            extra={"request": request},
        )
        return server_error(request)

    @staticmethod
    def _public(request: HttpRequest) -> bool:
        if request.path.startswith(("/admin/", API_PREFIX)):
            return False
        user = getattr(request, "user", None)
        return not (user is not None and user.is_authenticated and user.is_staff)
