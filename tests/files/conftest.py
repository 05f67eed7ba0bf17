"""A register whose user-entered names are all spreadsheet formulas (and one mathtext label)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import UserFactory
from tests.laporan.conftest import Register, _media, register  # noqa: F401 - fixtures reused

HOSTILE = ('=HYPERLINK("http://x","y")', "+1+1", "-2", "@SUM(A1)", "\t=1", "\r=1")
MATHTEXT = "Dinas Kesehatan $x^$"


def hostile(index: int) -> str:
    return HOSTILE[index % len(HOSTILE)]


@pytest.fixture
def superuser(db: None) -> Any:
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def _rename(queryset: Any, field: str) -> None:
    for index, pk in enumerate(queryset.order_by("pk").values_list("pk", flat=True)):
        queryset.model.objects.filter(pk=pk).update(**{field: hostile(index)})


@pytest.fixture
def hostile_register(register: Register, admin_bkd: Any) -> Register:  # noqa: F811
    """The report register with every unit, jabatan, ASN, plan, training and suggestion text
    renamed to one of :data:`HOSTILE` (each value used at least once per kind)."""
    from jabatan.models import Jabatan, Pegawai, UnitOrganisasi
    from jabatan.penataan.models import RencanaPenataan
    from pelatihan.models import RiwayatPelatihan
    from survei.models import Respons, UnitLayanan
    from survei.partisipasi.models import Kasus
    from tests.factories import PegawaiFactory, RiwayatJabatanFactory
    from tests.pelatihan.factories import AngkatanFactory, ProgramFactory

    for index in range(len(HOSTILE)):
        extra = PegawaiFactory()
        RiwayatJabatanFactory(pegawai=extra, formasi=register.f_pel)
        AngkatanFactory(program=ProgramFactory(nama=hostile(index)), nama=hostile(index + 1))
    _rename(UnitOrganisasi.objects.all(), "nama")
    _rename(Jabatan.objects.all(), "nama")
    _rename(Pegawai.objects.all(), "nama")
    _rename(RencanaPenataan.objects.all(), "nama")
    _rename(RiwayatPelatihan.objects.all(), "nama_pelatihan")
    _rename(UnitLayanan.objects.all(), "nama")
    _rename(Respons.objects.all(), "saran")
    _rename(Kasus.objects.all(), "isi")
    return register
