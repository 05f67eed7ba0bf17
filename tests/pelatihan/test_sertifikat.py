from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from pelatihan import services
from pelatihan.models import RiwayatPelatihan
from pelatihan.sertifikat import sertifikat_validate
from tests.conftest import client_for
from tests.pelatihan.conftest import PDF_BYTES, jpeg_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db

EXE_BYTES = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 200
    + b"This program cannot be run in DOS mode"
)


def _ajukan(pegawai: Any, berkas: Any) -> RiwayatPelatihan:
    return services.riwayat_submit(
        pegawai=pegawai,
        nama_pelatihan="Webinar Manajemen ASN",
        jenis="seminar",
        metode="nonklasikal",
        penyelenggara="LAN RI",
        tanggal_mulai=dt.date(2025, 3, 1),
        tanggal_selesai=dt.date(2025, 3, 2),
        jp=6,
        sertifikat=berkas,
    )


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("a.pdf", PDF_BYTES, "application/pdf"),
        ("b.png", png_bytes(), "image/png"),
        ("c.jpg", jpeg_bytes(), "image/jpeg"),
    ],
)
def test_pdf_png_and_jpeg_are_accepted_by_content(
    name: str, data: bytes, content_type: str
) -> None:
    assert sertifikat_validate(upload(name, data)).content_type == content_type


def test_a_renamed_executable_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        sertifikat_validate(upload("sertifikat.pdf", EXE_BYTES))
    assert "PDF, JPEG atau PNG" in info.value.message_dict["sertifikat"][0]


def test_a_fake_header_is_refused() -> None:
    with pytest.raises(ValidationError):
        sertifikat_validate(upload("x.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 10))
    with pytest.raises(ValidationError):
        sertifikat_validate(upload("x.pdf", b"%PDF-1.4 no end marker"))


def test_the_size_limit_applies(settings: Any) -> None:
    settings.PELATIHAN_SERTIFIKAT_MAKS_BYTE = 1024
    with pytest.raises(ValidationError) as info:
        sertifikat_validate(upload("besar.png", png_bytes((600, 600))))
    assert "terlalu besar" in info.value.message_dict["sertifikat"][0]


def test_an_image_named_pdf_is_stored_as_png_under_a_random_name(
    pegawai_x: Any, settings: Any
) -> None:
    riwayat = _ajukan(pegawai_x, upload("foto.pdf", png_bytes()))
    name = Path(riwayat.sertifikat.name)
    assert riwayat.sertifikat_tipe == "image/png"
    assert name.suffix == ".png"
    assert "foto" not in name.name and len(name.stem) >= 30
    assert (Path(settings.MEDIA_ROOT) / riwayat.sertifikat.name).exists()


def test_the_form_refuses_an_executable(asn_x: Any) -> None:
    response = client_for(asn_x).post(
        "/pelatihan/saya/ajukan/",
        {
            "nama_pelatihan": "Virus",
            "jenis": "teknis",
            "metode": "klasikal",
            "penyelenggara": "X",
            "tanggal_mulai": "2025-01-01",
            "tanggal_selesai": "2025-01-02",
            "jp": 5,
            "sertifikat": upload("sertifikat.pdf", EXE_BYTES),
        },
    )
    assert response.status_code == 200
    assert "PDF, JPEG atau PNG" in response.content.decode()
    assert not RiwayatPelatihan.objects.exists()


@pytest.fixture
def riwayat_x(pegawai_x: Any) -> RiwayatPelatihan:
    return _ajukan(pegawai_x, upload("s.pdf", PDF_BYTES))


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("asn_x", 200),
        ("asn_y", 404),
        ("operator_a", 200),
        ("operator_b", 404),
        ("admin_bkd", 200),
        ("verifikator", 200),
    ],
)
def test_certificate_access(
    request: Any, riwayat_x: RiwayatPelatihan, persona: str, expected: int
) -> None:
    response = client_for(request.getfixturevalue(persona)).get(
        f"/pelatihan/sertifikat/{riwayat_x.pk}/"
    )
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert "no-store" in response["Cache-Control"]


def test_certificate_anonymous_is_sent_to_login(riwayat_x: RiwayatPelatihan) -> None:
    response = client_for(None).get(f"/pelatihan/sertifikat/{riwayat_x.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/portal/masuk/")


def test_media_files_have_no_public_url(riwayat_x: RiwayatPelatihan, asn_x: Any) -> None:
    assert client_for(asn_x).get(f"/media/{riwayat_x.sertifikat.name}").status_code == 404
