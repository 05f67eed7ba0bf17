from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from jabatan.abk import abk_compute, beban_kerja_menit, ej_kategori
from jabatan.selectors import formasi_with_needs
from tests.factories import PegawaiFactory, RiwayatJabatanFactory
from tests.jabatan.conftest import CONTOH_ABK


def test_worked_example_of_domain_md() -> None:
    beban = beban_kerja_menit([(Decimal(v), Decimal(n)) for v, n in CONTOH_ABK])
    assert beban == Decimal(70560)
    hasil = abk_compute(beban_kerja_menit=beban, bezetting=2, jke=75_000)
    assert hasil.kebutuhan == Decimal("0.94")
    assert hasil.kebutuhan_orang == 1
    assert hasil.selisih == 1
    assert hasil.keterangan_selisih == "kelebihan 1"
    assert hasil.ej == Decimal("0.47")
    assert hasil.ej_kategori == "E"


@pytest.mark.django_db
def test_worked_example_from_the_database(formasi_a: Any) -> None:
    for n in range(2):
        RiwayatJabatanFactory(
            pegawai=PegawaiFactory(), formasi=formasi_a, tmt_mulai=dt.date(2024, 1, 1 + n)
        )
    formasi = formasi_with_needs(user=None).get(pk=formasi_a.pk)
    assert formasi.beban_kerja == Decimal(70560)
    assert formasi.bezetting == 2
    hasil = formasi.abk
    assert (hasil.kebutuhan, hasil.kebutuhan_orang, hasil.selisih, hasil.ej, hasil.ej_kategori) == (
        Decimal("0.94"),
        1,
        1,
        Decimal("0.47"),
        "E",
    )
    # Without the annotations the model computes the same from its rows.
    from jabatan.models import Formasi

    assert Formasi.objects.get(pk=formasi_a.pk).abk == hasil


@pytest.mark.django_db
def test_bezetting_counts_only_definitive_assignments_in_force(formasi_a: Any) -> None:
    RiwayatJabatanFactory(formasi=formasi_a, tmt_mulai=dt.date(2020, 1, 1))
    RiwayatJabatanFactory(
        formasi=formasi_a, tmt_mulai=dt.date(2018, 1, 1), tmt_selesai=dt.date(2019, 1, 1)
    )
    RiwayatJabatanFactory(formasi=formasi_a, jenis="plt", tmt_mulai=dt.date(2020, 1, 1))
    RiwayatJabatanFactory(formasi=formasi_a, tmt_mulai=dt.date(2099, 1, 1))
    assert (
        formasi_with_needs(user=None, tanggal=dt.date(2026, 1, 1)).get(pk=formasi_a.pk).bezetting
        == 1
    )
    assert (
        formasi_with_needs(user=None, tanggal=dt.date(2018, 6, 1)).get(pk=formasi_a.pk).bezetting
        == 1
    )
    assert (
        formasi_with_needs(user=None, tanggal=dt.date(2017, 6, 1)).get(pk=formasi_a.pk).bezetting
        == 0
    )


@pytest.mark.parametrize(
    ("beban", "bezetting", "kebutuhan", "orang", "selisih"),
    [
        (Decimal(0), 0, Decimal("0.00"), 0, 0),
        (Decimal(1), 0, Decimal("0.00"), 1, -1),  # positive workload needs at least one person
        (Decimal(112_500), 1, Decimal("1.50"), 2, -1),  # 1.50 rounds half-up
        (Decimal(112_125), 1, Decimal("1.50"), 2, -1),  # 1.495 → 1.50 → 2 people
        (Decimal(111_750), 3, Decimal("1.49"), 1, 2),
        (Decimal(300_000), 2, Decimal("4.00"), 4, -2),
    ],
)
def test_kebutuhan_rounds_half_up(
    beban: Decimal, bezetting: int, kebutuhan: Decimal, orang: int, selisih: int
) -> None:
    hasil = abk_compute(beban_kerja_menit=beban, bezetting=bezetting, jke=75_000)
    assert (hasil.kebutuhan, hasil.kebutuhan_orang, hasil.selisih) == (kebutuhan, orang, selisih)


def test_ej_is_absent_without_holders() -> None:
    hasil = abk_compute(beban_kerja_menit=Decimal(75_000), bezetting=0, jke=75_000)
    assert hasil.ej is None
    assert hasil.ej_kategori == ""
    assert hasil.keterangan_selisih == "kekurangan 1"


@pytest.mark.parametrize(
    ("ej", "kategori"),
    [
        ("1.01", "A"),
        ("1.00", "B"),
        ("0.90", "B"),
        ("0.89", "C"),
        ("0.70", "C"),
        ("0.69", "D"),
        ("0.50", "D"),
        ("0.49", "E"),
        ("0.00", "E"),
    ],
)
def test_ej_rating_boundaries(ej: str, kategori: str) -> None:
    assert ej_kategori(Decimal(ej)) == kategori


def test_jke_is_configurable(settings: Any) -> None:
    settings.ABK_JKE_MENIT = 72_000  # the older 1,200-hour standard
    hasil = abk_compute(beban_kerja_menit=Decimal(70560), bezetting=1)
    assert hasil.kebutuhan == Decimal("0.98")
    assert hasil.jke_menit == 72_000
