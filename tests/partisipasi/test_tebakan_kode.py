"""Receipt and tracking codes cannot be enumerated: unknown codes from one network are counted,
and once a network is over the limit every code look-up from it is refused (known codes too,
so it learns nothing), while other networks and known codes under the limit are untouched."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from survei.partisipasi import services
from survei.partisipasi.models import kode_acak
from tests.partisipasi.factories import KasusFactory

pytestmark = [pytest.mark.django_db, pytest.mark.redis]

PENEBAK = "198.51.100.7"  # its network: 198.51.100.0/24
TETANGGA = "198.51.100.200"  # the same /24
LAIN = "203.0.113.9"


@pytest.fixture(autouse=True)
def _batas(settings: Any) -> None:
    settings.PARTISIPASI_BATAS_TEBAKAN_KODE = "3/h"


def _kode_page(alamat: str, kode: str) -> int:
    return Client(REMOTE_ADDR=alamat).get(reverse("partisipasi:kode_form", args=[kode])).status_code


def _lacak_page(alamat: str, kode: str) -> int:
    return (
        Client(REMOTE_ADDR=alamat).get(reverse("partisipasi:lacak_kasus", args=[kode])).status_code
    )


def _lacak_api(alamat: str, kode: str) -> tuple[int, Any]:
    response = Client(REMOTE_ADDR=alamat).get(f"/api/v1/partisipasi/pengaduan/{kode}/")
    return response.status_code, response.json()


def _unknown() -> str:
    return kode_acak(10)


def test_a_network_over_the_limit_learns_nothing_about_receipt_codes(layanan_a) -> None:
    kode = services.kode_issue(unit_layanan=layanan_a).kode
    assert [_kode_page(PENEBAK, _unknown()) for _ in range(3)] == [404, 404, 404]
    assert _kode_page(PENEBAK, kode) == 200  # at the limit, not over it
    assert _kode_page(PENEBAK, _unknown()) == 429
    refused = Client(REMOTE_ADDR=TETANGGA).get(reverse("partisipasi:kode_form", args=[kode]))
    assert refused.status_code == 429  # the real code too, from anywhere in that network
    assert refused["Retry-After"] == "3600"
    assert "Terlalu banyak kode yang tidak dikenal" in refused.content.decode()
    assert _kode_page(LAIN, kode) == 200  # another network is not affected


def test_known_codes_are_never_counted(layanan_a) -> None:
    kode = services.kode_issue(unit_layanan=layanan_a).kode
    assert {_kode_page(PENEBAK, kode) for _ in range(10)} == {200}
    assert [_kode_page(PENEBAK, _unknown()) for _ in range(3)] == [404, 404, 404]


def test_tracking_codes_share_the_count_on_the_page_and_the_api(layanan_a) -> None:
    kasus = KasusFactory(unit_layanan=layanan_a)
    assert _lacak_page(PENEBAK, _unknown()) == 404
    assert _lacak_api(PENEBAK, _unknown())[0] == 404
    assert _kode_page(PENEBAK, _unknown()) == 404  # receipt and tracking guesses add up
    assert _lacak_page(PENEBAK, kasus.kode_lacak) == 200
    assert _lacak_page(PENEBAK, _unknown()) == 429
    status, body = _lacak_api(PENEBAK, kasus.kode_lacak)
    assert status == 429 and "kode lacak" in body["detail"]
    assert _lacak_api(LAIN, kasus.kode_lacak)[0] == 200
