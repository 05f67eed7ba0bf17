"""One Indonesian format for numbers and dates: 1.234,5 and 3 Agu 2026."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import formats

from asn_portal import l10n


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1234.5, "1.234,5"),
        (1234567, "1.234.567"),
        (Decimal("12.50"), "12,50"),  # a Decimal keeps the places it was stored with
        (Decimal("1234"), "1.234"),
        ("75.00", "75,00"),  # the report data keeps decimals as strings
        (-1234.56, "-1.234,56"),
        (-0.0001, "0"),
        (1 / 3, "0,33"),
        ("bukan angka", "bukan angka"),
        (None, ""),
    ],
)
def test_angka(value: object, expected: str) -> None:
    assert l10n.angka(value) == expected


def test_angka_with_fixed_places() -> None:
    assert l10n.angka(Decimal("1234.5"), 2) == "1.234,50"
    assert l10n.angka(2, 1) == "2,0"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2026, 8, 3), "3 Agu 2026"),
        ("2026-03-01", "1 Mar 2026"),
        (dt.date(2026, 5, 31), "31 Mei 2026"),
        (dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC), "2 Des 2026, 06.30"),  # WIB
        ("bukan tanggal", "bukan tanggal"),
    ],
)
def test_tanggal(value: object, expected: str) -> None:
    assert l10n.tanggal(value) == expected


def test_templates_and_django_dates_use_the_same_format() -> None:
    rendered = Template("{% load format_id %}{{ n|angka }} {{ d|tanggal }} {{ d|date }}").render(
        Context({"n": Decimal("1234.5"), "d": dt.date(2026, 8, 3)})
    )
    assert rendered == "1.234,5 3 Agu 2026 3 Agu 2026"
    assert formats.date_format(dt.date(2026, 9, 3)) == "3 Sep 2026"  # not Django's "3 Sep. 2026"
