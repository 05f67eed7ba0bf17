from __future__ import annotations

import io
from typing import Any

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from asn_portal import charts
from asn_portal.access import staff_required
from asn_portal.periode import JenisPeriode, Periode
from asn_portal.publik import instansi_publik, reverse_publik
from survei import selectors, services
from survei.forms import KertasForm, RencanaForm, SurveiForm
from survei.ikm import HasilIKM
from survei.kuesioner import UNSUR_BAWAAN
from survei.models import PeriodePublikasi, SumberRespons, UnitLayanan
from survei.privasi import (
    alamat_klien,
    batas_jaringan_tercapai,
    perangkat_dari_request,
    perangkat_tersimpan,
    set_cookie_perangkat,
)

NAMA_UNSUR = {u.kode: u.unsur for u in UNSUR_BAWAAN}


def _form_url(request: HttpRequest, unit: UnitLayanan) -> str:
    return reverse_publik(instansi_publik(request), "survei:form", [unit.kode], absolut=True)


def _terapkan_error(form: Any, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        target = field if field in form.fields else None
        for error in errors:
            form.add_error(target, error)


# --- public pages ------------------------------------------------------------------------------


@require_GET
def unit_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    units = selectors.unit_layanan_publik(q=q, instansi_id=instansi_publik(request))
    page = Paginator(units, 30).get_page(request.GET.get("page"))
    return render(request, "survei/unit_list.html", {"page": page, "q": q})


def _sudah_mengisi(request: HttpRequest, unit: UnitLayanan, status: int = 200) -> HttpResponse:
    ada_hasil = PeriodePublikasi.objects.filter(unit_layanan=unit).exists()
    return render(
        request, "survei/sudah_mengisi.html", {"unit": unit, "ada_hasil": ada_hasil}, status=status
    )


def _unit_publik(request: HttpRequest, kode: str) -> UnitLayanan:
    """The active service unit ``kode`` of the request's public instansi (another instansi's is
    not found)."""
    return get_object_or_404(
        UnitLayanan.objects.select_related("unit"),
        kode=kode,
        aktif=True,
        unit__instansi_id=instansi_publik(request),
    )


@require_http_methods(["GET", "POST"])
def respons_form(request: HttpRequest, kode: str) -> HttpResponse:
    if request.method == "GET":
        unit = _unit_publik(request, kode)
        # Told at once, not after nine questions: the signed cookie of a device that answered.
        if selectors.perangkat_sudah_mengisi(
            unit_layanan=unit, device_id=perangkat_tersimpan(request)
        ):
            return _sudah_mengisi(request, unit)
        kuesioner = selectors.kuesioner_aktif()
        form = SurveiForm(unit_layanan=unit, pertanyaan=selectors.pertanyaan_berurutan(kuesioner))
        return render(
            request, "survei/form.html", {"unit": unit, "form": form, "kuesioner": kuesioner}
        )

    unit_cache, kuesioner = selectors.untuk_kiriman_publik(
        kode, instansi_id=instansi_publik(request)
    )
    if unit_cache is None:
        raise Http404
    pertanyaan = selectors.pertanyaan_berurutan(kuesioner)
    form = SurveiForm(request.POST, unit_layanan=unit_cache, pertanyaan=pertanyaan)
    if form.is_bot:
        # Answer as if accepted so the bot learns nothing; nothing is stored.
        return redirect("survei:terima_kasih", kode=kode)
    status = 400
    # Every answer sent counts against the network's ceiling, valid or not (as in the API).
    batas_tercapai = batas_jaringan_tercapai(request)
    if batas_tercapai:
        status = 429
    elif form.is_valid():
        device_id, cookie_baru = perangkat_dari_request(request)
        try:
            services.respons_submit(
                unit_layanan=unit_cache,
                data=dict(form.cleaned_data, kuesioner=kuesioner),
                idempotency_key=form.cleaned_data["idempotency_key"],
                sumber=SumberRespons.DARING,
                perangkat=device_id,
                alamat=alamat_klien(request),
            )
        except services.PerangkatSudahMengisi:
            return _sudah_mengisi(request, unit_cache, status=409)
        except ValidationError as exc:
            _terapkan_error(form, exc)
        else:
            response: HttpResponse = redirect("survei:terima_kasih", kode=kode)
            set_cookie_perangkat(response, device_id, cookie_baru)
            return response
    # The page again, with the messages: the unit and its OPD read fresh for display.
    return render(
        request,
        "survei/form.html",
        {
            "unit": _unit_publik(request, kode),
            "form": form,
            "kuesioner": kuesioner,
            "batas_tercapai": batas_tercapai,
        },
        status=status,
    )


@require_GET
def terima_kasih(request: HttpRequest, kode: str) -> HttpResponse:
    unit = _unit_publik(request, kode)
    ada_hasil = PeriodePublikasi.objects.filter(unit_layanan=unit).exists()
    return render(request, "survei/terima_kasih.html", {"unit": unit, "ada_hasil": ada_hasil})


@require_GET
def poster_png(request: HttpRequest, kode: str) -> HttpResponse:
    unit = _unit_publik(request, kode)
    buffer = io.BytesIO()
    segno.make(_form_url(request, unit), error="m").save(buffer, kind="png", scale=12, border=4)
    response = HttpResponse(buffer.getvalue(), content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="qr-survei-{unit.kode}.png"'
    return response


@require_GET
def poster_pdf(request: HttpRequest, kode: str) -> HttpResponse:
    from weasyprint import HTML  # slow to import; only PDF rendering needs it

    unit = _unit_publik(request, kode)
    url = _form_url(request, unit)
    html = render_to_string(
        "survei/poster_pdf.html",
        {"unit": unit, "url": url, "qr_svg": segno.make(url, error="m").svg_data_uri(scale=10)},
        request=request,
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="poster-survei-{unit.kode}.pdf"'
    return response


def _grafik_nrr(hasil: HasilIKM, judul: str) -> str:
    kode = [k for k, v in hasil.nrr.items() if v is not None]
    return charts.hbar_chart(
        [f"{k} {Truncator(NAMA_UNSUR[k]).chars(22)}" for k in kode],
        [float(hasil.nrr[k] or 0) for k in kode],
        title=judul,
        xlabel=_("NRR (skala 1–4)"),
    )


def _grafik_profil(profil: dict[str, list[Any]]) -> list[tuple[str, str, list[Any]]]:
    judul = {
        "jenis_kelamin": _("Jenis kelamin"),
        "pendidikan": _("Pendidikan"),
        "pekerjaan": _("Pekerjaan"),
        "umur": _("Kelompok umur"),
    }
    out: list[tuple[str, str, list[Any]]] = []
    for name, rows in profil.items():
        labels = [str(r[0]) for r in rows]
        values = [r[1] for r in rows]
        out.append(
            (
                judul[name],
                charts.hbar_chart(labels, values, title=judul[name], xlabel=_("responden")),
                rows,
            )
        )
    return out


def _baris_unsur(hasil: HasilIKM) -> list[dict[str, Any]]:
    return [
        {
            "kode": k,
            "unsur": NAMA_UNSUR[k],
            "jumlah": hasil.jumlah.get(k),
            "terjawab": hasil.terjawab.get(k),
            "nrr": hasil.nrr.get(k),
            "tertimbang": hasil.nrr_tertimbang_unsur.get(k),
        }
        for k in NAMA_UNSUR
    ]


@require_GET
def hasil_unit(request: HttpRequest, kode: str) -> HttpResponse:
    unit = _unit_publik(request, kode)
    publikasi = list(selectors.publikasi_unit(unit))
    return render(request, "survei/hasil_unit.html", {"unit": unit, "publikasi": publikasi})


@require_GET
def hasil_periode(request: HttpRequest, kode: str, periode: str) -> HttpResponse:
    unit = _unit_publik(request, kode)
    try:
        p = Periode.parse(periode)
    except ValueError:
        raise Http404 from None
    publikasi = get_object_or_404(
        PeriodePublikasi, unit_layanan=unit, jenis_periode=p.jenis, tahun=p.tahun, nomor=p.nomor
    )
    hasil = HasilIKM.from_dict(publikasi.hasil)
    sejenis = list(selectors.publikasi_unit(unit).filter(jenis_periode=p.jenis))[::-1]
    sejenis.sort(key=lambda x: x.periode)
    tren = None
    if len(sejenis) > 1:
        tren = charts.line_chart(
            [x.periode.label for x in sejenis],
            {_("IKM"): [float(x.hasil.get("ikm") or 0) for x in sejenis]},
            title=_("Tren IKM per %(jenis)s") % {"jenis": p.jenis},
            ylabel=_("IKM (25–100)"),
        )
    return render(
        request,
        "survei/hasil_periode.html",
        {
            "unit": unit,
            "publikasi": publikasi,
            "periode": p,
            "hasil": hasil,
            "baris": _baris_unsur(hasil),
            "grafik_nrr": _grafik_nrr(hasil, _("NRR per unsur pelayanan")),
            "grafik_tren": tren,
            "tren": sejenis,
            "profil": _grafik_profil(publikasi.profil),
            "sampel_kurang": hasil.responden < publikasi.sampel_minimum,
        },
    )


@require_GET
def hasil_provinsi(request: HttpRequest) -> HttpResponse:
    terbaru = list(selectors.publikasi_terbaru_per_unit(instansi_id=instansi_publik(request)))
    hasil = [(p, HasilIKM.from_dict(p.hasil)) for p in terbaru]
    gabungan = selectors.gabung_hasil([h for _p, h in hasil]) if hasil else None
    per_mutu = dict.fromkeys("ABCD", 0)
    for _p, h in hasil:
        if h.mutu:
            per_mutu[h.mutu] += 1
    grafik = (
        charts.bar_chart(
            [f"Mutu {m}" for m in per_mutu],
            {_("unit layanan"): list(per_mutu.values())},
            title=_("Sebaran mutu unit layanan"),
            ylabel=_("jumlah unit"),
        )
        if hasil
        else None
    )
    page = Paginator(hasil, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "survei/hasil_provinsi.html",
        {
            "page": page,
            "gabungan": gabungan,
            "grafik": grafik,
            "per_mutu": per_mutu,
        },
    )


# --- staff pages -------------------------------------------------------------------------------


def _unit_staf(request: HttpRequest, kode: str) -> UnitLayanan:
    return get_object_or_404(selectors.unit_layanan_for_user(user=request.user), kode=kode)


def _periode_dari(request: HttpRequest) -> Periode:
    teks = request.GET.get("periode") or request.POST.get("periode") or ""
    try:
        return Periode.parse(teks)
    except ValueError:
        return Periode.memuat(JenisPeriode.TRIWULAN, timezone.localdate())


@staff_required
@require_GET
def staf_dashboard(request: HttpRequest) -> HttpResponse:
    periode = _periode_dari(request)
    q = request.GET.get("q", "").strip()[:100]
    units = selectors.unit_layanan_for_user(user=request.user).order_by("nama")
    if q:
        units = units.filter(nama__icontains=q)
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    hasil = selectors.ikm_per_unit(
        dari=periode.awal,
        sampai=periode.akhir,
        unit_layanan_ids=[u.pk for u in page.object_list],
    )
    rows = [(u, hasil.get(u.pk)) for u in page.object_list]
    return render(
        request,
        "survei/staf_dashboard.html",
        {"page": page, "rows": rows, "periode": periode, "q": q},
    )


@staff_required
@require_GET
def staf_unit(request: HttpRequest, kode: str) -> HttpResponse:
    unit = _unit_staf(request, kode)
    periode = _periode_dari(request)
    sub_unit = request.GET.get("sub_unit") == "1"
    hasil = selectors.ikm_compute(
        unit_layanan=unit, dari=periode.awal, sampai=periode.akhir, sub_unit=sub_unit
    )
    populasi, minimum = selectors.sampel_untuk(unit, periode)
    profil = selectors.profil_responden(
        unit, dari=periode.awal, sampai=periode.akhir, sub_unit=sub_unit
    )
    # Months and quarters over two years; semesters and years over five.
    rentang = 1 if periode.jenis in (JenisPeriode.BULAN, JenisPeriode.TRIWULAN) else 4
    tren = selectors.ikm_tren(
        unit_layanan=unit,
        dari=Periode(periode.tahun - rentang, JenisPeriode.TAHUN).awal,
        sampai=periode.akhir,
        jenis=periode.jenis,
        sub_unit=sub_unit,
    )
    tren_ada = [(p, h) for p, h in tren if h.ikm is not None]
    grafik_tren = (
        charts.line_chart(
            [p.label for p, _h in tren_ada],
            {_("IKM"): [float(h.ikm or 0) for _p, h in tren_ada]},
            title=_("Tren IKM"),
            ylabel=_("IKM (25–100)"),
        )
        if len(tren_ada) > 1
        else None
    )
    q = request.GET.get("q", "").strip()[:100]
    saran = Paginator(
        selectors.saran_list(
            user=request.user, unit_layanan=unit, dari=periode.awal, sampai=periode.akhir, q=q
        ),
        20,
    ).get_page(request.GET.get("page"))
    rencana = list(
        selectors.rencana_tindak_lanjut_for_user(user=request.user).filter(
            unit_layanan=unit, jenis_periode=periode.jenis, tahun=periode.tahun, nomor=periode.nomor
        )
    )
    publikasi = PeriodePublikasi.objects.filter(
        unit_layanan=unit, jenis_periode=periode.jenis, tahun=periode.tahun, nomor=periode.nomor
    ).first()
    user = request.user
    return render(
        request,
        "survei/staf_unit.html",
        {
            "unit": unit,
            "periode": periode,
            "hasil": hasil,
            "baris": _baris_unsur(hasil),
            "populasi": populasi,
            "minimum": minimum,
            "sampel_kurang": hasil.responden < minimum,
            "grafik_nrr": _grafik_nrr(hasil, _("NRR per unsur")) if hasil.responden else None,
            "grafik_tren": grafik_tren,
            "tren": tren_ada,
            "profil": _grafik_profil({k: [[lbl, n] for lbl, n in v] for k, v in profil.items()})
            if hasil.responden
            else [],
            "saran": saran,
            "q": q,
            "sub_unit": sub_unit,
            "rencana": rencana,
            "publikasi": publikasi,
            "boleh_terbit": user.has_perm("survei.add_periodepublikasi"),
            "boleh_rencana": user.has_perm("survei.add_rencanatindaklanjut"),
            "boleh_entri": user.has_perm("survei.add_respons"),
            "jenis_periode": JenisPeriode.choices,
        },
    )


@staff_required
@require_POST
def staf_terbitkan(request: HttpRequest, kode: str) -> HttpResponse:
    unit = _unit_staf(request, kode)
    periode = _periode_dari(request)
    if request.POST.get("aksi") == "tarik":
        if not request.user.has_perm("survei.delete_periodepublikasi"):
            raise PermissionDenied
        publikasi = get_object_or_404(
            PeriodePublikasi,
            unit_layanan=unit,
            jenis_periode=periode.jenis,
            tahun=periode.tahun,
            nomor=periode.nomor,
        )
        services.publikasi_withdraw(publikasi=publikasi)
        messages.success(
            request,
            _("Hasil %(periode)s ditarik dari halaman publik.") % {"periode": periode.label},
        )
    else:
        if not request.user.has_perm("survei.add_periodepublikasi"):
            raise PermissionDenied
        try:
            services.publikasi_publish(unit_layanan=unit, periode=periode, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Hasil %(periode)s diterbitkan.") % {"periode": periode.label}
            )
    return redirect(f"{reverse('survei:staf_unit', args=[unit.kode])}?periode={periode.kode}")


@staff_required
@require_POST
def staf_rencana_draf(request: HttpRequest, kode: str) -> HttpResponse:
    unit = _unit_staf(request, kode)
    if not request.user.has_perm("survei.add_rencanatindaklanjut"):
        raise PermissionDenied
    periode = _periode_dari(request)
    try:
        dibuat = services.rencana_tindak_lanjut_draft(unit_layanan=unit, periode=periode)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("%(n)s draf rencana tindak lanjut dibuat.") % {"n": len(dibuat)}
        )
    return redirect(
        f"{reverse('survei:staf_unit', args=[unit.kode])}?periode={periode.kode}#rencana"
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staf_rencana_ubah(request: HttpRequest, pk: int) -> HttpResponse:
    rencana = get_object_or_404(selectors.rencana_tindak_lanjut_for_user(user=request.user), pk=pk)
    if not request.user.has_perm("survei.change_rencanatindaklanjut"):
        raise PermissionDenied
    form = RencanaForm(request.POST or None, instance=rencana)
    if request.method == "POST" and form.is_valid():
        try:
            services.rencana_tindak_lanjut_update(
                rencana=rencana, **{name: form.cleaned_data[name] for name in form.Meta.fields}
            )
        except ValidationError as exc:
            _terapkan_error(form, exc)
        else:
            messages.success(request, _("Rencana tindak lanjut disimpan."))
            return redirect(
                f"{reverse('survei:staf_unit', args=[rencana.unit_layanan.kode])}"
                f"?periode={rencana.periode.kode}#rencana"
            )
    return render(
        request,
        "survei/staf_rencana.html",
        {"rencana": rencana, "form": form, "nama_unsur": NAMA_UNSUR[rencana.kode_unsur]},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staf_kertas(request: HttpRequest, kode: str) -> HttpResponse:
    unit = _unit_staf(request, kode)
    if not request.user.has_perm("survei.add_respons"):
        raise PermissionDenied
    kuesioner = selectors.kuesioner_aktif()
    pertanyaan = selectors.pertanyaan_berurutan(kuesioner)
    ingat = request.session.get("survei_kertas", {})
    initial = {k: v for k, v in ingat.items() if k in ("tanggal_layanan", "jenis_layanan")}
    status = 200
    if request.method == "POST":
        form = KertasForm(request.POST, unit_layanan=unit, pertanyaan=pertanyaan)
        if form.is_valid():
            try:
                hasil = services.respons_submit(
                    unit_layanan=unit,
                    data=dict(form.cleaned_data, kuesioner=kuesioner),
                    idempotency_key=form.cleaned_data["idempotency_key"],
                    sumber=SumberRespons.KERTAS,
                    user=request.user,
                )
            except ValidationError as exc:
                _terapkan_error(form, exc)
                status = 400
            else:
                request.session["survei_kertas"] = {
                    "tanggal_layanan": form.cleaned_data["tanggal_layanan"].isoformat(),
                    "jenis_layanan": form.cleaned_data["jenis_layanan"],
                }
                if hasil.baru:
                    messages.success(
                        request,
                        _("Kuesioner nomor %(id)s tersimpan. Lanjutkan dengan lembar berikutnya.")
                        % {"id": hasil.respons.pk},
                    )
                else:
                    messages.info(
                        request,
                        _("Lembar ini sudah tersimpan sebelumnya; tidak disimpan dua kali."),
                    )
                return redirect("survei:staf_kertas", kode=unit.kode)
        else:
            status = 400
    else:
        form = KertasForm(unit_layanan=unit, pertanyaan=pertanyaan, initial=initial)
    hari_ini = timezone.localdate()
    jumlah_hari_ini = (
        selectors.respons_for_user(user=request.user)
        .filter(unit_layanan=unit, sumber=SumberRespons.KERTAS, tanggal_isi=hari_ini)
        .count()
    )
    return render(
        request,
        "survei/staf_kertas.html",
        {"unit": unit, "form": form, "jumlah_hari_ini": jumlah_hari_ini},
        status=status,
    )
