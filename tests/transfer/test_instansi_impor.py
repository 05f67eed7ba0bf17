"""An import and a SIASN reconciliation belong to one instansi: the uploader's, or the one a
superuser chooses (who must choose). Nothing of another instansi is found or written."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client

from asn_portal.roles import ADMIN_BKD
from asn_portal.transfer import rekonsiliasi as rekon_service
from asn_portal.transfer import services
from asn_portal.transfer.models import ImportJob, ImportStatus, Kelompok
from jabatan.instansi import instansi_bawaan_id
from jabatan.models import Instansi, Pegawai, PetugasInstansi, RiwayatJabatan
from tests.factories import (
    FormasiFactory,
    PegawaiFactory,
    UnitOrganisasiFactory,
    UserFactory,
    make_nip,
)
from tests.transfer.conftest import PEGAWAI_HEADERS, csv_bytes, upload
from tests.transfer.test_rekonsiliasi import SIASN_HEADERS, _siasn_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def kota() -> Instansi:
    return Instansi.objects.create(
        kode="17.71",
        nama="Pemerintah Kota Bengkulu",
        nama_singkat="Kota Bengkulu",
        jenis="kota",
        nama_bkd="BKPSDM Kota Bengkulu",
        slug="kota-bengkulu",
    )


@pytest.fixture
def unit_kota(kota: Instansi, jabatan_analis: Any) -> Any:
    unit = UnitOrganisasiFactory(kode="K", nama="Dinas Kota", jenis="opd", instansi=kota)
    FormasiFactory(unit=unit, jabatan=jabatan_analis)
    return unit


@pytest.fixture
def superuser() -> Any:
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_kota(kota: Instansi) -> Any:
    user = UserFactory(username="admin_kota", is_staff=True)
    user.groups.add(Group.objects.get(name=ADMIN_BKD))
    PetugasInstansi.objects.create(user=user, instansi=kota)
    return user


def _row(n: int, unit: str) -> list[str]:
    return [make_nip(n), f"Pegawai {n}", "pns", "III/a", "01/04/2019", unit, "ANL", "01/05/2020"]


def _run(user: Any, rows: list[list[str]], capture: Any, **kwargs: Any) -> ImportJob:
    with capture(execute=True):
        job = services.import_job_create(
            user=user,
            kind="pegawai",
            upload=upload("p.csv", csv_bytes(PEGAWAI_HEADERS, rows)),
            **kwargs,
        )
    job.refresh_from_db()
    if job.status == ImportStatus.PRATINJAU:
        with capture(execute=True):
            services.import_commit_request(job=job, user=user)
        job.refresh_from_db()
    return job


def test_a_superuser_must_choose_the_instansi(superuser: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.import_job_create(
            user=superuser, kind="pegawai", upload=upload("p.csv", b"NIP\n1\n")
        )
    assert "instansi" in error.value.message_dict
    assert "Instansi" in error.value.message_dict["instansi"][0]
    assert not ImportJob.objects.exists()


def test_the_upload_page_asks_a_superuser_for_the_instansi_and_names_the_field(
    superuser: Any, kota: Instansi
) -> None:
    client = Client()
    client.force_login(superuser)
    url = "/transfer/impor/pegawai/"
    page = client.get(url)
    assert 'name="instansi"' in page.content.decode()
    response = client.post(url, {"berkas": upload("p.csv", b"NIP\n1\n")})
    assert response.status_code == 200
    assert response.context["form"].errors["instansi"] == ["Instansi wajib dipilih."]
    assert not ImportJob.objects.exists()
    response = client.post(url, {"berkas": upload("p.csv", b"NIP\n1\n"), "instansi": kota.pk})
    assert response.status_code == 302
    assert ImportJob.objects.get().instansi_id == kota.pk


def test_staff_see_no_instansi_choice_and_cannot_name_another(
    admin_kota: Any, kota: Instansi
) -> None:
    client = Client()
    client.force_login(admin_kota)
    assert 'name="instansi"' not in client.get("/transfer/impor/pegawai/").content.decode()
    with pytest.raises(ValidationError) as error:
        services.import_job_create(
            user=admin_kota,
            kind="pegawai",
            upload=upload("p.csv", b"NIP\n1\n"),
            instansi_id=instansi_bawaan_id(),
        )
    assert "instansi" in error.value.message_dict
    job = services.import_job_create(
        user=admin_kota, kind="pegawai", upload=upload("p.csv", b"NIP\n1\n")
    )
    assert job.instansi_id == kota.pk  # the uploader's own


def test_a_superuser_s_import_writes_into_the_chosen_instansi_only(
    superuser: Any,
    kota: Instansi,
    unit_kota: Any,
    formasi_a: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    provinsi_asn = PegawaiFactory(nip=make_nip(50), instansi_id=instansi_bawaan_id())
    rows = [
        _row(10, "K"),  # a unit of Kota Bengkulu
        _row(11, formasi_a.unit.kode),  # the province's unit: not found for this import
        [provinsi_asn.nip, "Ganti Nama", "pns", "III/a", "01/04/2019", "K", "ANL", "01/05/2020"],
    ]
    job = _run(superuser, rows, django_capture_on_commit_callbacks, instansi_id=kota.pk)
    assert job.status == ImportStatus.DITOLAK
    errors = {(e["row"], e["column"]): e["message"] for e in job.errors}
    assert errors[(3, "Kode unit")] == f"Unit dengan kode {formasi_a.unit.kode} tidak ditemukan."
    assert errors[(4, "NIP")] == "NIP tidak dapat digunakan; hubungi BKD."
    assert not Pegawai.objects.filter(nip=make_nip(11)).exists()
    provinsi_asn.refresh_from_db()
    assert provinsi_asn.nama != "Ganti Nama"

    job = _run(superuser, rows[:1], django_capture_on_commit_callbacks, instansi_id=kota.pk)
    assert job.status == ImportStatus.SELESAI and job.instansi_id == kota.pk
    baru = Pegawai.objects.get(nip=make_nip(10))
    assert baru.instansi_id == kota.pk
    assert RiwayatJabatan.objects.get(pegawai=baru).formasi.unit.instansi_id == kota.pk


def test_a_kota_import_cannot_reach_the_province(
    admin_kota: Any, unit_kota: Any, formasi_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = _run(admin_kota, [_row(20, formasi_a.unit.kode)], django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.DITOLAK
    assert job.errors[0]["row"] == 2
    assert job.errors[0]["message"] == f"Unit dengan kode {formasi_a.unit.kode} tidak ditemukan."
    assert not Pegawai.objects.filter(nip=make_nip(20)).exists()


def test_the_reconciliation_compares_with_the_chosen_instansi_s_register_only(
    superuser: Any, kota: Instansi, django_capture_on_commit_callbacks: Any
) -> None:
    di_kota = PegawaiFactory(nip=make_nip(60), instansi=kota)
    hanya_kota = PegawaiFactory(nip=make_nip(61), instansi=kota)
    provinsi = PegawaiFactory(nip=make_nip(62), instansi_id=instansi_bawaan_id())
    with pytest.raises(ValidationError) as error:
        rekon_service.rekonsiliasi_create(
            user=superuser, upload=upload("siasn.csv", csv_bytes(SIASN_HEADERS, []))
        )
    assert "instansi" in error.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        rekon = rekon_service.rekonsiliasi_create(
            user=superuser,
            upload=upload(
                "siasn.csv", csv_bytes(SIASN_HEADERS, [_siasn_row(di_kota), _siasn_row(provinsi)])
            ),
            instansi_id=kota.pk,
        )
    rekon.refresh_from_db()
    assert rekon.instansi_id == kota.pk
    kelompok = dict(rekon.items.values_list("nip", "kelompok"))
    # the province's ASN is not in Kota Bengkulu's register: "only in SIASN", never matched
    assert kelompok[provinsi.nip] == Kelompok.HANYA_DI_SIASN
    assert kelompok[hanya_kota.nip] == Kelompok.HANYA_DI_SINI
    assert di_kota.nip in kelompok and kelompok[di_kota.nip] != Kelompok.HANYA_DI_SIASN
    assert set(kelompok) == {di_kota.nip, hanya_kota.nip, provinsi.nip}
