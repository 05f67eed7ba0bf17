from __future__ import annotations

import io
import shutil
import subprocess

import pytest
import segno
from django.test import Client
from django.urls import reverse
from PIL import Image

pytestmark = pytest.mark.django_db

SCALE, BORDER = 12, 4  # as the view renders them


def _matrix_from_png(data: bytes) -> list[list[bool]]:
    """Read the module grid back from the PNG by sampling each module's centre."""
    image = Image.open(io.BytesIO(data)).convert("L")
    size = image.width // SCALE - 2 * BORDER
    return [
        [
            image.getpixel(((BORDER + x) * SCALE + SCALE // 2, (BORDER + y) * SCALE + SCALE // 2))
            < 128
            for x in range(size)
        ]
        for y in range(size)
    ]


def test_qr_png_encodes_the_form_url(layanan_a, settings) -> None:
    settings.SITE_URL = "https://survei.bengkuluprov.go.id"
    response = Client().get(reverse("survei:poster_png", args=[layanan_a.kode]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    url = f"https://survei.bengkuluprov.go.id/survei/{layanan_a.kode}/"
    expected = [[bool(cell) for cell in row] for row in segno.make(url, error="m").matrix]
    assert _matrix_from_png(response.content) == expected
    # and not merely any QR: another unit's URL gives another grid
    other = [[bool(c) for c in row] for row in segno.make(url + "x", error="m").matrix]
    assert _matrix_from_png(response.content) != other


def test_poster_pdf_is_an_a4_pdf_with_the_url(layanan_a, settings, tmp_path) -> None:
    settings.SITE_URL = "https://survei.bengkuluprov.go.id"
    response = Client().get(reverse("survei:poster_pdf", args=[layanan_a.kode]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        path = tmp_path / "poster.pdf"
        path.write_bytes(response.content)
        info = subprocess.run(
            ["pdfinfo", str(path)], capture_output=True, text=True, check=True
        ).stdout
        assert "(A4)" in info and "Pages:           1" in info
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert f"survei.bengkuluprov.go.id/survei/{layanan_a.kode}/" in text.replace("\n", "")
        assert layanan_a.nama in text


def test_poster_of_unknown_unit_is_404(db) -> None:
    assert Client().get("/survei/tidak-ada/poster.png").status_code == 404
    assert Client().get("/survei/tidak-ada/poster.pdf").status_code == 404
