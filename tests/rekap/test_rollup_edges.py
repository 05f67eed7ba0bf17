"""The set-based roll-ups (JP per unit and per instansi, kebutuhan per instansi) against the
per-ASN and per-formasi computations, on data made of the edge cases, and their query counts
as the units and instansi grow."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from asn_portal.periode import WIB
from jabatan.instansi import instansi_bawaan_id
from jabatan.models import Formasi, Instansi, UnitOrganisasi
from jabatan.selectors import kebutuhan_pada, kebutuhan_per_instansi
from pelatihan.selectors import jp_per_instansi, jp_posisi, jp_rekap, jp_tahun, posisi_aktif
from tests.factories import (
    FormasiFactory,
    JabatanFactory,
    PegawaiFactory,
    RiwayatJabatanFactory,
    UnitOrganisasiFactory,
    UraianTugasFactory,
    UserFactory,
)
from tests.pelatihan.factories import RiwayatFactory

pytestmark = pytest.mark.django_db

TAHUN = 2025
AS_OF = dt.date(TAHUN, 9, 30)
# (as_of, tahun) pairs asked: the running year, a past year seen from later, a whole year
PERTANYAAN = [(AS_OF, None), (AS_OF, TAHUN - 1), (dt.date(TAHUN, 12, 31), TAHUN)]


def _waktu(tanggal: dt.date, jam: int, menit: int = 0) -> dt.datetime:
    return dt.datetime.combine(tanggal, dt.time(jam, menit), tzinfo=WIB)


def _instansi(kode: str) -> Instansi:
    return Instansi.objects.create(
        kode=kode,
        nama=f"Pemerintah {kode}",
        nama_singkat=f"Instansi {kode}",
        jenis="kota",
        nama_bkd=f"BKD {kode}",
        slug=f"instansi-{kode.replace('.', '-')}",
    )


def _catat(pegawai: Any, jp: int, selesai: dt.date, **kwargs: Any) -> None:
    RiwayatFactory(pegawai=pegawai, jp=jp, tanggal_selesai=selesai, **kwargs)


@pytest.fixture
def dunia(settings: Any) -> dict[str, Any]:
    """Two instansi; an OPD with a bidang and a second OPD in the first, one OPD in the other;
    ASN whose records and positions are each an edge case of the 20 JP definitions."""
    settings.JP_MINIMUM_PER_TAHUN = 20
    pertama = Instansi.objects.get(pk=instansi_bawaan_id())
    kedua = _instansi("17.99")
    opd_a = UnitOrganisasiFactory(kode="EA", instansi=pertama)
    bidang = UnitOrganisasiFactory(parent=opd_a, kode="EA.1", jenis="bidang")
    opd_b = UnitOrganisasiFactory(kode="EB", instansi=pertama)
    opd_c = UnitOrganisasiFactory(kode="EC", instansi=kedua)
    formasi = {u.kode: FormasiFactory(unit=u) for u in (opd_a, bidang, opd_b, opd_c)}

    def asn(unit: str, instansi: Instansi = pertama, **kwargs: Any) -> Any:
        orang = PegawaiFactory(instansi=instansi, **kwargs)
        RiwayatJabatanFactory(pegawai=orang, formasi=formasi[unit])
        return orang

    # Counted: 12 + 10. Not counted: verified after as_of, completed after as_of, rejected,
    # pending, another year (counted when that year is asked).
    p1 = asn("EA.1")
    _catat(p1, 12, dt.date(TAHUN, 5, 2))
    _catat(p1, 10, dt.date(TAHUN, 6, 2))
    _catat(p1, 30, dt.date(TAHUN, 9, 1), diverifikasi_pada=_waktu(dt.date(TAHUN, 10, 5), 9))
    _catat(p1, 25, dt.date(TAHUN, 10, 10))
    _catat(p1, 40, dt.date(TAHUN, 5, 2), status="ditolak", alasan_penolakan="Tidak terbaca")
    _catat(p1, 50, dt.date(TAHUN, 5, 2), status="diajukan", sumber="mandiri")
    _catat(p1, 60, dt.date(TAHUN - 1, 11, 2))
    asn("EA")  # no record at all: counted with 0 JP
    # A definitive position and an acting one (Plt) elsewhere at once (the register allows one
    # definitive position a day): counted once, in the definitive one.
    p3 = asn("EA")
    RiwayatJabatanFactory(pegawai=p3, formasi=formasi["EB"], jenis="plt")
    _catat(p3, 19, dt.date(TAHUN, 2, 2))
    _catat(p3, 21, dt.date(TAHUN - 1, 2, 2))
    # Moved: the position that ended before as_of does not count, the new one does.
    p4 = PegawaiFactory(instansi=pertama)
    RiwayatJabatanFactory(pegawai=p4, formasi=formasi["EB"], tmt_selesai=dt.date(TAHUN, 6, 30))
    RiwayatJabatanFactory(pegawai=p4, formasi=formasi["EA.1"], tmt_mulai=dt.date(TAHUN, 7, 1))
    _catat(p4, 40, dt.date(TAHUN, 3, 3))
    # Retired without a dated exit, and acting (Plt) only: no position counts.
    _catat(asn("EB", status_aktif="pensiun"), 40, dt.date(TAHUN, 3, 3))
    plt = PegawaiFactory(instansi=pertama)
    RiwayatJabatanFactory(pegawai=plt, formasi=formasi["EB"], jenis="plt")
    _catat(plt, 40, dt.date(TAHUN, 3, 3))
    # Exactly the minimum, verified late on as_of (WIB): counted and meeting it; verified at
    # midnight after as_of: not counted.
    p6 = asn("EC", kedua)
    _catat(p6, 20, dt.date(TAHUN, 9, 29), diverifikasi_pada=_waktu(AS_OF, 23, 59))
    p7 = asn("EC", kedua)
    _catat(p7, 20, dt.date(TAHUN, 9, 29), diverifikasi_pada=_waktu(AS_OF + dt.timedelta(1), 0))
    return {"instansi": [pertama, kedua], "p1": p1, "p3": p3, "p4": p4, "p6": p6, "p7": p7}


def _per_asn(
    as_of: dt.date, tahun: int | None, kunci: Any, **lingkup: Any
) -> dict[Any, tuple[int, int, int]]:
    """(ASN counted, meeting the minimum, total JP) per key of a position, from each position's
    ASN's ``jp_tahun``: one query per ASN, the computation the roll-up must equal."""
    hasil: dict[Any, list[int]] = defaultdict(lambda: [0, 0, 0])
    for posisi in posisi_aktif(user=None, tanggal=as_of, **lingkup).select_related("formasi__unit"):
        jp = jp_tahun(posisi.pegawai, tahun or as_of.year, as_of=as_of)
        baris = hasil[kunci(posisi.formasi.unit)]
        baris[0] += 1
        baris[1] += jp >= 20
        baris[2] += jp
    return {k: (a, b, c) for k, (a, b, c) in hasil.items()}


def test_the_edge_cases_are_what_the_jp_definitions_say(dunia: dict[str, Any]) -> None:
    assert jp_tahun(dunia["p1"], TAHUN, as_of=AS_OF) == 22
    assert jp_tahun(dunia["p1"], TAHUN - 1, as_of=AS_OF) == 60
    assert jp_tahun(dunia["p1"], TAHUN, as_of=dt.date(TAHUN, 12, 31)) == 22 + 30 + 25
    assert jp_tahun(dunia["p6"], TAHUN, as_of=AS_OF) == 20
    assert jp_tahun(dunia["p7"], TAHUN, as_of=AS_OF) == 0
    # 6 positions: p1, the ASN without records, p3's definitive one, p4's new one, p6 and p7
    assert posisi_aktif(user=None, tanggal=AS_OF).count() == 6
    assert posisi_aktif(user=None, tanggal=AS_OF).filter(pegawai=dunia["p3"]).count() == 1
    assert posisi_aktif(user=None, tanggal=AS_OF).get(pegawai=dunia["p4"]).formasi.unit.kode == (
        "EA.1"
    )


@pytest.mark.parametrize(("as_of", "tahun"), PERTANYAAN)
def test_jp_rekap_equals_each_asns_jp_tahun(
    dunia: dict[str, Any], as_of: dt.date, tahun: int | None
) -> None:
    for tingkat in (1, 2):
        panjang = UnitOrganisasi.steplen * tingkat
        rekap = jp_rekap(as_of=as_of, user=None, tahun=tahun, tingkat=tingkat)
        got = {r.path: (r.jumlah_asn, r.memenuhi, r.total_jp) for r in rekap.per_unit}
        assert got == _per_asn(as_of, tahun, lambda u, n=panjang: u.path[:n])
        assert [r.path for r in rekap.per_unit] == sorted(got)
        assert all(r.unit is not None and r.unit.path == r.path for r in rekap.per_unit)
        assert rekap.total.jumlah_asn == sum(a for a, _b, _c in got.values())
    # within one instansi, and under one unit
    pertama = dunia["instansi"][0]
    rekap = jp_rekap(as_of=as_of, user=None, tahun=tahun, instansi_id=pertama.pk)
    assert {r.path: (r.jumlah_asn, r.memenuhi, r.total_jp) for r in rekap.per_unit} == _per_asn(
        as_of, tahun, lambda u: u.path[: UnitOrganisasi.steplen], instansi_id=pertama.pk
    )
    opd_a = UnitOrganisasi.objects.get(kode="EA")
    rekap = jp_rekap(as_of=as_of, user=None, tahun=tahun, unit_path=opd_a.path, tingkat=2)
    assert {r.path: (r.jumlah_asn, r.memenuhi, r.total_jp) for r in rekap.per_unit} == _per_asn(
        as_of, tahun, lambda u: u.path[: UnitOrganisasi.steplen * 2], unit_path=opd_a.path
    )


@pytest.mark.parametrize(("as_of", "tahun"), PERTANYAAN)
def test_jp_per_instansi_equals_each_asns_jp_tahun(
    dunia: dict[str, Any], as_of: dt.date, tahun: int | None
) -> None:
    ids = [i.pk for i in dunia["instansi"]]
    got = {
        pk: (r.jumlah_asn, r.memenuhi, r.total_jp)
        for pk, r in jp_per_instansi(as_of=as_of, instansi_ids=ids, tahun=tahun).items()
    }
    assert got == _per_asn(as_of, tahun, lambda u: u.instansi_id)
    assert all(
        r.unit is None and r.path == ""
        for r in jp_per_instansi(as_of=as_of, instansi_ids=ids).values()
    )
    assert jp_per_instansi(as_of=as_of, instansi_ids=ids[1:], tahun=tahun) == {
        ids[1]: jp_per_instansi(as_of=as_of, instansi_ids=ids, tahun=tahun)[ids[1]]
    }
    assert jp_per_instansi(as_of=as_of, instansi_ids=[], tahun=tahun) == {}


def test_jp_posisi_gives_each_position_its_asns_jp_tahun(dunia: dict[str, Any]) -> None:
    for as_of, tahun in PERTANYAAN:
        for posisi in jp_posisi(user=None, as_of=as_of, tahun=tahun):
            assert posisi.jp == jp_tahun(posisi.pegawai, tahun or as_of.year, as_of=as_of)


def test_a_user_without_units_gets_an_empty_jp_rekap(dunia: dict[str, Any]) -> None:
    rekap = jp_rekap(as_of=AS_OF, user=UserFactory(username="tanpa_unit", is_staff=False))
    assert rekap.per_unit == []
    assert rekap.total.jumlah_asn == 0


# --- kebutuhan -------------------------------------------------------------------------------


@pytest.fixture
def formasi_tepi(dunia: dict[str, Any]) -> dict[str, Formasi]:
    """Formasi that count or not on AS_OF (``formasi_dihitung_q``), with and without workload."""
    pertama, kedua = dunia["instansi"]
    lama = UnitOrganisasiFactory(kode="EL", instansi=pertama, berlaku_sampai=dt.date(TAHUN, 3, 31))
    baru = UnitOrganisasiFactory(kode="EN", instansi=kedua, berlaku_sejak=dt.date(TAHUN, 10, 1))
    ec = UnitOrganisasi.objects.get(kode="EC")

    def fungsional() -> Any:
        return JabatanFactory(kategori="fungsional_keahlian", jenjang="ahli_pertama")

    def formasi(unit: UnitOrganisasi, beban: list[tuple[str, str]], **kwargs: Any) -> Formasi:
        hasil = FormasiFactory(unit=unit, **kwargs)
        for volume, norma in beban:
            UraianTugasFactory(
                formasi=hasil, volume_per_tahun=Decimal(volume), norma_waktu_menit=Decimal(norma)
            )
        return hasil

    hasil = {
        # empty, in a unit no longer in force: does not count
        "lama": formasi(lama, [("750", "150")]),
        # held in that unit: counts
        "lama_terisi": formasi(lama, [("1", "1")]),
        # empty in a unit not yet in force: does not count
        "baru": formasi(baru, [("100", "100")]),
        # inactive and empty: does not count; inactive and held: counts
        "nonaktif": formasi(ec, [("375", "100")], aktif=False),
        "nonaktif_terisi": formasi(ec, [("2625", "100")], aktif=False, jabatan=fungsional()),
        # recorded after as_of, empty: does not count
        "kemudian": formasi(ec, [("10", "10")]),
        # empty with 0.50 person of workload (half-up: 1), and without any workload
        "setengah": formasi(ec, [("375", "100")], jabatan=fungsional()),
        "tanpa_beban": formasi(ec, []),
    }
    # every formasi recorded long before, but one recorded just after as_of (WIB)
    Formasi.objects.update(created_at=_waktu(dt.date(2020, 1, 1), 8))
    Formasi.objects.filter(pk=hasil["kemudian"].pk).update(
        created_at=_waktu(AS_OF + dt.timedelta(1), 0)
    )
    for kunci, jumlah in (("lama_terisi", 2), ("nonaktif_terisi", 1)):
        for _ in range(jumlah):
            RiwayatJabatanFactory(
                pegawai=PegawaiFactory(instansi=hasil[kunci].unit.instansi), formasi=hasil[kunci]
            )
    return hasil


def test_kebutuhan_per_instansi_equals_kebutuhan_pada_on_the_edge_cases(
    formasi_tepi: dict[str, Formasi], dunia: dict[str, Any]
) -> None:
    ids = [i.pk for i in dunia["instansi"]]
    for as_of in (AS_OF, dt.date(TAHUN, 2, 1), dt.date(TAHUN, 12, 31)):
        expected: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
        for instansi_id in ids:
            for formasi, hasil in kebutuhan_pada(
                user=None, as_of=as_of, instansi_id=instansi_id
            ).per_formasi:
                row = expected[(instansi_id, formasi.jabatan.kategori)]
                for i, n in enumerate(
                    (
                        1,
                        hasil.kebutuhan_orang,
                        hasil.bezetting,
                        max(hasil.selisih, 0),
                        max(-hasil.selisih, 0),
                    )
                ):
                    row[i] += n
        got = {
            key: [r.formasi, r.kebutuhan, r.bezetting, r.kelebihan, r.kekurangan]
            for key, r in kebutuhan_per_instansi(as_of=as_of, instansi_ids=ids).items()
        }
        assert got == dict(expected), as_of
    # known figures on AS_OF: the second instansi counts EC's formasi held by p6 and p7, the
    # inactive held one (3.50 → 4 persons), the empty half-person one (0.50 → 1) and the one
    # without workload; not the inactive empty one, the later one, the one not yet in force
    hasil = kebutuhan_per_instansi(as_of=AS_OF, instansi_ids=[ids[1]])
    fungsional = hasil[(ids[1], "fungsional_keahlian")]
    assert (fungsional.formasi, fungsional.kebutuhan, fungsional.bezetting) == (2, 4 + 1, 1)
    assert (fungsional.kelebihan, fungsional.kekurangan) == (0, 3 + 1)
    assert kebutuhan_per_instansi(as_of=AS_OF, instansi_ids=[]) == {}


# --- query counts ----------------------------------------------------------------------------


def _queries(fn: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def _tambah_instansi(n: int) -> None:
    for i in range(n):
        instansi = _instansi(f"17.{50 + i}")
        for k in range(3):
            unit = UnitOrganisasiFactory(kode=f"Q{i}-{k}", instansi=instansi)
            bidang = UnitOrganisasiFactory(parent=unit, kode=f"Q{i}-{k}.1", jenis="bidang")
            for tempat in (unit, bidang):
                formasi = FormasiFactory(unit=tempat)
                UraianTugasFactory(formasi=formasi)
                orang = PegawaiFactory(instansi=instansi)
                RiwayatJabatanFactory(pegawai=orang, formasi=formasi)
                _catat(orang, 24, dt.date(TAHUN, 4, 4))


def test_the_rollups_cost_the_same_queries_whatever_the_units_and_instansi(
    formasi_tepi: dict[str, Formasi],
) -> None:
    def semua() -> list[int]:
        return list(Instansi.objects.order_by("pk").values_list("pk", flat=True))

    def hitung() -> tuple[int, ...]:
        ids = semua()
        return (
            _queries(lambda: jp_per_instansi(as_of=AS_OF, instansi_ids=ids)),
            _queries(lambda: kebutuhan_per_instansi(as_of=AS_OF, instansi_ids=ids)),
            _queries(lambda: jp_rekap(as_of=AS_OF, user=None)),
            _queries(lambda: jp_rekap(as_of=AS_OF, user=None, tingkat=2)),
        )

    sedikit = hitung()
    _tambah_instansi(3)
    assert len(semua()) == 5
    assert hitung() == sedikit == (1, 1, 2, 2)
