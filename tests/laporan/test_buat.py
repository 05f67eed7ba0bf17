""" "Buat laporan" on the reports page (a period picker, a period not yet ended explained and
refused), and verification codes that survive being typed by hand."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from asn_portal.laporan.models import (
    ALFABET_KODE,
    Laporan,
    StatusLaporan,
    kode_verifikasi_baru,
    kode_verifikasi_normal,
    kode_verifikasi_tampil,
)
from asn_portal.laporan.selectors import laporan_verifikasi
from asn_portal.periode import Periode, periode_selesai_terakhir
from tests.conftest import client_for
from tests.laporan.conftest import buat_laporan

pytestmark = pytest.mark.django_db


# --- verification codes ---------------------------------------------------------------------------


def test_new_codes_use_no_look_alike_characters() -> None:
    codes = [kode_verifikasi_baru() for _ in range(300)]
    assert all(len(c) == 16 for c in codes) and len(set(codes)) == 300
    used = set("".join(codes))
    assert used <= set(ALFABET_KODE)
    assert not used & set("Il1O0L")
    assert not set(ALFABET_KODE) & set("Il1O0Lo")


@pytest.mark.parametrize(
    "typed",
    ["abcd-efgh-jkmn-pqrs", "ABCD EFGH JKMN PQRS", " abcdefghjkmnpqrs ", "ABCD – EFGH—JKMN-PQRS"],
)
def test_a_typed_code_is_normalised_to_its_stored_form(typed: str) -> None:
    assert kode_verifikasi_normal(typed) == "ABCDEFGHJKMNPQRS"


def test_codes_print_in_groups_of_four_and_old_codes_unchanged() -> None:
    assert kode_verifikasi_tampil("ABCDEFGHJKMNPQRS") == "ABCD-EFGH-JKMN-PQRS"
    assert kode_verifikasi_tampil("Ab-c_d1O0lIxyzABCDEFGHIJK") == "Ab-c_d1O0lIxyzABCDEFGHIJK"


def test_the_verification_page_accepts_lowercase_spaces_and_dashes(laporan_set: Any) -> None:
    laporan = laporan_set.a
    typed = kode_verifikasi_tampil(laporan.kode_verifikasi).lower().replace("-", " ")
    response = client_for(None).get(reverse("laporan:verifikasi", args=[typed]))
    assert response.status_code == 200 and "Dokumen asli" in response.content.decode()


def test_the_verification_form_sends_a_typed_code_to_its_page(laporan_set: Any) -> None:
    laporan = laporan_set.a
    typed = kode_verifikasi_tampil(laporan.kode_verifikasi).lower()
    response = client_for(None).get(reverse("laporan:verifikasi_cari"), {"kode": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("laporan:verifikasi", args=[laporan.kode_verifikasi])


def test_a_code_issued_before_the_new_alphabet_still_verifies(laporan_set: Any) -> None:
    # The old format: secrets.token_urlsafe(18), case-sensitive, may hold "-" and "_".
    lama = "aB3-x_Yz0OlI1qWeRtYuIo9P"
    Laporan.objects.filter(pk=laporan_set.a.pk).update(kode_verifikasi=lama)
    assert laporan_verifikasi(kode=lama) == laporan_set.a
    assert laporan_verifikasi(kode=lama.upper()) is None  # its case is part of it
    response = client_for(None).get(reverse("laporan:verifikasi_cari"), {"kode": f" {lama} "})
    assert response["Location"] == reverse("laporan:verifikasi", args=[lama])


def test_the_api_verifies_a_typed_code_for_anyone(laporan_set: Any) -> None:
    laporan = laporan_set.a
    typed = kode_verifikasi_tampil(laporan.kode_verifikasi).lower()
    url = reverse("laporan-verifikasi-detail", args=[typed])
    response = client_for(None).get(url)
    assert response.status_code == 200
    data = response.json()
    assert data["hash_pdf"] == laporan.hash_pdf and data["kode"] == kode_verifikasi_tampil(
        laporan.kode_verifikasi
    )
    assert "data" not in data and "unit" not in data
    missing = client_for(None).get(reverse("laporan-verifikasi-detail", args=["XXXX"]))
    assert missing.status_code == 404 and "tidak cocok" in missing.json()["detail"]


def test_the_api_does_not_verify_an_unfinished_report(laporan_set: Any) -> None:
    url = reverse("laporan-verifikasi-detail", args=[laporan_set.antre.kode_verifikasi])
    assert client_for(None).get(url).status_code == 404


# --- "Buat laporan" -------------------------------------------------------------------------------


def _terakhir() -> Periode:
    return periode_selesai_terakhir("bulan", timezone.now())


def test_the_reports_page_offers_the_period_picker_set_to_the_last_ended_month(
    admin_bkd: Any,
) -> None:
    response = client_for(admin_bkd).get(reverse("laporan:daftar"))
    html = response.content.decode()
    assert 'id="form-buat-laporan"' in html
    form = response.context["form"]
    terakhir = _terakhir()
    assert (form.initial["tahun"], form.initial["nomor"]) == (terakhir.tahun, terakhir.nomor)
    pilihan = json.loads(
        re.search(r'data-periode="([^"]+)"', html).group(1).replace("&quot;", '"')  # type: ignore[union-attr]
    )
    assert pilihan["bulanan"]["terakhir"]["label"] == terakhir.label
    assert [n for n, _label in pilihan["triwulanan"]["nomor"]] == [1, 2, 3, 4]
    assert pilihan["tahunan"]["nomor"] == []


def test_making_a_report_for_an_ended_period_queues_it(admin_bkd: Any, unit_a: Any) -> None:
    terakhir = _terakhir()
    response = client_for(admin_bkd).post(
        reverse("laporan:buat"),
        {"jenis": "bulanan", "tahun": terakhir.tahun, "nomor": terakhir.nomor, "unit": ""},
    )
    laporan = Laporan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:asn_portal_laporan_change", args=[laporan.pk])
    assert (laporan.tahun, laporan.nomor, laporan.unit) == (terakhir.tahun, terakhir.nomor, None)
    assert laporan.status == StatusLaporan.ANTRE and laporan.diminta_oleh == admin_bkd


def test_a_period_not_yet_ended_is_refused_with_the_reason(admin_bkd: Any) -> None:
    today = timezone.localdate()
    response = client_for(admin_bkd).post(
        reverse("laporan:buat"),
        {"jenis": "bulanan", "tahun": today.year, "nomor": today.month, "unit": ""},
    )
    assert response.status_code == 400 and not Laporan.objects.exists()
    errors = response.context["form"].errors["nomor"]
    assert errors == [
        f"Periode {Periode.memuat('bulan', today).label} belum berakhir; laporan hanya disusun "
        "untuk periode yang sudah selesai."
    ]


def test_a_yearly_report_needs_no_number(admin_bkd: Any) -> None:
    tahun = timezone.localdate().year - 1
    client_for(admin_bkd).post(
        reverse("laporan:buat"), {"jenis": "tahunan", "tahun": tahun, "unit": ""}
    )
    assert Laporan.objects.get().nomor == 1


def test_an_operator_makes_reports_only_for_their_unit(
    operator_a: Any, unit_a: Any, unit_b: Any
) -> None:
    terakhir = _terakhir()
    client = client_for(operator_a)
    data = {"jenis": "bulanan", "tahun": terakhir.tahun, "nomor": terakhir.nomor}
    assert client.post(reverse("laporan:buat"), {**data, "unit": ""}).status_code == 400
    assert client.post(reverse("laporan:buat"), {**data, "unit": unit_b.pk}).status_code == 400
    assert not Laporan.objects.exists()
    assert client.post(reverse("laporan:buat"), {**data, "unit": unit_a.pk}).status_code == 302
    assert Laporan.objects.get().unit == unit_a


PERSONAS = ["admin_bkd", "verifikator", "operator_a", "operator_b", "asn_x", None]


@pytest.mark.parametrize("persona", PERSONAS)
def test_making_a_report_per_role(
    request: pytest.FixtureRequest, persona: str | None, unit_a: Any
) -> None:
    user = request.getfixturevalue(persona) if persona else None
    terakhir = _terakhir()
    response = client_for(user).post(
        reverse("laporan:buat"),
        {"jenis": "bulanan", "tahun": terakhir.tahun, "nomor": terakhir.nomor, "unit": unit_a.pk},
    )
    if persona is None:
        assert response.status_code == 302 and "masuk" in response["Location"]
    elif persona in ("asn_x",):
        assert response.status_code == 404
    elif persona == "operator_b":
        assert response.status_code == 400  # unit A is not theirs
    else:
        assert response.status_code == 302
    assert Laporan.objects.exists() is (persona in ("admin_bkd", "verifikator", "operator_a"))


def test_the_list_page_with_the_form_keeps_its_query_count(
    laporan_set: Any, operator_a: Any, django_assert_max_num_queries: Any, unit_a: Any
) -> None:
    client = client_for(operator_a)
    with django_assert_max_num_queries(14):
        client.get(reverse("laporan:daftar"))
    for nomor in range(3, 10):
        buat_laporan(unit=unit_a, nomor=nomor, status="gagal")
    with django_assert_max_num_queries(14):
        client.get(reverse("laporan:daftar"))
