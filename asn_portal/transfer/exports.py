"""Exports of admin lists to CSV/XLSX (written and logged by :mod:`asn_portal.files`).

An admin export reproduces the changelist the user is looking at (filters, search, ordering and
the admin's own scoped ``get_queryset``), so it never shows a row the list would not. Every export
is written to :class:`ExportLog`; large ones are built by a Celery task and downloaded later.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import label_for_field, lookup_field
from django.core.files.base import ContentFile
from django.db import models
from django.http import HttpRequest, HttpResponse, QueryDict
from django.test import RequestFactory
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import capfirst, slugify

from asn_portal import jobs
from asn_portal.access import instansi_of_new_rows
from asn_portal.files import FORMATS, download_response, write_table
from asn_portal.transfer.models import ExportLog, ExportStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import User

EXPORT_PARAMS = {"_ekspor"}


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return re.sub(r"\s+", " ", strip_tags(value)).strip()
    return value


def changelist_table(
    model_admin: admin.ModelAdmin, request: HttpRequest
) -> tuple[list[str], Iterator[list[Any]], int]:
    """The columns and rows of the changelist as ``request`` shows it."""
    changelist = model_admin.get_changelist_instance(request)
    queryset = changelist.get_queryset(request)
    names = [n for n in changelist.list_display if n != "action_checkbox"]
    headers = [capfirst(str(label_for_field(n, model_admin.model, model_admin))) for n in names]

    def rows() -> Iterator[list[Any]]:
        for obj in queryset.iterator(chunk_size=2000):
            row = []
            for name in names:
                try:
                    field, _attr, value = lookup_field(name, obj, model_admin)
                except (AttributeError, models.ObjectDoesNotExist):
                    value, field = None, None
                if field is not None and getattr(field, "flatchoices", None):
                    value = dict(field.flatchoices).get(value, value)
                elif isinstance(value, models.Model):
                    value = str(value)
                row.append(_plain(value))
            yield row

    return headers, rows(), queryset.count()


def _filename(source: str, fmt: str) -> str:
    return f"{slugify(source.replace('.', '-'))}-{timezone.localtime():%Y%m%d-%H%M}.{fmt}"


def export_response(
    *,
    user: Any,
    source: str,
    fmt: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    query: str = "",
) -> HttpResponse:
    """Write, log and return one table in one call (formulas neutralised)."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    content, count = write_table(fmt, headers, rows, title=source.rsplit(".", 1)[-1])
    return download_response(
        user=user,
        source=source,
        fmt=fmt,
        content=content,
        filename=_filename(source, fmt),
        row_count=count,
        query=query,
    )


def admin_source(model_admin: admin.ModelAdmin) -> str:
    opts = model_admin.model._meta
    return f"admin:{opts.app_label}.{opts.model_name}"


def admin_export(
    *, model_admin: admin.ModelAdmin, request: HttpRequest, fmt: str
) -> HttpResponse | ExportLog:
    """Small lists come back as a file at once; large ones become a background job (the log)."""
    query = request.GET.copy()
    for param in EXPORT_PARAMS:
        query.pop(param, None)
    request.GET = query  # type: ignore[assignment]  # stubs declare GET immutable-only
    headers, rows, count = changelist_table(model_admin, request)
    source = admin_source(model_admin)
    if count >= settings.TRANSFER_EKSPOR_LATAR_MIN_BARIS:
        log = ExportLog.objects.create(
            source=source,
            fmt=fmt,
            query=query.urlencode(),
            created_by=cast("User", request.user),  # the admin only serves signed-in staff
            instansi_id=instansi_of_new_rows(request.user),
            status=ExportStatus.MENUNGGU,
            row_count=count,
        )
        from asn_portal.transfer import tasks  # tasks import this module

        log.enqueued = jobs.enqueue_on_commit(tasks.export_run, log.pk)  # type: ignore[attr-defined]
        return log
    return export_response(
        user=request.user,
        source=source,
        fmt=fmt,
        headers=headers,
        rows=rows,
        query=query.urlencode(),
    )


def export_run(*, log_id: int) -> ExportLog:
    log = ExportLog.objects.select_related("created_by").get(pk=log_id)
    if log.status != ExportStatus.MENUNGGU:
        return log  # a second delivery of a finished export: nothing to do
    app_label, model_name = log.source.removeprefix("admin:").split(".")
    model_admin = next(
        ma
        for model, ma in admin.site._registry.items()
        if model._meta.app_label == app_label and model._meta.model_name == model_name
    )
    request = RequestFactory().get(f"/admin/{app_label}/{model_name}/", QueryDict(log.query).dict())
    request.GET = QueryDict(log.query)
    request.user = log.created_by
    try:
        headers, rows, _count = changelist_table(model_admin, request)
        content, count = write_table(log.fmt, headers, rows, title=model_name)
    except Exception as exc:
        log.status = ExportStatus.GAGAL
        log.message = str(exc)[:2000]
        log.save(update_fields=["status", "message"])
        raise
    log.file.save(_filename(log.source, log.fmt), ContentFile(content), save=False)
    log.row_count = count
    log.status = ExportStatus.SELESAI
    log.save()
    return log
