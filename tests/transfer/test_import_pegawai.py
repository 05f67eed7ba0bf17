from __future__ import annotations

import datetime as dt

import pytest

from asn_portal.progress import progress_get
from asn_portal.transfer import services
from asn_portal.transfer.models import ImportStatus
from jabatan.models import Pegawai, RiwayatJabatan
from tests.factories import FormasiFactory, PegawaiFactory, RiwayatJabatanFactory, make_nip
from tests.transfer.conftest import PEGAWAI_HEADERS, csv_bytes, xlsx_bytes


def _row(n: int, nama: str = "Ani", unit: str = "A", **over):
    row = {
        "nip": make_nip(n),
        "nama": nama,
        "status": "pns",
        "golongan": "III/a",
        "tmt": "01/04/2019",
        "unit": unit,
        "jabatan": "ANL",
        "tmt_jabatan": "01/05/2020",
        **over,
    }
    return list(row.values())


def _errors(job):
    return {(e["row"], e["column"]): e["message"] for e in job.errors}


def test_a_clean_file_previews_then_commits_with_placement(admin_bkd, formasi_a, run_import):
    content = csv_bytes(PEGAWAI_HEADERS, [_row(100), _row(101, "Budi", unit="A.1")])
    job = run_import(admin_bkd, "pegawai", "pegawai.csv", content)
    assert job.status == ImportStatus.PRATINJAU
    assert (job.created_count, job.changed_count, job.unchanged_count, job.error_count) == (
        2,
        0,
        0,
        0,
    )
    assert Pegawai.objects.count() == 0  # the preview writes nothing

    job = run_import(admin_bkd, "pegawai", "pegawai.csv", content, commit=True)
    assert job.status == ImportStatus.SELESAI
    assert job.committed_by == admin_bkd and job.finished_at is not None
    ani = Pegawai.objects.get(nip=make_nip(100))
    assert ani.tanggal_lahir is not None and ani.tmt_golongan == dt.date(2019, 4, 1)
    riwayat = RiwayatJabatan.objects.get(pegawai=ani)
    assert (
        riwayat.formasi == formasi_a
        and riwayat.tmt_mulai == dt.date(2020, 5, 1)
        and riwayat.tmt_selesai is None
    )
    # the missing formasi (Bidang A1 + ANL) was created for Budi
    assert RiwayatJabatan.objects.get(pegawai__nama="Budi").formasi.unit.kode == "A.1"


def test_preview_counts_created_changed_unchanged(admin_bkd, formasi_a, run_import):
    same = PegawaiFactory(nip=make_nip(200), nama="Sama", golongan="III/a")
    RiwayatJabatanFactory(pegawai=same, formasi=formasi_a, tmt_mulai=dt.date(2020, 5, 1))
    other = PegawaiFactory(nip=make_nip(201), nama="Lama", golongan="III/a")
    RiwayatJabatanFactory(pegawai=other, formasi=formasi_a, tmt_mulai=dt.date(2020, 5, 1))
    rows = [
        _row(200, "Sama", tmt=""),
        _row(201, "Baru Namanya", golongan="III/b", tmt=""),
        _row(202, "Anyar"),
    ]
    job = run_import(admin_bkd, "pegawai", "p.csv", csv_bytes(PEGAWAI_HEADERS, rows))
    assert (job.created_count, job.changed_count, job.unchanged_count) == (1, 1, 1)
    changed = next(p for p in job.preview if p["action"] == "changed")
    assert changed["row"] == 3
    assert changed["changes"]["nama"] == ["Lama", "Baru Namanya"]
    assert changed["changes"]["golongan"] == ["III/a", "III/b"]


def test_one_bad_row_imports_nothing_and_names_row_and_column(admin_bkd, formasi_a, run_import):
    rows = [
        _row(300),
        _row(301, golongan="III/z"),
        _row(302, tmt="31/13/2019"),
        ["12345", "Salah NIP", "pns", "III/a", "", "A", "ANL", "01/05/2020"],
    ]
    job = run_import(admin_bkd, "pegawai", "p.csv", csv_bytes(PEGAWAI_HEADERS, rows), commit=True)
    assert job.status == ImportStatus.DITOLAK
    errors = _errors(job)
    assert "III/z tidak dikenal" in errors[(3, "Golongan")]
    assert "Tanggal tidak valid" in errors[(4, "TMT golongan")]
    assert "18 angka" in errors[(5, "NIP")]
    assert job.error_count == 3
    assert Pegawai.objects.count() == 0

    with pytest.raises(Exception, match="tidak dalam keadaan siap"):
        services.import_commit_request(job=job, user=admin_bkd)
    assert Pegawai.objects.count() == 0


def test_a_duplicate_nip_in_the_file_is_an_error(admin_bkd, formasi_a, run_import):
    job = run_import(
        admin_bkd, "pegawai", "p.csv", csv_bytes(PEGAWAI_HEADERS, [_row(310), _row(310, "Lagi")])
    )
    assert _errors(job)[(3, "NIP")] == "Data yang sama sudah ada di baris 2."


def test_missing_required_column_is_reported_on_the_header_row(admin_bkd, run_import):
    job = run_import(
        admin_bkd, "pegawai", "p.csv", csv_bytes(["NIP", "Nama"], [[make_nip(1), "Ani"]])
    )
    assert job.status == ImportStatus.DITOLAK
    assert "Kolom wajib Status kepegawaian tidak ada" in _errors(job)[(1, "Status kepegawaian")]


def test_commit_rechecks_and_writes_nothing_if_the_register_changed(
    admin_bkd, formasi_a, run_import, django_capture_on_commit_callbacks
):
    job = run_import(
        admin_bkd, "pegawai", "p.csv", csv_bytes(PEGAWAI_HEADERS, [_row(400), _row(401)])
    )
    assert job.status == ImportStatus.PRATINJAU
    # meanwhile someone places 401 in the formasi from a later TMT
    late = PegawaiFactory(nip=make_nip(401), nama="Ani")
    RiwayatJabatanFactory(
        pegawai=late, formasi=FormasiFactory(unit=formasi_a.unit), tmt_mulai=dt.date(2024, 1, 1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.import_commit_request(job=job, user=admin_bkd)
    job.refresh_from_db()
    assert job.status == ImportStatus.DITOLAK
    assert "Harus sesudah TMT jabatan definitif terakhir" in _errors(job)[(3, "TMT jabatan")]
    assert not Pegawai.objects.filter(nip=make_nip(400)).exists()


def test_a_failure_while_writing_rolls_everything_back(
    admin_bkd, formasi_a, run_import, monkeypatch
):
    from asn_portal.transfer.kinds import pegawai as kind_module

    def boom(model, rows):  # the ASN rows are in; the assignments fail
        assert model is kind_module.RiwayatJabatan
        assert Pegawai.objects.count() == 1
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(kind_module.bulk, "copy_values", boom)
    job = run_import(
        admin_bkd, "pegawai", "p.csv", csv_bytes(PEGAWAI_HEADERS, [_row(410)]), commit=True
    )
    assert job.status == ImportStatus.GAGAL
    assert "tidak ada data yang disimpan" in job.message
    assert Pegawai.objects.count() == 0


# --- operator scope ----------------------------------------------------------------------------


def test_operator_row_for_another_unit_is_an_error(operator_a, formasi_a, unit_b, run_import):
    rows = [_row(500), _row(501, unit="B")]
    job = run_import(operator_a, "pegawai", "p.csv", csv_bytes(PEGAWAI_HEADERS, rows), commit=True)
    assert job.status == ImportStatus.DITOLAK
    assert _errors(job)[(3, "Kode unit")] == "Unit Dinas B (B) di luar kewenangan Anda."
    assert Pegawai.objects.count() == 0


def test_operator_cannot_change_an_asn_of_another_unit(operator_a, formasi_a, asn_y, run_import):
    yohana = asn_y.pegawai
    rows = [[yohana.nip, "Yohana Diubah", "pns", "III/a", "", "", "", ""]]
    job = run_import(operator_a, "pegawai", "p.csv", csv_bytes(PEGAWAI_HEADERS, rows))
    assert "di luar kewenangan Anda" in _errors(job)[(2, "NIP")]
    yohana.refresh_from_db()
    assert yohana.nama == "Yohana"


def test_operator_must_place_a_new_asn(operator_a, formasi_a, run_import):
    rows = [[make_nip(510), "Tanpa Unit", "pns", "III/a", "", "", "", ""]]
    job = run_import(operator_a, "pegawai", "p.csv", csv_bytes(PEGAWAI_HEADERS, rows))
    assert "Wajib diisi" in _errors(job)[(2, "Kode unit")]


def test_operator_imports_into_a_sub_unit(operator_a, formasi_a, run_import):
    job = run_import(
        operator_a,
        "pegawai",
        "p.csv",
        csv_bytes(PEGAWAI_HEADERS, [_row(520, unit="A.1.1")]),
        commit=True,
    )
    assert job.status == ImportStatus.SELESAI
    assert RiwayatJabatan.objects.get(pegawai__nip=make_nip(520)).formasi.unit.kode == "A.1.1"


def test_verifikator_and_asn_may_not_import(verifikator, asn_x):
    from django.core.exceptions import PermissionDenied

    from tests.transfer.conftest import upload

    for user in (verifikator, asn_x):
        with pytest.raises(PermissionDenied):
            services.import_job_create(
                user=user, kind="pegawai", upload=upload("p.csv", b"NIP\n1\n")
            )


# --- quirks ------------------------------------------------------------------------------------


def test_bom_cp1252_semicolons_and_spaces(admin_bkd, formasi_a, run_import):
    rows = [_row(600, "  José   Gonçalves  "), _row(601, "Ani\u00a0Rahma")]
    for n, (encoding, delimiter) in enumerate(
        (("utf-8-sig", ","), ("cp1252", ";"), ("utf-8", ";"))
    ):
        data = csv_bytes(
            PEGAWAI_HEADERS,
            rows if encoding != "cp1252" else rows[:1],
            delimiter=delimiter,
            encoding=encoding,
        )
        job = run_import(admin_bkd, "pegawai", f"p{n}.csv", data)
        assert job.status == ImportStatus.PRATINJAU, job.errors
        assert job.preview[0]["key"] == make_nip(600)
    job = run_import(
        admin_bkd,
        "pegawai",
        "p.csv",
        csv_bytes(PEGAWAI_HEADERS, rows[:1], encoding="cp1252", delimiter=";"),
        commit=True,
    )
    assert Pegawai.objects.get(nip=make_nip(600)).nama == "José Gonçalves"


def test_xlsx_with_serial_dates_and_spaced_nip(admin_bkd, formasi_a, run_import):
    nip = make_nip(700)
    headers = PEGAWAI_HEADERS
    rows = [
        [
            f" {nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]} ",
            " Serial ",
            "PNS",
            "iii/A",
            43556,
            "A",
            "ANL",
            dt.datetime(2020, 5, 1),
        ]
    ]
    job = run_import(admin_bkd, "pegawai", "p.xlsx", xlsx_bytes(headers, rows), commit=True)
    assert job.status == ImportStatus.SELESAI, job.errors
    pegawai = Pegawai.objects.get(nip=nip)
    assert (pegawai.nama, pegawai.golongan, pegawai.tmt_golongan) == (
        "Serial",
        "III/a",
        dt.date(2019, 4, 1),
    )


def test_scientific_notation_nip_matches_the_one_asn_with_those_15_digits_and_name(
    admin_bkd, formasi_a, run_import
):
    # Before: a cut NIP silently updated whoever had those 15 digits ("Lama" → "Lama Diubah").
    # Now the name must agree, and the row lands in its own category (tests/transfer/test_nip_repair)
    existing = PegawaiFactory(nip=make_nip(800), nama="Lama")
    RiwayatJabatanFactory(pegawai=existing, formasi=formasi_a, tmt_mulai=dt.date(2020, 5, 1))
    scientific = f"{int(existing.nip[:15]) / 10**14:.14f}".rstrip("0") + "E+17"
    unknown = f"{int(make_nip(801)[:15]) / 10**14:.14f}".rstrip("0") + "E+17"
    rows = [
        [scientific, "Lama", "pns", "III/b", "", "", "", ""],
        [unknown, "Tak Dikenal", "pns", "III/a", "", "A", "ANL", "01/05/2020"],
        [scientific.replace("E+17", "e17"), "Lama Diubah", "pns", "III/a", "", "", "", ""],
    ]
    job = run_import(admin_bkd, "pegawai", "p.csv", csv_bytes(PEGAWAI_HEADERS, rows, delimiter=";"))
    assert job.changed_count == 0 and job.reconstructed_count == 1
    assert job.preview[0]["key"] == existing.nip
    assert job.preview[0]["repair"] == {"shown": scientific, "nip": existing.nip}
    assert "tidak cocok dengan pegawai mana pun" in _errors(job)[(3, "NIP")]
    assert "nama di berkas berbeda" in _errors(job)[(4, "NIP")]


def test_xlsx_float_nip_is_treated_like_scientific_notation(admin_bkd, formasi_a, run_import):
    existing = PegawaiFactory(nip=make_nip(810), nama="Float")
    RiwayatJabatanFactory(pegawai=existing, formasi=formasi_a, tmt_mulai=dt.date(2020, 5, 1))
    rows = [[float(existing.nip), "Float", "pns", "III/a", None, None, None, None]]
    job = run_import(admin_bkd, "pegawai", "p.xlsx", xlsx_bytes(PEGAWAI_HEADERS, rows))
    assert job.status == ImportStatus.PRATINJAU, job.errors
    assert (job.unchanged_count, job.reconstructed_count) == (0, 1)
    assert job.preview[0]["repair"]["nip"] == existing.nip


def test_mutation_closes_the_running_assignment(admin_bkd, formasi_a, unit_a, run_import):
    pegawai = PegawaiFactory(nip=make_nip(900), nama="Mutasi")
    old = RiwayatJabatanFactory(pegawai=pegawai, formasi=formasi_a, tmt_mulai=dt.date(2020, 5, 1))
    rows = [_row(900, "Mutasi", unit="A.1", tmt="", tmt_jabatan="01/01/2024")]
    job = run_import(admin_bkd, "pegawai", "p.csv", csv_bytes(PEGAWAI_HEADERS, rows), commit=True)
    assert job.status == ImportStatus.SELESAI
    old.refresh_from_db()
    assert old.tmt_selesai == dt.date(2024, 1, 1)
    assert (
        RiwayatJabatan.objects.get(pegawai=pegawai, tmt_selesai__isnull=True).formasi.unit.kode
        == "A.1"
    )


def test_progress_is_visible_in_the_cache(admin_bkd, formasi_a, run_import):
    job = run_import(
        admin_bkd,
        "pegawai",
        "p.csv",
        csv_bytes(PEGAWAI_HEADERS, [_row(n) for n in range(1000, 1030)]),
        commit=True,
    )
    progress = progress_get(services.PROGRESS_KIND, job.pk)
    assert progress is not None
    assert (progress["status"], progress["done"], progress["total"]) == ("selesai", 30, 30)
    assert progress["percent"] == 100


def test_the_assignments_copy_writes_every_column_as_an_insert_would(
    admin_bkd, formasi_a, run_import
):
    columns = [f.attname for f in RiwayatJabatan._meta.concrete_fields if not f.primary_key]
    job = run_import(
        admin_bkd, "pegawai", "p.csv", csv_bytes(PEGAWAI_HEADERS, [_row(420)]), commit=True
    )
    assert job.status == ImportStatus.SELESAI
    written = RiwayatJabatan.objects.get(pegawai__nip=make_nip(420))
    expected = RiwayatJabatan(
        pegawai_id=written.pegawai_id,
        formasi_id=written.formasi_id,
        tmt_mulai=written.tmt_mulai,
        keterangan="Impor data",
    )
    for name in columns:
        if name != "created_at":
            assert getattr(written, name) == getattr(expected, name), name
    assert written.created_at is not None
