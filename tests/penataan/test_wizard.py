"""The penyetaraan wizard proposes a complete plan with the docs/domain.md#penyetaraan mapping."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from jabatan.models import Jabatan
from jabatan.penataan import services
from jabatan.penataan.models import JenisItem, RencanaPenataan
from jabatan.penataan.validation import rencana_validate
from tests.conftest import client_for
from tests.factories import FormasiFactory, JabatanFactory
from tests.penataan.conftest import TMT, Dunia
from tests.penataan.test_validation import jf


def _propose(user: Any, *units: Any) -> RencanaPenataan:
    return services.penyetaraan_propose(
        user=user, units=list(units), nama="Penyetaraan A", dasar_hukum="SK", tmt=TMT
    )


def test_it_maps_each_structural_kind(dunia: Dunia, admin_bkd: Any) -> None:
    rencana = _propose(admin_bkd, dunia.a)
    assert rencana.jenis == "penyetaraan" and rencana.status == "draf"
    mapping = {
        i.formasi_asal.jabatan.kode: (
            i.pegawai,
            i.jabatan.kategori,
            i.jabatan.jenjang,
            i.jabatan.kelas_jabatan,
        )
        for i in rencana.items.select_related("formasi_asal__jabatan", "jabatan", "pegawai")
    }
    assert mapping == {
        "KABID": (dunia.p_kabid, "fungsional_keahlian", "ahli_madya", 12),
        "KASI": (dunia.p_kasi, "fungsional_keahlian", "ahli_muda", 9),
        "KASUBSI": (dunia.p_kasubsi, "fungsional_keahlian", "ahli_pertama", 7),
    }  # the JPT Kepala Dinas and the plain Pelaksana stay out
    assert set(rencana.items.values_list("jenis", flat=True)) == {JenisItem.PENYETARAAN}
    created = Jabatan.objects.get(jenjang="ahli_madya")
    assert created.nama == "Analis Kebijakan Ahli Madya"


def test_it_only_covers_the_chosen_units_and_their_sub_units(dunia: Dunia, admin_bkd: Any) -> None:
    rencana = _propose(admin_bkd, dunia.a11)
    assert set(rencana.items.values_list("formasi_asal__jabatan__kode", flat=True)) == {
        "KASI",
        "KASUBSI",
    }


def test_it_reuses_a_jf_that_keeps_kelas_and_never_picks_a_lower_one(
    dunia: Dunia, admin_bkd: Any
) -> None:
    jf("ahli_madya", 11, kode="LOW")  # lower kelas: never chosen
    higher = jf("ahli_madya", 13, kode="HIGH")
    jf("ahli_madya", 14, kode="HIGHER")
    # another JF family: the wizard keeps to the usual penyetaraan JF
    JabatanFactory(
        kode="AUD",
        nama="Auditor Ahli Madya",
        kategori="fungsional_keahlian",
        jenjang="ahli_madya",
        kelas_jabatan=12,
    )
    rencana = _propose(admin_bkd, dunia.a1)
    kabid_item = rencana.items.get(formasi_asal=dunia.f_kabid)
    assert kabid_item.jabatan == higher
    assert Jabatan.objects.filter(jenjang="ahli_madya").count() == 4  # nothing created


def test_vacant_positions_get_one_item_and_every_holder_moves(dunia: Dunia, admin_bkd: Any) -> None:
    FormasiFactory(unit=dunia.b1, jabatan=dunia.kasi)  # vacant
    rencana = _propose(admin_bkd, dunia.b)
    (item,) = rencana.items.all()
    assert item.pegawai is None and item.formasi_asal.unit == dunia.b1


def test_the_proposal_validates_with_golongan_warnings_only(dunia: Dunia, admin_bkd: Any) -> None:
    hasil = rencana_validate(_propose(admin_bkd, dunia.a))
    assert hasil.errors == []
    assert [(m.kode, "Kasi" in m.pesan) for m in hasil.warnings] == [
        ("golongan_di_luar_rentang", True)
    ]


def test_operator_cannot_propose_for_another_unit(dunia: Dunia, operator_b: Any) -> None:
    with pytest.raises(PermissionDenied):
        _propose(operator_b, dunia.a)
    assert not RencanaPenataan.objects.exists()


def test_units_without_structural_positions_are_refused(dunia: Dunia, admin_bkd: Any) -> None:
    with pytest.raises(ValidationError, match="tidak memiliki jabatan Administrator"):
        _propose(admin_bkd, dunia.b)


def test_wizard_page_proposes_a_plan(dunia: Dunia, operator_a: Any) -> None:
    client = client_for(operator_a)
    url = reverse("admin:jabatan_rencanapenataan_penyetaraan")
    page = client.get(url)
    assert (
        page.status_code == 200
        and "Dinas A" in page.content.decode()
        and "Dinas B" not in page.content.decode()
    )
    response = client.post(
        url,
        {
            "units": [dunia.a.pk],
            "nama": "Penyetaraan Dinas A",
            "dasar_hukum": "SK 5",
            "tmt": "2026-01-01",
        },
    )
    rencana = RencanaPenataan.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{rencana.pk}/change/")
    assert rencana.items.count() == 3 and rencana.dibuat_oleh == operator_a
    refused = client.post(
        url, {"units": [dunia.b.pk], "nama": "X", "dasar_hukum": "SK", "tmt": "2026-01-01"}
    )
    assert refused.status_code == 200 and RencanaPenataan.objects.count() == 1
