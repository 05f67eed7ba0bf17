"""The A4 PDF (WeasyPrint): letterhead, the same charts and tables as the HTML view, and a QR
code on every page that opens the public verification page."""

from __future__ import annotations

import base64
import logging
import mimetypes
from pathlib import Path
from typing import Any

import segno
from django.conf import settings
from django.template.loader import render_to_string

from asn_portal.laporan import tampilan
from asn_portal.laporan.models import Laporan

# WeasyPrint logs every layout step at INFO, and warns about every SVG presentation attribute it
# reads as CSS (matplotlib's inline styles render correctly anyway): keep worker logs readable.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logging.getLogger("weasyprint").setLevel(logging.ERROR)


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").png_data_uri(scale=4, border=2)


def _logo_uri(path: str) -> str:
    if not path:
        return ""
    file = Path(path)
    if not file.is_absolute():
        file = Path(settings.BASE_DIR) / file
    if not file.is_file():
        return ""
    mime = mimetypes.guess_type(file.name)[0] or "image/png"
    return f"data:{mime};base64,{base64.b64encode(file.read_bytes()).decode()}"


def render_html(*, laporan: Laporan, data: dict[str, Any], hash_konten: str) -> str:
    context = tampilan.konteks(laporan=laporan, data=data, hash_konten=hash_konten)
    context["qr_data_uri"] = qr_data_uri(context["url_verifikasi"])
    context["kop_logo_uri"] = _logo_uri(context["kop"]["logo"])
    return render_to_string("laporan/pdf.html", context)


def render_pdf(*, laporan: Laporan, data: dict[str, Any], hash_konten: str) -> bytes:
    from weasyprint import HTML  # slow to import; only PDF rendering needs it

    html = render_html(laporan=laporan, data=data, hash_konten=hash_konten)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
