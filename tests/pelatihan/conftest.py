from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

# A second instansi (Kota Bengkulu) and its personas, for the runs' instansi tests.
from tests.lintas_instansi.conftest import (  # noqa: F401
    admin_kota,
    asn_kota,
    instansi_b,
    superuser,
    unit_kota,
)

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def png_bytes(size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 79, 138)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 0)).save(buffer, format="JPEG")
    return buffer.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def pegawai_x(asn_x: Any) -> Any:
    return asn_x.pegawai


@pytest.fixture
def pegawai_y(asn_y: Any) -> Any:
    return asn_y.pegawai
