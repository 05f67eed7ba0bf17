"""Creating a record with a NIP that exists outside the caller's reach does not tell that it
exists elsewhere (admin form and API); within reach the usual uniqueness message stays."""

from __future__ import annotations

from typing import Any

import pytest

from jabatan.models import Pegawai
from jabatan.services import NIP_TIDAK_DAPAT_DIGUNAKAN
from tests.conftest import client_for

PESAN = str(NIP_TIDAK_DAPAT_DIGUNAKAN)


def _payload(nip: str, formasi: Any) -> dict[str, Any]:
    return {
        "nip": nip,
        "nama": "Penyusup",
        "status": "pns",
        "golongan": "III/a",
        "formasi": formasi.pk,
        "tmt_mulai": "2026-01-05",
    }


@pytest.mark.django_db
def test_api_does_not_tell_that_a_nip_exists_in_another_unit(
    operator_b: Any, pegawai_a: Any, formasi_b: Any
) -> None:
    response = client_for(operator_b).post(
        "/api/v1/pegawai/", _payload(pegawai_a.nip, formasi_b), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["nip"] == [PESAN]
    assert "sudah ada" not in response.content.decode()
    assert Pegawai.objects.filter(nip=pegawai_a.nip).get() == pegawai_a


@pytest.mark.django_db
def test_admin_form_does_not_tell_it_either(
    operator_b: Any, pegawai_a: Any, formasi_b: Any
) -> None:
    response = client_for(operator_b).post(
        "/admin/jabatan/pegawai/add/",
        {**_payload(pegawai_a.nip, formasi_b), "jenis": "definitif"},
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["nip"][0] == PESAN
    page = response.content.decode()
    assert pegawai_a.nama not in page and "sudah ada" not in page


@pytest.mark.django_db
def test_within_reach_the_usual_uniqueness_message_stays(
    operator_a: Any, admin_bkd: Any, pegawai_a: Any, pegawai_b: Any, formasi_a: Any
) -> None:
    own = client_for(operator_a).post(
        "/api/v1/pegawai/", _payload(pegawai_a.nip, formasi_a), content_type="application/json"
    )
    assert own.status_code == 400 and own.json()["nip"] != [PESAN]
    bkd = client_for(admin_bkd).post(
        "/api/v1/pegawai/", _payload(pegawai_b.nip, formasi_a), content_type="application/json"
    )
    assert bkd.status_code == 400 and bkd.json()["nip"] != [PESAN]
