"""Staff pages of the reports and the public QR verification page (thin: selectors render)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from asn_portal import files
from asn_portal.access import is_staff_member, may_read_rekap
from asn_portal.jobs import warn_if_enqueue_failed
from asn_portal.laporan import services, tampilan
from asn_portal.laporan.forms import BuatLaporanForm
from asn_portal.laporan.models import Laporan, kode_verifikasi_normal
from asn_portal.laporan.selectors import (
    laporan_for_user,
    laporan_terlihat,
    laporan_verifikasi,
)
from asn_portal.laporan.services import PROGRESS_KIND
from asn_portal.progress import progress_get
from asn_portal.publik import instansi_publik


def _staff_or_404(request: HttpRequest) -> None:
    if not is_staff_member(request.user):
        raise Http404


def _pembaca_or_404(request: HttpRequest) -> None:
    """Who may open a built report at all: staff, and whoever reads roll-ups (a Pemantau opens
    the province reports of its instansi; ``laporan_terlihat`` narrows to the rows)."""
    if not (is_staff_member(request.user) or may_read_rekap(request.user)):
        raise Http404


def _daftar_page(request: HttpRequest, form: BuatLaporanForm, status: int = 200) -> HttpResponse:
    laporan = (
        laporan_for_user(user=request.user)
        .defer("data")
        .order_by("-tahun", "-nomor", "jenis", "lingkup_kunci")[:200]
    )
    return render(request, "laporan/daftar.html", {"daftar": laporan, "form": form}, status=status)


@require_GET
@login_required
def daftar(request: HttpRequest) -> HttpResponse:
    _staff_or_404(request)
    return _daftar_page(request, BuatLaporanForm(user=request.user))


@require_POST
@login_required
def buat(request: HttpRequest) -> HttpResponse:
    """ "Buat laporan" of the reports page: queue the build, then watch it on its admin page."""
    _staff_or_404(request)
    form = BuatLaporanForm(request.POST, user=request.user)
    if not form.is_valid():
        return _daftar_page(request, form, status=400)
    data = form.cleaned_data
    laporan = services.laporan_request(
        jenis=data["jenis"],
        tahun=data["tahun"],
        nomor=data["nomor"],
        unit=data.get("unit"),
        user=request.user,
        rekap=bool(data.get("rekap")),
    )
    warn_if_enqueue_failed(request, laporan)
    messages.success(
        request,
        _("Laporan %(p)s dimasukkan ke antrean; progresnya tampil di halaman ini.")
        % {"p": laporan.periode.label},
    )
    return HttpResponseRedirect(reverse("admin:asn_portal_laporan_change", args=[laporan.pk]))


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    _pembaca_or_404(request)
    laporan = get_object_or_404(laporan_terlihat(user=request.user), pk=pk)
    context = tampilan.konteks(laporan=laporan, data=laporan.data, hash_konten=laporan.hash_konten)
    return render(request, "laporan/detail.html", context)


def _berkas(request: HttpRequest, pk: int, field: str, content_type: str) -> FileResponse:
    _pembaca_or_404(request)
    laporan: Laporan = get_object_or_404(laporan_terlihat(user=request.user), pk=pk)
    berkas = getattr(laporan, field)
    if not berkas:
        raise Http404
    lingkup = laporan.unit.kode if laporan.unit else laporan.lingkup_kunci
    nama = f"laporan-kemajuan-{laporan.periode.kode}-{lingkup}.{field}"
    files.export_log_create(user=request.user, source=f"laporan:{laporan.pk}", fmt=field)
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
    progres = progress_get(PROGRESS_KIND, laporan.pk)
    running = laporan.token_proses != ""  # nosec B105  # a build claim token, not a password
    data: dict[str, Any] = {
        "status": laporan.status,
        "status_label": laporan.get_status_display(),
        "progres": progres["percent"] if progres and running else laporan.progres,
        "langkah": progres["step"] if progres and running and progres["step"] else laporan.langkah,
        "pesan_galat": laporan.pesan_galat,
        "terlihat": laporan.is_terlihat,
    }
    return JsonResponse(data)


def _laporan_publik(request: HttpRequest, kode: str) -> Laporan | None:
    """The verified report of ``kode`` issued by the page's instansi (asn_portal.publik); a
    code of another instansi is not known here."""
    return laporan_verifikasi(kode=kode, instansi_id=instansi_publik(request))


@require_GET
def verifikasi_cari(request: HttpRequest) -> HttpResponse:
    """Public: the code typed into the verification form, sent to its page."""
    kode = request.GET.get("kode", "").strip()
    if not kode:
        return render(request, "laporan/verifikasi.html", {"laporan": None, "kode": ""})
    laporan = _laporan_publik(request, kode)
    tujuan = laporan.kode_verifikasi if laporan else kode_verifikasi_normal(kode) or kode
    return HttpResponseRedirect(reverse("laporan:verifikasi", args=[tujuan]))


def verifikasi(request: HttpRequest, kode: str) -> HttpResponse:
    """Public: confirms that a document with this QR code exists, which hash it has and which
    instansi issued it."""
    laporan = _laporan_publik(request, kode)
    response = render(
        request,
        "laporan/verifikasi.html",
        {"laporan": laporan, "kode": kode},
        status=200 if laporan else 404,
    )
    response["X-Robots-Tag"] = "noindex"
    return response
