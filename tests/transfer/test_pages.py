"""Every page for every persona, and the job pages' behaviour."""

from __future__ import annotations

import pytest

from asn_portal.transfer.models import ImportJob, ImportStatus, Rekonsiliasi
from tests.conftest import client_for
from tests.factories import make_nip
from tests.transfer.conftest import PEGAWAI_HEADERS, csv_bytes

PERSONAS = ["anonymous", "admin_bkd", "verifikator", "operator_a", "operator_b", "asn_x", "asn_y"]


@pytest.fixture
def everyone(request):
    def get(name):
        return None if name == "anonymous" else request.getfixturevalue(name)

    return get


@pytest.fixture
def job_of_a(operator_a, formasi_a, run_import):
    rows = [[make_nip(1), "Ani", "pns", "III/a", "", "A", "ANL", "01/05/2020"]]
    return run_import(operator_a, "pegawai", "pegawai.csv", csv_bytes(PEGAWAI_HEADERS, rows))


def _status(user, url, method="get", data=None):
    client = client_for(user)
    return getattr(client, method)(url, data or {}).status_code


EXPECTED_INDEX = {
    "anonymous": 302,
    "admin_bkd": 200,
    "verifikator": 200,
    "operator_a": 200,
    "operator_b": 200,
    "asn_x": 403,
    "asn_y": 403,
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "url", ["/transfer/", "/transfer/impor/pegawai/templat.xlsx", "/transfer/rekonsiliasi/"]
)
def test_staff_pages(persona, url, everyone):
    assert _status(everyone(persona), url) == EXPECTED_INDEX[persona]


@pytest.mark.parametrize(
    ("persona", "kind", "expected"),
    [
        ("anonymous", "pegawai", 302),
        ("asn_x", "pegawai", 403),
        ("asn_y", "pegawai", 403),
        ("verifikator", "pegawai", 403),
        ("operator_a", "pegawai", 200),
        ("operator_b", "pegawai", 200),
        ("admin_bkd", "pegawai", 200),
        ("operator_a", "unit", 403),
        ("operator_a", "jabatan", 403),
        ("operator_a", "formasi", 200),
        ("operator_a", "riwayat", 200),
        ("admin_bkd", "unit", 200),
        ("admin_bkd", "tidak-ada", 404),
    ],
)
def test_upload_page(persona, kind, expected, everyone):
    assert _status(everyone(persona), f"/transfer/impor/{kind}/") == expected


JOB_EXPECTED = {
    "anonymous": 302,
    "admin_bkd": 200,
    "verifikator": 200,
    "operator_a": 200,
    "operator_b": 404,
    "asn_x": 403,
    "asn_y": 403,
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("suffix", ["", "status/"])
def test_job_pages(persona, suffix, job_of_a, everyone):
    assert (
        _status(everyone(persona), f"/transfer/impor/job/{job_of_a.pk}/{suffix}")
        == JOB_EXPECTED[persona]
    )


COMMIT_EXPECTED = {
    "anonymous": 302,
    "admin_bkd": 302,
    "verifikator": 403,
    "operator_a": 302,
    "operator_b": 404,
    "asn_x": 403,
    "asn_y": 403,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_commit_endpoint(persona, job_of_a, everyone, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        status = _status(everyone(persona), f"/transfer/impor/job/{job_of_a.pk}/impor/", "post")
    assert status == COMMIT_EXPECTED[persona]
    job_of_a.refresh_from_db()
    committed = COMMIT_EXPECTED[persona] == 302 and persona != "anonymous"
    assert (job_of_a.status == ImportStatus.SELESAI) is committed


def test_commit_needs_post(operator_a, job_of_a):
    assert _status(operator_a, f"/transfer/impor/job/{job_of_a.pk}/impor/") == 405


@pytest.mark.parametrize("persona", PERSONAS)
def test_rekonsiliasi_detail(persona, operator_a, everyone):
    rekon = Rekonsiliasi.objects.create(
        file_name="s.csv", file="x.csv", created_by=operator_a, status="selesai"
    )
    expected = {**JOB_EXPECTED}
    assert _status(everyone(persona), f"/transfer/rekonsiliasi/{rekon.pk}/") == expected[persona]
    assert _status(everyone(persona), f"/transfer/rekonsiliasi/{rekon.pk}/?kelompok=nope") == (
        404 if expected[persona] == 200 else expected[persona]
    )


def test_upload_flow_through_the_pages(operator_a, formasi_a, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(operator_a)
    good = [make_nip(50), "Baru Sekali", "pns", "III/a", "", "A", "ANL", "01/05/2020"]
    bad = [make_nip(51), "Salah Unit", "pns", "III/a", "", "ZZZ", "ANL", "01/05/2020"]
    content = csv_bytes(PEGAWAI_HEADERS, [good, bad])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/transfer/impor/pegawai/", {"berkas": SimpleUploadedFile("p.csv", content)}
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/transfer/impor/job/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Baris 3, kolom Kode unit: Unit dengan kode ZZZ tidak ditemukan." in page
    assert "tombol-impor" not in page
    assert client.get(f"/transfer/impor/job/{job.pk}/status/").json()["status"] == "ditolak"

    response = client.post(
        "/transfer/impor/pegawai/", {"berkas": SimpleUploadedFile("p.pdf", b"x")}
    )
    assert "tidak didukung" in response.content.decode()


def test_template_has_headers_example_and_lists(admin_bkd):
    from io import BytesIO

    from openpyxl import load_workbook

    response = client_for(admin_bkd).get("/transfer/impor/pegawai/templat.xlsx")
    workbook = load_workbook(BytesIO(response.content))
    data = workbook["Data"]
    headers = [c.value for c in data[1]]
    assert headers[:4] == ["NIP*", "Nama*", "Gelar depan", "Gelar belakang"]
    assert data["A2"].value == "198609262015051001" and data["A2"].number_format == "@"
    validations = {str(v.sqref): v.formula1 for v in data.data_validations.dataValidation}
    assert validations["E2:E5000"].startswith("=Pilihan!$A$2")
    pilihan = [c.value for c in workbook["Pilihan"]["B"]][1:]
    assert "III/a" in pilihan and "XVII" in pilihan
    assert workbook["Pilihan"].sheet_state == "hidden"


def test_job_list_query_count_stays_flat(operator_a, admin_bkd, django_assert_max_num_queries):
    client = client_for(admin_bkd)
    for n in range(3):
        ImportJob.objects.create(
            kind="pegawai", file="x.csv", file_name=f"{n}.csv", created_by=operator_a
        )
    with django_assert_max_num_queries(12):
        assert client.get("/transfer/").status_code == 200
    for n in range(40):
        ImportJob.objects.create(
            kind="pegawai", file="x.csv", file_name=f"b{n}.csv", created_by=operator_a
        )
    with django_assert_max_num_queries(12):
        assert client.get("/transfer/").status_code == 200


def test_operator_sees_only_their_own_jobs(operator_a, operator_b, job_of_a):
    assert "pegawai.csv" in client_for(operator_a).get("/transfer/").content.decode()
    assert "pegawai.csv" not in client_for(operator_b).get("/transfer/").content.decode()


@pytest.mark.parametrize(
    ("persona", "kind", "expected"),
    [
        ("anonymous", "pegawai", 302),
        ("asn_x", "pegawai", 403),
        ("verifikator", "pegawai", 403),
        ("operator_a", "pegawai", 200),
        ("operator_a", "unit", 403),
        ("admin_bkd", "unit", 200),
        ("operator_a", "survei", 403),
        ("admin_bkd", "survei", 403),
    ],
)
def test_current_data_download(persona, kind, expected, everyone):
    assert _status(everyone(persona), f"/transfer/impor/{kind}/data.xlsx") == expected
