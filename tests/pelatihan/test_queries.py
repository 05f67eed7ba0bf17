"""List pages and endpoints keep a constant number of queries as data grows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pelatihan.models import Peserta
from tests.conftest import client_for
from tests.factories import FormasiFactory, PegawaiFactory, RiwayatJabatanFactory
from tests.pelatihan.factories import (
    AngkatanFactory,
    KompetensiFactory,
    ProgramFactory,
    ProgramKompetensiFactory,
    RiwayatFactory,
    StandarKompetensiFactory,
)

pytestmark = pytest.mark.django_db


def _grow(unit: Any, angkatan: Any, n: int) -> None:
    tahun = dt.date.today().year
    formasi = FormasiFactory(unit=unit)
    for _ in range(n):
        pegawai = PegawaiFactory()
        RiwayatJabatanFactory(pegawai=pegawai, formasi=formasi)
        RiwayatFactory(
            pegawai=pegawai,
            status="diajukan",
            sumber="mandiri",
            tanggal_selesai=dt.date(tahun, 1, 2),
        )
        RiwayatFactory(pegawai=pegawai, jp=5, tanggal_selesai=dt.date(tahun, 1, 2))
        Peserta.objects.create(angkatan=angkatan, pegawai=pegawai)
    program = ProgramFactory()
    ProgramKompetensiFactory(program=program, kompetensi=KompetensiFactory())
    AngkatanFactory(program=program)


def _count(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["admin_bkd", "operator_a"])
def test_staff_lists_are_constant(
    request: Any, unit_a: Any, persona: str, django_assert_max_num_queries: Any
) -> None:
    user = request.getfixturevalue(persona)
    client = client_for(user)
    angkatan = AngkatanFactory(kuota=500)
    paths = [
        "/pelatihan/verifikasi/",
        "/pelatihan/laporan/jp/",
        f"/pelatihan/angkatan/{angkatan.pk}/peserta/",
        "/api/v1/pelatihan/riwayat/",
        "/api/v1/pelatihan/peserta/",
        "/api/v1/pelatihan/program/",
        "/api/v1/pelatihan/angkatan/",
        "/api/v1/pelatihan/jp-unit/",
    ]
    _grow(unit_a, angkatan, 3)
    before = {path: _count(client, path) for path in paths}
    _grow(unit_a, angkatan, 12)
    for path in paths:
        with django_assert_max_num_queries(before[path]):
            client.get(path)
        assert before[path] <= 16, path


def test_asn_pages_are_constant(
    asn_x: Any, pegawai_x: Any, django_assert_max_num_queries: Any
) -> None:
    from jabatan.selectors import jabatan_sekarang

    client = client_for(asn_x)
    jabatan = jabatan_sekarang(pegawai_x).formasi.jabatan
    paths = [
        "/portal/",
        "/pelatihan/saya/",
        "/pelatihan/saya/kompetensi/",
        "/api/v1/saya/pelatihan/",
        "/api/v1/saya/kesenjangan/",
    ]

    def grow(n: int) -> None:
        for _ in range(n):
            kompetensi = KompetensiFactory()
            StandarKompetensiFactory(jabatan=jabatan, kompetensi=kompetensi, level=3)
            program = ProgramFactory()
            ProgramKompetensiFactory(program=program, kompetensi=kompetensi, level=2)
            AngkatanFactory(program=program)
            RiwayatFactory(pegawai=pegawai_x, program=program)
            RiwayatFactory(
                pegawai=pegawai_x, status="ditolak", alasan_penolakan="Buram", sumber="mandiri"
            )

    grow(2)
    before = {path: _count(client, path) for path in paths}
    grow(8)
    for path in paths:
        with django_assert_max_num_queries(before[path]):
            client.get(path)
