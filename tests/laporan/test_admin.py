from __future__ import annotations

import pytest
from django.urls import reverse

from asn_portal.laporan.models import LanggananLaporan, Laporan
from tests.conftest import client_for
from tests.laporan.test_views import BOLEH, PERSONAS, _user

CHANGELIST = "admin:asn_portal_laporan_changelist"


@pytest.mark.parametrize("persona", PERSONAS)
def test_changelist_shows_only_reports_in_scope(
    request, laporan_set, persona, django_assert_max_num_queries
):
    client = client_for(_user(request, persona))
    response = client.get(reverse(CHANGELIST))
    if persona is None or persona.startswith("asn"):
        assert response.status_code == 302  # to the admin login: not staff
        return
    assert response.status_code == 200
    shown = {obj.pk for obj in response.context["cl"].result_list}
    expected = {getattr(laporan_set, key).pk for key in BOLEH[persona]}
    if "a" in BOLEH[persona]:
        expected.add(laporan_set.antre.pk)
    assert shown == expected
    for key in ("provinsi", "a", "b"):
        laporan = getattr(laporan_set, key)
        got = client.get(reverse("admin:asn_portal_laporan_change", args=[laporan.pk]))
        assert got.status_code == (200 if key in BOLEH[persona] else 302), (persona, key)


def test_changelist_query_count(laporan_set, admin_bkd, django_assert_max_num_queries):
    client = client_for(admin_bkd)
    with django_assert_max_num_queries(20):
        client.get(reverse(CHANGELIST))


def test_staff_request_a_report_from_the_admin_and_see_its_progress(
    register, admin_bkd, django_capture_on_commit_callbacks
):
    client = client_for(admin_bkd)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("admin:asn_portal_laporan_add"),
            {"jenis": "bulanan", "tahun": 2026, "nomor": 1, "unit": ""},
        )
    laporan = Laporan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:asn_portal_laporan_change", args=[laporan.pk])
    # One enqueue after commit (plus the admin's warning for a failed enqueue).
    enqueues = [c for c in callbacks if c.__name__ == "send_after_commit"]
    assert laporan.status == "antre" and laporan.unit is None and len(enqueues) == 1
    page = client.get(response["Location"]).content.decode()
    assert 'id="laporan-bar"' in page and reverse("laporan:status", args=[laporan.pk]) in page
    # Asking again re-queues the same report: never a duplicate.
    with django_capture_on_commit_callbacks(execute=False):
        client.post(
            reverse("admin:asn_portal_laporan_add"),
            {"jenis": "bulanan", "tahun": 2026, "nomor": 1, "unit": ""},
        )
    assert Laporan.objects.count() == 1


def test_operator_request_form_refuses_other_units(register, operator_a, unit_b):
    response = client_for(operator_a).post(
        reverse("admin:asn_portal_laporan_add"),
        {"jenis": "bulanan", "tahun": 2026, "nomor": 1, "unit": unit_b.pk},
    )
    assert response.status_code == 200
    assert "unit" in response.context["adminform"].form.errors
    assert not Laporan.objects.exists()


def test_unfinished_period_is_refused_with_a_field_message(register, admin_bkd):
    response = client_for(admin_bkd).post(
        reverse("admin:asn_portal_laporan_add"),
        {"jenis": "tahunan", "tahun": 2999, "nomor": 1, "unit": ""},
    )
    assert "belum berakhir" in str(response.context["adminform"].form.errors["nomor"])


def test_publish_from_the_admin_freezes_the_report(laporan_set, admin_bkd, verifikator):
    url = reverse("admin:asn_portal_laporan_terbitkan", args=[laporan_set.a.pk])
    client_for(verifikator).post(url)
    assert Laporan.objects.get(pk=laporan_set.a.pk).status == "siap"
    client_for(admin_bkd).post(url)
    laporan = Laporan.objects.get(pk=laporan_set.a.pk)
    assert laporan.status == "terbit" and laporan.diterbitkan_oleh == admin_bkd
    page = (
        client_for(admin_bkd)
        .get(reverse("admin:asn_portal_laporan_change", args=[laporan.pk]))
        .content.decode()
    )
    assert "sudah terbit dan dibekukan" in page
    assert reverse("admin:asn_portal_laporan_susun_ulang", args=[laporan.pk]) not in page
    client_for(admin_bkd).post(reverse("admin:asn_portal_laporan_susun_ulang", args=[laporan.pk]))
    assert Laporan.objects.get(pk=laporan.pk).status == "terbit"


def test_operator_cannot_rebuild_a_report_outside_scope(
    laporan_set, operator_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(operator_b).post(
            reverse("admin:asn_portal_laporan_susun_ulang", args=[laporan_set.a.pk])
        )
    assert response.status_code == 404 and not callbacks


def test_staff_subscribe_themselves(register, operator_a, admin_bkd):
    client = client_for(operator_a)
    client.post(
        reverse("admin:asn_portal_langgananlaporan_add"), {"jenis": "bulanan", "aktif": "on"}
    )
    langganan = LanggananLaporan.objects.get()
    assert langganan.user == operator_a
    again = client.post(
        reverse("admin:asn_portal_langgananlaporan_add"), {"jenis": "bulanan", "aktif": "on"}
    )
    assert again.status_code == 200 and "sudah berlangganan" in again.content.decode()
    assert LanggananLaporan.objects.count() == 1
    other = LanggananLaporan.objects.create(user=admin_bkd, jenis="")
    response = client.get(reverse("admin:asn_portal_langgananlaporan_changelist"))
    assert {obj.pk for obj in response.context["cl"].result_list} == {langganan.pk}
    assert (
        client.get(reverse("admin:asn_portal_langgananlaporan_change", args=[other.pk])).status_code
        == 302
    )
