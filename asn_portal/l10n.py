"""Numbers and dates as Indonesian readers write them: 1.234,5 and 3 Agu 2026.

One module for every surface that formats a figure itself: charts' axes and labels, PDF/HTML
report tables (the ``angka``/``tanggal`` filters in ``asn_portal.templatetags.format_id``) and the
XLSX writer's number formats (:mod:`asn_portal.files`). Django's ``id`` locale with our date
formats (``asn_portal/locale_formats``, settings.FORMAT_MODULE_PATH) gives pages the same dates.
Functions here force the ``id`` locale, so a Celery worker renders exactly what a page does.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import dateformat, numberformat, timezone, translation

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
DATE_FORMAT = "j M Y"  # 3 Agu 2026
DATETIME_FORMAT = "j M Y, H.i"  # 3 Agu 2026, 14.05
# XLSX: the separators follow the reader's Excel locale; [$-421] (Indonesian) names the months.
XLSX_DATE_FORMAT = "[$-421]d mmm yyyy"
XLSX_DATETIME_FORMAT = "[$-421]d mmm yyyy hh:mm"
MAX_PLACES = 4


def _places(value: Decimal | float | int) -> int:
    if isinstance(value, int):
        return 0
    if isinstance(value, float):
        value = Decimal(repr(round(value, 2))).normalize()
    exponent = value.as_tuple().exponent
    return min(-exponent, MAX_PLACES) if isinstance(exponent, int) and exponent < 0 else 0


def to_number(value: Any) -> Decimal | float | int | None:
    """Numbers, and the decimal strings the report data keeps (``"12.50"``); ``None`` otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, numbers.Integral):  # also numpy's integers (chart ticks)
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            return None
    return None


def angka(value: Any, places: int | None = None) -> str:
    """``1234.5`` → ``"1.234,5"``. Decimals keep their places (``Decimal("12.50")`` → ``"12,50"``),
    floats show at most two; text that is not a number comes back unchanged."""
    number = to_number(value)
    if number is None:
        return "" if value is None else str(value)
    if isinstance(number, Decimal | float) and not math.isfinite(number):
        return str(number)
    decimals = _places(number) if places is None else places
    text = numberformat.format(
        number,
        DECIMAL_SEPARATOR,
        decimal_pos=decimals,
        grouping=3,
        thousand_sep=THOUSAND_SEPARATOR,
        force_grouping=True,
    )
    if text.startswith("-") and not any(c not in "-0,." for c in text):
        text = text[1:]  # -0,0 reads as a mistake
    return text


def _as_date(value: Any) -> dt.date | dt.datetime | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return (
                dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
            )
        except ValueError:
            return None
    return None


def tanggal(value: Any) -> str:
    """A date (or ISO text of one) as ``"3 Agu 2026"``; a datetime in local time with its hour."""
    parsed = _as_date(value)
    if parsed is None:
        return "" if value is None else str(value)
    with translation.override("id"):
        if isinstance(parsed, dt.datetime):
            if timezone.is_aware(parsed):
                parsed = timezone.localtime(parsed)
            return dateformat.format(parsed, DATETIME_FORMAT)
        return dateformat.format(parsed, DATE_FORMAT)


def xlsx_number_format(value: Decimal | float | int) -> str:
    decimals = _places(value)
    return "#,##0" + ("." + "0" * decimals if decimals else "")
