from __future__ import annotations

from typing import Any

from asn_portal.laporan.services import laporan_data_compute
from asn_portal.periode import Periode
from survei.models import UnitLayanan
from survei.partisipasi import selectors
from survei.partisipasi.models import Kasus
from tests.laporan.conftest import wib

JANUARI = Periode(2026, "bulanan", 1)


def _kasus(kode: str, **fields: Any) -> Kasus:
    return Kasus.objects.create(
        kode_lacak=kode,
        unit_layanan=UnitLayanan.objects.get(kode="layanan-b"),
        jenis="saran",
        sumber="formulir",
        isi="Tambah kursi tunggu",
        **fields,
    )


def test_a_case_answered_after_the_period_counts_open_and_overdue_in_its_report(
    register: Any,
) -> None:
    _kasus(
        "KS0002",
        status="selesai",
        jawaban="Kursi sudah ditambah",
        diterima_pada=wib(2026, 1, 28, 9),
        batas_respons=wib(2026, 1, 30, 9),
        dijawab_pada=wib(2026, 2, 3, 9),
        durasi_respons_detik=6 * 24 * 3600,
        ditutup_pada=wib(2026, 2, 4, 9),
    )
    _kasus(  # open at the period end, deadline still ahead
        "KS0003", diterima_pada=wib(2026, 1, 31, 20), batas_respons=wib(2026, 2, 3, 0)
    )
    _kasus(  # received after the period
        "KS0004", diterima_pada=wib(2026, 2, 1, 0), batas_respons=wib(2026, 2, 4, 0)
    )

    kasus = laporan_data_compute(periode=JANUARI, unit=None)["pelayanan"]["kasus"]
    assert (kasus["diterima"], kasus["dijawab"], kasus["terbuka"]) == (3, 1, 2)
    assert (kasus["terlambat"], kasus["tepat_waktu"]) == (1, 1)
    assert (kasus["persen_dijawab"], kasus["persen_tepat_waktu"]) == ("33.3", "100.0")
    assert (kasus["median_jam"], kasus["rata_rata_jam"]) == ("5.0", "5.0")
    assert {r["jenis"]: r["dijawab"] for r in kasus["per_jenis"]} == {"Pengaduan": 1, "Saran": 0}

    # The same numbers as the selector judged at the period end; judged now they differ.
    pada_akhir = selectors.waktu_respons(start=JANUARI.awal, end=JANUARI.akhir, as_of=JANUARI.batas)
    assert (pada_akhir.diterima, pada_akhir.ditangani, pada_akhir.terbuka) == (3, 1, 2)
    sekarang = selectors.waktu_respons(start=JANUARI.awal, end=JANUARI.akhir)
    assert (sekarang.ditangani, sekarang.terbuka, sekarang.terlambat) == (2, 1, 2)
