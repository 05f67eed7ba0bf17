"""No one verifies their own training hours, by any path."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from pelatihan import services
from pelatihan.models import Peserta, RiwayatPelatihan, StatusPeserta
from tests.conftest import client_for
from tests.factories import FormasiFactory, PegawaiFactory, RiwayatJabatanFactory
from tests.pelatihan.factories import AngkatanFactory, RiwayatFactory

OWN = "JP pelatihan Anda sendiri"


@pytest.fixture
def own(admin_bkd: Any, unit_a: Any) -> dict[str, Any]:
    """Admin BKD is also an ASN of unit A; a run that ended yesterday has them and a colleague."""
    formasi = FormasiFactory(unit=unit_a)
    diri = PegawaiFactory(user=admin_bkd, nama="Admin Sendiri")
    rekan = PegawaiFactory(nama="Rekan")
    for p in (diri, rekan):
        RiwayatJabatanFactory(pegawai=p, formasi=formasi)
    kemarin = dt.date.today() - dt.timedelta(days=1)
    angkatan = AngkatanFactory(
        tanggal_mulai=kemarin - dt.timedelta(days=2),
        tanggal_selesai=kemarin,
        pendaftaran_mulai=kemarin - dt.timedelta(days=20),
        pendaftaran_selesai=kemarin - dt.timedelta(days=5),
    )
    return {
        "diri": diri,
        "rekan": rekan,
        "peserta_diri": Peserta.objects.create(angkatan=angkatan, pegawai=diri),
        "peserta_rekan": Peserta.objects.create(angkatan=angkatan, pegawai=rekan),
    }


def _unchanged(own: dict[str, Any]) -> None:
    assert set(Peserta.objects.values_list("status", flat=True)) == {StatusPeserta.TERDAFTAR}
    assert not RiwayatPelatihan.objects.filter(peserta__isnull=False).exists()


@pytest.mark.parametrize("status", [StatusPeserta.SELESAI, StatusPeserta.HADIR])
def test_bulk_status_refuses_a_batch_holding_ones_own_record(
    own: dict[str, Any], admin_bkd: Any, status: str
) -> None:
    ids = [own["peserta_rekan"].pk, own["peserta_diri"].pk]
    with pytest.raises(ValidationError, match=OWN):
        services.peserta_set_status(peserta_ids=ids, status=status, user=admin_bkd)
    _unchanged(own)


def test_the_api_refuses_it_too(own: dict[str, Any], admin_bkd: Any) -> None:
    client = APIClient()
    client.force_authenticate(admin_bkd)
    response = client.post(
        "/api/v1/pelatihan/peserta/status/",
        {"peserta": [own["peserta_diri"].pk], "status": "selesai"},
        format="json",
    )
    assert response.status_code == 400 and OWN in response.content.decode()
    _unchanged(own)


def test_the_admin_action_refuses_it_too(own: dict[str, Any], admin_bkd: Any) -> None:
    response = client_for(admin_bkd).post(
        reverse("admin:pelatihan_peserta_changelist"),
        {
            "action": "tandai_selesai",
            "_selected_action": [own["peserta_diri"].pk, own["peserta_rekan"].pk],
        },
        follow=True,
    )
    assert OWN in response.content.decode()
    _unchanged(own)


def test_another_staff_member_completes_the_run(own: dict[str, Any], operator_a: Any) -> None:
    ids = [own["peserta_rekan"].pk, own["peserta_diri"].pk]
    assert services.peserta_set_status(peserta_ids=ids, status="selesai", user=operator_a) == 2
    assert RiwayatPelatihan.objects.filter(pegawai=own["diri"], diverifikasi_oleh=operator_a)


def test_the_queue_refuses_ones_own_submission(own: dict[str, Any], admin_bkd: Any) -> None:
    riwayat = RiwayatFactory(pegawai=own["diri"], status="diajukan", sumber="mandiri")
    with pytest.raises(ValidationError, match=OWN):
        services.riwayat_verify(riwayat_id=riwayat.pk, user=admin_bkd)
    client = APIClient()
    client.force_authenticate(admin_bkd)
    response = client.post(f"/api/v1/pelatihan/riwayat/{riwayat.pk}/verifikasi/", {})
    assert response.status_code == 400
    assert RiwayatPelatihan.objects.get(pk=riwayat.pk).status == "diajukan"


def test_admin_bkd_cannot_correct_their_own_record_by_hand(
    own: dict[str, Any], admin_bkd: Any
) -> None:
    diri = RiwayatFactory(pegawai=own["diri"], jp=10)
    rekan = RiwayatFactory(pegawai=own["rekan"], jp=10)
    client = client_for(admin_bkd)
    url = reverse("admin:pelatihan_riwayatpelatihan_change", args=[diri.pk])
    page = client.get(url)
    assert page.status_code == 200 and b'name="jp"' not in page.content  # view only
    client.post(url, {"jp": 99})
    assert RiwayatPelatihan.objects.get(pk=diri.pk).jp == 10
    # Nor move a colleague's record onto themself.
    rekan.pegawai = own["diri"]
    with pytest.raises(ValidationError, match=OWN):
        services.riwayat_correct(riwayat=rekan, user=admin_bkd)
    assert RiwayatPelatihan.objects.get(pk=rekan.pk).pegawai == own["rekan"]
