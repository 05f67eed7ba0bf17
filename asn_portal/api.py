"""The API's shared behaviour: one error format, pagination, filtering, and model permissions (the staff check is asn_portal.api_permissions)."""

from __future__ import annotations

import copy
from typing import Any, cast

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, connection, transaction
from django.db.models import Exists, Manager, Model, OuterRef, ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, filters, pagination, serializers
from rest_framework.fields import SkipField
from rest_framework.permissions import BasePermission
from rest_framework.relations import ManyRelatedField, PKOnlyObject, RelatedField
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from asn_portal.search import search_q


class Pagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


class SubquerySearchFilter(filters.SearchFilter):
    """DRF's ``?search=`` (its term splitting and field prefixes) through
    :func:`asn_portal.search.search_q`: a related row's field is searched by an ``IN``
    subquery answered from that table's index, not by joining every row of the list."""

    def filter_queryset(self, request: Request, queryset: Any, view: Any) -> Any:
        search_fields = self.get_search_fields(view, request)
        search_terms = self.get_search_terms(request)
        if not search_fields or not search_terms:
            return queryset
        lookups = [self.construct_search(str(field), queryset) for field in search_fields]
        found = queryset.filter(search_q(queryset, lookups, search_terms))
        if self.must_call_distinct(queryset, search_fields):
            found = queryset.filter(Exists(found.filter(pk=OuterRef("pk"))))
        return found


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, without building the FilterSet (a deep copy of its filters, a
    form, a validation: most of a millisecond) when the request names none of its filters and
    none is required: such a FilterSet filters nothing. A parameter that merely starts with a
    filter's name (``tanggal_after`` of ``tanggal``) still builds it."""

    def filter_queryset(self, request: Request, queryset: Any, view: Any) -> Any:
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            filters = filterset_class.base_filters
            named = any(
                param.startswith(name) for param in request.query_params for name in filters
            )
            if not named and not any(f.extra.get("required") for f in filters.values()):
                return queryset
        return super().filter_queryset(request, queryset, view)


class DipakaiError(exceptions.APIException):
    status_code = 409
    default_detail = _("Data ini masih dipakai oleh data lain sehingga tidak dapat dihapus.")
    default_code = "protected"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Field errors as ``{"field": ["pesan"]}``; everything else as ``{"detail": "pesan"}``."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            exc = exceptions.ValidationError(exc.message_dict)
        else:
            exc = exceptions.ValidationError({"detail": exc.messages})
    elif isinstance(exc, ProtectedError | RestrictedError):
        exc = DipakaiError()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DataError):
        # A value the database cannot represent (a date in year 40000, an offset of -23:52):
        # the request is wrong, not the server. The failed statement spoilt any open transaction.
        if connection.in_atomic_block:
            transaction.set_rollback(True)
        exc = exceptions.ValidationError(
            {"detail": [_("Nilai parameter di luar jangkauan yang dapat diproses.")]}
        )
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, list):
        response.data = {"detail": " ".join(str(item) for item in response.data)}
    return response


def view_model(view: Any) -> type[Model]:
    """The model a view serves, without building its queryset.

    ``get_queryset()`` of a list can be expensive to construct (annotations, scoping) and the
    view builds it again for the response; the class attribute or the serializer's model says
    the same thing for free.
    """
    queryset = getattr(view, "queryset", None)
    if queryset is not None:
        return queryset.model
    get_serializer_class = getattr(view, "get_serializer_class", None)
    if get_serializer_class is not None:
        model = getattr(getattr(get_serializer_class(), "Meta", None), "model", None)
        if model is not None:
            return model
    return view.get_queryset().model


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
        model = view_model(view)
        action = self.perms_map.get(request.method or "GET", "view")
        return request.user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")


_MISSING = object()
_SKIP = object()


def _field_reader(field: serializers.Field) -> Any:
    """What ``Serializer.to_representation`` does for one field and one object, minus the
    per-object lookups: a plain attribute is read directly, anything else (related fields,
    nested serializers, dotted sources, methods, missing attributes) takes DRF's own path."""

    def generic(obj: Any) -> Any:
        try:
            attribute = field.get_attribute(obj)
        except SkipField:
            return _SKIP
        check = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
        return None if check is None else field.to_representation(attribute)

    if isinstance(field, RelatedField | ManyRelatedField | serializers.BaseSerializer):
        return generic
    to_representation = field.to_representation
    if field.source == "*":
        return to_representation
    if len(field.source_attrs) != 1:
        return generic
    name = field.source_attrs[0]

    def read(obj: Any) -> Any:
        value = getattr(obj, name, _MISSING)
        if value is _MISSING or callable(value):
            return generic(obj)
        return None if value is None else to_representation(value)

    return read


class FastListSerializer(serializers.ListSerializer):
    """A read list with the same output as DRF's, without its per-field, per-row overhead
    (attribute lookups through ``source_attrs``, ``_readable_fields`` rebuilt for every row):
    the readers are prepared once per list. Set as ``Meta.list_serializer_class``."""

    def to_representation(self, data: Any) -> list[dict[str, Any]]:
        iterable = data.all() if isinstance(data, Manager) else data
        child = cast(serializers.Serializer, self.child)
        readers = [(str(f.field_name), _field_reader(f)) for f in child._readable_fields]
        rows = []
        for obj in iterable:
            row: dict[str, Any] = {}
            for name, reader in readers:
                value = reader(obj)
                if value is not _SKIP:
                    row[name] = value
            rows.append(row)
        return rows


# A ModelSerializer whose fields are worked out from the model once per class: DRF rebuilds
# every model field (its metadata, labels, validators) for each request, a quarter of a
# millisecond of a list page. Each serializer still gets its own deep copies, bound to it as
# before; nothing in the build depends on the request (scoped fields read it when used). A
# comment, not a docstring: drf-spectacular would print a docstring in every serializer's schema.
class BuiltOnceFieldsMixin:
    def get_fields(self) -> dict[str, serializers.Field]:
        cls = type(self)
        built = cls.__dict__.get("_fields_built_once")
        if built is None:
            built = super().get_fields()  # type: ignore[misc]
            cls._fields_built_once = built  # type: ignore[attr-defined]
        return copy.deepcopy(built)
