from __future__ import annotations

import datetime as dt

import pytest

from asn_portal.laporan.services import laporan_data_compute
from asn_portal.periode import Periode

JANUARI = Periode(2026, "bulanan", 1)


@pytest.fixture
def data(register):
    return laporan_data_compute(periode=JANUARI, unit=None)


def test_penataan_numbers_are_as_of_the_period_end(data):
    p = data["penataan"]
    assert p["rencana"] | {"daftar_diterapkan": None} == {
        "disusun": 1,
        "diajukan": 1,
        "disetujui": 1,
        "ditolak": 0,
        "diterapkan": 1,
        "daftar_diterapkan": None,
    }
    assert p["penyetaraan"] == {
        "jabatan_periode": 1,
        "asn_periode": 1,
        "jabatan_kumulatif": 1,
        "asn_kumulatif": 1,
    }
    assert (p["komposisi"]["sebelum"]["struktural"], p["komposisi"]["sebelum"]["fungsional"]) == (
        1,
        0,
    )
    assert (p["komposisi"]["sesudah"]["struktural"], p["komposisi"]["sesudah"]["fungsional"]) == (
        0,
        1,
    )
    assert p["komposisi"]["sesudah"]["pelaksana"] == 3
    total = p["kebutuhan"]["total"]
    assert (total["kebutuhan"], total["bezetting"], total["kelebihan"], total["kekurangan"]) == (
        5,
        4,
        1,
        2,
    )
    per_opd = {row["kode"]: row for row in p["kebutuhan"]["per_opd"]}
    assert (per_opd["A"]["kelebihan"], per_opd["A"]["kekurangan"]) == (1, 1)  # not netted to 0
    assert (per_opd["B"]["bezetting"], per_opd["B"]["kekurangan"]) == (0, 1)


def test_kompetensi_counts_only_trainings_verified_before_the_end(data):
    jp = data["kompetensi"]["jp"]
    assert (jp["asn"], jp["memenuhi"]) == (4, 1)
    assert jp["persen"] == "25.0"
    assert data["kompetensi"]["pelatihan"]["catatan"] == 1


def test_pelayanan_uses_survei_ikm_and_flags_units_below_b(data):
    ikm = {row["kode"]: row for row in data["pelayanan"]["ikm"]["per_unit"]}
    assert ikm["layanan-a1"]["ikm"] == "75.00"
    assert ikm["layanan-a1"]["mutu"] == "C"
    assert ikm["layanan-a1"]["ikm_sebelumnya"] == "100.00"
    assert ikm["layanan-a1"]["perubahan"] == "-25.00"
    assert [row["kode"] for row in data["pelayanan"]["ikm"]["di_bawah_b"]] == ["layanan-a1"]
    kasus = data["pelayanan"]["kasus"]
    assert kasus["tersedia"] and kasus["diterima"] == 1 and kasus["dijawab"] == 1
    assert kasus["median_jam"] == "5.0"


def test_scope_of_one_opd_leaves_other_opds_out(register, unit_a):
    data = laporan_data_compute(periode=JANUARI, unit=unit_a)
    assert [row["kode"] for row in data["penataan"]["kebutuhan"]["per_opd"]] == ["A.1"]
    assert [row["kode"] for row in data["pelayanan"]["ikm"]["per_unit"]] == ["layanan-a1"]
    assert data["kompetensi"]["jp"]["asn"] == 4


def test_summary_names_changes_and_conventions(data):
    kalimat = " ".join(data["ringkasan"]["kalimat"])
    assert "Desember 2025" in kalimat
    assert "Pemangku jabatan fungsional naik dari 0 orang menjadi 1 orang" in kalimat
    assert "75.000 menit" in data["konvensi"]["abk"] or "75000" in data["konvensi"]["abk"].replace(
        ".", ""
    )
    assert "1/9" in data["konvensi"]["ikm"]


def test_most_common_gaps_use_only_trainings_verified_by_the_period_end(register):
    from pelatihan.models import (
        Kompetensi,
        ProgramKompetensi,
        ProgramPelatihan,
        RiwayatPelatihan,
        StandarKompetensi,
    )
    from tests.laporan.conftest import wib

    k1 = Kompetensi.objects.create(kode="K1", nama="Analisis kebijakan", jenis="teknis")
    k2 = Kompetensi.objects.create(kode="K2", nama="Manajemen", jenis="manajerial")
    StandarKompetensi.objects.create(jabatan=register.jf, kompetensi=k1, level=3)
    StandarKompetensi.objects.create(jabatan=register.f_pel.jabatan, kompetensi=k2, level=2)
    program = ProgramPelatihan.objects.create(
        kode="PK",
        nama="Manajemen dasar",
        jenis="teknis",
        metode="klasikal",
        jp=24,
        penyelenggara="BPSDM",
    )
    ProgramKompetensi.objects.create(program=program, kompetensi=k2, level=2)
    p2, p3 = register.pegawai[1], register.pegawai[2]
    for pegawai, verif in ((p2, wib(2026, 1, 20)), (p3, wib(2026, 2, 20))):
        RiwayatPelatihan.objects.create(
            pegawai=pegawai,
            program=program,
            nama_pelatihan="Manajemen dasar",
            jenis="teknis",
            metode="klasikal",
            penyelenggara="BPSDM",
            tanggal_mulai=dt.date(2026, 1, 5),
            tanggal_selesai=dt.date(2026, 1, 9),
            jp=24,
            sumber="staf",
            status="terverifikasi",
            diverifikasi_pada=verif,
        )
    gaps = laporan_data_compute(periode=JANUARI, unit=None)["kompetensi"]["kesenjangan"]
    # P1 (JF) lacks K1; P3 and P4 (pelaksana) lack K2 — P3's training was verified in February.
    assert gaps["asn_dinilai"] == 4 and gaps["asn_dengan_gap"] == 3
    assert [(row["kode"], row["asn"]) for row in gaps["teratas"]] == [("K2", 2), ("K1", 1)]
