from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from asn_portal.access import instansi_id_of
from asn_portal.roles import ALL_ROLES
from jabatan.models import Instansi, Pegawai, UnitOrganisasi


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
    # A second instansi beside the province, with its own OPD, ASN and Admin BKD.
    kota = Instansi.objects.get(kode="17.71")
    assert UnitOrganisasi.objects.filter(instansi=kota, depth=1).count() >= 2
    assert Pegawai.objects.filter(instansi=kota, riwayat_jabatan__isnull=False).count() >= 6
    assert instansi_id_of(User.objects.get(username="admin.kota")) == kota.pk
    assert "admin.kota" in printed and "Kota Bengkulu" in printed

    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_in_production(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=false"):
        call_command("seed_demo", stdout=io.StringIO())
