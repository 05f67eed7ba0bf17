"""The admin's OPD filter and the API's ``?unit=`` answer "the ASN of unit U" by one rule
(``jabatan.selectors.pegawai_di_unit``: the definitive position today), so a Plt serving in U
while posted elsewhere is in neither list, and both lists hold the same ASN."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from jabatan.models import JenisPenugasan
from tests.conftest import client_for
from tests.factories import FormasiFactory, PegawaiFactory, RiwayatJabatanFactory

pytestmark = pytest.mark.django_db


def test_admin_opd_filter_and_api_unit_filter_agree(
    admin_bkd: Any, unit_a: Any, unit_b: Any
) -> None:
    tetap = PegawaiFactory(nama="Tetap Di A")
    RiwayatJabatanFactory(pegawai=tetap, formasi=FormasiFactory(unit=unit_a))
    plt = PegawaiFactory(nama="Plt Dari B")
    RiwayatJabatanFactory(pegawai=plt, formasi=FormasiFactory(unit=unit_b))
    RiwayatJabatanFactory(
        pegawai=plt, formasi=FormasiFactory(unit=unit_a), jenis=JenisPenugasan.PLT
    )
    client = client_for(admin_bkd)

    api = client.get(f"/api/v1/pegawai/?unit={unit_a.pk}").json()["results"]
    api_nip = {row["nip"] for row in api}
    page = client.get(reverse("admin:jabatan_pegawai_changelist") + f"?opd={unit_a.pk}")
    admin_nip = {p.nip for p in page.context["cl"].result_list}

    assert api_nip == admin_nip == {tetap.nip}
