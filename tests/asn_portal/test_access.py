from __future__ import annotations

from asn_portal.access import scope_queryset
from jabatan.models import UnitOrganisasi


def test_operator_a_reaches_unit_a_and_its_sub_units_only(operator_a, unit_a, unit_b):
    visible = set(
        scope_queryset(UnitOrganisasi.objects.all(), operator_a, "path").values_list(
            "kode", flat=True
        )
    )
    assert visible == {"A", "A.1", "A.1.1"}


def test_admin_bkd_reaches_every_unit(admin_bkd, unit_a, unit_b):
    assert scope_queryset(UnitOrganisasi.objects.all(), admin_bkd, "path").count() == 5
