"""HTML pages outside the admin: the plan preview for staff, and "Perubahan jabatan saya"."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from asn_portal.access import staff_required
from jabatan.penataan import selectors
from jabatan.penataan.charts import pratinjau_charts
from jabatan.penataan.validation import load_items, rencana_validate


@require_GET
@staff_required
def pratinjau(request: HttpRequest, pk: int) -> HttpResponse:
    rencana = get_object_or_404(selectors.rencana_penataan_for_user(user=request.user), pk=pk)
    items = load_items(rencana)
    hasil = rencana_validate(rencana, items=items) if rencana.status != "diterapkan" else None
    data = selectors.rencana_pratinjau(rencana, items=items)
    return render(
        request,
        "penataan/pratinjau.html",
        {
            "rencana": rencana,
            "pratinjau": data,
            "charts": pratinjau_charts(data),
            "hasil": hasil,
            "jke_menit": settings.ABK_JKE_MENIT,
        },
    )


@require_GET
@login_required
def saya(request: HttpRequest) -> HttpResponse:
    pegawai, items = selectors.perubahan_saya(user=request.user)
    status = 200 if pegawai is not None else 403
    return render(
        request, "penataan/saya.html", {"pegawai": pegawai, "items": items}, status=status
    )
