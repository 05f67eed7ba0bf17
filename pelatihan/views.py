"""HTML pages: the ASN's own competency pages, the certificate download, and the staff pages
(verification queue, participants of a run, the per-unit 20 JP report with exports)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from functools import wraps
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from asn_portal import charts, files
from asn_portal.access import staff_required
from asn_portal.periode import tanggal_param
from asn_portal.roles import ASN, user_has_role
from jabatan.selectors import pegawai_for_user
from pelatihan import selectors, services
from pelatihan.forms import PengajuanForm, PesertaStatusForm, TolakForm
from pelatihan.models import StatusRiwayat

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from jabatan.models import RiwayatJabatan


class _BarisKekurangan(selectors.JpAnotasi):
    """A row of the JP shortfall table: ``kekurangan`` is set on the instance for the template."""

    kekurangan: int


View = Callable[..., HttpResponseBase]
# A readable bar chart holds this many units; the table beneath always lists all of them.
CHART_MAKS_UNIT = 40


def _messages_from(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def asn_required(view: View) -> View:
    """Logged in, ASN role, linked to a Pegawai; the view receives that pegawai."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        pegawai = pegawai_for_user(request.user)
        if pegawai is None or not user_has_role(request.user, ASN):
            return render(request, "portal/tanpa_data.html", status=403)
        return view(request, pegawai, *args, **kwargs)

    return wrapper


def _as_of(request: HttpRequest) -> dt.date:
    """``?tanggal=`` if given, else ``?tahun=`` (its last day, or today for this year)."""
    if request.GET.get("tanggal"):
        return tanggal_param(request.GET.get("tanggal"))
    try:
        tahun = int(request.GET.get("tahun", ""))
    except ValueError:
        return timezone.localdate()
    if not 2000 <= tahun <= 2100:
        return timezone.localdate()
    return selectors.jp_tanggal_untuk_tahun(tahun)


# --- ASN ---------------------------------------------------------------------------------------


@require_GET
@asn_required
def saya(request: HttpRequest, pegawai: Any) -> HttpResponse:
    ringkasan = selectors.ringkasan_jp(pegawai)
    riwayat = list(selectors.riwayat_pegawai(pegawai))
    chart = charts.bar_chart(
        [str(t) for t, _jp in ringkasan.per_tahun],
        {_("JP terverifikasi"): [jp for _t, jp in ringkasan.per_tahun]},
        title=_("JP terverifikasi per tahun (minimal %(m)d JP)") % {"m": ringkasan.minimum},
        ylabel=_("JP"),
    )
    return render(
        request,
        "pelatihan/saya.html",
        {
            "pegawai": pegawai,
            "jp": ringkasan,
            "chart": chart,
            "terverifikasi": [r for r in riwayat if r.status == StatusRiwayat.TERVERIFIKASI],
            "pengajuan": [r for r in riwayat if r.status != StatusRiwayat.TERVERIFIKASI],
        },
    )


@require_GET
@asn_required
def saya_kompetensi(request: HttpRequest, pegawai: Any) -> HttpResponse:
    analisis = selectors.gap_analysis(pegawai)
    return render(
        request,
        "pelatihan/saya_kompetensi.html",
        {
            "pegawai": pegawai,
            "analisis": analisis,
            "rencana": selectors.kesenjangan_rencana(
                pegawai, user=request.user, jabatan_sekarang=analisis.jabatan
            ),
            "angkatan_list": selectors.angkatan_pendaftaran_dibuka(user=request.user).filter(
                program__in=selectors.program_untuk_pegawai(pegawai)
            )[:20],
            "terdaftar": selectors.angkatan_terdaftar_ids(pegawai),
        },
    )


@require_POST
@asn_required
def saya_daftar(request: HttpRequest, pegawai: Any, pk: int) -> HttpResponse:
    angkatan = get_object_or_404(selectors.angkatan_list(user=request.user), pk=pk)
    try:
        services.peserta_register(angkatan_id=angkatan.pk, pegawai=pegawai)
    except ValidationError as exc:
        for message in _messages_from(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("Anda terdaftar pada %(a)s.") % {"a": angkatan})
    return redirect("pelatihan:saya_kompetensi")


@require_http_methods(["GET", "POST"])
@asn_required
def saya_ajukan(request: HttpRequest, pegawai: Any) -> HttpResponse:
    form = PengajuanForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.riwayat_submit(pegawai=pegawai, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Pengajuan terkirim dan menunggu verifikasi."))
            return redirect("pelatihan:saya")
    return render(request, "pelatihan/saya_ajukan.html", {"form": form, "pegawai": pegawai})


@require_GET
@login_required
def sertifikat(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The certificate file, only to its owner and staff reaching the owner's unit (else 404)."""
    riwayat = selectors.riwayat_get(user=request.user, pk=pk)
    if not riwayat.sertifikat:
        raise Http404
    try:
        handle = riwayat.sertifikat.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    ext = (riwayat.sertifikat.name or "").rsplit(".", 1)[-1]
    # A certificate is personal data: every download is in the one file log.
    files.export_log_create(
        user=request.user, source=f"pelatihan:sertifikat:{riwayat.pk}", fmt=ext[:4]
    )
    response = FileResponse(
        handle,
        content_type=riwayat.sertifikat_tipe or "application/octet-stream",
        filename=f"sertifikat-{riwayat.pk}.{ext}",
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- staff ------------------------------------------------------------------------------------


@require_GET
@staff_required
def verifikasi(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.antrian_verifikasi(user=request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "pelatihan/verifikasi.html",
        {
            "page": page,
            "program_list": selectors.program_pilihan(),
            "tolak_form": TolakForm(),
            "boleh_ubah": request.user.has_perm("pelatihan.change_riwayatpelatihan"),
        },
    )


@require_POST
@staff_required
def verifikasi_aksi(request: HttpRequest, pk: int) -> HttpResponse:
    selectors.riwayat_get(user=request.user, pk=pk)  # 404 outside the user's units
    try:
        if request.POST.get("aksi") == "tolak":
            form = TolakForm(request.POST)
            if not form.is_valid():
                raise ValidationError({"alasan_penolakan": _("Tuliskan alasan penolakan.")})
            riwayat = services.riwayat_reject(
                riwayat_id=pk, user=request.user, alasan=form.cleaned_data["alasan"]
            )
            messages.success(request, _("Pengajuan %(r)s ditolak.") % {"r": riwayat.nama_pelatihan})
        else:
            program_id = request.POST.get("program", "")
            program = (
                selectors.program_pilihan().filter(pk=int(program_id)).first()
                if program_id.isdigit()
                else None
            )
            riwayat = services.riwayat_verify(riwayat_id=pk, user=request.user, program=program)
            messages.success(
                request, _("Pengajuan %(r)s diverifikasi.") % {"r": riwayat.nama_pelatihan}
            )
    except ValidationError as exc:
        for message in _messages_from(exc):
            messages.error(request, message)
    return redirect("pelatihan:verifikasi")


@require_http_methods(["GET", "POST"])
@staff_required
def angkatan_peserta(request: HttpRequest, pk: int) -> HttpResponse:
    angkatan = get_object_or_404(selectors.angkatan_list(user=request.user), pk=pk)
    peserta = list(
        selectors.peserta_list(user=request.user)
        .filter(angkatan=angkatan)
        .order_by("pegawai__nama", "pk")
    )
    form = PesertaStatusForm(request.POST or None, peserta_ids=[p.pk for p in peserta])
    if request.method == "POST":
        if not request.user.has_perm("pelatihan.change_peserta"):
            raise PermissionDenied
        if form.is_valid():
            try:
                jumlah = services.peserta_set_status(
                    peserta_ids=form.cleaned_data["peserta"],
                    status=form.cleaned_data["status"],
                    user=request.user,
                )
            except ValidationError as exc:
                for message in _messages_from(exc):
                    messages.error(request, message)
            else:
                messages.success(request, _("%(n)d peserta diperbarui.") % {"n": jumlah})
                return redirect("pelatihan:angkatan_peserta", pk=angkatan.pk)
    return render(
        request,
        "pelatihan/angkatan_peserta.html",
        {
            "angkatan": angkatan,
            "peserta": peserta,
            "form": form,
            "boleh_ubah": request.user.has_perm("pelatihan.change_peserta"),
        },
    )


KEKURANGAN_HEADERS = (
    gettext_lazy("NIP"),
    gettext_lazy("Nama"),
    gettext_lazy("Jabatan"),
    gettext_lazy("Unit"),
    gettext_lazy("JP terverifikasi"),
    gettext_lazy("JP minimal"),
    gettext_lazy("Kekurangan JP"),
)


def _kekurangan_rows(posisi: Iterable[Any], minimum: int) -> Iterator[list[Any]]:
    for row in posisi:
        yield [
            row.pegawai.nip,
            row.pegawai.nama_lengkap,
            row.formasi.jabatan.nama,
            row.formasi.unit.nama,
            row.jp,
            minimum,
            max(minimum - row.jp, 0),
        ]


@require_GET
@staff_required
def laporan_jp(request: HttpRequest) -> HttpResponse:
    as_of = _as_of(request)
    tahun = as_of.year
    try:
        tingkat = int(request.GET.get("tingkat", "1"))
    except ValueError:
        tingkat = 1
    minimum = selectors.jp_minimum()
    catatan = _(
        "Konvensi: minimal %(m)d JP per tahun kalender (PP 11/2017 ps. 203(4)); pelatihan dihitung pada "
        "tahun selesainya bila terverifikasi paling lambat %(t)s; ASN dihitung menurut jabatan "
        "definitif pada tanggal itu; persentase dibulatkan setengah ke atas, satu desimal."
    ) % {"m": minimum, "t": as_of.isoformat()}
    kekurangan = selectors.jp_kekurangan_list(user=request.user, as_of=as_of)
    fmt = request.GET.get("format")
    if fmt in files.FORMATS:
        return files.table_download(
            user=request.user,
            source="pelatihan:laporan_jp",
            fmt=fmt,
            headers=KEKURANGAN_HEADERS,
            rows=_kekurangan_rows(kekurangan.iterator(chunk_size=2000), minimum),
            filename=f"kekurangan-jp-{as_of.isoformat()}",
            title=_("Kekurangan JP"),
            notes=[catatan],
            query=request.GET.urlencode(),
        )
    hasil = selectors.jp_rekap(as_of=as_of, user=request.user, tingkat=tingkat)
    rekap = hasil.per_unit
    chart = None
    if rekap:
        judul = _("Persentase ASN memenuhi %(m)d JP, %(t)d") % {"m": minimum, "t": tahun}
        grafik = rekap
        if len(rekap) > CHART_MAKS_UNIT:
            grafik = sorted(rekap, key=lambda r: (r.persen, r.path))[:CHART_MAKS_UNIT]
            judul = _("%(n)d unit dengan persentase terendah memenuhi %(m)d JP, %(t)d") % {
                "n": CHART_MAKS_UNIT,
                "m": minimum,
                "t": tahun,
            }
        chart = charts.hbar_chart(
            [r.unit.nama if r.unit else r.path for r in grafik],
            [float(r.persen) for r in grafik],
            title=judul,
            xlabel=_("% ASN"),
        )
    page = Paginator(kekurangan, 50).get_page(request.GET.get("page"))
    baris = cast("Iterable[WithAnnotations[RiwayatJabatan, _BarisKekurangan]]", page.object_list)
    for posisi in baris:
        posisi.kekurangan = max(minimum - posisi.jp, 0)
    return render(
        request,
        "pelatihan/laporan_jp.html",
        {
            "tahun": tahun,
            "tingkat": tingkat,
            "minimum": minimum,
            "rekap": rekap,
            "total": hasil.total,
            "as_of": as_of,
            "chart": chart,
            "page": page,
            "catatan": catatan,
            "tahun_pilihan": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
            "jp_min": settings.JP_MINIMUM_PER_TAHUN,
        },
    )
