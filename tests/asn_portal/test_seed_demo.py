from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from asn_portal.roles import ALL_ROLES


def _counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_seed_demo_builds_bengkulu_and_a_second_run_changes_nothing(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    first = _counts()
    assert first["jabatan.UnitOrganisasi"] > 50
    assert first["jabatan.Pegawai"] >= 300
    assert first["jabatan.RiwayatJabatan"] > first["jabatan.Pegawai"]
    assert first["pelatihan.RiwayatPelatihan"] > 0
    assert first["survei.Respons"] > 1000
    assert first["jabatan.RencanaPenataan"] >= 3
    printed = out.getvalue()
    for role in ALL_ROLES:
        assert role in printed  # every demo account is printed with its role
    assert "demo-bengkulu-2026" in printed
    User = get_user_model()
    assert User.objects.filter(groups__name="Operator OPD").count() >= 2
    assert User.objects.filter(groups__name="ASN", pegawai__isnull=False).exists()

    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_in_production(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=false"):
        call_command("seed_demo", stdout=io.StringIO())
