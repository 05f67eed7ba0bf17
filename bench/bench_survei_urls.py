"""URLconf of the survey HTTP benchmark only: every URL of the site plus the floor, a bare view
that inserts one survey row (one INSERT, no validation, no signals). Not in production urls."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from asn_portal.urls import urlpatterns as site_urlpatterns
from survei.models import Respons


@csrf_exempt
def bare_insert(request: HttpRequest) -> HttpResponse:
    """The floor: the client names the ids, the view makes the one INSERT."""
    unit_id = int(request.POST["unit_layanan_id"])
    kuesioner_id = int(request.POST["kuesioner_id"])
    hari_ini = timezone.localdate()
    Respons.objects.bulk_create(
        [
            Respons(
                unit_layanan_id=unit_id,
                kuesioner_id=kuesioner_id,
                **{f"u{i}": 3 for i in range(1, 10)},
                umur=34,
                jenis_kelamin="P",
                pendidikan="sma",
                pekerjaan="wirausaha",
                jenis_layanan=request.POST.get("jenis_layanan", ""),
                tanggal_layanan=hari_ini,
                saran=request.POST.get("saran", ""),
                sumber="daring",
                idempotency_key=uuid.uuid4(),
                tanggal_isi=hari_ini,
            )
        ]
    )
    return HttpResponse(status=201)


urlpatterns = [path("bench/bare/", bare_insert), *site_urlpatterns]
