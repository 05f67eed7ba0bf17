"""The roll-ups against the per-instansi selectors, number by number, and their query counts."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import DecimalField, Value
from django.test.utils import CaptureQueriesContext

from asn_portal.periode import JenisPeriode, Periode
from asn_portal.rekap.selectors import rekap_provinsi
from jabatan.abk import abk_compute, kebutuhan_orang, kebutuhan_orang_expression
from jabatan.models import Instansi, PemantauInstansi
from jabatan.penataan.selectors import PenerapanTriwulan, penerapan_per_triwulan
from jabatan.selectors import kebutuhan_pada, kebutuhan_per_instansi
from pelatihan.selectors import jp_per_instansi, jp_rekap
from survei.models import UnitLayanan
from survei.selectors import (
    gabung_hasil,
    ikm_per_instansi,
    ikm_per_instansi_total,
    ikm_per_unit,
    ikm_wilayah,
)
from tests.factories import UserFactory
from tests.rekap.conftest import AS_OF, PERIODE, SPECS, TAHUN, _akun, units_of

pytestmark = pytest.mark.django_db


# --- the per-formasi rounding in SQL ---------------------------------------------------------------

BEBAN = sorted(
    {
        *(Decimal(n) for n in range(0, 400_000, 3_750)),  # every 0.05 person: the .5 cases
        *(Decimal(n) * 75_000 / 100 + d for n in range(0, 600, 50) for d in (-1, 0, 1)),
        Decimal("0.0001"),
        Decimal("0.5"),
        Decimal("1"),
        Decimal("374.9999"),  # 0.004999… → 0.00, yet at least 1 person
        Decimal("37499.9999"),  # 0.49999… → 0.50 → 1
        Decimal("112125"),  # 1.495 → 1.50 → 2: rounded twice, as abk_compute does
        Decimal("111749.9999"),  # 1.48999… → 1.49 → 1
        Decimal("262500"),
        Decimal("9999999.9999"),
    }
)


def test_the_sql_form_of_kebutuhan_orang_agrees_with_python() -> None:
    field = DecimalField(max_digits=24, decimal_places=4)
    aliases = {
        f"b{i}": kebutuhan_orang_expression(Value(beban, output_field=field))
        for i, beban in enumerate(BEBAN)
    }
    row = Instansi.objects.order_by("pk").annotate(**aliases).values(*aliases).first()
    assert row is not None
    differ = []
    for i, beban in enumerate(BEBAN):
        python = abk_compute(beban_kerja_menit=beban, bezetting=0).kebutuhan_orang
        assert python == kebutuhan_orang(
            abk_compute(beban_kerja_menit=beban, bezetting=0).kebutuhan, beban
        )
        if row[f"b{i}"] != python:
            differ.append((beban, row[f"b{i}"], python))
    assert differ == []
    assert len(BEBAN) > 100
    # the boundary cases are really there
    assert abk_compute(beban_kerja_menit=Decimal("112125"), bezetting=0).kebutuhan_orang == 2
    assert abk_compute(beban_kerja_menit=Decimal("0.0001"), bezetting=0).kebutuhan_orang == 1


# --- each topic against its per-instansi selector ---------------------------------------------


def test_kebutuhan_per_instansi_equals_kebutuhan_pada_of_its_units(dunia_rekap) -> None:
    ids = [i.pk for i in dunia_rekap.values()]
    rollup = kebutuhan_per_instansi(as_of=AS_OF, instansi_ids=ids)
    expected: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for instansi in dunia_rekap.values():
        for unit in units_of(instansi):
            for formasi, hasil in kebutuhan_pada(user=None, as_of=AS_OF, unit=unit).per_formasi:
                row = expected[(instansi.pk, formasi.jabatan.kategori)]
                row[0] += 1
                row[1] += hasil.kebutuhan_orang
                row[2] += hasil.bezetting
                row[3] += max(hasil.selisih, 0)
                row[4] += max(-hasil.selisih, 0)
    got = {
        key: [r.formasi, r.kebutuhan, r.bezetting, r.kelebihan, r.kekurangan]
        for key, r in rollup.items()
    }
    assert got == dict(expected)
    # known figures: the province's two pelaksana formasi need 2 + 0, hold 3 + 0
    provinsi = dunia_rekap["17"].pk
    assert got[(provinsi, "pelaksana")] == [2, 2, 3, 1, 0]
    assert got[(provinsi, "fungsional_keahlian")] == [1, 1, 1, 0, 0]
    assert got[(dunia_rekap["17.71"].pk, "administrator")] == [1, 1, 0, 0, 1]
    assert got[(dunia_rekap["17.02"].pk, "pelaksana")] == [1, 4, 1, 0, 3]


def test_jp_per_instansi_equals_jp_rekap_of_its_units(dunia_rekap) -> None:
    ids = [i.pk for i in dunia_rekap.values()]
    rollup = jp_per_instansi(as_of=AS_OF, instansi_ids=ids, tahun=TAHUN)
    per_opd = jp_rekap(as_of=AS_OF, user=None, tahun=TAHUN).per_unit
    for instansi in dunia_rekap.values():
        rows = [r for r in per_opd if r.unit is not None and r.unit.instansi_id == instansi.pk]
        got = rollup[instansi.pk]
        assert got.jumlah_asn == sum(r.jumlah_asn for r in rows)
        assert got.memenuhi == sum(r.memenuhi for r in rows)
        assert got.total_jp == sum(r.total_jp for r in rows)
        holders = [jp for _k, _b, jps in SPECS[instansi.kode].formasi for jp in jps]
        assert got.jumlah_asn == len(holders)
        assert got.memenuhi == sum(1 for jp in holders if jp >= 20)
        assert got.total_jp == sum(holders)
    # 24, 30 and 20 JP of 24, 5, 30, 20 and 0
    assert rollup[dunia_rekap["17"].pk].persen == Decimal("60.0")


def test_ikm_per_instansi_equals_ikm_wilayah_and_ikm_per_unit(dunia_rekap) -> None:
    ids = [i.pk for i in dunia_rekap.values()]
    periode = PERIODE
    rollup = ikm_per_instansi(dari=periode.awal, sampai=periode.akhir, instansi_ids=ids)
    totals = ikm_per_instansi_total(rollup)
    per_unit = ikm_per_unit(dari=periode.awal, sampai=periode.akhir)
    for instansi in dunia_rekap.values():
        wilayah = [
            ikm_wilayah(dari=periode.awal, sampai=periode.akhir, unit_path=u.path)
            for u in units_of(instansi)
        ]
        assert totals[instansi.pk] == gabung_hasil(wilayah)
        sektor: dict[str, list] = defaultdict(list)
        for unit in UnitLayanan.objects.filter(unit__instansi=instansi):
            sektor[unit.sektor].append(per_unit[unit.pk])
        assert {s: h for (i, s), h in rollup.items() if i == instansi.pk} == {
            s: gabung_hasil(h) for s, h in sektor.items()
        }
    provinsi = dunia_rekap["17"].pk
    assert rollup[(provinsi, "kesehatan")].responden == 3
    assert rollup[(provinsi, "adminduk")].responden == 1
    assert totals[provinsi].responden == 4


def test_plans_applied_per_quarter_leave_out_reversed_plans(dunia_rekap) -> None:
    ids = [i.pk for i in dunia_rekap.values()]
    got = penerapan_per_triwulan(instansi_ids=ids, mulai=PERIODE.mulai, batas=PERIODE.batas)
    tw = {n: Periode(TAHUN, JenisPeriode.TRIWULAN, n) for n in range(1, 5)}
    provinsi, kota = dunia_rekap["17"].pk, dunia_rekap["17.71"].pk
    assert got == {
        (provinsi, tw[1]): PenerapanTriwulan(rencana=1, item=3, asn=2),
        # the quarter-3 plan was reversed: neither it nor its reversal counts
        (provinsi, tw[4]): PenerapanTriwulan(rencana=1, item=2, asn=0),
        (kota, tw[2]): PenerapanTriwulan(rencana=1, item=1, asn=1),
        (dunia_rekap["18"].pk, tw[1]): PenerapanTriwulan(rencana=1, item=1, asn=1),
    }
    # before the reversal was applied, the reversed plan still counted
    q3 = tw[3]
    early = penerapan_per_triwulan(instansi_ids=[provinsi], mulai=q3.mulai, batas=q3.batas)
    assert early == {}  # reversed within the quarter
    sebelum = penerapan_per_triwulan(
        instansi_ids=[provinsi], mulai=q3.mulai, batas=q3.mulai.replace(month=8, day=20)
    )
    assert sebelum == {(provinsi, q3): PenerapanTriwulan(rencana=1, item=1, asn=1)}


# --- the composed roll-up ------------------------------------------------------------------------


def test_rekap_provinsi_rows_follow_the_topics(dunia_rekap) -> None:
    root = UserFactory(username="root_rekap", is_staff=True, is_superuser=True)
    hasil = rekap_provinsi(user=root, periode=PERIODE)
    assert [r.instansi.kode for r in hasil.per_instansi] == ["17", "17.02", "17.71", "18"]
    ids = [r.instansi.pk for r in hasil.per_instansi]
    ikm = ikm_per_instansi(dari=PERIODE.awal, sampai=PERIODE.akhir, instansi_ids=ids)
    jp = jp_per_instansi(as_of=hasil.as_of, instansi_ids=ids, tahun=TAHUN)
    kebutuhan = kebutuhan_per_instansi(as_of=hasil.as_of, instansi_ids=ids)
    for row in hasil.per_instansi:
        pk = row.instansi.pk
        assert row.ikm_sektor == {s: h for (i, s), h in ikm.items() if i == pk}
        assert row.jp == jp[pk]
        assert row.kebutuhan == {k: b for (i, k), b in kebutuhan.items() if i == pk}
        assert row.kebutuhan_total.kebutuhan == sum(b.kebutuhan for b in row.kebutuhan.values())
        assert list(row.penerapan) == hasil.triwulan
    assert hasil.ikm_total == gabung_hasil([r.ikm for r in hasil.per_instansi if r.ikm])
    assert hasil.jp_total is not None
    assert hasil.jp_total.jumlah_asn == sum(r.jp.jumlah_asn for r in hasil.per_instansi)
    assert [v for v, _label in hasil.sektor] == ["adminduk", "kesehatan", "pendidikan", "perizinan"]


def test_an_account_without_reach_gets_an_empty_rollup(dunia_rekap) -> None:
    nobody = UserFactory(username="siapa", is_staff=True)
    assert rekap_provinsi(user=nobody, periode=PERIODE).per_instansi == []


def _queries(user, periode) -> int:
    for attr in ("_instansi_rekap_ids", "_instansi_id", "_role_names"):
        if hasattr(user, attr):
            delattr(user, attr)
    with CaptureQueriesContext(connection) as ctx:
        rekap_provinsi(user=user, periode=periode)
    return len(ctx.captured_queries)


def test_the_rollup_costs_the_same_queries_for_one_and_for_three_instansi(dunia_rekap) -> None:
    satu = _akun("pemantau_satu", "Pemantau", None, staff=False)
    tiga = _akun("pemantau_tiga", "Pemantau", None, staff=False)
    PemantauInstansi.objects.create(user=satu, instansi=dunia_rekap["17"])
    for kode in ("17", "17.71", "17.02"):
        PemantauInstansi.objects.create(user=tiga, instansi=dunia_rekap[kode])
    assert len(rekap_provinsi(user=tiga, periode=PERIODE).per_instansi) == 3
    assert _queries(satu, PERIODE) == _queries(tiga, PERIODE) <= 8
