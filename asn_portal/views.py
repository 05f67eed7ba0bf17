from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from asn_portal import health
from asn_portal.access import is_staff_member, may_read_rekap
from asn_portal.periode import tanggal_param
from asn_portal.publik import beranda_lain, instansi_publik
from jabatan.instansi import instansi_bawaan_id
from jabatan.selectors import jabatan_sekarang, pegawai_for_user
from pelatihan import selectors as pelatihan_selectors


@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    """The instansi's public landing; the first instansi's (the main address) also lists the
    public pages of the others, so a citizen finds their kabupaten/kota."""
    instansi_id = instansi_publik(request)
    lain = beranda_lain(instansi_id) if instansi_id == instansi_bawaan_id() else []
    return render(request, "landing.html", {"instansi_lain": lain})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = health.check_all()
    db_up, db_info = checks["database"]
    broker_up, broker_info = checks["broker"]
    status = "ok" if db_up and broker_up else "gagal"
    return JsonResponse(
        {
            "status": status,
            "database": {"ok": db_up, "info": db_info},
            "broker": {"ok": broker_up, "info": broker_info},
        },
        status=200 if status == "ok" else 503,
    )


@login_required
def portal_beranda(request: HttpRequest) -> HttpResponse:
    pegawai = pegawai_for_user(request.user)
    if pegawai is None:
        if is_staff_member(request.user):
            return redirect("admin:index")
        if may_read_rekap(request.user):  # a Pemantau: the roll-ups are all it reads
            return redirect("rekap:index")
        return render(request, "portal/tanpa_data.html", status=403)
    return render(
        request,
        "portal/beranda.html",
        {
            "pegawai": pegawai,
            "jabatan_sekarang": jabatan_sekarang(pegawai),
            **pelatihan_selectors.portal_context(
                pegawai, as_of=tanggal_param(request.GET.get("tanggal"))
            ),
        },
    )
