"""List pages, dashboards and API lists run a constant number of queries as the data grows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import (
    FormasiFactory,
    PegawaiFactory,
    RiwayatJabatanFactory,
    UnitOrganisasiFactory,
    UraianTugasFactory,
)

_counter = {"n": 0}


def grow(unit: Any, n: int) -> None:
    """Add ``n`` sub-units, each with a formasi, ABK rows, a holder and a closed assignment."""
    for _ in range(n):
        _counter["n"] += 1
        i = _counter["n"]
        sub = UnitOrganisasiFactory(
            parent=unit, kode=f"{unit.kode}.G{i}", nama=f"Seksi G{i}", jenis="seksi"
        )
        formasi = FormasiFactory(unit=sub)
        UraianTugasFactory(
            formasi=formasi, volume_per_tahun=Decimal(100), norma_waktu_menit=Decimal(600)
        )
        UraianTugasFactory(
            formasi=formasi, volume_per_tahun=Decimal(12), norma_waktu_menit=Decimal(60)
        )
        pegawai = PegawaiFactory()
        RiwayatJabatanFactory(
            pegawai=pegawai,
            formasi=formasi,
            tmt_mulai=dt.date(2015, 1, 1),
            tmt_selesai=dt.date(2020, 1, 1),
        )
        RiwayatJabatanFactory(pegawai=pegawai, formasi=formasi, tmt_mulai=dt.date(2020, 1, 1))
        RiwayatJabatanFactory(formasi=formasi, jenis="plt", tmt_mulai=dt.date(2024, 1, 1))
        unit.refresh_from_db()


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _urls(unit: Any) -> list[str]:
    return [
        reverse("admin:jabatan_unitorganisasi_changelist"),
        reverse("admin:jabatan_unitorganisasi_changelist") + "?q=Seksi",
        f"/admin/jabatan/unitorganisasi/children/{unit.pk}/",
        reverse("admin:jabatan_formasi_changelist"),
        reverse("admin:jabatan_pegawai_changelist"),
        reverse("admin:jabatan_pegawai_changelist") + f"?opd={unit.pk}",
        reverse("admin:jabatan_riwayatjabatan_changelist"),
        reverse("admin:jabatan_riwayatjabatan_changelist") + "?berjalan=ya",
        reverse("jabatan:dasbor", args=[unit.pk]),
        "/api/v1/unit/",
        f"/api/v1/unit/{unit.pk}/subtree/",
        "/api/v1/formasi/",
        "/api/v1/pegawai/",
        "/api/v1/riwayat-jabatan/",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["admin_bkd", "operator_a"])
def test_query_counts_do_not_grow_with_data(
    request: pytest.FixtureRequest, unit_a: Any, django_assert_max_num_queries: Any, persona: str
) -> None:
    user = request.getfixturevalue(persona)
    client = client_for(user)
    grow(unit_a, 3)
    small = {url: _count(client, url) for url in _urls(unit_a)}
    grow(unit_a, 12)
    for url in _urls(unit_a):
        with django_assert_max_num_queries(small[url]):
            client.get(url)
    assert max(small.values()) <= 20, small


@pytest.mark.django_db
def test_pegawai_detail_with_history_is_constant(
    unit_a: Any, admin_bkd: Any, django_assert_max_num_queries: Any
) -> None:
    pegawai = PegawaiFactory()
    formasi = FormasiFactory(unit=unit_a)
    client = client_for(admin_bkd)
    RiwayatJabatanFactory(
        pegawai=pegawai,
        formasi=formasi,
        tmt_mulai=dt.date(2000, 1, 1),
        tmt_selesai=dt.date(2001, 1, 1),
    )
    first = _count(client, f"/api/v1/pegawai/{pegawai.nip}/")
    admin_first = _count(client, reverse("admin:jabatan_pegawai_change", args=[pegawai.pk]))
    for year in range(2001, 2012):
        RiwayatJabatanFactory(
            pegawai=pegawai,
            formasi=FormasiFactory(unit=unit_a),
            tmt_mulai=dt.date(year, 1, 1),
            tmt_selesai=dt.date(year + 1, 1, 1),
        )
    with django_assert_max_num_queries(first):
        client.get(f"/api/v1/pegawai/{pegawai.nip}/")
    with django_assert_max_num_queries(admin_first):
        client.get(reverse("admin:jabatan_pegawai_change", args=[pegawai.pk]))
