"""Enumeration of every write path for the generated tests in test_write_paths.py: writable
relation fields of the API (from drf-spectacular's view of every endpoint) and of the admin
(every registered ModelAdmin's add/change forms and inlines), admin actions, and the API's
state-changing endpoints."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.settings import spectacular_settings
from rest_framework import relations, serializers

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def api_endpoints() -> Iterator[tuple[str, str, Any]]:
    """(method, path, view) of every state-changing API endpoint."""
    generator = SchemaGenerator()
    generator._initialise_endpoints()
    for path, path_regex, method, view in generator._get_paths_and_endpoints():
        if method not in WRITE_METHODS:
            continue
        view.request = spectacular_settings.GET_MOCK_REQUEST(method, path, view, None)
        view.schema.path = path
        view.schema.path_regex = path_regex
        view.schema.method = method
        yield method, path, view


def _relations(serializer: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    for name, field in serializer.fields.items():
        if field.read_only:
            continue
        if isinstance(field, serializers.BaseSerializer):
            child = getattr(field, "child", field)
            yield from _relations(child, f"{prefix}{name}.")
            continue
        if isinstance(field, relations.ManyRelatedField):
            field = field.child_relation
        if isinstance(field, relations.RelatedField):
            yield f"{prefix}{name}", field


def api_relation_fields(request: Any) -> dict[str, Any]:
    """``{"METHOD path field": field}`` bound to a serializer whose context holds ``request``."""
    found: dict[str, Any] = {}
    for method, path, view in api_endpoints():
        serializer = view.schema.get_request_serializer()
        if serializer is None:
            continue
        if isinstance(serializer, type):
            serializer = serializer(context={"request": request})
        else:
            serializer = type(serializer)(context={"request": request})
        for name, field in _relations(serializer):
            found[f"{method} {path} {name}"] = field
    return found


def project_admins() -> Iterator[tuple[type, admin.ModelAdmin]]:
    yield from admin.site._registry.items()


def request_for(user: Any, method: str = "get") -> Any:
    request = getattr(RequestFactory(), method)("/admin/")
    request.user = user if user is not None else AnonymousUser()
    return request


def _model_choice_fields(form_class: type[forms.BaseForm]) -> Iterator[tuple[str, Any]]:
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.ModelChoiceField | forms.ModelMultipleChoiceField):
            yield name, field


def admin_relation_fields(user: Any) -> dict[str, Any]:
    """``{"admin app.Model field": form field}`` for every form ``user`` may submit."""
    found: dict[str, Any] = {}
    request = request_for(user)
    for model, model_admin in project_admins():
        label = model._meta.label
        candidates: list[Any] = []
        if model_admin.has_add_permission(request):
            candidates.append(None)
        if model_admin.has_change_permission(request):
            obj = model_admin.get_queryset(request).first()
            if obj is not None and model_admin.has_change_permission(request, obj):
                candidates.append(obj)
        for obj in candidates:
            form_class = model_admin.get_form(request, obj, change=obj is not None)
            for name, field in _model_choice_fields(form_class):
                found[f"admin {label} {name}"] = field
            for formset, inline in model_admin.get_formsets_with_inlines(request, obj):
                inline_label = inline.model._meta.label
                parent_fk = getattr(getattr(formset, "fk", None), "name", None)
                for name, field in _model_choice_fields(formset.form):
                    if name == parent_fk:  # the row's own parent, set by the page
                        continue
                    found[f"admin {label} inline {inline_label} {name}"] = field
    return found


def admin_actions(user: Any) -> set[str]:
    """Actions ``user`` is offered on a changelist they can open."""
    request = request_for(user)
    out: set[str] = set()
    if not admin.site.has_permission(request):
        return out
    for model, model_admin in project_admins():
        if not model_admin.has_view_or_change_permission(request):
            continue
        for name in model_admin.get_actions(request):
            out.add(f"{model._meta.label}.{name}")
    return out


def today() -> dt.date:
    return timezone.localdate()
