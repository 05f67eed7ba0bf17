"""Login protection: the answer a locked-out login gets, and the API token endpoint.

django-axes counts failures (settings: ``AXES_*``); this module only words the refusal, in one
place for the admin login, the ASN portal login and ``POST /api/v1/auth/token/``.
"""

from __future__ import annotations

import math
from typing import Any

from axes.helpers import get_cool_off
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle


def lockout_minutes(request: HttpRequest | None = None) -> int:
    cool_off = get_cool_off(request)
    return max(1, math.ceil(cool_off.total_seconds() / 60)) if cool_off else 0


def lockout_message(request: HttpRequest | None = None) -> str:
    return _(
        "Terlalu banyak percobaan masuk yang gagal untuk akun ini dari alamat Anda. "
        "Coba lagi setelah %(menit)d menit; bila lupa kata sandi, hubungi Admin BKD."
    ) % {"menit": lockout_minutes(request)}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: JSON under /api/, the site's page elsewhere (HTTP 429)."""
    retry_after = str(lockout_minutes(request) * 60)
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": lockout_message(request)}, status=429)
    else:
        context = {"pesan": lockout_message(request), "menit": lockout_minutes(request)}
        response = render(request, "portal/terkunci.html", context, status=429)
    response["Retry-After"] = retry_after
    return response


class TokenObtainView(ObtainAuthToken):
    """DRF's token login with a per-address throttle and the lockout answer."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        if serializer.is_valid():
            user = serializer.validated_data["user"]
            token, _created = Token.objects.get_or_create(user=user)
            # A token login is a login: axes resets the failure count on this signal.
            user_logged_in.send(sender=user.__class__, request=request._request, user=user)
            return Response({"token": token.key})
        # Axes flags the DRF request it was handed by authenticate(), not the Django one.
        if getattr(request, "axes_locked_out", False):
            return Response(
                {"detail": lockout_message(request._request)},
                status=429,
                headers={"Retry-After": str(lockout_minutes(request._request) * 60)},
            )
        return Response(serializer.errors, status=400)
