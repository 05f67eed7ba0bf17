"""The API's shared behaviour: one error format, pagination, and the role permission."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, pagination
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from asn_portal.access import sees_all_units
from asn_portal.roles import OPERATOR_OPD, user_has_role


class Pagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Field errors as ``{"field": ["pesan"]}``; everything else as ``{"detail": "pesan"}``."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            exc = exceptions.ValidationError(exc.message_dict)
        else:
            exc = exceptions.ValidationError({"detail": exc.messages})
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, list):
        response.data = {"detail": " ".join(str(item) for item in response.data)}
    return response


class IsStaffRole(BasePermission):
    """Admin BKD, Verifikator (read) and Operator OPD (scoped by the view's queryset)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if sees_all_units(user):
            return True
        return user_has_role(user, OPERATOR_OPD)


class DjangoModelPermissionsWithView(BasePermission):
    """Model permissions of the caller's role, including ``view`` for reads."""

    perms_map = {
        "GET": "view",
        "HEAD": "view",
        "OPTIONS": "view",
        "POST": "add",
        "PUT": "change",
        "PATCH": "change",
        "DELETE": "delete",
    }

    def has_permission(self, request: Request, view: Any) -> bool:
        model = view.get_queryset().model
        action = self.perms_map.get(request.method or "GET", "view")
        return request.user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")
