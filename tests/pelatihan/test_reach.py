"""Training records follow the register's one reach rule (``jabatan.selectors.pegawai_reach_q``):
an operator sees the records of exactly the ASN the register shows them, also an ASN who serves
in their unit as Plt while their definitive post is elsewhere."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jabatan.models import JenisPenugasan
from jabatan.selectors import pegawai_list
from pelatihan.selectors import pegawai_visible, riwayat_pelatihan_list
from tests.factories import FormasiFactory, RiwayatJabatanFactory
from tests.pelatihan.factories import RiwayatFactory

pytestmark = pytest.mark.django_db


def test_plt_in_own_unit_is_reached_by_register_and_training(
    operator_a: Any, operator_b: Any, unit_a: Any, pegawai_y: Any
) -> None:
    # Y's definitive post is in unit B; Y also serves in unit A as Plt.
    RiwayatJabatanFactory(
        pegawai=pegawai_y, formasi=FormasiFactory(unit=unit_a), jenis=JenisPenugasan.PLT
    )
    RiwayatFactory(pegawai=pegawai_y, nama_pelatihan="Milik Y")

    for operator in (operator_a, operator_b):
        register = set(pegawai_list(user=operator).values_list("pk", flat=True))
        training = set(pegawai_visible(user=operator).values_list("pk", flat=True))
        assert training == register
        assert pegawai_y.pk in training
        names = set(riwayat_pelatihan_list(user=operator).values_list("nama_pelatihan", flat=True))
        assert "Milik Y" in names


def test_ended_assignment_no_longer_reaches(operator_a: Any, unit_a: Any, pegawai_y: Any) -> None:
    RiwayatJabatanFactory(
        pegawai=pegawai_y,
        formasi=FormasiFactory(unit=unit_a),
        jenis=JenisPenugasan.PLT,
        tmt_mulai=dt.date(2020, 1, 1),
        tmt_selesai=dt.date(2020, 6, 1),
    )
    RiwayatFactory(pegawai=pegawai_y, nama_pelatihan="Milik Y")
    assert pegawai_y.pk not in set(pegawai_visible(user=operator_a).values_list("pk", flat=True))
    assert "Milik Y" not in set(
        riwayat_pelatihan_list(user=operator_a).values_list("nama_pelatihan", flat=True)
    )
