"""List pages and endpoints keep a constant number of queries as data grows."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from survei.partisipasi import services
from tests.conftest import client_for
from tests.partisipasi.factories import KasusFactory, KonsultasiFactory


def _isi(layanan: Any, n: int) -> None:
    for _ in range(n):
        KasusFactory(unit_layanan=layanan)
    services.kode_batch_generate(unit_layanan=layanan, jumlah=n)
    konsultasi = KonsultasiFactory(unit_layanan=layanan)
    for i in range(n):
        services.masukan_submit(
            konsultasi=konsultasi,
            isi=f"Masukan nomor {i} untuk rancangan.",
            idempotency_key=f"00000000-0000-4000-8000-{layanan.pk:06d}{i:06d}",
        )


@pytest.mark.parametrize("n", [3, 30])
def test_staff_lists_have_constant_queries(
    n: int, layanan_a: Any, operator_a: Any, django_assert_max_num_queries: Any
) -> None:
    _isi(layanan_a, n)
    client = client_for(operator_a)
    pages = [
        (reverse("partisipasi:staf_kasus_list"), 12),
        (reverse("partisipasi:staf_ringkasan"), 14),
        ("/api/v1/partisipasi/kasus/", 10),
        ("/api/v1/partisipasi/kode-struk/", 10),
        ("/api/v1/partisipasi/kode-struk/statistik/", 10),
        ("/api/v1/partisipasi/masukan/", 10),
        ("/api/v1/partisipasi/konsultasi/", 6),
        ("/admin/survei/kasus/", 16),
        ("/admin/survei/kodestruk/", 16),
        ("/admin/survei/masukankonsultasi/", 16),
    ]
    for url, batas in pages:
        with django_assert_max_num_queries(batas):
            assert client.get(url).status_code == 200, url
