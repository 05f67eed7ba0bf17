from __future__ import annotations

import pytest

from tests.conftest import client_for
from tests.factories import FormasiFactory, RiwayatJabatanFactory, UnitOrganisasiFactory


def _fill(unit, n):
    for _ in range(n):
        RiwayatJabatanFactory(formasi=FormasiFactory(unit=unit))


@pytest.mark.django_db
def test_admin_home_counts_only_the_operators_units(operator_a, unit_a, unit_b):
    _fill(unit_a, 2)
    _fill(unit_b, 3)
    response = client_for(operator_a).get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<span class="angka">2</span>ASN menjabat' in html
    assert '<span class="angka">3</span>Unit organisasi aktif' in html


@pytest.mark.django_db
def test_admin_home_counts_everything_for_admin_bkd(admin_bkd, unit_a, unit_b):
    _fill(unit_a, 2)
    _fill(unit_b, 3)
    html = client_for(admin_bkd).get("/admin/").content.decode()
    assert '<span class="angka">5</span>ASN menjabat' in html
    assert 'role="img"' in html  # the composition chart


@pytest.mark.django_db
def test_admin_home_is_closed_to_asn_and_anonymous(asn_x, client):
    assert client.get("/admin/").status_code == 302
    assert client_for(asn_x).get("/admin/").status_code == 302


@pytest.mark.django_db
def test_admin_home_query_count_does_not_grow_with_data(
    admin_bkd, unit_a, django_assert_max_num_queries
):
    _fill(unit_a, 3)
    client = client_for(admin_bkd)
    client.get("/admin/")
    with django_assert_max_num_queries(12) as first:
        client.get("/admin/")
    _fill(UnitOrganisasiFactory(), 20)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get("/admin/")


@pytest.mark.django_db
def test_admin_home_links_every_staff_workplace(operator_a):
    from django.urls import reverse

    html = client_for(operator_a).get("/admin/").content.decode()
    for name in (
        "survei:staf_dashboard",
        "partisipasi:staf_ringkasan",
        "transfer:index",
        "laporan:daftar",
        "pelatihan:verifikasi",
        "pelatihan:laporan_jp",
        "jabatan:dasbor_index",
    ):
        assert f'href="{reverse(name)}"' in html, name
