"""The province-wide view across the two instansi: a Pemantau granted Kota Bengkulu reads its
roll-ups and nothing else (no ASN record, not the province, no admin, no staff page); the
province's Admin BKD reads Kota Bengkulu's; Kota Bengkulu's Admin BKD cannot read the province."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib import admin
from django.urls import get_resolver, reverse
from rest_framework.test import APIClient

from asn_portal.access import instansi_rekap_ids, is_staff_member, may_read_rekap
from jabatan.models import Instansi, PemantauInstansi
from tests.asn_portal.test_staff_member import open_staff_pages
from tests.asn_portal.write_paths import request_for
from tests.conftest import client_for
from tests.lintas_instansi.conftest import MARKER, Dunia
from tests.lintas_instansi.test_matrix import _api_patterns

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<th scope="row" data-label="Instansi">([^<]+)</th>')


def _rows(user: Any) -> list[str]:
    response = client_for(user).get("/rekap/")
    assert response.status_code == 200
    return list(dict.fromkeys(ROW.findall(response.content.decode())))  # every table: once each


def _api_kode(user: Any) -> list[str] | int:
    client = APIClient()
    client.force_authenticate(user)
    response = client.get("/api/v1/rekap/")
    if response.status_code != 200:
        return response.status_code
    return [row["instansi"]["kode"] for row in response.json()["instansi"]]


def test_who_reads_which_instansi(dunia: Dunia) -> None:
    users, a, b = dunia.users, dunia.instansi_a, dunia.instansi_b
    assert instansi_rekap_ids(users["pemantau_kota"]) == [b.pk]
    assert instansi_rekap_ids(users["admin_bkd"]) == [a.pk, b.pk]  # "17" reads "17.71"
    assert instansi_rekap_ids(users["superuser"]) == [a.pk, b.pk]
    for name in ("admin_kota", "verifikator", "operator_a", "asn_x", "verifikator_kota"):
        assert instansi_rekap_ids(users[name]) == [], name
        assert may_read_rekap(users[name]) is False, name
    for name in ("pemantau_kota", "admin_bkd", "superuser"):
        assert may_read_rekap(users[name]) is True, name
    # another province's instansi is not the province's to read
    lain = Instansi.objects.create(
        kode="18.71", nama="Kota Bandar Lampung", jenis="kota", nama_bkd="BKPSDM", slug="bdl"
    )
    admin = users["admin_bkd"]
    del admin._instansi_rekap_ids
    assert lain.pk not in instansi_rekap_ids(admin)


def test_the_page_and_the_api_show_the_instansi_read(dunia: Dunia) -> None:
    users = dunia.users
    assert _rows(users["pemantau_kota"]) == ["Kota Bengkulu"]
    assert _api_kode(users["pemantau_kota"]) == ["17.71"]
    assert _rows(users["admin_bkd"]) == [dunia.instansi_a.nama_singkat, "Kota Bengkulu"]
    assert _api_kode(users["admin_bkd"]) == ["17", "17.71"]
    # Kota Bengkulu's Admin BKD is not the province's: the roll-up does not exist for them
    assert client_for(users["admin_kota"]).get("/rekap/").status_code == 404
    assert _api_kode(users["admin_kota"]) == 404


def test_a_pemantau_is_not_staff_and_reaches_no_admin(dunia: Dunia) -> None:
    pemantau = dunia.users["pemantau_kota"]
    assert is_staff_member(pemantau) is False
    assert admin.site.has_permission(request_for(pemantau)) is False
    client = client_for(pemantau)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "login" in response["Location"]
    assert client.get(reverse("portal:beranda"))["Location"] == "/rekap/"


def test_a_pemantau_is_refused_every_staff_page_but_the_rollup(dunia: Dunia) -> None:
    opened = open_staff_pages(dunia.users["pemantau_kota"])
    assert [(route, status) for route, status, _location in opened] == [("rekap/", 200)]


def test_a_pemantau_reaches_no_asn_record_through_the_api(dunia: Dunia) -> None:
    client = APIClient()
    client.force_authenticate(dunia.users["pemantau_kota"])
    shown = []
    for route, view in _api_patterns(get_resolver().url_patterns):
        route = route.removeprefix("api/v1/").lstrip("^").rstrip("$")
        if "(?P<" in route or route.startswith("rekap"):
            continue
        if "get" in getattr(view, "actions", {}) or not getattr(view, "actions", None):
            text = client.get("/api/v1/" + route).content.decode(errors="replace")
            for side in (dunia.a, dunia.b):
                pegawai = side["jabatan.Pegawai"]
                if pegawai.nip in text or pegawai.nama in text:
                    shown.append(route)
    assert shown == []
    for side in (dunia.a, dunia.b):
        nip = side["jabatan.Pegawai"].nip
        assert client.get(f"/api/v1/pegawai/{nip}/").status_code in (403, 404)


def test_the_pemantau_admin_follows_the_province(dunia: Dunia) -> None:
    users, a, b = dunia.users, dunia.instansi_a, dunia.instansi_b
    row = PemantauInstansi.objects.get(user=users["pemantau_kota"])
    model_admin = admin.site._registry[PemantauInstansi]
    provinsi = request_for(users["admin_bkd"])
    assert list(model_admin.get_queryset(provinsi)) == [row]
    form = model_admin.get_form(provinsi)
    assert set(form.base_fields["instansi"].queryset) == {a, b}
    assert users["pemantau_kota"] in form.base_fields["user"].queryset
    assert users["admin_kota"] not in form.base_fields["user"].queryset  # not a Pemantau
    kota = request_for(users["admin_kota"])
    assert model_admin.has_module_permission(kota) is False
    assert model_admin.get_queryset(kota).count() == 0
    response = client_for(users["admin_kota"]).get(
        reverse("admin:jabatan_pemantauinstansi_change", args=[row.pk])
    )
    missing = client_for(users["admin_kota"]).get(
        reverse("admin:jabatan_pemantauinstansi_change", args=[987654321])
    )
    assert (response.status_code, response.get("Location")) == (
        missing.status_code,
        missing.get("Location"),
    )
    assert MARKER not in client_for(users["admin_kota"]).get("/rekap/").content.decode()
