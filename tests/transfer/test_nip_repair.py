"""NIPs Excel cut to 15 digits: matched only when the name agrees, listed apart, confirmed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from asn_portal.transfer import services
from asn_portal.transfer.models import ImportStatus
from asn_portal.transfer.nip_cells import NipMatcher, normalize_name, parse_nip_cell
from jabatan.models import Pegawai, RiwayatJabatan
from pelatihan.models import RiwayatPelatihan
from tests.factories import PegawaiFactory, RiwayatJabatanFactory, make_nip
from tests.transfer.conftest import PEGAWAI_HEADERS, csv_bytes, xlsx_bytes


def _errors(job):
    return {(e["row"], e["column"]): e["message"] for e in job.errors}


def _sibling(nip: str, urutan: int = 2) -> str:
    """Another NIP with the same first 15 digits (same birth date, TMT CPNS and sex)."""
    return f"{nip[:15]}{urutan:03d}"


@pytest.mark.parametrize(
    ("written", "plain"),
    [
        ("Dr. Ir. Budi  SANTOSO, S.Kom., M.Si.", "budi santoso"),
        ("H. Ahmad Fauzi S.E.", "ahmad fauzi"),
        ("Hj. Siti Aminah, S.Pd", "siti aminah"),
        ("drs. Yosef\u00a0Manek M.Kes.", "yosef manek"),
        ("Prof. Dr. Ni Made Ayu SH MH", "ni made ayu"),
        ("Budi", "budi"),
    ],
)
def test_names_compare_without_titles_case_and_spaces(written, plain):
    assert normalize_name(written) == plain


def test_a_number_cell_shows_as_excel_shows_it_and_keeps_15_digits():
    nip = "198609262015051001"
    value = parse_nip_cell(float(nip))
    assert (value.nip, value.prefix, value.shown) == ("", nip[:15], "1,98609E+17")
    # LibreOffice writes the double's digits: 198609262015051000 still lost its last three
    assert parse_nip_cell(int(nip[:15]) * 1000).prefix == nip[:15]
    assert parse_nip_cell(int(nip)).nip == nip
    # a double's 16th and 17th digits are binary noise, never the NIP's sequence number
    noisy = 197603272001122001
    assert repr(float(noisy)) == "1.9760327200112202e+17"
    assert parse_nip_cell(float(noisy)).prefix == str(noisy)[:15]


def test_a_nip_saved_as_displayed_text_with_6_digits_is_refused_with_advice():
    # a CSV saved from Excel keeps what the cell displayed: only 6 significant digits
    with pytest.raises(ValueError, match=r"\(1,98609E\+17\) sehingga hanya 6 digit") as exc:
        parse_nip_cell("1,98609E+17")
    assert "format kolom NIP sebagai Teks" in str(exc.value)


def test_new_hire_sharing_15_digits_never_overwrites_the_registered_asn(
    admin_bkd, formasi_a, run_import
):
    """The reported case: a new hire born the same day, CPNS the same month, same sex."""
    fitri = PegawaiFactory(nip="199307152019032001", nama="Fitri Wulandari")
    RiwayatJabatanFactory(pegawai=fitri, formasi=formasi_a, tmt_mulai=dt.date(2020, 5, 1))
    new_hire = _sibling(fitri.nip)
    rows = [[float(new_hire), "Orang Baru Lain", "pns", "III/a", None, "A", "ANL", "01/05/2024"]]
    job = run_import(admin_bkd, "pegawai", "p.xlsx", xlsx_bytes(PEGAWAI_HEADERS, rows), commit=True)
    assert job.status == ImportStatus.DITOLAK
    message = _errors(job)[(2, "NIP")]
    assert message.startswith("NIP tersimpan sebagai angka (1,99307E+17)")
    assert "nama di berkas berbeda" in message
    assert "Format kolom NIP sebagai Teks" in message
    assert "Fitri" not in message  # the other person's data is not revealed
    fitri.refresh_from_db()
    assert fitri.nama == "Fitri Wulandari"
    assert not Pegawai.objects.filter(nip=new_hire).exists()


def test_a_cut_nip_with_agreeing_name_is_its_own_category_and_needs_confirmation(
    admin_bkd, formasi_a, run_import, django_capture_on_commit_callbacks
):
    budi = PegawaiFactory(nip="198609262015051001", nama="Budi Santoso", golongan="III/a")
    RiwayatJabatanFactory(pegawai=budi, formasi=formasi_a, tmt_mulai=dt.date(2020, 5, 1))
    full = make_nip(4011)
    rows = [
        [float(budi.nip), "Dr. BUDI  Santoso, S.Kom.", "pns", "III/b", None, None, None, None],
        [full, "Ani Baru", "pns", "III/a", None, "A", "ANL", "01/05/2024"],
    ]
    job = run_import(admin_bkd, "pegawai", "p.xlsx", xlsx_bytes(PEGAWAI_HEADERS, rows))
    assert job.status == ImportStatus.PRATINJAU, job.errors
    assert (job.created_count, job.changed_count, job.unchanged_count) == (1, 0, 0)
    assert job.reconstructed_count == 1
    repaired = job.preview[0]
    assert repaired["row"] == 2 and repaired["action"] == "changed"
    assert repaired["repair"] == {"shown": "1,98609E+17", "nip": budi.nip}
    assert repaired["changes"]["golongan"] == ["III/a", "III/b"]

    with pytest.raises(ValidationError, match="centang konfirmasinya"):
        services.import_commit_request(job=job, user=admin_bkd)
    job.refresh_from_db()
    assert job.status == ImportStatus.PRATINJAU
    assert not Pegawai.objects.filter(nip=full).exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.import_commit_request(job=job, user=admin_bkd, confirm_reconstructed=True)
    job.refresh_from_db()
    assert job.status == ImportStatus.SELESAI, job.errors
    budi.refresh_from_db()
    assert budi.golongan == "III/b" and budi.nama == "Dr. BUDI Santoso, S.Kom."
    assert Pegawai.objects.filter(nip=full).exists()


def test_commit_refuses_when_the_cut_nip_would_now_match_someone_else(
    admin_bkd, formasi_a, run_import, django_capture_on_commit_callbacks
):
    budi = PegawaiFactory(nip=make_nip(4020), nama="Budi Santoso")
    rows = [[float(budi.nip), "Budi Santoso", "pns", "III/b", None, None, None, None]]
    job = run_import(admin_bkd, "pegawai", "p.xlsx", xlsx_bytes(PEGAWAI_HEADERS, rows))
    assert job.reconstructed_count == 1
    # meanwhile the register is corrected: Budi's NIP was wrong, the right one ends in 002
    Pegawai.objects.filter(pk=budi.pk).update(nip=_sibling(budi.nip))
    with django_capture_on_commit_callbacks(execute=True):
        services.import_commit_request(job=job, user=admin_bkd, confirm_reconstructed=True)
    job.refresh_from_db()
    assert job.status == ImportStatus.DITOLAK
    assert "tidak lagi sama dengan yang dikonfirmasi" in job.errors[0]["message"]
    assert Pegawai.objects.get(pk=budi.pk).golongan != "III/b"


def test_two_registered_asn_with_the_same_15_digits_and_name_is_an_error(
    admin_bkd, formasi_a, run_import
):
    one = PegawaiFactory(nip=make_nip(4030), nama="Agus")
    PegawaiFactory(nip=_sibling(one.nip), nama="Agus")
    rows = [[float(one.nip), "Agus", "pns", "III/a", None, None, None, None]]
    job = run_import(admin_bkd, "pegawai", "p.xlsx", xlsx_bytes(PEGAWAI_HEADERS, rows))
    assert "2 pegawai di register cocok" in _errors(job)[(2, "NIP")]


def test_riwayat_needs_a_name_column_to_match_a_cut_nip(
    admin_bkd, formasi_a, run_import, django_capture_on_commit_callbacks
):
    pegawai = PegawaiFactory(nip=make_nip(4040), nama="Citra Lestari")
    headers = ["NIP", "Kode unit", "Kode jabatan", "Jenis penugasan", "TMT mulai"]
    rows = [[float(pegawai.nip), "A", "ANL", "definitif", "01/05/2020"]]
    job = run_import(admin_bkd, "riwayat", "r.xlsx", xlsx_bytes(headers, rows))
    assert "tidak memuat nama" in _errors(job)[(2, "NIP")]

    headers.append("Nama pegawai")
    rows[0].append("Citra  LESTARI, S.E.")
    job = run_import(admin_bkd, "riwayat", "r.xlsx", xlsx_bytes(headers, rows))
    assert job.status == ImportStatus.PRATINJAU, job.errors
    assert job.reconstructed_count == 1 and job.created_count == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.import_commit_request(job=job, user=admin_bkd, confirm_reconstructed=True)
    job.refresh_from_db()
    assert job.status == ImportStatus.SELESAI
    assert RiwayatJabatan.objects.get(pegawai=pegawai).formasi == formasi_a


def test_pelatihan_refuses_a_cut_nip_whose_name_disagrees(admin_bkd, formasi_a, run_import):
    pegawai = PegawaiFactory(nip=make_nip(4050), nama="Dewi Sartika")
    RiwayatJabatanFactory(pegawai=pegawai, formasi=formasi_a, tmt_mulai=dt.date(2020, 5, 1))
    headers = [
        "NIP",
        "Nama",
        "Nama pelatihan",
        "Jenis",
        "Metode",
        "Penyelenggara",
        "Tanggal mulai",
        "Tanggal selesai",
        "JP",
    ]
    base = ["Latsar", "pelatihan_teknis", "klasikal", "BPSDM", "03/03/2025", "07/03/2025", 40]
    rows = [[float(pegawai.nip), "Dewi Lain", *base]]
    job = run_import(admin_bkd, "pelatihan", "l.xlsx", xlsx_bytes(headers, rows))
    assert "nama di berkas berbeda" in _errors(job)[(2, "NIP")]
    rows = [[float(pegawai.nip), "Dewi Sartika", *base]]
    job = run_import(admin_bkd, "pelatihan", "l.xlsx", xlsx_bytes(headers, rows))
    assert job.status == ImportStatus.PRATINJAU and job.reconstructed_count == 1, job.errors
    with pytest.raises(ValidationError, match="NIP yang dipulihkan"):
        services.import_commit_request(job=job, user=admin_bkd)
    assert not RiwayatPelatihan.objects.exists()


def test_the_matcher_is_one_query_for_many_prefixes(db, django_assert_num_queries):
    people = [PegawaiFactory(nip=make_nip(4100 + n), nama=f"Orang {n}") for n in range(30)]
    values = [parse_nip_cell(float(p.nip)) for p in people]
    with django_assert_num_queries(1):
        matcher = NipMatcher(values)
    for person, value in zip(people, values, strict=True):
        assert matcher.resolve(value, {"nama": person.nama})[0] == person.nip


def test_preview_page_lists_repaired_rows_and_asks_for_confirmation(
    client, admin_bkd, formasi_a, run_import, django_capture_on_commit_callbacks
):
    budi = PegawaiFactory(nip=make_nip(4060), nama="Budi")
    rows = [[float(budi.nip), "Budi", "pns", "III/b", None, None, None, None]]
    job = run_import(admin_bkd, "pegawai", "p.xlsx", xlsx_bytes(PEGAWAI_HEADERS, rows))
    client.force_login(admin_bkd)
    page = client.get(reverse("transfer:impor_detail", args=[job.pk])).content.decode()
    assert 'id="tabel-dipulihkan"' in page
    assert parse_nip_cell(float(budi.nip)).shown in page and budi.nip in page
    assert 'name="konfirmasi_nip"' in page
    url = reverse("transfer:impor_commit", args=[job.pk])
    response = client.post(url, follow=True)
    assert "centang konfirmasinya" in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.PRATINJAU
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"konfirmasi_nip": "1"})
    job.refresh_from_db()
    assert job.status == ImportStatus.SELESAI
    budi.refresh_from_db()
    assert budi.golongan == "III/b"


def test_scientific_text_from_a_csv_is_matched_the_same_way(admin_bkd, formasi_a, run_import):
    eko = PegawaiFactory(nip=make_nip(4070), nama="Eko")
    shown = f"{eko.nip[0]},{eko.nip[1:15]}E+17"
    rows = [[shown, "Eko", "pns", "III/a", "", "", "", ""]]
    job = run_import(admin_bkd, "pegawai", "p.csv", csv_bytes(PEGAWAI_HEADERS, rows, delimiter=";"))
    assert job.reconstructed_count == 1, job.errors
    assert job.preview[0]["repair"] == {"shown": shown, "nip": eko.nip}
