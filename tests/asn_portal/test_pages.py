from __future__ import annotations

import pytest
from django.urls import reverse

from jabatan.instansi import instansi_bawaan_id
from jabatan.models import Instansi
from tests.conftest import client_for


@pytest.mark.django_db
def test_landing_names_the_configured_province(client, settings):
    # The first instansi's row names it (the settings only seeded that row).
    instansi = Instansi.objects.get(pk=instansi_bawaan_id())
    instansi.nama = "Pemerintah Provinsi Contoh"
    instansi.save()
    settings.INSTANSI_NAMA = "Tidak dipakai: baris instansi terisi"
    response = client.get("/")
    assert "Pemerintah Provinsi Contoh" in response.content.decode()
    assert "Tidak dipakai" not in response.content.decode()
    for name in ("survei:unit_list", "portal:login", "admin:index"):
        assert f'href="{reverse(name)}"' in response.content.decode()


@pytest.mark.django_db
def test_portal_home_shows_the_asn_own_position(asn_x):
    response = client_for(asn_x).get(reverse("portal:beranda"))
    assert response.status_code == 200
    assert response.context["pegawai"].user == asn_x
    assert "Dinas A" in response.content.decode()


@pytest.mark.django_db
def test_portal_home_requires_login(client):
    response = client.get(reverse("portal:beranda"))
    assert response.status_code == 302
    assert reverse("portal:login") in response["Location"]


@pytest.mark.django_db
def test_staff_without_a_pegawai_record_go_to_the_admin(admin_bkd):
    response = client_for(admin_bkd).get(reverse("portal:beranda"))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


@pytest.mark.django_db
def test_an_account_without_a_pegawai_record_gets_an_explanation(django_user_model):
    user = django_user_model.objects.create_user("tanpa", password="x")
    response = client_for(user).get(reverse("portal:beranda"))
    assert response.status_code == 403
    assert "belum terhubung" in response.content.decode()
