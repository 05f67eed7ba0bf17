from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from asn_portal.transfer import services
from asn_portal.transfer.models import ImportStatus
from jabatan.models import Formasi, Jabatan, RiwayatJabatan, UnitOrganisasi, UraianTugas
from pelatihan.models import RiwayatPelatihan
from tests.factories import (
    FormasiFactory,
    JabatanFactory,
    PegawaiFactory,
    RiwayatJabatanFactory,
    UraianTugasFactory,
    make_nip,
)
from tests.transfer.conftest import csv_bytes


def _errors(job):
    return {(e["row"], e["column"]): e["message"] for e in job.errors}


@pytest.fixture
def register(unit_a, unit_b, formasi_a):
    """A little of everything, so that each kind has rows to round-trip."""
    JabatanFactory(
        kode="JF-AM",
        nama="Analis Kebijakan Ahli Muda",
        kategori="fungsional_keahlian",
        jenjang="ahli_muda",
        kelas_jabatan=9,
    )
    UraianTugasFactory(
        formasi=formasi_a, uraian="Menyusun =rencana", volume_per_tahun=Decimal("12.5")
    )
    UraianTugasFactory(formasi=formasi_a, uraian="Menyusun laporan")
    FormasiFactory(unit=unit_b, jabatan=formasi_a.jabatan)
    pegawai = PegawaiFactory(
        nip=make_nip(1),
        nama="Ani",
        gelar_belakang="S.E.",
        tmt_golongan=dt.date(2019, 4, 1),
        pendidikan_terakhir="s1",
        email="ani@example.go.id",
    )
    RiwayatJabatanFactory(
        pegawai=pegawai,
        formasi=formasi_a,
        tmt_mulai=dt.date(2015, 1, 1),
        tmt_selesai=dt.date(2020, 1, 1),
    )
    RiwayatJabatanFactory(
        pegawai=pegawai,
        formasi=formasi_a,
        jenis="definitif",
        tmt_mulai=dt.date(2020, 1, 1),
        nomor_sk="800/1",
    )
    PegawaiFactory(nip=make_nip(2, pppk=True), nama="Budi", status="pppk", golongan="IX")
    RiwayatPelatihan.objects.create(
        pegawai=pegawai,
        nama_pelatihan="Latsar",
        jenis="latsar",
        metode="klasikal",
        penyelenggara="BPSDM",
        tanggal_mulai=dt.date(2016, 2, 1),
        tanggal_selesai=dt.date(2016, 3, 1),
        jp=40,
        sumber="staf",
        status="terverifikasi",
    )
    return pegawai


@pytest.mark.parametrize("kind", ["pegawai", "unit", "jabatan", "formasi", "riwayat", "pelatihan"])
def test_each_kind_round_trips_without_changes(kind, admin_bkd, register, run_import):
    content = services.template_workbook(kind=kind, user=admin_bkd, with_data=True)
    job = run_import(admin_bkd, kind, f"{kind}.xlsx", content)
    assert job.status == ImportStatus.PRATINJAU, job.errors
    assert job.created_count == job.changed_count == job.error_count == 0
    assert job.unchanged_count > 0


def test_operator_data_download_holds_only_their_units(operator_a, register, asn_y):
    from io import BytesIO

    from openpyxl import load_workbook

    content = services.template_workbook(kind="pegawai", user=operator_a, with_data=True)
    nips = [
        row[0]
        for row in load_workbook(BytesIO(content))["Data"].iter_rows(min_row=2, values_only=True)
    ]
    assert nips == [register.nip]


def test_units_with_parents_in_the_same_file(admin_bkd, unit_a, run_import):
    headers = ["Kode", "Nama", "Jenis", "Kode induk", "Aktif"]
    rows = [
        ["A.2", "Bidang A2", "bidang", "A", "Ya"],
        ["A.2.1", "Seksi A21", "Seksi", "A.2", ""],
        ["A", "Dinas A (baru)", "opd", "", "ya"],
    ]
    job = run_import(admin_bkd, "unit", "u.csv", csv_bytes(headers, rows), commit=True)
    assert job.status == ImportStatus.SELESAI, job.errors
    assert (job.created_count, job.changed_count) == (2, 1)
    child = UnitOrganisasi.objects.get(kode="A.2.1")
    parent = UnitOrganisasi.objects.get(path=child.path[: -UnitOrganisasi.steplen])
    assert parent.kode == "A.2"
    assert UnitOrganisasi.objects.get(path=parent.path[: -UnitOrganisasi.steplen]).kode == "A"
    assert UnitOrganisasi.objects.get(kode="A").nama == "Dinas A (baru)"


def test_unit_errors_name_row_and_column(admin_bkd, unit_a, unit_b, run_import):
    headers = ["Kode", "Nama", "Jenis", "Kode induk"]
    rows = [
        ["X.1", "Anak Yatim", "bidang", "X"],
        ["A.1", "Bidang A1", "bidang", "B"],
        ["Z", "", "dinas", ""],
    ]
    job = run_import(admin_bkd, "unit", "u.csv", csv_bytes(headers, rows), commit=True)
    errors = _errors(job)
    assert "Unit induk dengan kode X tidak ditemukan" in errors[(2, "Kode induk")]
    assert "Memindahkan unit ke induk lain" in errors[(3, "Kode induk")]
    assert errors[(4, "Nama")] == "Wajib diisi."
    assert "dinas tidak dikenal" in errors[(4, "Jenis")]
    assert not UnitOrganisasi.objects.filter(kode="X.1").exists()


def test_operator_may_not_import_units_or_jabatan(operator_a):
    from asn_portal.transfer.kinds import KINDS

    assert not services.import_allowed(operator_a, KINDS["unit"])
    assert not services.import_allowed(operator_a, KINDS["jabatan"])
    assert services.import_allowed(operator_a, KINDS["formasi"])
    assert services.import_allowed(operator_a, KINDS["riwayat"])


def test_jabatan_uses_the_model_rules(admin_bkd, run_import):
    headers = ["Kode", "Nama jabatan", "Kategori", "Jenjang", "Kelas jabatan"]
    rows = [
        ["K1", "Analis Ahli Muda", "fungsional_keahlian", "Ahli Muda", "9"],
        ["K2", "Kepala Seksi", "pengawas", "ahli_muda", "8"],
        ["K3", "Pelaksana", "pelaksana", "", "18"],
    ]
    job = run_import(admin_bkd, "jabatan", "j.csv", csv_bytes(headers, rows))
    errors = _errors(job)
    assert errors[(3, "Jenjang")] == "Jenjang hanya diisi untuk jabatan fungsional."
    assert "17" in errors[(4, "Kelas jabatan")]
    rows = [rows[0]]
    job = run_import(admin_bkd, "jabatan", "j.csv", csv_bytes(headers, rows), commit=True)
    assert Jabatan.objects.get(kode="K1").jenjang == "ahli_muda"


def test_formasi_rows_replace_the_abk_task_list(operator_a, formasi_a, unit_b, run_import):
    UraianTugasFactory(formasi=formasi_a, uraian="Tugas lama")
    headers = [
        "Kode unit",
        "Kode jabatan",
        "Uraian tugas",
        "Hasil kerja",
        "Volume per tahun",
        "Norma waktu (menit)",
    ]
    rows = [
        ["A", "ANL", "Menyusun rencana", "Dokumen", "12", "300"],
        ["A", "ANL", "Memverifikasi usul", "Berkas", "1.200", "30,5"],
        ["A.1", "ANL", "", "", "", ""],
    ]
    job = run_import(
        operator_a, "formasi", "f.csv", csv_bytes(headers, rows, delimiter=";"), commit=True
    )
    assert job.status == ImportStatus.SELESAI, job.errors
    assert (job.created_count, job.changed_count) == (1, 1)
    tasks = list(
        UraianTugas.objects.filter(formasi=formasi_a).values_list(
            "uraian", "volume_per_tahun", "norma_waktu_menit"
        )
    )
    assert tasks == [
        ("Menyusun rencana", Decimal("12"), Decimal("300")),
        ("Memverifikasi usul", Decimal("1200"), Decimal("30.5")),
    ]
    assert Formasi.objects.filter(unit__kode="A.1").count() == 1


def test_formasi_errors_and_scope(operator_a, formasi_a, unit_b, run_import):
    headers = [
        "Kode unit",
        "Kode jabatan",
        "Uraian tugas",
        "Hasil kerja",
        "Volume per tahun",
        "Norma waktu (menit)",
    ]
    rows = [
        ["B", "ANL", "", "", "", ""],
        ["A", "ANL", "Menyusun", "", "-3", "x"],
        ["A", "NOPE", "", "", "", ""],
    ]
    job = run_import(operator_a, "formasi", "f.csv", csv_bytes(headers, rows))
    errors = _errors(job)
    assert errors[(2, "Kode unit")] == "Unit Dinas B (B) di luar kewenangan Anda."
    assert "Bukan angka" in errors[(3, "Norma waktu (menit)")]
    assert errors[(4, "Kode jabatan")] == "Jabatan dengan kode NOPE tidak ditemukan."


def test_riwayat_import_and_overlap_check(operator_a, formasi_a, unit_b, run_import):
    pegawai = PegawaiFactory(nip=make_nip(5), nama="Citra")
    RiwayatJabatanFactory(pegawai=pegawai, formasi=formasi_a, tmt_mulai=dt.date(2020, 1, 1))
    headers = [
        "NIP",
        "Kode unit",
        "Kode jabatan",
        "Jenis penugasan",
        "TMT mulai",
        "TMT selesai",
        "Nomor SK",
    ]
    rows = [
        [pegawai.nip, "A", "ANL", "definitif", "01/01/2020", "01/01/2024", "800/9"],
        [pegawai.nip, "A", "ANL", "Plt", "01/02/2024", "", "800/10"],
        [pegawai.nip, "A", "ANL", "definitif", "2015-01-01", "2016-01-01", ""],
    ]
    job = run_import(operator_a, "riwayat", "r.csv", csv_bytes(headers, rows), commit=True)
    assert job.status == ImportStatus.SELESAI, job.errors
    assert (job.created_count, job.changed_count) == (2, 1)
    assert RiwayatJabatan.objects.get(
        pegawai=pegawai, tmt_mulai=dt.date(2020, 1, 1)
    ).tmt_selesai == dt.date(2024, 1, 1)

    rows = [
        [pegawai.nip, "A", "ANL", "definitif", "01/06/2023", "", ""],
        [make_nip(6), "A", "ANL", "definitif", "01/06/2023", "", ""],
        [pegawai.nip, "B", "ANL", "definitif", "01/06/2023", "", ""],
    ]
    job = run_import(operator_a, "riwayat", "r.csv", csv_bytes(headers, rows), commit=True)
    errors = _errors(job)
    assert f"Pegawai dengan NIP {make_nip(6)} tidak ditemukan." == errors[(3, "NIP")]
    assert "belum ada" in errors[(4, "Kode jabatan")]
    assert job.status == ImportStatus.DITOLAK
    job = run_import(operator_a, "riwayat", "r.csv", csv_bytes(headers, rows[:1]), commit=True)
    assert "tumpang tindih" in _errors(job)[(2, "TMT mulai")]
    assert RiwayatJabatan.objects.filter(pegawai=pegawai).count() == 4 - 1


def test_training_records_are_imported_verified(admin_bkd, formasi_a, run_import):
    pegawai = PegawaiFactory(nip=make_nip(20), nama="Dewi")
    RiwayatJabatanFactory(pegawai=pegawai, formasi=formasi_a)
    headers = [
        "NIP",
        "Nama pelatihan",
        "Jenis",
        "Metode",
        "Penyelenggara",
        "Tanggal mulai",
        "Tanggal selesai",
        "JP",
    ]
    rows = [
        [
            pegawai.nip,
            "Pelatihan Teknis SIASN",
            "Pelatihan teknis",
            "klasikal",
            "BKN",
            "03/03/2025",
            "07/03/2025",
            "24",
        ],
        [pegawai.nip, "Terbalik", "teknis", "klasikal", "BKN", "07/03/2025", "03/03/2025", "0"],
    ]
    job = run_import(admin_bkd, "pelatihan", "p.csv", csv_bytes(headers, rows), commit=True)
    errors = _errors(job)
    assert errors[(3, "Tanggal selesai")] == "Tanggal selesai tidak boleh sebelum tanggal mulai."
    assert (3, "JP") in errors
    assert not RiwayatPelatihan.objects.exists()
    job = run_import(admin_bkd, "pelatihan", "p.csv", csv_bytes(headers, rows[:1]), commit=True)
    riwayat = RiwayatPelatihan.objects.get()
    assert (riwayat.status, riwayat.sumber, riwayat.jp, riwayat.diverifikasi_oleh) == (
        "terverifikasi",
        "staf",
        24,
        admin_bkd,
    )


def test_operator_may_not_import_training_records(operator_a):
    from asn_portal.transfer.kinds import KINDS

    assert not services.import_allowed(operator_a, KINDS["pelatihan"])


SURVEI_HEADERS = [
    "Kode unit layanan",
    "Nomor kuesioner",
    "Tanggal layanan",
    "Umur",
    "Jenis kelamin",
    "Pendidikan",
    "Pekerjaan",
    "Jenis layanan",
    "U1",
    "U2",
    "U3",
    "U4",
    "U5",
    "U6",
    "U7",
    "U8",
    "U9",
]


def test_paper_questionnaires_import_once(operator_a, unit_b, run_import):
    from survei.models import Respons
    from tests.survei.factories import UnitLayananFactory

    UnitLayananFactory(
        kode="layanan-a",
        nama="Layanan A",
        unit=UnitOrganisasi.objects.get(kode="A.1"),
        jenis_layanan=[],
    )
    UnitLayananFactory(kode="layanan-b", nama="Layanan B", unit=unit_b, jenis_layanan=[])
    good = [
        "layanan-a",
        "K-001",
        "03/03/2025",
        "34",
        "P",
        "D4/S1",
        "Swasta",
        "Rawat jalan",
        "4",
        "3",
        "3",
        "4",
        "3",
        "3",
        "4",
        "",
        "3",
    ]
    rows = [
        good,
        [
            "layanan-a",
            "K-002",
            "03/03/2025",
            "34",
            "P",
            "d4_s1",
            "swasta",
            "Rawat jalan",
            *[""] * 9,
        ],
        [
            "layanan-b",
            "K-003",
            "03/03/2025",
            "34",
            "P",
            "d4_s1",
            "swasta",
            "Rawat jalan",
            *["3"] * 9,
        ],
        [
            "layanan-a",
            "K-004",
            "03/03/2025",
            "34",
            "P",
            "d4_s1",
            "swasta",
            "Rawat jalan",
            "5",
            *["3"] * 8,
        ],
    ]
    job = run_import(operator_a, "survei", "skm.csv", csv_bytes(SURVEI_HEADERS, rows), commit=True)
    errors = _errors(job)
    assert "tanpa satu pun jawaban" in errors[(3, "U1")]
    assert errors[(4, "Kode unit layanan")] == "Unit Dinas B (B) di luar kewenangan Anda."
    assert "5 tidak dikenal" in errors[(5, "U1")]
    assert not Respons.objects.exists()

    job = run_import(
        operator_a, "survei", "skm.csv", csv_bytes(SURVEI_HEADERS, [good]), commit=True
    )
    assert job.created_count == 1
    respons = Respons.objects.get()
    assert (respons.sumber, respons.u1, respons.u8, respons.pendidikan, respons.dientri_oleh) == (
        "kertas",
        4,
        None,
        "d4_s1",
        operator_a,
    )
    job = run_import(
        operator_a, "survei", "skm.csv", csv_bytes(SURVEI_HEADERS, [good]), commit=True
    )
    assert (job.created_count, job.unchanged_count) == (0, 1)
    assert Respons.objects.count() == 1
