"""Issue 17 item 8: every path that makes a participant active checks the quota, also setting a
cancelled participant back to active through the status endpoint (before: a quota-2 run ended
with 3 active participants)."""

from __future__ import annotations

from typing import Any

import pytest

from pelatihan.models import Peserta, StatusPeserta
from tests.conftest import client_for
from tests.factories import PegawaiFactory
from tests.pelatihan.factories import AngkatanFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/pelatihan/peserta/status/"


def _aktif(angkatan: Any) -> int:
    return angkatan.peserta_list.exclude(status=StatusPeserta.BATAL).count()


def test_a_cancelled_participant_is_not_made_active_beyond_the_quota(admin_bkd: Any) -> None:
    angkatan = AngkatanFactory(kuota=2)
    aktif = [Peserta.objects.create(angkatan=angkatan, pegawai=PegawaiFactory()) for _ in range(2)]
    batal = Peserta.objects.create(
        angkatan=angkatan, pegawai=PegawaiFactory(), status=StatusPeserta.BATAL
    )
    client = client_for(admin_bkd)

    for status in (StatusPeserta.TERDAFTAR, StatusPeserta.HADIR, StatusPeserta.SELESAI):
        response = client.post(
            URL, {"peserta": [batal.pk], "status": status}, content_type="application/json"
        )
        assert response.status_code == 400, (status, response.content)
        assert (
            "Kuota" in response.content.decode() and "tinggal 0 kursi" in response.content.decode()
        )
        batal.refresh_from_db()
        assert batal.status == StatusPeserta.BATAL
        assert _aktif(angkatan) == 2

    # A seat freed by a cancellation can be taken back.
    response = client.post(
        URL,
        {"peserta": [aktif[0].pk], "status": StatusPeserta.BATAL},
        content_type="application/json",
    )
    assert response.status_code == 200
    response = client.post(
        URL,
        {"peserta": [batal.pk], "status": StatusPeserta.HADIR},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert _aktif(angkatan) == 2


def test_changes_among_active_participants_need_no_free_seat(admin_bkd: Any) -> None:
    angkatan = AngkatanFactory(kuota=2)
    peserta = [
        Peserta.objects.create(angkatan=angkatan, pegawai=PegawaiFactory()) for _ in range(2)
    ]
    response = client_for(admin_bkd).post(
        URL,
        {"peserta": [p.pk for p in peserta], "status": StatusPeserta.HADIR},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert _aktif(angkatan) == 2
