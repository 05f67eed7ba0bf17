"""A plan item composed on the plan's page: the ASN by name or NIP within the write scope, the
current formasi from their definitive assignment, the target by unit then jabatan, and the
item's validation beside it before it is saved."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jabatan.penataan import selectors, services
from jabatan.penataan.models import ItemRencana, JenisItem, RencanaPenataan
from tests.conftest import client_for
from tests.penataan.conftest import Dunia, menjabat, pegawai
from tests.penataan.factories import mutasi, rencana_draf

pytestmark = pytest.mark.django_db


@pytest.fixture
def draf(dunia: Dunia, operator_a: Any) -> RencanaPenataan:
    return rencana_draf(user=operator_a, nama="Rotasi A")


def _url(name: str, rencana: RencanaPenataan) -> str:
    return reverse(f"admin:jabatan_rencanapenataan_butir_{name}", args=[rencana.pk])


def _cari(user: Any, rencana: RencanaPenataan, q: str) -> Any:
    return client_for(user).get(_url("cari", rencana), {"q": q})


def test_search_finds_an_asn_by_name_with_their_current_formasi(
    draf: RencanaPenataan, dunia: Dunia, operator_a: Any
) -> None:
    response = _cari(operator_a, draf, "analis s")
    assert response.status_code == 200
    hasil = response.json()["hasil"]
    assert [h["nip"] for h in hasil] == [dunia.p_analis1.nip]
    assert hasil[0]["formasi_asal"] == {
        "id": dunia.f_analis_a.pk,
        "jabatan": "Analis Data",
        "kelas": 7,
        "unit": dunia.a11.nama,
    }


def test_search_finds_an_asn_by_the_start_of_the_nip_typed_with_spaces(
    draf: RencanaPenataan, dunia: Dunia, operator_a: Any
) -> None:
    nip = dunia.p_kasi.nip
    hasil = _cari(operator_a, draf, f"{nip[:8]} {nip[8:14]} {nip[14:]}").json()["hasil"]
    assert [h["id"] for h in hasil] == [dunia.p_kasi.pk]


def test_search_stays_inside_the_write_scope(
    draf: RencanaPenataan, dunia: Dunia, operator_a: Any, admin_bkd: Any
) -> None:
    # Pegawai B works in unit B: beyond operator A's reach, within Admin BKD's.
    assert _cari(operator_a, draf, "Pegawai B").json()["hasil"] == []
    assert [h["id"] for h in _cari(admin_bkd, draf, "Pegawai B").json()["hasil"]] == [dunia.p_b.pk]


def test_search_uses_the_same_scope_as_the_write_side(
    draf: RencanaPenataan, dunia: Dunia, operator_a: Any
) -> None:
    from asn_portal.access import scoped_related_queryset
    from jabatan.models import Pegawai

    found = {p.pk for p, _r in selectors.pegawai_cari(user=operator_a, q="ka")}
    reach = set(scoped_related_queryset(Pegawai, operator_a).values_list("pk", flat=True))
    assert found and found <= reach and dunia.p_b.pk not in found


def test_search_answers_in_a_constant_number_of_queries(
    draf: RencanaPenataan, dunia: Dunia, operator_a: Any, django_assert_num_queries: Any
) -> None:
    client = client_for(operator_a)
    menjabat(pegawai(50, nama="Budi Nol"), dunia.f_pengolah_a)
    client.get(_url("cari", draf), {"q": "budi"})  # warm the session and permission caches
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(_url("cari", draf), {"q": "budi"}).json()["hasil"]) == 1
    for n in range(51, 60):
        menjabat(pegawai(n, nama=f"Budi {n}"), dunia.f_pengolah_a)
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(client.get(_url("cari", draf), {"q": "budi"}).json()["hasil"]) == 10


def test_target_formasi_are_listed_per_unit_with_need_and_holders(
    draf: RencanaPenataan, dunia: Dunia, operator_a: Any
) -> None:
    response = client_for(operator_a).get(_url("formasi", draf), {"unit": dunia.a11.pk})
    hasil = {h["jabatan"]: h for h in response.json()["hasil"]}
    assert set(hasil) == {"Analis Data", "Kepala Seksi", "Kepala Subseksi"}
    assert (hasil["Analis Data"]["kebutuhan"], hasil["Analis Data"]["bezetting"]) == (2, 2)


def test_target_formasi_of_a_unit_outside_the_scope_are_not_listed(
    draf: RencanaPenataan, dunia: Dunia, operator_a: Any
) -> None:
    response = client_for(operator_a).get(_url("formasi", draf), {"unit": dunia.b1.pk})
    assert response.json()["hasil"] == []


def _periksa(
    user: Any, rencana: RencanaPenataan, pegawai: Any, tujuan: Any = None, **params: Any
) -> Any:
    """The check of a mutasi (unless ``jenis`` says otherwise) of ``pegawai`` to ``tujuan``."""
    params = {"jenis": JenisItem.MUTASI, "pegawai": pegawai.pk, **params}
    if tujuan is not None:
        params["formasi_tujuan"] = tujuan.pk
    return client_for(user).get(_url("periksa", rencana), params).json()


def test_the_check_shows_a_warning_and_asks_for_its_reason(
    draf: RencanaPenataan, dunia: Dunia, operator_a: Any
) -> None:
    data = _periksa(operator_a, draf, dunia.p_analis1, dunia.f_pengolah_a)
    assert data["formasi_asal"]["id"] == dunia.f_analis_a.pk
    assert [(m["tingkat"], m["is_error"]) for m in data["masalah"]] == [("Peringatan", False)]
    assert "Kelas jabatan turun dari 7 ke 6" in data["masalah"][0]["pesan"]
    assert data["perlu_alasan"] is True and data["boleh_diajukan"] is False
    with_reason = _periksa(
        operator_a, draf, dunia.p_analis1, dunia.f_pengolah_a, alasan_peringatan="Rotasi berkala"
    )
    assert with_reason["boleh_diajukan"] is True
    assert not ItemRencana.objects.exists()  # checking never saves


def test_the_check_judges_the_item_against_the_whole_plan(
    draf: RencanaPenataan, dunia: Dunia, operator_a: Any
) -> None:
    mutasi(
        draf, user=operator_a, pegawai=dunia.p_analis1, tujuan=dunia.f_pengolah_a, alasan="Rotasi"
    )
    data = _periksa(operator_a, draf, dunia.p_analis1, dunia.f_kasi, jenis=JenisItem.PROMOSI)
    pesan = [m["pesan"] for m in data["masalah"] if m["is_error"]]
    assert any("lebih dari satu butir" in p for p in pesan)


def test_the_check_names_the_missing_field(
    draf: RencanaPenataan, dunia: Dunia, operator_a: Any
) -> None:
    data = _periksa(operator_a, draf, dunia.p_analis1)
    assert [(m["field"], m["pesan"]) for m in data["masalah"]] == [
        ("formasi_tujuan", "Pilih unit, lalu jabatan tujuan.")
    ]
    assert data["formasi_asal"]["id"] == dunia.f_analis_a.pk


def test_the_check_refuses_an_asn_outside_the_scope_like_an_unknown_one(
    draf: RencanaPenataan, dunia: Dunia, operator_a: Any
) -> None:
    data = _periksa(operator_a, draf, dunia.p_b, dunia.f_pengolah_a)
    assert [m["field"] for m in data["masalah"]] == ["pegawai"]
    assert data["formasi_asal"] is None


def test_adding_saves_the_item_with_the_current_formasi_and_the_reason(
    draf: RencanaPenataan, dunia: Dunia, operator_a: Any
) -> None:
    response = client_for(operator_a).post(
        _url("tambah", draf),
        {
            "jenis": JenisItem.MUTASI,
            "pegawai": dunia.p_analis1.pk,
            "formasi_tujuan": dunia.f_pengolah_a.pk,
            "alasan_peringatan": "Rotasi berkala",
        },
    )
    assert response.status_code == 302
    item = draf.items.get()
    assert (item.pegawai, item.formasi_asal, item.formasi_tujuan, item.alasan_peringatan) == (
        dunia.p_analis1,
        dunia.f_analis_a,
        dunia.f_pengolah_a,
        "Rotasi berkala",
    )


def test_adding_without_javascript_finds_the_asn_by_full_nip(
    draf: RencanaPenataan, dunia: Dunia, operator_a: Any
) -> None:
    client_for(operator_a).post(
        _url("tambah", draf),
        {
            "jenis": JenisItem.PROMOSI,
            "pegawai_cari": dunia.p_pengolah.nip,
            "formasi_tujuan": dunia.f_analis_a.pk,
        },
    )
    assert draf.items.get().pegawai == dunia.p_pengolah


def test_adding_an_incomplete_item_names_the_field_and_saves_nothing(
    draf: RencanaPenataan, dunia: Dunia, operator_a: Any
) -> None:
    client = client_for(operator_a)
    response = client.post(
        _url("tambah", draf), {"jenis": JenisItem.MUTASI, "pegawai": dunia.p_analis1.pk}
    )
    assert response.status_code == 302 and not draf.items.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Jabatan tujuan: Pilih unit, lalu jabatan tujuan." in page


# --- who reaches the new endpoints ---------------------------------------------------------------

PERSONAS = ["anonim", "asn_x", "operator_a", "operator_b", "verifikator", "admin_bkd"]
# A draft of operator A touching unit A: its drafter and Admin BKD may add to it; operator B
# does not see the plan; the Verifikator sees it but may not edit.
EXPECTED = {
    "anonim": "login",
    "asn_x": "login",  # the admin sends a non-staff account to its login
    "operator_a": 200,
    "operator_b": 404,
    "verifikator": 403,
    "admin_bkd": 200,
}


def _persona(request: pytest.FixtureRequest, name: str) -> Any:
    return None if name == "anonim" else request.getfixturevalue(name)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", ["cari", "formasi", "periksa", "tambah"])
def test_new_item_endpoints_per_role(
    request: pytest.FixtureRequest,
    draf: RencanaPenataan,
    dunia: Dunia,
    asn_x: Any,
    persona: str,
    endpoint: str,
) -> None:
    user = _persona(request, persona)
    client = client_for(user)
    url = _url(endpoint, draf)
    params = {
        "q": "analis",
        "unit": dunia.a11.pk,
        "jenis": JenisItem.MUTASI,
        "pegawai": dunia.p_kasi.pk,
        "formasi_tujuan": dunia.f_analis_a.pk,
        "alasan_peringatan": "Uji",
    }
    response = client.post(url, params) if endpoint == "tambah" else client.get(url, params)
    expected = EXPECTED[persona]
    if expected == "login":
        assert response.status_code == 302 and "/login/" in response["Location"]
    elif endpoint == "tambah" and expected in (200, 403):
        # A page action answers by redirecting to the plan with its message.
        assert response.status_code == 302
        assert draf.items.exists() is (expected == 200)
    else:
        assert response.status_code == expected
    if endpoint != "tambah" and expected == 403:
        assert response.json()["pesan"]  # the reason, in words
    if endpoint != "tambah" and expected == 200:
        assert response.json()


def test_a_submitted_plan_offers_no_new_item(
    draf: RencanaPenataan, dunia: Dunia, operator_a: Any
) -> None:
    mutasi(
        draf, user=operator_a, pegawai=dunia.p_analis1, tujuan=dunia.f_pengolah_a, alasan="Rotasi"
    )
    services.rencana_submit(rencana=draf, user=operator_a)
    client = client_for(operator_a)
    page = client.get(reverse("admin:jabatan_rencanapenataan_change", args=[draf.pk]))
    assert 'id="butir-baru"' not in page.content.decode()
    refused = client.get(_url("cari", draf), {"q": "analis"})
    assert refused.status_code == 403 and "draf" in refused.json()["pesan"]
