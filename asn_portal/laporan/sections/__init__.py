"""Report sections. Each computes its numbers from the registers for one :class:`Konteks`
(the period, judged at its end, and the scope: one OPD's subtree, or every unit of one
instansi), with the aggregation done by the database, and returns JSON-ready data (ints,
strings for decimals, lists)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q

from asn_portal.access import lingkup_q
from asn_portal.periode import Periode


@dataclass(frozen=True)
class Konteks:
    periode: Periode
    unit_path: str = ""  # "" is the whole instansi
    unit_id: int | None = None
    # The instansi whose units are counted; None only for a figure of the whole deployment.
    instansi_id: int | None = None

    @property
    def terbatas(self) -> bool:
        """Whether the scope leaves units out (an OPD, or one instansi of several)."""
        return bool(self.unit_path) or self.instansi_id is not None

    def unit_q(self, path_field: str) -> Q:
        """Rows whose unit (its tree path at ``path_field``) is in the scope."""
        return lingkup_q(path_field, unit_path=self.unit_path, instansi_id=self.instansi_id)

    @property
    def awal(self) -> dt.date:
        return self.periode.awal

    @property
    def akhir(self) -> dt.date:
        return self.periode.akhir

    @property
    def mulai(self) -> dt.datetime:
        return self.periode.mulai

    @property
    def batas(self) -> dt.datetime:
        return self.periode.batas

    def sebelumnya(self) -> Konteks:
        return Konteks(
            periode=self.periode.sebelumnya(),
            unit_path=self.unit_path,
            unit_id=self.unit_id,
            instansi_id=self.instansi_id,
        )


def persen(bagian: int, total: int) -> str:
    """A share as a string with one decimal, half-up; "0.0" when there is no total."""
    if not total:
        return "0.0"
    return str(
        (Decimal(bagian) * 100 / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    )


def desimal(value: Decimal | None, places: str = "0.01") -> str | None:
    if value is None:
        return None
    return str(Decimal(value).quantize(Decimal(places), rounding=ROUND_HALF_UP))


Section = Callable[[Konteks], dict[str, Any]]
