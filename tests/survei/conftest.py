from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from survei.models import UnitLayanan
from tests.survei.factories import UnitLayananFactory

ISIAN_VALID: dict[str, str] = {
    **{f"u{i}": "3" for i in range(1, 10)},
    "umur": "34",
    "jenis_kelamin": "P",
    "pendidikan": "sma",
    "pekerjaan": "wirausaha",
    "jenis_layanan": "KTP elektronik",
    "saran": "Antrean bisa dipercepat.",
}


@pytest.fixture
def layanan_a(unit_a: Any) -> UnitLayanan:
    return UnitLayananFactory(kode="dukcapil-a", nama="Layanan Dukcapil A", unit=unit_a)


@pytest.fixture
def layanan_a_sub(unit_a: Any) -> UnitLayanan:
    """A service unit of the seksi A.1.1, beneath unit A."""
    from jabatan.models import UnitOrganisasi

    return UnitLayananFactory(
        kode="seksi-a11", nama="Loket Seksi A11", unit=UnitOrganisasi.objects.get(kode="A.1.1")
    )


@pytest.fixture
def layanan_b(unit_b: Any) -> UnitLayanan:
    return UnitLayananFactory(kode="samsat-b", nama="Samsat B", unit=unit_b)


def isian(**overrides: Any) -> dict[str, str]:
    data = dict(ISIAN_VALID, tanggal_layanan=timezone.localdate().isoformat())
    data.update({k: str(v) for k, v in overrides.items()})
    return data


def isian_api(**extra: Any) -> dict[str, Any]:
    """A valid JSON body for the public API's POST of a response (with a suggestion)."""
    body: dict[str, Any] = {
        "jawaban": {f"U{i}": 3 for i in range(1, 10)},
        "umur": 40,
        "jenis_kelamin": "L",
        "pendidikan": "sma",
        "pekerjaan": "swasta",
        "jenis_layanan": "KTP elektronik",
        "tanggal_layanan": timezone.localdate().isoformat(),
        "saran": "Bagus",
    }
    body.update(extra)
    return body


@pytest.fixture
def hari_ini() -> dt.date:
    return timezone.localdate()
