"""Every admin page, action and autocomplete of the register, per persona."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from jabatan.models import Formasi, RiwayatJabatan, UnitOrganisasi
from tests.conftest import client_for

PERSONAS = ["admin_bkd", "verifikator", "operator_a", "operator_b", "asn_x", "asn_y", None]
STAFF_SEES_A = {"admin_bkd", "verifikator", "operator_a"}


@pytest.fixture
def objek(
    unit_a: Any, unit_b: Any, formasi_a: Any, formasi_b: Any, pegawai_a: Any, pegawai_b: Any
) -> dict[str, Any]:
    return {
        "unit_a": unit_a,
        "unit_b": unit_b,
        "formasi_a": formasi_a,
        "formasi_b": formasi_b,
        "pegawai_a": pegawai_a,
        "pegawai_b": pegawai_b,
        "riwayat_a": RiwayatJabatan.objects.get(pegawai=pegawai_a),
        "riwayat_b": RiwayatJabatan.objects.get(pegawai=pegawai_b),
    }


def _user(request: pytest.FixtureRequest, persona: str | None) -> Any:
    return request.getfixturevalue(persona) if persona else None


CHANGELISTS = [
    ("unitorganisasi", "?q=Dinas", "Dinas A", "Dinas B"),
    ("formasi", "", "Penata Layanan Operasional", "Analis B"),
    ("pegawai", "", "198609262015051001", "199001012015052001"),
    ("riwayatjabatan", "", "Ahmad Saputra", "Bunga Lestari"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("model", "query", "marker_a", "marker_b"), CHANGELISTS)
def test_changelists_show_only_rows_in_reach(
    request: pytest.FixtureRequest,
    objek: dict,
    persona: str | None,
    model: str,
    query: str,
    marker_a: str,
    marker_b: str,
) -> None:
    user = _user(request, persona)
    response = client_for(user).get(reverse(f"admin:jabatan_{model}_changelist") + query)
    if persona in (None, "asn_x", "asn_y"):
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
        return
    assert response.status_code == 200
    content = response.content.decode()
    assert (marker_a in content) is (persona != "operator_b")
    assert (marker_b in content) is (persona != "operator_a")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_tree_roots_and_children_are_scoped(
    request: pytest.FixtureRequest, objek: dict, persona: str | None
) -> None:
    client = client_for(_user(request, persona))
    roots = client.get(reverse("admin:jabatan_unitorganisasi_changelist"))
    children = client.get(f"/admin/jabatan/unitorganisasi/children/{objek['unit_a'].pk}/")
    if persona in (None, "asn_x", "asn_y"):
        assert roots.status_code == 302 and children.status_code == 302
        return
    assert roots.status_code == 200
    assert ("Dinas A" in roots.content.decode()) is (persona in STAFF_SEES_A)
    assert ("Dinas B" in roots.content.decode()) is (persona != "operator_a")
    assert children.status_code == 200
    assert ("Bidang A1" in children.json()["result_html"]) is (persona in STAFF_SEES_A)


CHANGE_PAGES = [
    ("unitorganisasi", "unit_a", "unit_b"),
    ("formasi", "formasi_a", "formasi_b"),
    ("pegawai", "pegawai_a", "pegawai_b"),
    ("riwayatjabatan", "riwayat_a", "riwayat_b"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("model", "key_a", "key_b"), CHANGE_PAGES)
def test_change_and_audit_pages_outside_reach_are_absent(
    request: pytest.FixtureRequest,
    objek: dict,
    persona: str | None,
    model: str,
    key_a: str,
    key_b: str,
) -> None:
    client = client_for(_user(request, persona))
    obj = objek[key_a]
    change = client.get(reverse(f"admin:jabatan_{model}_change", args=[obj.pk]))
    audit = client.get(reverse(f"admin:jabatan_{model}_auditlog", args=[obj.pk]))
    if persona in (None, "asn_x", "asn_y"):
        assert change.status_code == 302 and "/admin/login/" in change["Location"]
        assert audit.status_code == 302
    elif persona in STAFF_SEES_A:
        assert change.status_code == 200
        assert audit.status_code == 200
        assert "Riwayat audit" in change.content.decode()
    else:  # operator_b: the object does not exist for them
        assert change.status_code == 302
        assert change["Location"] == reverse("admin:index")
        assert audit.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["admin_bkd", "verifikator", "operator_a", "operator_b"])
def test_change_post_outside_reach_changes_nothing(
    request: pytest.FixtureRequest, objek: dict, persona: str
) -> None:
    client = client_for(_user(request, persona))
    unit = objek["unit_a"]
    client.post(
        reverse("admin:jabatan_unitorganisasi_change", args=[unit.pk]),
        {"nama": "Diubah", "jenis": "opd", "aktif": "on"},
    )
    unit.refresh_from_db()
    assert (unit.nama == "Diubah") is (persona == "operator_a")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "action", "key", "check"),
    [
        ("formasi", "nonaktifkan", "formasi_a", lambda o: not Formasi.objects.get(pk=o.pk).aktif),
        (
            "unitorganisasi",
            "nonaktifkan",
            "unit_a",
            lambda o: not UnitOrganisasi.objects.get(pk=o.pk).aktif,
        ),
        (
            "riwayatjabatan",
            "akhiri_hari_ini",
            "riwayat_a",
            lambda o: RiwayatJabatan.objects.get(pk=o.pk).tmt_selesai is not None,
        ),
    ],
)
@pytest.mark.parametrize("persona", ["operator_a", "operator_b", "verifikator"])
def test_bulk_actions_reach_only_own_units(
    request: pytest.FixtureRequest,
    objek: dict,
    persona: str,
    model: str,
    action: str,
    key: str,
    check: Any,
) -> None:
    obj = objek[key]
    client_for(_user(request, persona)).post(
        reverse(f"admin:jabatan_{model}_changelist"),
        {"action": action, "_selected_action": [obj.pk]},
    )
    assert check(obj) is (persona == "operator_a")


@pytest.mark.django_db
def test_export_exports_only_rows_in_reach(objek: dict, operator_b: Any) -> None:
    response = client_for(operator_b).get(reverse("admin:jabatan_pegawai_ekspor", args=["csv"]))
    assert response.status_code == 200
    body = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else response.content.decode()
    )
    assert "199001012015052001" in body
    assert "198609262015051001" not in body


AUTOCOMPLETES = [
    # (source model, field, term, text of A's row)
    ("riwayatjabatan", "formasi", "Penata", "Penata Layanan Operasional"),
    ("riwayatjabatan", "pegawai", "Ahmad", "Ahmad Saputra"),
    ("formasi", "unit", "Seksi", "Seksi A11"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("model", "field", "term", "text"), AUTOCOMPLETES)
def test_autocompletes_are_scoped(
    request: pytest.FixtureRequest,
    objek: dict,
    persona: str | None,
    model: str,
    field: str,
    term: str,
    text: str,
) -> None:
    response = client_for(_user(request, persona)).get(
        reverse("admin:autocomplete"),
        {"app_label": "jabatan", "model_name": model, "field_name": field, "term": term},
    )
    if persona in (None, "asn_x", "asn_y"):
        assert response.status_code == 302
        return
    assert response.status_code == 200
    texts = " ".join(r["text"] for r in response.json()["results"])
    assert (text in texts) is (persona in STAFF_SEES_A)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_add_pages_follow_role_permissions(
    request: pytest.FixtureRequest, objek: dict, persona: str | None
) -> None:
    client = client_for(_user(request, persona))
    for model in ("pegawai", "riwayatjabatan", "formasi"):
        response = client.get(reverse(f"admin:jabatan_{model}_add"))
        if persona in (None, "asn_x", "asn_y"):
            assert response.status_code == 302
        elif persona == "verifikator":
            assert response.status_code == 403
        else:
            assert response.status_code == 200


@pytest.mark.django_db
def test_formasi_form_offers_only_own_units(objek: dict, operator_a: Any) -> None:
    response = client_for(operator_a).post(
        reverse("admin:jabatan_formasi_add"),
        {
            "unit": objek["unit_b"].pk,
            "jabatan": objek["formasi_a"].jabatan_id,
            "aktif": "on",
            "uraian_tugas-TOTAL_FORMS": "0",
            "uraian_tugas-INITIAL_FORMS": "0",
            "riwayat_jabatan-TOTAL_FORMS": "0",
            "riwayat_jabatan-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200  # re-rendered with an error
    assert not Formasi.objects.filter(
        unit=objek["unit_b"], jabatan=objek["formasi_a"].jabatan
    ).exists()


@pytest.mark.django_db
def test_riwayat_add_refuses_a_formasi_of_another_unit(objek: dict, operator_a: Any) -> None:
    response = client_for(operator_a).post(
        reverse("admin:jabatan_riwayatjabatan_add"),
        {
            "pegawai": objek["pegawai_a"].pk,
            "formasi": objek["formasi_b"].pk,
            "jenis": "definitif",
            "tmt_mulai": "2026-01-05",
        },
    )
    assert response.status_code == 200
    assert RiwayatJabatan.objects.filter(pegawai=objek["pegawai_a"]).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_clone_page_is_scoped(
    request: pytest.FixtureRequest, objek: dict, persona: str | None
) -> None:
    response = client_for(_user(request, persona)).get(
        reverse("admin:jabatan_unitorganisasi_klon", args=[objek["unit_a"].pk])
    )
    expected = {
        None: 302,
        "asn_x": 302,
        "asn_y": 302,
        "admin_bkd": 200,
        "operator_a": 200,
        "verifikator": 403,
        "operator_b": 404,
    }
    assert response.status_code == expected[persona]


@pytest.mark.django_db
def test_operator_cannot_move_units(objek: dict, operator_a: Any, admin_bkd: Any) -> None:
    seksi = UnitOrganisasi.objects.get(kode="A.1.1")
    data = {"node": seksi.pk, "target": objek["unit_a"].pk, "relation": "child"}
    assert (
        client_for(operator_a).post("/admin/jabatan/unitorganisasi/move/", data).status_code == 403
    )
    assert (
        client_for(admin_bkd).post("/admin/jabatan/unitorganisasi/move/", data).status_code == 200
    )
    assert (
        UnitOrganisasi.objects.get_parent(UnitOrganisasi.objects.get(pk=seksi.pk))
        == objek["unit_a"]
    )


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_dashboard_is_scoped(
    request: pytest.FixtureRequest, objek: dict, persona: str | None
) -> None:
    client = client_for(_user(request, persona))
    response = client.get(reverse("jabatan:dasbor", args=[objek["unit_a"].pk]))
    if persona is None:
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
    elif persona in ("asn_x", "asn_y"):  # logged in, but not staff (asn_portal.access)
        assert response.status_code == 403
    elif persona == "operator_b":
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        content = response.content.decode()
        assert "Bezetting dibanding kebutuhan" in content
        assert 'role="img"' in content and "<table" in content


@pytest.mark.django_db
def test_dashboard_index_sends_an_operator_to_their_unit(
    objek: dict, operator_b: Any, admin_bkd: Any
) -> None:
    response = client_for(operator_b).get(reverse("jabatan:dasbor_index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("jabatan:dasbor", args=[objek["unit_b"].pk])
    listing = client_for(admin_bkd).get(reverse("jabatan:dasbor_index")).content.decode()
    assert "Dinas A" in listing and "Dinas B" in listing


@pytest.mark.django_db
def test_audit_log_records_admin_changes_with_who_and_before_after(
    objek: dict, operator_a: Any
) -> None:
    from auditlog.models import LogEntry

    unit = objek["unit_a"]
    client = client_for(operator_a)
    client.post(
        reverse("admin:jabatan_unitorganisasi_change", args=[unit.pk]),
        {"nama": "Dinas A Baru", "jenis": "opd", "aktif": "on"},
    )
    entry = LogEntry.objects.get_for_object(unit).order_by("-timestamp").first()
    assert entry.actor == operator_a
    assert entry.changes_dict["nama"] == ["Dinas A", "Dinas A Baru"]
    page = client.get(
        reverse("admin:jabatan_unitorganisasi_auditlog", args=[unit.pk])
    ).content.decode()
    assert "Dinas A Baru" in page and "operator_a" in page


@pytest.mark.django_db
def test_audit_log_is_never_editable(objek: dict, admin_bkd: Any) -> None:
    from auditlog.models import LogEntry

    objek["unit_a"].nama = "X"
    objek["unit_a"].save()
    entry = LogEntry.objects.first()
    client = client_for(admin_bkd)
    assert client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk])).status_code == 200
    client.post(reverse("admin:auditlog_logentry_change", args=[entry.pk]), {"changes": "{}"})
    assert (
        client.post(
            reverse("admin:auditlog_logentry_delete", args=[entry.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    entry.refresh_from_db()
    assert entry.changes_dict


@pytest.mark.django_db
def test_pegawai_change_page_shows_derived_fields_read_only(objek: dict, admin_bkd: Any) -> None:
    content = (
        client_for(admin_bkd)
        .get(reverse("admin:jabatan_pegawai_change", args=[objek["pegawai_a"].pk]))
        .content.decode()
    )
    assert 'name="tanggal_lahir"' not in content
    assert 'name="jenis_kelamin"' not in content
    assert "26 Sep 1986" in content  # tanggal lahir from the NIP, in the one date format
    assert "Laki-laki" in content
    assert "Penata Layanan Operasional" in content  # riwayat inline


@pytest.mark.django_db
def test_admin_bkd_adds_a_unit_in_the_tree(objek: dict, admin_bkd: Any) -> None:
    response = client_for(admin_bkd).post(
        reverse("admin:jabatan_unitorganisasi_add"),
        {
            "kode": "A.2",
            "nama": "Bidang A2",
            "jenis": "bidang",
            "aktif": "on",
            "treebeard_position": "sorted-child",
            "treebeard_ref_node": objek["unit_a"].pk,
        },
    )
    assert response.status_code == 302
    unit = UnitOrganisasi.objects.get(kode="A.2")
    assert UnitOrganisasi.objects.get_parent(unit) == objek["unit_a"]


@pytest.mark.django_db
def test_clone_through_the_admin(objek: dict, operator_a: Any) -> None:
    seksi = UnitOrganisasi.objects.get(kode="A.1.1")
    response = client_for(operator_a).post(
        reverse("admin:jabatan_unitorganisasi_klon", args=[seksi.pk]),
        {"parent": objek["unit_a"].pk, "kode_prefix": "A.3", "nama": "Seksi A3"},
    )
    assert response.status_code == 302
    copy = UnitOrganisasi.objects.get(kode="A.3")
    assert Formasi.objects.filter(unit=copy, jabatan=objek["formasi_a"].jabatan).exists()
    refused = client_for(operator_a).post(
        reverse("admin:jabatan_unitorganisasi_klon", args=[seksi.pk]),
        {"parent": objek["unit_b"].pk, "kode_prefix": "B.9", "nama": "Seksi B9"},
    )
    assert refused.status_code == 200  # the unit of another operator is not a valid choice
    assert not UnitOrganisasi.objects.filter(kode="B.9").exists()
