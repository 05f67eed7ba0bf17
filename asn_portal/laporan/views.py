"""Staff pages of the reports and the public QR verification page (thin: selectors render)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from asn_portal.laporan import tampilan
from asn_portal.laporan.models import Laporan
from asn_portal.laporan.selectors import (
    is_staff_laporan,
    laporan_for_user,
    laporan_terlihat,
    laporan_verifikasi,
)


def _staff_or_404(request: HttpRequest) -> None:
    if not is_staff_laporan(request.user):
        raise Http404


@login_required
def daftar(request: HttpRequest) -> HttpResponse:
    _staff_or_404(request)
    laporan = (
        laporan_for_user(user=request.user)
        .defer("data")
        .order_by("-tahun", "-nomor", "jenis", "lingkup_kunci")[:200]
    )
    return render(request, "laporan/daftar.html", {"daftar": laporan})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_or_404(request)
    laporan = get_object_or_404(laporan_terlihat(user=request.user), pk=pk)
    context = tampilan.konteks(laporan=laporan, data=laporan.data, hash_konten=laporan.hash_konten)
    return render(request, "laporan/detail.html", context)


def _berkas(request: HttpRequest, pk: int, field: str, content_type: str) -> FileResponse:
    _staff_or_404(request)
    laporan: Laporan = get_object_or_404(laporan_terlihat(user=request.user), pk=pk)
    berkas = getattr(laporan, field)
    if not berkas:
        raise Http404
    nama = f"laporan-kemajuan-{laporan.periode.kode}-{laporan.unit.kode if laporan.unit else 'provinsi'}.{field}"
    return FileResponse(
        berkas.open("rb"), as_attachment=True, filename=nama, content_type=content_type
    )


@login_required
def unduh_pdf(request: HttpRequest, pk: int) -> FileResponse:
    return _berkas(request, pk, "pdf", "application/pdf")


@login_required
def unduh_xlsx(request: HttpRequest, pk: int) -> FileResponse:
    return _berkas(
        request, pk, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


@never_cache
@login_required
def status(request: HttpRequest, pk: int) -> JsonResponse:
    """Progress for the admin page that watches a build."""
    _staff_or_404(request)
    laporan = get_object_or_404(laporan_for_user(user=request.user), pk=pk)
    data: dict[str, Any] = {
        "status": laporan.status,
        "status_label": laporan.get_status_display(),
        "progres": laporan.progres,
        "langkah": laporan.langkah,
        "pesan_galat": laporan.pesan_galat,
        "terlihat": laporan.is_terlihat,
    }
    return JsonResponse(data)


def verifikasi(request: HttpRequest, kode: str) -> HttpResponse:
    """Public: confirms that a document with this QR code exists and which hash it has."""
    laporan = laporan_verifikasi(kode=kode)
    response = render(
        request,
        "laporan/verifikasi.html",
        {"laporan": laporan, "kode": kode},
        status=200 if laporan else 404,
    )
    response["X-Robots-Tag"] = "noindex"
    return response
