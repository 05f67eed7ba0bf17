"""Every page and endpoint, for every persona."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from jabatan.models import Formasi, Pegawai
from jabatan.penataan.models import JenisItem, RencanaPenataan
from tests.conftest import client_for
from tests.penataan.factories import ItemFactory, RencanaFactory

PERSONAS = ["admin_bkd", "verifikator", "operator_a", "operator_b", "asn_x", "asn_y", None]


@pytest.fixture
def setup(
    admin_bkd: Any,
    verifikator: Any,
    operator_a: Any,
    operator_b: Any,
    asn_x: Any,
    asn_y: Any,
    unit_a: Any,
) -> dict[str, Any]:
    """A submitted plan in unit A that moves ASN X; drafted by Admin BKD."""
    pegawai_x = Pegawai.objects.get(user=asn_x)
    asal = Formasi.objects.get(riwayat_jabatan__pegawai=pegawai_x)
    tujuan = Formasi.objects.create(
        unit=unit_a,
        jabatan=asal.jabatan.__class__.objects.create(
            kode="TUJUAN", nama="Penelaah Kebijakan", kategori="pelaksana", kelas_jabatan=8
        ),
    )
    # ASN X (born 1965 by the shared factory) retires in 2023: a TMT before that keeps the plan valid.
    rencana = RencanaFactory(
        dibuat_oleh=admin_bkd, tmt=dt.date(2022, 6, 1), status="diajukan", nama="Rencana Dinas A"
    )
    ItemFactory(
        rencana=rencana,
        jenis=JenisItem.MUTASI,
        pegawai=pegawai_x,
        formasi_asal=asal,
        formasi_tujuan=tujuan,
    )
    users = {
        "admin_bkd": admin_bkd,
        "verifikator": verifikator,
        "operator_a": operator_a,
        "operator_b": operator_b,
        "asn_x": asn_x,
        "asn_y": asn_y,
        None: None,
    }
    return {"rencana": rencana, "users": users}


def _get(setup: dict[str, Any], persona: str | None, url: str) -> Any:
    return client_for(setup["users"][persona]).get(url)


def _url(name: str, rencana: RencanaPenataan) -> str:
    return {
        "changelist": reverse("admin:jabatan_rencanapenataan_changelist"),
        "change": reverse("admin:jabatan_rencanapenataan_change", args=[rencana.pk]),
        "wizard": reverse("admin:jabatan_rencanapenataan_penyetaraan"),
        "progres": reverse("admin:jabatan_rencanapenataan_progres", args=[rencana.pk]),
        "item_add": reverse("admin:jabatan_itemrencana_add") + f"?rencana={rencana.pk}",
        "pratinjau": reverse("jabatan:penataan_pratinjau", args=[rencana.pk]),
        "saya": reverse("jabatan:penataan_saya"),
        "api_list": "/api/v1/penataan/rencana/",
        "api_detail": f"/api/v1/penataan/rencana/{rencana.pk}/",
        "api_validasi": f"/api/v1/penataan/rencana/{rencana.pk}/validasi/",
        "api_pratinjau": f"/api/v1/penataan/rencana/{rencana.pk}/pratinjau/",
        "api_items": f"/api/v1/penataan/item/?rencana={rencana.pk}",
    }[name]


LOGIN = 302  # the admin and login_required send strangers to a login page
NO_API = (401, 403)

EXPECTED: dict[str, dict[str | None, Any]] = {
    "changelist": {
        "admin_bkd": 200,
        "verifikator": 200,
        "operator_a": 200,
        "operator_b": 200,
        "asn_x": LOGIN,
        "asn_y": LOGIN,
        None: LOGIN,
    },
    # the admin answers a plan out of reach with a redirect to its index ("does not exist")
    "change": {
        "admin_bkd": 200,
        "verifikator": 200,
        "operator_a": 200,
        "operator_b": 302,
        "asn_x": LOGIN,
        "asn_y": LOGIN,
        None: LOGIN,
    },
    "wizard": {
        "admin_bkd": 200,
        "verifikator": 403,
        "operator_a": 200,
        "operator_b": 200,
        "asn_x": LOGIN,
        "asn_y": LOGIN,
        None: LOGIN,
    },
    "progres": {
        "admin_bkd": 200,
        "verifikator": 200,
        "operator_a": 200,
        "operator_b": 404,
        "asn_x": LOGIN,
        "asn_y": LOGIN,
        None: LOGIN,
    },
    "item_add": {
        "admin_bkd": 200,
        "verifikator": 403,
        "operator_a": 200,
        "operator_b": 200,
        "asn_x": LOGIN,
        "asn_y": LOGIN,
        None: LOGIN,
    },
    "pratinjau": {
        "admin_bkd": 200,
        "verifikator": 200,
        "operator_a": 200,
        "operator_b": 404,
        "asn_x": 403,
        "asn_y": 403,
        None: LOGIN,
    },
    "saya": {
        "admin_bkd": 403,
        "verifikator": 403,
        "operator_a": 403,
        "operator_b": 403,
        "asn_x": 200,
        "asn_y": 200,
        None: LOGIN,
    },
    "api_list": {
        "admin_bkd": 200,
        "verifikator": 200,
        "operator_a": 200,
        "operator_b": 200,
        "asn_x": 403,
        "asn_y": 403,
        None: NO_API,
    },
    "api_detail": {
        "admin_bkd": 200,
        "verifikator": 200,
        "operator_a": 200,
        "operator_b": 404,
        "asn_x": 403,
        "asn_y": 403,
        None: NO_API,
    },
    "api_validasi": {
        "admin_bkd": 200,
        "verifikator": 200,
        "operator_a": 200,
        "operator_b": 404,
        "asn_x": 403,
        "asn_y": 403,
        None: NO_API,
    },
    "api_pratinjau": {
        "admin_bkd": 200,
        "verifikator": 200,
        "operator_a": 200,
        "operator_b": 404,
        "asn_x": 403,
        "asn_y": 403,
        None: NO_API,
    },
    "api_items": {
        "admin_bkd": 200,
        "verifikator": 200,
        "operator_a": 200,
        "operator_b": 200,
        "asn_x": 403,
        "asn_y": 403,
        None: NO_API,
    },
}


@pytest.mark.parametrize("page", list(EXPECTED))
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_answers_each_persona(
    setup: dict[str, Any], page: str, persona: str | None
) -> None:
    response = _get(setup, persona, _url(page, setup["rencana"]))
    expected = EXPECTED[page][persona]
    assert response.status_code in (expected if isinstance(expected, tuple) else (expected,)), (
        response.content[:300]
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_lists_show_only_reachable_plans(setup: dict[str, Any], persona: str | None) -> None:
    response = _get(setup, persona, "/api/v1/penataan/rencana/")
    if response.status_code != 200:
        return
    names = [row["nama"] for row in response.json()["results"]]
    assert names == ([] if persona == "operator_b" else ["Rencana Dinas A"])
    html = _get(setup, persona, _url("changelist", setup["rencana"])).content.decode()
    assert ("Rencana Dinas A" in html) is (persona != "operator_b")


def test_saya_shows_only_the_asns_own_changes(setup: dict[str, Any]) -> None:
    html_x = _get(setup, "asn_x", _url("saya", setup["rencana"])).content.decode()
    assert (
        "Rencana Dinas A" in html_x and "Penelaah Kebijakan" in html_x and "1 Juni 2022" in html_x
    )
    html_y = _get(setup, "asn_y", _url("saya", setup["rencana"])).content.decode()
    assert "Rencana Dinas A" not in html_y and "Tidak ada rencana penataan" in html_y


def test_saya_hides_drafts(setup: dict[str, Any]) -> None:
    RencanaPenataan.objects.update(status="draf")
    assert (
        "Rencana Dinas A"
        not in _get(setup, "asn_x", _url("saya", setup["rencana"])).content.decode()
    )


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("admin_bkd", 201), ("verifikator", 403), ("operator_a", 201), ("asn_x", 403), (None, NO_API)],
)
def test_api_create_per_persona(setup: dict[str, Any], persona: str | None, expected: Any) -> None:
    response = client_for(setup["users"][persona]).post(
        "/api/v1/penataan/rencana/",
        {"nama": "Baru", "dasar_hukum": "SK", "tmt": "2026-02-01"},
        content_type="application/json",
    )
    assert response.status_code in (expected if isinstance(expected, tuple) else (expected,))


@pytest.mark.parametrize(
    ("persona", "aksi", "expected"),
    [
        ("verifikator", "setujui", 200),
        ("admin_bkd", "setujui", 403),
        ("operator_a", "setujui", 403),
        ("operator_b", "setujui", 404),
        ("asn_x", "setujui", 403),
        (None, "setujui", NO_API),
        ("verifikator", "terapkan", 403),
        ("operator_a", "terapkan", 403),
        ("operator_a", "ajukan", 403),
    ],
)
def test_api_transitions_per_persona(
    setup: dict[str, Any], persona: str | None, aksi: str, expected: Any
) -> None:
    rencana = setup["rencana"]
    response = client_for(setup["users"][persona]).post(
        f"/api/v1/penataan/rencana/{rencana.pk}/{aksi}/"
    )
    assert response.status_code in (expected if isinstance(expected, tuple) else (expected,)), (
        response.content
    )


@pytest.mark.parametrize("persona", ["operator_b", "asn_x", None])
def test_admin_actions_refuse_strangers(setup: dict[str, Any], persona: str | None) -> None:
    rencana = setup["rencana"]
    client_for(setup["users"][persona]).post(
        reverse("admin:jabatan_rencanapenataan_aksi", args=[rencana.pk, "setujui"])
    )
    assert RencanaPenataan.objects.get(pk=rencana.pk).status == "diajukan"
