"""The plan's admin page stays the same size for a whole-province plan: items and validation
problems are paginated, and the per-ASN kelas table is cut with a count."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from jabatan.penataan.admin import BUTIR_PER_HALAMAN, MASALAH_PER_HALAMAN
from jabatan.penataan.models import ItemRencana, JenisItem, RencanaPenataan
from jabatan.penataan.selectors import BATAS_PERPINDAHAN
from tests.conftest import client_for
from tests.penataan.conftest import TMT, Dunia, menjabat, pegawai
from tests.penataan.factories import ItemFactory, RencanaFactory


def _plan(dunia: Dunia, admin_bkd: Any, n: int) -> RencanaPenataan:
    """n items; every third lacks its pegawai (an error) and every one fills an already full
    formasi (a warning), so the validation list grows with the plan."""
    plan = RencanaFactory(dibuat_oleh=admin_bkd, tmt=TMT)
    for i in range(n):
        tanpa_pegawai = i % 3 == 2
        ItemFactory(
            rencana=plan,
            urutan=i + 1,
            jenis=JenisItem.MUTASI,
            pegawai=None if tanpa_pegawai else menjabat(pegawai(1000 + i), dunia.f_pengolah_a),
            formasi_asal=dunia.f_pengolah_a,
            formasi_tujuan=dunia.f_analis_a,
        )
    return plan


def _page(client: Any, plan: RencanaPenataan, query: str = "") -> str:
    url = reverse("admin:jabatan_rencanapenataan_change", args=[plan.pk]) + query
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _item_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr data-item="(\d+)"', html)]


def _masalah_rows(html: str) -> int:
    daftar = re.search(r'<ul id="daftar-masalah">(.*?)</ul>', html, re.S)
    assert daftar is not None
    return daftar.group(1).count("<li")


def _kelas_rows(html: str) -> int:
    tabel = re.search(r'data-testid="tabel-kelas">(.*?)</table>', html, re.S)
    assert tabel is not None
    return tabel.group(1).count("<tr data-nip=")


@pytest.mark.parametrize("n", [30, 300])
def test_plan_page_does_not_grow_with_the_plan(
    dunia: Dunia, admin_bkd: Any, n: int, django_assert_max_num_queries: Any
) -> None:
    plan = _plan(dunia, admin_bkd, n)
    client = client_for(admin_bkd)
    with django_assert_max_num_queries(36):
        html = _page(client, plan)

    assert len(_item_ids(html)) == min(n, BUTIR_PER_HALAMAN)
    assert f"({n})</h2>" in html  # the heading still counts every item
    errors = n // 3
    assert _masalah_rows(html) == min(errors + n, MASALAH_PER_HALAMAN)
    for kode, jumlah in (("pegawai_wajib", errors), ("tujuan_penuh", n)):
        assert f'data-kode="{kode}"' in html
        assert f'aria-label="Tampilkan {jumlah} masalah jenis ini">{jumlah}<' in html
    moved = n - errors
    assert _kelas_rows(html) == min(moved, BATAS_PERPINDAHAN)
    assert ('data-testid="kelas-tersembunyi"' in html) == (moved > BATAS_PERPINDAHAN)
    assert ('data-testid="halaman-butir"' in html) == (n > BUTIR_PER_HALAMAN)


def test_page_two_shows_the_next_items(dunia: Dunia, admin_bkd: Any) -> None:
    plan = _plan(dunia, admin_bkd, 300)
    urut = list(ItemRencana.objects.filter(rencana=plan).order_by("urutan", "id"))
    client = client_for(admin_bkd)

    pertama = _page(client, plan)
    assert _item_ids(pertama) == [i.pk for i in urut[:100]]
    assert 'href="?halaman=2#butir-judul" rel="next"' in pertama
    assert 'aria-current="page"><strong>1</strong>' in pertama

    kedua = _page(client, plan, "?halaman=2")
    assert _item_ids(kedua) == [i.pk for i in urut[100:200]]
    assert "<td>101</td>" in kedua and "Menampilkan butir 101–200 dari 300." in kedua
    assert 'href="?halaman=1#butir-judul" rel="prev"' in kedua

    # Out-of-range and malformed page numbers fall back instead of failing.
    assert _item_ids(_page(client, plan, "?halaman=99")) == [i.pk for i in urut[200:]]
    assert _item_ids(_page(client, plan, "?halaman=x")) == [i.pk for i in urut[:100]]


def test_validation_list_filters_by_kind_and_pages(dunia: Dunia, admin_bkd: Any) -> None:
    plan = _plan(dunia, admin_bkd, 300)
    client = client_for(admin_bkd)
    html = _page(client, plan, "?masalah=pegawai_wajib&halaman_masalah=2")
    assert _masalah_rows(html) == 100 - MASALAH_PER_HALAMAN
    assert "Butir 300: " in html
    assert "Hanya menampilkan satu jenis masalah." in html
    # The item pages keep the filter, and the filter link drops the page of problems.
    assert 'href="?masalah=pegawai_wajib&amp;halaman_masalah=2&amp;halaman=2#butir-judul"' in html
    assert 'href="?masalah=pegawai_wajib#validasi"' in html
