"""Corrections to django-unfold's changelist rendering (0.91.0), each leaving the page
byte-identical (``tests/asn_portal/test_admin_unfold.py``).

- **Headers once per changelist.** ``unfold.templatetags.unfold_list.items_for_result`` rebuilds
  every column header (labels, sort links, the select-all widget) once per *row* to read each
  header's text for the phone layout's cell labels: 50 rows × 8 columns of the ASN register meant
  400 header builds where 8 suffice, about a fifth of the page's rendering. Upstream fixed it
  after 0.91.0 (pull request unfoldadmin/django-unfold#2172, "remove extra headers for changelist
  rows"). Until a release carries it, the headers are built once per changelist and reused for
  its rows; the headers depend only on the changelist (columns, current ordering), which a
  render does not change. Their labels are translated once (unfold reads each as a lazy
  translation in every row's cells).
- **The row checkbox without a template render per row.** unfold's ``action_checkbox`` renders
  its checkbox widget (two form templates) for every row; only the value (the row's pk)
  differs. The markup is rendered once per language around a marker and the escaped pk is put
  in its place.
- **The application list only when a page reads it.** Django's ``AdminSite.each_context``
  builds the list of every application and model the user may see (permissions, URLs, sorting
  by translated names) for every admin page, as ``available_apps``. unfold reads it only for
  its "all applications" panel, switched off here, or when the sidebar is empty. The site's
  ``get_app_list`` now returns the list as a lazy object, built on first use in the request.
- **Row cells from a plan made once per changelist.** unfold's ``items_for_result`` works out,
  for every cell of every row, the column's classes, its label, the empty-value text and the
  row's change URL (a ``reverse`` and a parse of the preserved filters per row). Those depend on
  the column and the changelist only (also a choices field's labels by value); the plan
  (``_row_plan``) keeps them, with what ``lookup_field`` resolves the column's name to (the
  model field or the ModelAdmin's method), and a cell costs the
  value's read and display (unfold's own ``display_for_*`` functions) and its escaping. The
  change URL is reversed once around a marker and the row's integer pk put in its place. A
  changelist with editable rows, a sortable ordering field, a popup, a ``to_field`` or a
  non-integer pk keeps unfold's function.
- **unfold's settings read once.** ``UnfoldAdminSite._get_config`` merges ``UNFOLD`` into
  unfold's defaults (a recursive copy) on each of its some thirty reads per page, and
  ``_get_value`` tries ``import_string`` on every string value (the site header, the URL, the
  symbol: an ``ImportError`` raised and caught each time). The merged settings are kept until a
  setting changes (``setting_changed``), and each string's import is tried once.
- **``list_sections`` defined.** unfold's row template asks ``cl.model_admin.list_sections``
  twice per row; on an admin without the attribute each failed lookup makes Django's template
  engine call ``dir()`` on the ModelAdmin. An empty tuple reads the same (no sections).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_list import (  # type: ignore[attr-defined]
    _coerce_field_name,  # the column class unfold and Django give a cell: same function
)
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import (  # type: ignore[attr-defined]
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,  # lookup_field's own first step: the same rule resolves the column
    lookup_field,
)
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.core.signals import setting_changed
from django.db import models
from django.db.models import Model
from django.template.base import Node, Origin, Parser, Token
from django.template.context import Context
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise, SimpleLazyObject
from django.utils.html import conditional_escape, escape
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from unfold import admin as unfold_admin
from unfold import settings as unfold_settings
from unfold import sites as unfold_sites
from unfold import utils as unfold_utils
from unfold.templatetags import unfold_list

_ATTR = "_asn_portal_result_headers"
# Cannot occur in the widget's markup: it stands for the row's pk while the markup is rendered.
_PK = "\x00pk\x00"


def _built_once(original: Any) -> Any:
    def result_headers(cl: Any) -> Iterator[dict[str, Any]]:
        headers = getattr(cl, _ATTR, None)
        if headers is None:
            headers = list(result_headers.__wrapped__(cl))  # type: ignore[attr-defined]
            for header in headers:
                # A lazy label would be translated again in each of the page's 50 rows.
                if isinstance(header.get("text"), Promise):
                    header["text"] = str(header["text"])
            setattr(cl, _ATTR, headers)
        return iter(headers)

    result_headers.__wrapped__ = original  # type: ignore[attr-defined]
    return result_headers


@functools.lru_cache(maxsize=16)
def _checkbox_around_pk(language: str | None) -> tuple[str, str]:
    """unfold's row checkbox markup before and after its value, in ``language`` (its label)."""
    before, after = unfold_admin.checkbox.render(helpers.ACTION_CHECKBOX_NAME, _PK).split(_PK)
    return before, after


def _rendered_once(original: Any) -> Any:
    def action_checkbox(self: Any, obj: Model) -> SafeString:
        before, after = _checkbox_around_pk(get_language())
        return mark_safe(before + escape(str(obj.pk)) + after)  # noqa: S308  # nosec B308 B703  # the pk is escaped

    action_checkbox.short_description = original.short_description  # type: ignore[attr-defined]
    action_checkbox.__wrapped__ = original  # type: ignore[attr-defined]
    return action_checkbox


# Stands for the row's pk in the change URL while the URL is reversed once per changelist.
_URL_PK = "8051911160"  # digits: left alone by ``reverse``'s quoting and the filters' parsing
_PLAN = "_asn_portal_row_plan"


@dataclass(frozen=True)
class _Column:
    name: str
    open_tag: str  # '<td class="…" data-label="…">', the label escaped (as unfold: not classes)
    open_tag_nowrap: str  # the same with unfold's "nowrap" class (dates, times, foreign keys)
    close_tag: str
    link: bool
    choices: dict[Any, Any] | None  # a choices field's labels by value, read once per page
    # What ``lookup_field`` finds for the name, the same for every row: the model field, or the
    # ModelAdmin's callable; neither: ``lookup_field`` per cell (a model attribute or path).
    field: Any = None
    admin_callable: Any = None


@dataclass(frozen=True)
class _RowPlan:
    columns: tuple[_Column, ...]
    empty_value_display: str
    url_around_pk: tuple[str, str] | None  # the escaped change URL before and after the pk


def _row_plan(cl: Any) -> _RowPlan | None:
    """What unfold's ``items_for_result`` works out per cell but depends only on the changelist;
    ``None`` where the fast path does not apply (unfold's function then renders the row)."""
    if hasattr(cl, _PLAN):
        return getattr(cl, _PLAN)  # type: ignore[no-any-return]
    plan = None
    if not (
        getattr(cl, "formset", None)
        or getattr(cl.model_admin, "ordering_field", None)
        or cl.is_popup
        or cl.to_field
        or not isinstance(cl.lookup_opts.pk, models.AutoField | models.BigAutoField)
    ):
        headers = list(unfold_list.result_headers(cl))
        links = cl.list_display_links
        columns = []
        first = True
        for index, name in enumerate(cl.list_display):
            link = links is not None and ((first and not links) or name in links)
            classes = (
                unfold_list.CHECKBOX_CLASSES
                if name == "action_checkbox"
                else [f"field-{_coerce_field_name(name, index)}", *unfold_list.ROW_CLASSES]
            )
            if link:
                tag, label = ("th" if first else "td"), headers[index]["text"]
                first = False
            else:
                tag, label = "td", headers[index]["text"] if index else _("Select record")
            label = conditional_escape(label)
            columns.append(
                _Column(
                    name=name,
                    open_tag=f'<{tag} class="{" ".join(classes)}" data-label="{label}">',
                    open_tag_nowrap=(
                        f'<{tag} class="{" ".join([*classes, "nowrap"])}" data-label="{label}">'
                    ),
                    close_tag=f"</{tag}>",
                    link=link,
                    choices=_choices_of(cl, name),
                    **_resolved(cl, name),
                )
            )
        plan = _RowPlan(
            columns=tuple(columns),
            empty_value_display=cl.model_admin.get_empty_value_display(),
            url_around_pk=_change_url_around_pk(cl),
        )
    setattr(cl, _PLAN, plan)
    return plan


def _choices_of(cl: Any, name: str) -> dict[Any, Any] | None:
    """``dict(field.flatchoices)`` of a model field with choices (what unfold's
    ``display_for_field`` builds for every cell), or ``None``."""
    try:
        field = cl.lookup_opts.get_field(name)
    except FieldDoesNotExist:
        return None
    try:
        return dict(field.flatchoices) if getattr(field, "flatchoices", None) else None
    except TypeError:  # list-like choices: unfold's own function handles them per cell
        return None


def _resolved(cl: Any, name: Any) -> dict[str, Any]:
    """``lookup_field``'s resolution of a column, done once per changelist instead of per cell
    (a ModelAdmin method's name cost a ``FieldDoesNotExist`` raised and caught in every row)."""
    if callable(name):
        return {"admin_callable": name}
    try:
        return {"field": _get_non_gfk_field(cl.lookup_opts, name)}
    except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
        if hasattr(cl.model_admin, name) and name != "__str__":
            return {"admin_callable": getattr(cl.model_admin, name)}
        return {}


def _change_url_around_pk(cl: Any) -> tuple[str, str] | None:
    opts = cl.opts
    try:
        url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change",
            args=(_URL_PK,),
            current_app=cl.model_admin.admin_site.name,
        )
    except NoReverseMatch:
        return None
    url = escape(
        add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": opts}, url)
    )
    if url.count(_URL_PK) != 1:
        return None
    before, after = url.split(_URL_PK)
    return before, after


_LINK_CLASS = escape(" ".join(unfold_list.LINK_CLASSES))


def _cell_value(column: _Column, result: Model, cl: Any, empty: str) -> tuple[Any, bool]:
    """The cell's content and whether it takes "nowrap": unfold's own rules, per cell."""
    try:
        if column.field is not None:
            field, attr, value = column.field, None, getattr(result, column.name)
        elif column.admin_callable is not None:
            field, attr = None, column.admin_callable
            value = attr(result)
        else:
            field, attr, value = lookup_field(column.name, result, cl.model_admin)
    except ObjectDoesNotExist:
        return empty, False
    if field is None or field.auto_created:
        empty = getattr(attr, "empty_value_display", empty)
        label = getattr(attr, "label", False)
        if label:
            shown = unfold_utils.display_for_label(value, empty, label)
        elif getattr(attr, "dropdown", False):
            shown = unfold_utils.display_for_dropdown(result, column.name, value, empty)
        elif getattr(attr, "header", False):
            shown = unfold_utils.display_for_header(value, empty)
        else:
            shown = unfold_utils.display_for_value(value, empty, getattr(attr, "boolean", False))
        return shown, isinstance(value, datetime.date | datetime.time)
    if isinstance(field.remote_field, models.ManyToOneRel):
        related = getattr(result, field.name)
        shown = empty if related is None else related
    else:
        try:
            shown = (
                column.choices.get(value, empty)
                if column.choices is not None
                else unfold_utils.display_for_field(value, field, empty)
            )
        except TypeError:  # an unhashable value
            shown = unfold_utils.display_for_field(value, field, empty)
    return shown, isinstance(field, models.DateField | models.TimeField | models.ForeignKey)


def _planned(original: Any) -> Any:
    def items_for_result(cl: Any, result: Model, form: Any) -> Iterator[SafeString]:
        plan = None if form else _row_plan(cl)
        if plan is None:
            yield from original(cl, result, form)
            return
        for column in plan.columns:
            shown, nowrap = _cell_value(column, result, cl, plan.empty_value_display)
            content: str = conditional_escape(shown)
            if column.link and plan.url_around_pk is not None:
                before, after = plan.url_around_pk
                content = (
                    f'<a href="{before}{int(result.pk)}{after}" class="{_LINK_CLASS}" >'
                    f"{content}</a>"
                )
            opening = column.open_tag_nowrap if nowrap else column.open_tag
            yield mark_safe(opening + content + column.close_tag)  # noqa: S308  # nosec B308 B703  # every part escaped above

    items_for_result.__wrapped__ = original  # type: ignore[attr-defined]
    return items_for_result


class UnfoldTemplateNode(Node):
    """A template tag standing in a project template that overrides unfold's template of the
    same name: ``unfold_template`` renders unfold's own, found by skipping the project's."""

    def __init__(self, origin: Origin) -> None:
        self.origin = origin

    @classmethod
    def from_parser(cls, parser: Parser, token: Token) -> UnfoldTemplateNode:
        assert parser.origin is not None  # noqa: S101  # nosec B101  # every loaded template has one
        return cls(parser.origin)

    def unfold_template(self, context: Context) -> SafeString:
        assert context.template is not None  # noqa: S101  # nosec B101  # rendered inside a template
        unfold, _origin = context.template.engine.find_template(
            str(self.origin.template_name), skip=[self.origin]
        )
        return unfold.render(context)  # type: ignore[no-any-return]


def _built_when_used(site: Any) -> Any:
    def get_app_list(request: Any, app_label: str | None = None) -> Any:
        return SimpleLazyObject(lambda: type(site).get_app_list(site, request, app_label))

    get_app_list.lazy = True  # type: ignore[attr-defined]
    return get_app_list


@functools.lru_cache(maxsize=4)
def _config(settings_name: str | None = None) -> dict[str, Any]:
    return unfold_settings.get_config(settings_name)  # type: ignore[no-any-return]


def _config_forget(*, setting: str, **kwargs: Any) -> None:
    _config.cache_clear()


_NOT_IMPORTABLE = object()
_imported: dict[str, Any] = {}


def _value_imported_once(original: Any) -> Any:
    def _get_value(self: Any, value: Any, *args: Any) -> Any:
        if not isinstance(value, str):
            return original(self, value, *args)
        callback: Any = _imported.get(value)
        if callback is None:
            try:
                callback = import_string(value)
            except ImportError:
                callback = _NOT_IMPORTABLE
            _imported[value] = callback
        return value if callback is _NOT_IMPORTABLE else callback(*args)

    _get_value.__wrapped__ = original  # type: ignore[attr-defined]
    return _get_value


def install() -> None:
    if unfold_sites.get_config is not _config:
        unfold_sites.get_config = _config
        setting_changed.connect(_config_forget, dispatch_uid="asn_portal.admin_unfold.config")
    site_class = unfold_sites.UnfoldAdminSite
    if not hasattr(site_class._get_value, "__wrapped__"):
        site_class._get_value = _value_imported_once(site_class._get_value)  # type: ignore[method-assign]
    if not hasattr(unfold_list.result_headers, "__wrapped__"):
        unfold_list.result_headers = _built_once(unfold_list.result_headers)
    if not hasattr(unfold_admin.ModelAdmin.action_checkbox, "__wrapped__"):
        unfold_admin.ModelAdmin.action_checkbox = _rendered_once(  # type: ignore[method-assign]
            unfold_admin.ModelAdmin.action_checkbox
        )
    if not hasattr(unfold_list.items_for_result, "__wrapped__"):
        unfold_list.items_for_result = _planned(unfold_list.items_for_result)
    if not getattr(admin.site.get_app_list, "lazy", False):
        admin.site.get_app_list = _built_when_used(admin.site)  # type: ignore[method-assign]
    if not hasattr(unfold_admin.ModelAdmin, "list_sections"):
        unfold_admin.ModelAdmin.list_sections = ()  # type: ignore[attr-defined]
