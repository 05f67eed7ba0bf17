"""Preview numbers against a hand-computed unit, and constant query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from jabatan.penataan import selectors, services
from jabatan.penataan.models import JenisItem, RencanaPenataan
from tests.conftest import client_for
from tests.penataan.conftest import TMT, Dunia, menjabat, pegawai
from tests.penataan.factories import ItemFactory, RencanaFactory
from tests.penataan.test_apply import approved
from tests.penataan.test_validation import jf


@pytest.fixture
def rencana(dunia: Dunia, admin_bkd: Any) -> RencanaPenataan:
    plan = RencanaFactory(dibuat_oleh=admin_bkd, tmt=TMT)
    ItemFactory(
        rencana=plan,
        jenis=JenisItem.MUTASI,
        pegawai=dunia.p_analis1,
        formasi_asal=dunia.f_analis_a,
        formasi_tujuan=dunia.f_analis_b,
        alasan_peringatan="Penguatan unit B",
    )
    ItemFactory(
        rencana=plan,
        jenis=JenisItem.PENYETARAAN,
        pegawai=dunia.p_kabid,
        formasi_asal=dunia.f_kabid,
        jabatan=jf("ahli_madya", 12, kode="JFMADYA"),
    )
    return plan


def _slots(p: selectors.Pratinjau) -> dict[tuple[str, str], tuple[int, bool, bool, int, int]]:
    return {
        (u.unit.kode, s.jabatan.kode): (
            s.kebutuhan,
            s.aktif_sebelum,
            s.aktif_sesudah,
            s.bezetting_sebelum,
            s.bezetting_sesudah,
        )
        for u in p.units
        for s in u.slots
    }


EXPECTED = {
    # (unit, jabatan): (kebutuhan, aktif before, aktif after, bezetting before, after)
    ("A.1", "KABID"): (0, True, False, 1, 0),
    ("A.1", "JFMADYA"): (0, False, True, 0, 1),
    ("A.1", "PENGOLAH"): (0, True, True, 1, 1),
    ("A.1.1", "ANALIS"): (2, True, True, 2, 1),  # 2,500 x 60 = 150,000 min / 75,000 = 2
    ("A.1.1", "KASI"): (0, True, True, 1, 1),
    ("A.1.1", "KASUBSI"): (0, True, True, 1, 1),
    ("B.1", "ANALIS"): (1, True, True, 1, 2),  # docs/domain.md#abk example: 70,560 min -> 0.94 -> 1
}


def test_preview_numbers_match_the_hand_computation(rencana: RencanaPenataan) -> None:
    p = selectors.rencana_pratinjau(rencana)
    assert _slots(p) == EXPECTED
    assert [u.unit.kode for u in p.units] == [
        "A",
        "A.1",
        "A.1.1",
        "B",
        "B.1",
    ]  # tree order, ancestors included
    b1 = next(u for u in p.units if u.unit.kode == "B.1")
    assert (b1.selisih_absolut_sebelum, b1.selisih_absolut_sesudah) == (0, 1)
    a11 = next(u for u in p.units if u.unit.kode == "A.1.1")
    assert (a11.bezetting_sebelum, a11.bezetting_sesudah, a11.selisih_absolut_sesudah) == (4, 3, 3)
    mix = {
        k["kode"]: (
            k["formasi_sebelum"],
            k["formasi_sesudah"],
            k["pegawai_sebelum"],
            k["pegawai_sesudah"],
        )
        for k in p.komposisi
    }
    assert mix == {
        "struktural": (2, 1, 2, 1),
        "fungsional": (0, 1, 0, 1),
        "pelaksana": (4, 4, 5, 5),
    }
    kelas = {
        m.item.pegawai.nama: (m.jabatan_asal.kelas_jabatan, m.jabatan_tujuan.kelas_jabatan)
        for m in p.perpindahan
    }
    assert kelas == {"Analis Satu": (7, 7), "Kabid": (12, 12)}
    assert p.jumlah_kesenjangan == 0  # no competency standards in this organisation


def test_preview_asks_pelatihan_about_the_new_positions(
    rencana: RencanaPenataan, monkeypatch: Any, dunia: Dunia
) -> None:
    seen: list[list[tuple[int, int]]] = []

    def fake(pairs: list[tuple[int, int]]) -> int:
        seen.append(sorted(pairs))
        return 1

    # The plan module imports pelatihan's selector by name: patch the name it calls.
    monkeypatch.setattr(selectors, "pegawai_with_gaps_count", fake)
    assert selectors.rencana_pratinjau(rencana).jumlah_kesenjangan == 1
    jf_id = rencana.items.get(jenis="penyetaraan").jabatan_id
    assert seen == [sorted([(dunia.p_analis1.pk, dunia.analis.pk), (dunia.p_kabid.pk, jf_id)])]


def test_preview_of_an_applied_plan_keeps_before_and_after(
    rencana: RencanaPenataan, admin_bkd: Any, verifikator: Any
) -> None:
    approved(rencana, admin_bkd, verifikator)
    services.rencana_apply(rencana=rencana, user=admin_bkd)
    rencana.refresh_from_db()
    assert _slots(selectors.rencana_pratinjau(rencana)) == EXPECTED


def test_preview_page_shows_the_numbers(rencana: RencanaPenataan, admin_bkd: Any) -> None:
    html = (
        client_for(admin_bkd)
        .get(reverse("jabatan:penataan_pratinjau", args=[rencana.pk]))
        .content.decode()
    )
    assert 'data-unit="B.1" data-jabatan="ANALIS"' in html
    assert "Bagan organisasi" in html and "<svg" in html
    assert 'data-testid="jumlah-kesenjangan">0<' in html


@pytest.mark.parametrize("extra", [0, 30])
def test_preview_and_plan_pages_use_constant_queries(
    rencana: RencanaPenataan,
    dunia: Dunia,
    admin_bkd: Any,
    extra: int,
    django_assert_max_num_queries: Any,
) -> None:
    for n in range(extra):
        p = menjabat(pegawai(200 + n), dunia.f_pengolah_a)
        ItemFactory(
            rencana=rencana,
            jenis=JenisItem.MUTASI,
            pegawai=p,
            formasi_asal=dunia.f_pengolah_a,
            formasi_tujuan=dunia.f_analis_a,
        )
    client = client_for(admin_bkd)
    with django_assert_max_num_queries(24):
        assert (
            client.get(reverse("jabatan:penataan_pratinjau", args=[rencana.pk])).status_code == 200
        )
    with django_assert_max_num_queries(36):
        assert (
            client.get(
                reverse("admin:jabatan_rencanapenataan_change", args=[rencana.pk])
            ).status_code
            == 200
        )


@pytest.mark.parametrize("extra", [0, 25])
def test_lists_use_constant_queries(
    dunia: Dunia, admin_bkd: Any, operator_a: Any, extra: int, django_assert_max_num_queries: Any
) -> None:
    for _ in range(extra + 1):
        plan = RencanaFactory(dibuat_oleh=admin_bkd, tmt=TMT)
        ItemFactory(
            rencana=plan,
            jenis=JenisItem.MUTASI,
            pegawai=dunia.p_analis1,
            formasi_asal=dunia.f_analis_a,
            formasi_tujuan=dunia.f_pengolah_a,
        )
    for user in (admin_bkd, operator_a):
        client = client_for(user)
        with django_assert_max_num_queries(14):
            assert (
                client.get(reverse("admin:jabatan_rencanapenataan_changelist")).status_code == 200
            )
        with django_assert_max_num_queries(10):
            response = client.get("/api/v1/penataan/rencana/")
            assert response.json()["count"] == extra + 1
        with django_assert_max_num_queries(10):
            assert client.get("/api/v1/penataan/item/").json()["count"] == extra + 1
