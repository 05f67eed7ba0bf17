"""The API's forms of the rules in ``asn_portal.access``: the staff permission class and the
scoped related field (kept apart so that access.py does not import DRF)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from asn_portal.access import is_staff_member, not_found_message, scoped_related_queryset


class IsStaffMember(BasePermission):
    """Staff only (:func:`asn_portal.access.is_staff_member`); rows are scoped by the view."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_staff_member(request.user)


class ScopedRelatedFieldMixin:
    """Choices narrowed to what the requesting user may choose, so an object outside their
    reach is refused with the same message as one that does not exist."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.error_messages["does_not_exist"] = not_found_message("{pk_value}")  # type: ignore[attr-defined]
        if isinstance(self, serializers.SlugRelatedField):
            self.error_messages["does_not_exist"] = not_found_message("{value}")

    def get_queryset(self) -> Any:
        queryset = super().get_queryset()  # type: ignore[misc]
        request = self.context.get("request")  # type: ignore[attr-defined]
        if request is None:
            return queryset.none()
        return scoped_related_queryset(queryset.model, request.user, queryset)


class ScopedPrimaryKeyRelatedField(ScopedRelatedFieldMixin, serializers.PrimaryKeyRelatedField):
    pass


class ScopedSlugRelatedField(ScopedRelatedFieldMixin, serializers.SlugRelatedField):
    pass
