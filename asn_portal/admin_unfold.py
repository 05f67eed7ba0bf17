"""One correction to django-unfold's changelist rendering (0.91.0).

``unfold.templatetags.unfold_list.items_for_result`` rebuilds every column header (labels,
sort links, the select-all widget) once per *row* to read each header's text for the phone
layout's cell labels: 50 rows × 8 columns of the ASN register meant 400 header builds where 8
suffice, about a fifth of the page's rendering. Upstream fixed it after 0.91.0 (pull request
unfoldadmin/django-unfold#2172, "remove extra headers for changelist rows"). Until a release
carries it, the headers are built once per changelist and reused for its rows; the headers
depend only on the changelist (columns, current ordering), which a render does not change.
``tests/asn_portal/test_admin_unfold.py`` checks that the rendered page is byte-identical and
that the headers are built once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from unfold.templatetags import unfold_list

_ATTR = "_asn_portal_result_headers"


def _built_once(original: Any) -> Any:
    def result_headers(cl: Any) -> Iterator[dict[str, Any]]:
        headers = getattr(cl, _ATTR, None)
        if headers is None:
            headers = list(result_headers.__wrapped__(cl))  # type: ignore[attr-defined]
            setattr(cl, _ATTR, headers)
        return iter(headers)

    result_headers.__wrapped__ = original  # type: ignore[attr-defined]
    return result_headers


def install() -> None:
    if not hasattr(unfold_list.result_headers, "__wrapped__"):
        unfold_list.result_headers = _built_once(unfold_list.result_headers)
