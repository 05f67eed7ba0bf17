from __future__ import annotations

from typing import Any

import pytest

from survei.models import UnitLayanan
from tests.partisipasi.factories import KioskFactory, UnitLayananFactory

PERSONAS = ["admin_bkd", "verifikator", "operator_a", "operator_b", "asn_x", "asn_y", None]


@pytest.fixture
def layanan_a(unit_a: Any) -> UnitLayanan:
    return UnitLayananFactory(kode="dukcapil-a", nama="Layanan Dukcapil A", unit=unit_a)


@pytest.fixture
def layanan_b(unit_b: Any) -> UnitLayanan:
    return UnitLayananFactory(kode="samsat-b", nama="Samsat B", unit=unit_b)


@pytest.fixture
def kiosk_a(layanan_a: UnitLayanan) -> Any:
    return KioskFactory(unit_layanan=layanan_a, nama="Tablet loket 1")


@pytest.fixture
def personas(request: pytest.FixtureRequest) -> dict[str | None, Any]:
    users = {name: request.getfixturevalue(name) for name in PERSONAS if name}
    users[None] = None
    return users
