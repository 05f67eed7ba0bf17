from __future__ import annotations

import datetime as dt
import mimetypes
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models.fields.files import FieldFile
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from asn_portal.access import is_staff_member
from asn_portal.periode import akhir_hari, tanggal_param
from asn_portal.publik import instansi_publik, reverse_publik
from asn_portal.throttles import parse_rate
from survei import selectors as survei_selectors
from survei.models import JenisKelamin, Pekerjaan, Pendidikan, UnitLayanan
from survei.partisipasi import permissions, selectors, services
from survei.partisipasi.forms import (
    JawabForm,
    KategoriForm,
    KodeCariForm,
    KodeSurveiForm,
    LacakForm,
    MasukanForm,
    PengaduanForm,
    TugaskanForm,
)
from survei.partisipasi.models import (
    JenisKasus,
    KodeStruk,
    Konsultasi,
    StatusKasus,
    kode_normalize,
)
from survei.privasi import alamat_klien, kiriman_dibatasi, tebakan_kode_diblokir

RATELIMIT_PENGADUAN = "partisipasi:pengaduan"
RATELIMIT_MASUKAN = "partisipasi:masukan"
SESI_KODE_LACAK = "partisipasi_kode_lacak"


def _terapkan_error(form: Any, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        target = field if field in form.fields else None
        for error in errors:
            form.add_error(target, error)


def _tebakan_diblokir(request: HttpRequest) -> HttpResponse:
    limit, period = parse_rate(settings.PARTISIPASI_BATAS_TEBAKAN_KODE)
    response = render(
        request,
        "partisipasi/kode_dibatasi.html",
        {"batas": limit, "menit": max(1, period // 60)},
        status=429,
    )
    response["Retry-After"] = str(period)
    return response


def kode_url(kode: KodeStruk) -> str:
    """The address a receipt code's QR encodes: its unit's instansi's public page."""
    return reverse_publik(
        kode.unit_layanan.unit.instansi_id, "partisipasi:kode_form", [kode.kode], absolut=True
    )


# --- 0. the citizens' channels (public) -----------------------------------------------------------


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "partisipasi/index.html")


# --- 1. receipt codes (public) -------------------------------------------------------------------


@require_GET
def kode_cari(request: HttpRequest) -> HttpResponse:
    form = KodeCariForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect("partisipasi:kode_form", kode=kode_normalize(form.cleaned_data["kode"]))
    return render(request, "partisipasi/kode_cari.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def kode_form(request: HttpRequest, kode: str) -> HttpResponse:
    kode_struk = selectors.kode_publik(kode, instansi_id=instansi_publik(request))
    if tebakan_kode_diblokir(request, dikenal=kode_struk is not None):
        return _tebakan_diblokir(request)
    if kode_struk is None:
        return render(
            request,
            "partisipasi/kode_cari.html",
            {"form": KodeCariForm(initial={"kode": kode}), "tidak_dikenal": True},
            status=404,
        )
    if kode_struk.terpakai:
        return render(request, "partisipasi/kode_terpakai.html", {"kode": kode_struk})
    kuesioner = survei_selectors.kuesioner_aktif()
    pertanyaan = survei_selectors.pertanyaan_berurutan(kuesioner)
    status = 200
    if request.method == "POST":
        form = KodeSurveiForm(request.POST, kode_struk=kode_struk, pertanyaan=pertanyaan)
        if form.is_bot:
            return redirect("partisipasi:kode_terima_kasih")
        # No per-network ceiling: the code itself allows exactly one answer, and a counter's
        # queue of citizens shares one Wi-Fi.
        if form.is_valid():
            try:
                hasil = services.kode_respons_submit(
                    kode=kode_struk.kode,
                    data=dict(form.cleaned_data, kuesioner=kuesioner),
                    idempotency_key=form.cleaned_data["idempotency_key"],
                    alamat=alamat_klien(request),
                )
            except ValidationError as exc:
                _terapkan_error(form, exc)
                status = 400
            else:
                kasus = services.kasus_from_saran(respons=hasil.respons)
                request.session[SESI_KODE_LACAK] = kasus.kode_lacak if kasus else ""
                return redirect("partisipasi:kode_terima_kasih")
        else:
            status = 400
    else:
        form = KodeSurveiForm(kode_struk=kode_struk, pertanyaan=pertanyaan)
    return render(
        request,
        "partisipasi/kode_form.html",
        {
            "kode": kode_struk,
            "unit": kode_struk.unit_layanan,
            "form": form,
            "kuesioner": kuesioner,
        },
        status=status,
    )


@never_cache
@require_GET
def kode_terima_kasih(request: HttpRequest) -> HttpResponse:
    kode_lacak = request.session.pop(SESI_KODE_LACAK, "")
    return render(request, "partisipasi/kode_terima_kasih.html", {"kode_lacak": kode_lacak})


# --- 2. kiosk (public device pages) -------------------------------------------------------------


def _kiosk_or_404(request: HttpRequest, token: str) -> Any:
    kiosk = selectors.kiosk_aktif(token, instansi_id=instansi_publik(request))
    if kiosk is None:
        raise Http404
    return kiosk


@require_GET
def kiosk_page(request: HttpRequest, token: str) -> HttpResponse:
    kiosk = _kiosk_or_404(request, token)
    kuesioner = survei_selectors.kuesioner_aktif()

    response = render(
        request,
        "partisipasi/kiosk.html",
        {
            "kiosk": kiosk,
            "unit": kiosk.unit_layanan,
            "kuesioner": kuesioner,
            "pertanyaan": survei_selectors.pertanyaan_berurutan(kuesioner),
            "jenis_kelamin": JenisKelamin.choices,
            "pendidikan": Pendidikan.choices,
            "pekerjaan": Pekerjaan.choices,
            "jenis_layanan": kiosk.unit_layanan.jenis_layanan or [],
            "api_url": reverse("partisipasi:kiosk_kirim", args=[kiosk.token]),
            "sw_url": reverse("partisipasi:kiosk_sw"),
            "scope": reverse("partisipasi:kiosk_sw").rsplit("/", 1)[0] + "/",
            "tz": settings.TIME_ZONE,
        },
    )
    # The page is the installed app's shell: the service worker keeps it for offline starts.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def kiosk_manifest(request: HttpRequest, token: str) -> JsonResponse:
    kiosk = _kiosk_or_404(request, token)
    data = {
        "name": _("Survei Kepuasan — %(unit)s") % {"unit": kiosk.unit_layanan.nama},
        "short_name": _("Survei SKM"),
        "start_url": reverse("partisipasi:kiosk", args=[kiosk.token]),
        "scope": reverse("partisipasi:kiosk_sw").rsplit("/", 1)[0] + "/",
        "display": "fullscreen",
        "orientation": "any",
        "background_color": "#f5f7fa",
        "theme_color": "#0b4f8a",
        "lang": "id",
        "icons": [
            {"src": static("partisipasi/ikon-192.png"), "sizes": "192x192", "type": "image/png"},
            {
                "src": static("partisipasi/ikon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "any maskable",
            },
        ],
    }
    return JsonResponse(
        data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )


@require_GET
def kiosk_sw(request: HttpRequest) -> HttpResponse:
    """The service worker, served from the kiosk's own path so its scope covers the pages."""
    body = render_to_string(
        "partisipasi/kiosk_sw.js",
        {
            "aset": [
                static("css/app.css"),
                static("partisipasi/kiosk.css"),
                static("partisipasi/kiosk.js"),
                static("partisipasi/ikon-192.png"),
            ],
        },
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("partisipasi:kiosk_sw").rsplit("/", 1)[0] + "/"
    response["Cache-Control"] = "no-cache"
    return response


# --- 3. complaints and tracking (public) ---------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def pengaduan_form(request: HttpRequest) -> HttpResponse:
    status = 200
    batas_tercapai = False
    if request.method == "POST":
        form = PengaduanForm(request.POST, instansi_id=instansi_publik(request))
        if form.is_bot:
            return redirect("partisipasi:lacak")
        batas_tercapai = kiriman_dibatasi(
            request, RATELIMIT_PENGADUAN, settings.PARTISIPASI_RATE_LIMIT
        )
        if batas_tercapai:
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                kasus, _baru = services.kasus_create(
                    unit_layanan=data["unit_layanan"],
                    jenis=data["jenis"],
                    isi=data["isi"],
                    kontak=data["kontak"],
                    idempotency_key=data["idempotency_key"],
                )
            except ValidationError as exc:
                _terapkan_error(form, exc)
                status = 400
            else:
                request.session[SESI_KODE_LACAK] = kasus.kode_lacak
                return redirect("partisipasi:lacak_kasus", kode=kasus.kode_lacak)
        else:
            status = 400
    else:
        form = PengaduanForm(
            initial={"unit_layanan": request.GET.get("unit", "")},
            instansi_id=instansi_publik(request),
        )
    return render(
        request,
        "partisipasi/pengaduan_form.html",
        {"form": form, "batas_tercapai": batas_tercapai},
        status=status,
    )


@require_GET
def lacak(request: HttpRequest) -> HttpResponse:
    form = LacakForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect("partisipasi:lacak_kasus", kode=kode_normalize(form.cleaned_data["kode"]))
    return render(request, "partisipasi/lacak.html", {"form": form})


@never_cache
@require_GET
def lacak_kasus(request: HttpRequest, kode: str) -> HttpResponse:
    kasus = selectors.kasus_lacak(kode, instansi_id=instansi_publik(request))
    if tebakan_kode_diblokir(request, dikenal=kasus is not None):
        return _tebakan_diblokir(request)
    if kasus is None:
        return render(
            request,
            "partisipasi/lacak.html",
            {"form": LacakForm(initial={"kode": kode}), "tidak_dikenal": True},
            status=404,
        )
    baru = request.session.pop(SESI_KODE_LACAK, "") == kasus.kode_lacak
    return render(request, "partisipasi/lacak_kasus.html", {"kasus": kasus, "baru": baru})


# --- 4. consultations (public) -------------------------------------------------------------------


@require_GET
def konsultasi_list(request: HttpRequest) -> HttpResponse:
    unit_kode = request.GET.get("unit", "").strip()[:50]
    instansi_id = instansi_publik(request)
    unit = None
    if unit_kode:
        unit = get_object_or_404(
            UnitLayanan, kode=unit_kode, aktif=True, unit__instansi_id=instansi_id
        )
    qs = selectors.konsultasi_publik(instansi_id=instansi_id, unit_kode=unit_kode)
    hari_ini = timezone.localdate()
    dibuka = list(qs.filter(dibuka__lte=hari_ini, ditutup__gte=hari_ini)[:100])
    page = Paginator(qs.filter(ditutup__lt=hari_ini), 30).get_page(request.GET.get("page"))
    return render(
        request, "partisipasi/konsultasi_list.html", {"dibuka": dibuka, "page": page, "unit": unit}
    )


def _konsultasi_publik(request: HttpRequest, slug: str) -> Konsultasi:
    return get_object_or_404(
        Konsultasi.objects.select_related("unit_layanan"),
        slug=slug,
        diterbitkan=True,
        unit_layanan__aktif=True,
        unit_layanan__unit__instansi_id=instansi_publik(request),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def konsultasi_detail(request: HttpRequest, slug: str) -> HttpResponse:
    konsultasi = _konsultasi_publik(request, slug)
    status = 200
    batas_tercapai = False
    terkirim = request.GET.get("terkirim") == "1"
    if request.method == "POST":
        form = MasukanForm(request.POST)
        if form.is_bot:
            return redirect(f"{reverse('partisipasi:konsultasi', args=[slug])}?terkirim=1#masukan")
        batas_tercapai = kiriman_dibatasi(
            request, RATELIMIT_MASUKAN, settings.PARTISIPASI_RATE_LIMIT
        )
        if batas_tercapai:
            status = 429
        elif form.is_valid():
            try:
                services.masukan_submit(
                    konsultasi=konsultasi,
                    isi=form.cleaned_data["isi"],
                    nama_tampilan=form.cleaned_data["nama_tampilan"],
                    kontak=form.cleaned_data["kontak"],
                    idempotency_key=form.cleaned_data["idempotency_key"],
                )
            except ValidationError as exc:
                _terapkan_error(form, exc)
                status = 400
            else:
                return redirect(
                    f"{reverse('partisipasi:konsultasi', args=[slug])}?terkirim=1#masukan"
                )
        else:
            status = 400
    else:
        form = MasukanForm()
    masukan = Paginator(selectors.masukan_publik(konsultasi), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "partisipasi/konsultasi_detail.html",
        {
            "konsultasi": konsultasi,
            "form": form,
            "masukan": masukan,
            "terkirim": terkirim,
            "dibuka": konsultasi.sedang_dibuka(),
            "batas_tercapai": batas_tercapai,
        },
        status=status,
    )


def _unduh(berkas: FieldFile, nama: str) -> FileResponse:
    if not berkas:
        raise Http404
    try:
        handle = berkas.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    jenis = mimetypes.guess_type(cast(str, berkas.name))[0] or "application/octet-stream"
    return FileResponse(handle, content_type=jenis, filename=nama, as_attachment=False)


@require_GET
def konsultasi_dokumen(request: HttpRequest, slug: str) -> FileResponse:
    konsultasi = _konsultasi_publik(request, slug)
    return _unduh(konsultasi.dokumen, f"konsultasi-{slug}{_ekstensi(konsultasi.dokumen)}")


@require_GET
def konsultasi_berita_acara(request: HttpRequest, slug: str) -> FileResponse:
    konsultasi = _konsultasi_publik(request, slug)
    if not konsultasi.hasil_terbit:
        raise Http404
    return _unduh(
        konsultasi.berita_acara, f"berita-acara-{slug}{_ekstensi(konsultasi.berita_acara)}"
    )


def _ekstensi(berkas: FieldFile) -> str:
    nama = berkas.name or ""
    return nama[nama.rfind(".") :] if "." in nama else ""


# --- staff pages ---------------------------------------------------------------------------------


def lihat_kasus_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.boleh_lihat_kasus(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _tanggal(teks: str | None, bawaan: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(teks or "")
    except ValueError:
        return bawaan


@lihat_kasus_required
@require_GET
def staf_kasus_list(request: HttpRequest) -> HttpResponse:
    filters: dict[str, Any] = {
        "status": request.GET.get("status", "")
        if request.GET.get("status") in StatusKasus.values
        else "",
        "jenis": request.GET.get("jenis", "")
        if request.GET.get("jenis") in JenisKasus.values
        else "",
        "unit_kode": request.GET.get("unit", "").strip()[:50],
        "terlambat": request.GET.get("terlambat") == "1",
        "melewati_tenggat": request.GET.get("melewati_tenggat") == "1",
        "q": request.GET.get("q", "").strip()[:100],
    }
    page = Paginator(selectors.kasus_list(user=request.user, **filters), 50).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "partisipasi/staf_kasus_list.html",
        {
            "page": page,
            "f": filters,
            "status_choices": StatusKasus.choices,
            "jenis_choices": JenisKasus.choices,
            "query": query.urlencode(),
            "sekarang": timezone.now(),
        },
    )


@lihat_kasus_required
@require_http_methods(["GET", "POST"])
def staf_kasus_detail(request: HttpRequest, pk: int) -> HttpResponse:
    kasus = get_object_or_404(
        selectors.kasus_for_user(user=request.user).select_related("unit_layanan__unit", "respons"),
        pk=pk,
    )
    boleh = permissions.boleh_tangani_kasus(request.user, kasus.unit_layanan)
    kandidat = selectors.petugas_kandidat(unit_layanan=kasus.unit_layanan)
    forms_: dict[str, Form] = {
        "kategori": KategoriForm(initial={"kategori": kasus.kategori, "jenis": kasus.jenis}),
        "tugaskan": TugaskanForm(kandidat=kandidat, initial={"petugas": kasus.petugas_id}),
        "jawab": JawabForm(initial={"jawaban": kasus.jawaban}),
    }
    status = 200
    if request.method == "POST":
        if not boleh:
            raise PermissionDenied
        aksi = request.POST.get("aksi", "")
        form: Form | None
        try:
            if aksi == "kategori":
                form = forms_["kategori"] = KategoriForm(request.POST)
                if form.is_valid():
                    services.kasus_categorize(kasus=kasus, user=request.user, **form.cleaned_data)
            elif aksi == "tugaskan":
                form = forms_["tugaskan"] = TugaskanForm(request.POST, kandidat=kandidat)
                if form.is_valid():
                    services.kasus_assign(
                        kasus=kasus, petugas=form.cleaned_data["petugas"], user=request.user
                    )
            elif aksi == "jawab":
                form = forms_["jawab"] = JawabForm(request.POST)
                if form.is_valid():
                    services.kasus_answer(
                        kasus=kasus, jawaban=form.cleaned_data["jawaban"], user=request.user
                    )
            elif aksi == "tutup":
                form = None
                services.kasus_close(kasus=kasus, user=request.user)
            else:
                raise Http404
        except ValidationError as exc:
            if form is not None:
                _terapkan_error(form, exc)
            else:
                messages.error(request, " ".join(exc.messages))
            status = 400
        else:
            if form is None or form.is_valid():
                messages.success(request, _("Kasus %(k)s diperbarui.") % {"k": kasus.kode_lacak})
                return redirect("partisipasi:staf_kasus", pk=kasus.pk)
            status = 400
    return render(
        request,
        "partisipasi/staf_kasus_detail.html",
        {
            "kasus": kasus,
            "boleh": boleh,
            "riwayat": kasus.riwayat.select_related("oleh"),
            **forms_,
        },
        status=status,
    )


@lihat_kasus_required
@require_GET
def staf_ringkasan(request: HttpRequest) -> HttpResponse:
    """Per unit: cases and response times, and receipt codes issued/used, for a period."""
    hari_ini = timezone.localdate()
    start = _tanggal(request.GET.get("dari"), hari_ini.replace(day=1))
    end = _tanggal(request.GET.get("sampai"), hari_ini)
    if end < start:
        start, end = end, start
    # ``?tanggal=`` judges the cases as they stood at the end of that WIB day (what a period
    # report shows); now by default.
    as_of = (
        akhir_hari(tanggal_param(request.GET["tanggal"])) if request.GET.get("tanggal") else None
    )
    total = selectors.waktu_respons(start=start, end=end, user=request.user, as_of=as_of)
    kasus = Paginator(
        selectors.waktu_respons_per_unit(user=request.user, start=start, end=end, as_of=as_of),
        50,
    )
    kode = Paginator(
        selectors.kode_statistik_per_unit(user=request.user, dari=start, sampai=end), 50
    )
    return render(
        request,
        "partisipasi/staf_ringkasan.html",
        {
            "start": start,
            "end": end,
            "total": total,
            "kasus": kasus.get_page(request.GET.get("page")),
            "kode": kode.get_page(request.GET.get("page_kode")),
        },
    )


@login_required
@require_GET
def staf_batch_slip(request: HttpRequest, pk: int) -> HttpResponse:
    """Printable slips (A4, QR and code) of one batch of receipt codes."""
    from weasyprint import HTML  # slow to import; only PDF rendering needs it

    if not (is_staff_member(request.user) and request.user.has_perm(permissions.PERM_LIHAT_KODE)):
        raise PermissionDenied
    batch = get_object_or_404(
        selectors.batch_for_user(user=request.user).select_related("unit_layanan__unit"), pk=pk
    )
    slips = [
        {
            "kode": k,
            "url": kode_url(k),
            "qr": segno.make(kode_url(k), error="m").svg_data_uri(scale=4),
        }
        for k in batch.kode.select_related("unit_layanan__unit").order_by("pk")
    ]
    html = render_to_string(
        "partisipasi/slip_pdf.html", {"batch": batch, "slips": slips}, request=request
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="slip-kode-{batch.pk}.pdf"'
    return response
