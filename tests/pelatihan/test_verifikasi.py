from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pelatihan import selectors, services
from pelatihan.models import Peserta, RiwayatPelatihan
from tests.conftest import client_for
from tests.pelatihan.factories import AngkatanFactory, ProgramFactory, RiwayatFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pengajuan(pegawai_x: Any) -> RiwayatPelatihan:
    return RiwayatFactory(
        pegawai=pegawai_x,
        status="diajukan",
        sumber="mandiri",
        jp=16,
        tanggal_selesai=dt.date(dt.date.today().year, 1, 10),
    )


def test_verification_adds_the_jp(
    pengajuan: RiwayatPelatihan, verifikator: Any, pegawai_x: Any
) -> None:
    tahun = dt.date.today().year
    assert selectors.jp_tahun(pegawai_x, tahun) == 0

    response = client_for(verifikator).post(
        f"/pelatihan/verifikasi/{pengajuan.pk}/", {"aksi": "verifikasi"}
    )

    assert response.status_code == 302
    pengajuan.refresh_from_db()
    assert pengajuan.status == "terverifikasi"
    assert pengajuan.diverifikasi_oleh == verifikator
    assert selectors.jp_tahun(pegawai_x, tahun) == 16


def test_the_verifier_can_link_an_equivalent_program(
    pengajuan: RiwayatPelatihan, verifikator: Any, pegawai_x: Any
) -> None:
    program = ProgramFactory(nama="E-learning Pelayanan Prima")
    client = client_for(verifikator)
    assert "E-learning Pelayanan Prima" in client.get("/pelatihan/verifikasi/").content.decode()

    client.post(
        f"/pelatihan/verifikasi/{pengajuan.pk}/", {"aksi": "verifikasi", "program": program.pk}
    )

    pengajuan.refresh_from_db()
    assert (pengajuan.status, pengajuan.program) == ("terverifikasi", program)


def test_rejection_needs_a_reason_and_the_asn_sees_it(
    pengajuan: RiwayatPelatihan, operator_a: Any, asn_x: Any
) -> None:
    client = client_for(operator_a)
    client.post(f"/pelatihan/verifikasi/{pengajuan.pk}/", {"aksi": "tolak", "alasan": "  "})
    pengajuan.refresh_from_db()
    assert pengajuan.status == "diajukan"

    client.post(
        f"/pelatihan/verifikasi/{pengajuan.pk}/",
        {"aksi": "tolak", "alasan": "Sertifikat tidak terbaca"},
    )
    pengajuan.refresh_from_db()
    assert (pengajuan.status, pengajuan.alasan_penolakan) == ("ditolak", "Sertifikat tidak terbaca")

    page = client_for(asn_x).get("/pelatihan/saya/").content.decode()
    assert "Sertifikat tidak terbaca" in page


def test_a_decided_submission_cannot_be_decided_again(
    pengajuan: RiwayatPelatihan, admin_bkd: Any
) -> None:
    services.riwayat_verify(riwayat_id=pengajuan.pk, user=admin_bkd)
    with pytest.raises(ValidationError):
        services.riwayat_reject(riwayat_id=pengajuan.pk, user=admin_bkd, alasan="terlambat")


def test_operator_of_another_unit_cannot_verify(
    pengajuan: RiwayatPelatihan, operator_b: Any
) -> None:
    response = client_for(operator_b).post(
        f"/pelatihan/verifikasi/{pengajuan.pk}/", {"aksi": "verifikasi"}
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services.riwayat_verify(riwayat_id=pengajuan.pk, user=operator_b)
    pengajuan.refresh_from_db()
    assert pengajuan.status == "diajukan"


def test_asn_cannot_verify_their_own(pengajuan: RiwayatPelatihan, asn_x: Any) -> None:
    assert (
        client_for(asn_x)
        .post(f"/pelatihan/verifikasi/{pengajuan.pk}/", {"aksi": "verifikasi"})
        .status_code
        == 403
    )
    pengajuan.refresh_from_db()
    assert pengajuan.status == "diajukan"


def test_api_verification_actions(
    pengajuan: RiwayatPelatihan, verifikator: Any, operator_b: Any, asn_x: Any
) -> None:
    url = f"/api/v1/pelatihan/riwayat/{pengajuan.pk}/"
    assert client_for(asn_x).post(url + "verifikasi/").status_code == 403
    assert client_for(operator_b).post(url + "verifikasi/").status_code == 404
    response = client_for(verifikator).post(
        url + "tolak/", {"alasan": ""}, content_type="application/json"
    )
    assert response.status_code == 400 and "alasan" in response.json()
    response = client_for(verifikator).post(
        url + "tolak/", {"alasan": "JP tidak sesuai"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == "ditolak"


def test_bulk_completion_creates_verified_records_once(
    operator_a: Any, pegawai_x: Any, pegawai_y: Any
) -> None:
    lalu = dt.date.today() - dt.timedelta(days=3)
    angkatan = AngkatanFactory(
        program=ProgramFactory(jp=40),
        tanggal_mulai=lalu - dt.timedelta(days=5),
        tanggal_selesai=lalu,
        pendaftaran_mulai=lalu - dt.timedelta(days=30),
        pendaftaran_selesai=lalu - dt.timedelta(days=10),
    )
    px = Peserta.objects.create(angkatan=angkatan, pegawai=pegawai_x)
    py = Peserta.objects.create(angkatan=angkatan, pegawai=pegawai_y)
    client = client_for(operator_a)

    page = client.get(f"/pelatihan/angkatan/{angkatan.pk}/peserta/").content.decode()
    assert pegawai_x.nama in page and pegawai_y.nama not in page

    client.post(
        f"/pelatihan/angkatan/{angkatan.pk}/peserta/", {"peserta": [px.pk], "status": "selesai"}
    )
    client.post(
        f"/pelatihan/angkatan/{angkatan.pk}/peserta/", {"peserta": [px.pk], "status": "selesai"}
    )
    assert (
        RiwayatPelatihan.objects.filter(pegawai=pegawai_x, status="terverifikasi", jp=40).count()
        == 1
    )

    with pytest.raises(ValidationError):
        services.peserta_set_status(peserta_ids=[py.pk], status="selesai", user=operator_a)
    assert not RiwayatPelatihan.objects.filter(pegawai=pegawai_y).exists()

    services.peserta_set_status(peserta_ids=[px.pk], status="tidak_selesai", user=operator_a)
    assert not RiwayatPelatihan.objects.filter(pegawai=pegawai_x).exists()


def test_completion_waits_for_the_end_of_the_run(admin_bkd: Any, pegawai_x: Any) -> None:
    peserta = Peserta.objects.create(angkatan=AngkatanFactory(), pegawai=pegawai_x)
    with pytest.raises(ValidationError):
        services.peserta_set_status(peserta_ids=[peserta.pk], status="selesai", user=admin_bkd)


def test_registration_respects_window_and_quota(
    asn_x: Any, asn_y: Any, pegawai_x: Any, pegawai_y: Any
) -> None:
    angkatan = AngkatanFactory(kuota=1)
    response = client_for(asn_x).post(f"/pelatihan/saya/angkatan/{angkatan.pk}/daftar/")
    assert response.status_code == 302
    assert Peserta.objects.filter(angkatan=angkatan, pegawai=pegawai_x).exists()
    with pytest.raises(ValidationError, match="penuh"):
        services.peserta_register(angkatan_id=angkatan.pk, pegawai=pegawai_y)
    tutup = AngkatanFactory(
        pendaftaran_mulai=dt.date(2020, 1, 1), pendaftaran_selesai=dt.date(2020, 1, 2)
    )
    with pytest.raises(ValidationError, match="tidak sedang dibuka"):
        services.peserta_register(angkatan_id=tutup.pk, pegawai=pegawai_y)


def test_staff_enrol_only_their_units_within_quota(
    operator_a: Any, admin_bkd: Any, pegawai_x: Any, pegawai_y: Any
) -> None:
    angkatan = AngkatanFactory(kuota=1)
    url = "/api/v1/pelatihan/peserta/tambah/"
    response = client_for(operator_a).post(
        url,
        {"angkatan": angkatan.pk, "pegawai": [pegawai_x.pk, pegawai_y.pk]},
        content_type="application/json",
    )
    assert response.status_code == 400 and "pegawai" in response.json()
    assert not Peserta.objects.exists()
    response = client_for(admin_bkd).post(
        url,
        {"angkatan": angkatan.pk, "pegawai": [pegawai_x.pk, pegawai_y.pk]},
        content_type="application/json",
    )
    assert response.status_code == 400 and "Kuota" in response.json()["pegawai"][0]
    response = client_for(operator_a).post(
        url, {"angkatan": angkatan.pk, "pegawai": [pegawai_x.pk]}, content_type="application/json"
    )
    assert response.status_code == 201 and response.json() == {"jumlah": 1}
    assert list(Peserta.objects.values_list("pegawai_id", flat=True)) == [pegawai_x.pk]


def test_api_verification_with_an_equivalent_program(
    pengajuan: RiwayatPelatihan, admin_bkd: Any
) -> None:
    program = ProgramFactory()
    response = client_for(admin_bkd).post(
        f"/api/v1/pelatihan/riwayat/{pengajuan.pk}/verifikasi/",
        {"program": program.pk},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["program"]) == ("terverifikasi", program.pk)
