from __future__ import annotations

import datetime as dt
import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Q
from django.test import Client

from asn_portal.access import PERM_KELOLA_UNIT, instansi_id_of
from asn_portal.roles import ALL_ROLES
from jabatan.instansi import instansi_bawaan_id
from jabatan.models import (
    Formasi,
    Instansi,
    Pegawai,
    RiwayatJabatan,
    UnitOrganisasi,
    UraianTugas,
)
from pelatihan.models import Angkatan, Peserta, RiwayatPelatihan
from survei.models import PeriodePublikasi, Respons, UnitLayanan
from survei.partisipasi.models import Kasus


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
    # The province and two kabupaten/kota, each with its own tree, ASN, service unit and cases.
    lines = printed.splitlines()
    for kode, suffix in (("17.71", "kota"), ("17.02", "rejanglebong")):
        daerah = Instansi.objects.get(kode=kode)
        assert UnitOrganisasi.objects.filter(instansi=daerah, depth=1).count() == 2
        assert UnitOrganisasi.objects.filter(instansi=daerah, depth=2).exists()
        assert UraianTugas.objects.filter(formasi__unit__instansi=daerah).exists()
        assert Pegawai.objects.filter(instansi=daerah).count() >= 10
        # placement history: some ASN moved, so they have a closed and an open assignment
        assert RiwayatJabatan.objects.filter(
            pegawai__instansi=daerah, tmt_selesai__isnull=False
        ).exists()
        assert RiwayatPelatihan.objects.filter(pegawai__instansi=daerah).exists()
        # its own training runs, one open for registration; its ASN take only those and shared ones
        assert Angkatan.objects.filter(instansi=daerah).count() >= 2
        assert Angkatan.objects.filter(
            instansi=daerah, pendaftaran_selesai__gte=dt.date.today()
        ).exists()
        assert (
            not Peserta.objects.filter(pegawai__instansi=daerah)
            .exclude(angkatan__instansi=daerah)
            .exclude(angkatan__instansi__isnull=True)
            .exists()
        )
        assert Respons.objects.filter(unit_layanan__unit__instansi=daerah).count() >= 100
        assert PeriodePublikasi.objects.filter(unit_layanan__unit__instansi=daerah).exists()
        assert Kasus.objects.filter(unit_layanan__unit__instansi=daerah).exists()
        expected = {
            f"admin.{suffix}": "Admin BKD",
            f"verifikator.{suffix}": "Verifikator",
            f"operator.{suffix}": "Operator OPD",
            f"asn.{suffix}": "ASN",
        }
        for username, role in expected.items():
            user = User.objects.get(username=username)
            assert list(user.groups.values_list("name", flat=True)) == [role]
            assert instansi_id_of(user) == daerah.pk
            # the printed table: the role, the username and the password on one line
            assert any(
                role in line and f" {username} " in line and "demo-bengkulu-2026" in line
                for line in lines
            ), username
        operator = User.objects.get(username=f"operator.{suffix}")
        assert {u.instansi_id for u in granted_units(operator)} == {daerah.pk}
        assert User.objects.get(username=f"asn.{suffix}").pegawai.instansi_id == daerah.pk
        assert daerah.nama_singkat in printed
    assert "Provinsi Bengkulu" in printed
    # The province runs its own, and one national run is shared by every instansi.
    assert Angkatan.objects.filter(instansi_id=instansi_bawaan_id()).exists()
    assert Angkatan.objects.filter(instansi__isnull=True).count() == 1
    # The province's staff are staff of the province.
    assert instansi_id_of(User.objects.get(username="admin.bkd")) == instansi_bawaan_id()

    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_in_production(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=false"):
        call_command("seed_demo", stdout=io.StringIO())


def granted_units(user):
    from guardian.shortcuts import get_objects_for_user

    return get_objects_for_user(user, PERM_KELOLA_UNIT, klass=UnitOrganisasi)


@pytest.mark.django_db
def test_each_demo_admin_bkd_sees_only_its_own_instansi_on_the_admin_lists(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    User = get_user_model()
    lists = {
        "/admin/jabatan/pegawai/": lambda i: Pegawai.objects.filter(instansi=i).count(),
        "/admin/jabatan/formasi/": lambda i: Formasi.objects.filter(unit__instansi=i).count(),
        "/admin/survei/unitlayanan/": lambda i: UnitLayanan.objects.filter(
            unit__instansi=i
        ).count(),
        "/admin/pelatihan/angkatan/": lambda i: Angkatan.objects.filter(
            Q(instansi=i) | Q(instansi__isnull=True)
        ).count(),
    }
    seen = []
    for username, kode in (
        ("admin.bkd", "17"),
        ("admin.kota", "17.71"),
        ("admin.rejanglebong", "17.02"),
    ):
        instansi = Instansi.objects.get(kode=kode)
        client = Client()
        client.force_login(User.objects.get(username=username))
        for url, count in lists.items():
            response = client.get(url)
            assert response.status_code == 200, (username, url)
            assert response.context["cl"].result_count == count(instansi) > 0, (username, url)
            if url == "/admin/jabatan/pegawai/":
                seen.append(response.context["cl"].result_count)
    # the three registers split the deployment's: no admin saw another's ASN (or everyone's)
    assert sum(seen) == Pegawai.objects.count() and Pegawai.objects.count() not in seen
