"""Numbers a plan is judged by: kebutuhan (ABK) and bezetting per formasi, computed in the DB.

The rule itself (docs/domain.md#abk) lives in jabatan.abk and jabatan.selectors.formasi_with_needs;
this module only shapes it for the plan's validation and preview.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, TypedDict, cast

from jabatan.selectors import formasi_with_needs

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django_stubs_ext import WithAnnotations

    from jabatan.models import Formasi


class _Angka(TypedDict):
    bezetting: int


def formasi_angka(
    formasi_ids: Iterable[int], *, tanggal: dt.date | None = None
) -> dict[int, tuple[int, int]]:
    """``{formasi_id: (kebutuhan orang, bezetting)}`` for the given formasi, in one query."""
    ids = set(formasi_ids)
    if not ids:
        return {}
    rows = cast(
        "QuerySet[WithAnnotations[Formasi, _Angka]]",
        formasi_with_needs(user=None, tanggal=tanggal).filter(pk__in=ids),
    )
    return {formasi.pk: (formasi.abk.kebutuhan_orang, formasi.bezetting) for formasi in rows}
