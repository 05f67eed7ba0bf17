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
- **``list_sections`` defined.** unfold's row template asks ``cl.model_admin.list_sections``
  twice per row; on an admin without the attribute each failed lookup makes Django's template
  engine call ``dir()`` on the ModelAdmin. An empty tuple reads the same (no sections).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from django.contrib import admin
from django.contrib.admin import helpers
from django.db.models import Model
from django.utils.functional import Promise, SimpleLazyObject
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from unfold import admin as unfold_admin
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


def _built_when_used(site: Any) -> Any:
    def get_app_list(request: Any, app_label: str | None = None) -> Any:
        return SimpleLazyObject(lambda: type(site).get_app_list(site, request, app_label))

    get_app_list.lazy = True  # type: ignore[attr-defined]
    return get_app_list


def install() -> None:
    if not hasattr(unfold_list.result_headers, "__wrapped__"):
        unfold_list.result_headers = _built_once(unfold_list.result_headers)
    if not hasattr(unfold_admin.ModelAdmin.action_checkbox, "__wrapped__"):
        unfold_admin.ModelAdmin.action_checkbox = _rendered_once(  # type: ignore[method-assign]
            unfold_admin.ModelAdmin.action_checkbox
        )
    if not getattr(admin.site.get_app_list, "lazy", False):
        admin.site.get_app_list = _built_when_used(admin.site)  # type: ignore[method-assign]
    if not hasattr(unfold_admin.ModelAdmin, "list_sections"):
        unfold_admin.ModelAdmin.list_sections = ()  # type: ignore[attr-defined]
