"""Certificate files: the type is decided from the content bytes, never from the name."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError


@dataclass(frozen=True)
class JenisBerkas:
    content_type: str
    ext: str


PDF = JenisBerkas("application/pdf", ".pdf")
PNG = JenisBerkas("image/png", ".png")
JPEG = JenisBerkas("image/jpeg", ".jpg")


def _sniff(head: bytes) -> JenisBerkas | None:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    return None


def sertifikat_validate(berkas: UploadedFile) -> JenisBerkas:
    """Check size and content; return the detected type or raise a field error."""
    maks = settings.PELATIHAN_SERTIFIKAT_MAKS_BYTE
    if berkas.size is None or berkas.size == 0:
        raise ValidationError({"sertifikat": _("Berkas sertifikat kosong.")})
    if berkas.size > maks:
        raise ValidationError(
            {
                "sertifikat": _("Berkas sertifikat terlalu besar (%(ukuran)s); maksimal %(maks)s.")
                % {"ukuran": filesizeformat(berkas.size), "maks": filesizeformat(maks)}
            }
        )
    berkas.seek(0)
    data = berkas.read()
    berkas.seek(0)
    jenis = _sniff(data[:16])
    salah = ValidationError(
        {
            "sertifikat": _(
                "Sertifikat harus berupa berkas PDF, JPEG atau PNG yang utuh (isi berkas diperiksa, bukan namanya)."
            )
        }
    )
    if jenis is None:
        raise salah
    if jenis is PDF:
        if b"%%EOF" not in data[-2048:]:
            raise salah
    else:
        try:
            with Image.open(io.BytesIO(data)) as image:
                if (image.format or "").upper() not in ("PNG", "JPEG"):
                    raise salah
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError):
            raise salah from None
    return jenis
