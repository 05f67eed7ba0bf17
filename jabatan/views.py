"""Staff pages of the register: the per-unit dashboard."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from asn_portal import charts
from asn_portal.access import reach_unit_paths, reaches_unit_path, staff_required
from asn_portal.periode import tanggal_param
from jabatan import selectors
from jabatan.abk import konvensi
from jabatan.models import UnitOrganisasi


def _chart(render: Callable[..., str], *args: Any, **kwargs: Any) -> str:
    """Render a chart once per distinct data: matplotlib takes ~0.3 s a chart, the data rarely changes."""
    key = (
        "jabatan:chart:"
        + hashlib.sha256(repr((render.__name__, args, sorted(kwargs.items()))).encode()).hexdigest()
    )
    svg = cache.get(key)
    if svg is None:
        svg = str(render(*args, **kwargs))
        cache.set(key, svg, 60 * 60)
    return mark_safe(svg)  # noqa: S308 - produced by asn_portal.charts, which escapes its text  # nosec B308 B703


def _tanggal(request: HttpRequest) -> dt.date:
    return tanggal_param(request.GET.get("tanggal"))


@staff_required(login_url=reverse_lazy("admin:login"))
def dasbor_index(request: HttpRequest) -> HttpResponse:
    """The units a user starts from: every OPD for BKD staff, the granted units for an operator."""
    paths = reach_unit_paths(request.user)
    units_q = Q(depth=1) if paths is None else Q(path__in=paths)
    units = list(UnitOrganisasi.objects.filter(units_q).order_by("nama"))
    if len(units) == 1:
        return redirect("jabatan:dasbor", pk=units[0].pk)
    return render(request, "jabatan/dasbor_index.html", {"units": units})


@staff_required(login_url=reverse_lazy("admin:login"))
def dasbor(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_list(user=request.user).filter(pk=pk).first()
    if unit is None:
        raise Http404(_("Unit tidak ditemukan atau di luar kewenangan Anda."))
    tanggal = _tanggal(request)
    data = selectors.dasbor_unit(user=request.user, unit=unit, tanggal=tanggal)
    ancestors = [
        u for u in selectors.unit_ancestors(unit=unit) if reaches_unit_path(request.user, u.path)
    ]
    subunits = [row for row in data.per_subunit if row.path != unit.path]
    labels = [
        row.unit.nama if row.unit and row.path != unit.path else _("(unit ini)")
        for row in data.per_subunit
    ]
    context = {
        "unit": unit,
        "data": data,
        "tanggal": tanggal,
        "ancestors": ancestors,
        "subunits": subunits,
        "konvensi": konvensi(),
        "susunan": selectors.unit_pada(user=request.user, unit=unit, tanggal=tanggal),
        "chart_kebutuhan": _chart(
            charts.bar_chart,
            labels,
            {
                _("Kebutuhan"): [r.kebutuhan for r in data.per_subunit],
                _("Bezetting"): [r.bezetting for r in data.per_subunit],
            },
            title=_("Bezetting dibanding kebutuhan"),
            ylabel=_("orang"),
            horizontal=True,
        ),
        "chart_golongan": _chart(
            charts.bar_chart,
            [g for g, _n in data.golongan],
            {_("Pegawai"): [n for _g, n in data.golongan]},
            title=_("Komposisi menurut golongan"),
            ylabel=_("orang"),
        ),
        "chart_kategori": _chart(
            charts.donut_chart,
            [k for k, _n in data.kategori],
            [n for _k, n in data.kategori],
            title=_("Kategori jabatan"),
        ),
        "chart_piramida": _chart(
            charts.pyramid_chart,
            [b for b, _l, _p in data.piramida],
            [lk for _b, lk, _p in data.piramida],
            [p for _b, _l, p in data.piramida],
            left_label=_("Laki-laki"),
            right_label=_("Perempuan"),
            title=_("Piramida umur dan jenis kelamin"),
        ),
        "chart_pensiun": _chart(
            charts.bar_chart,
            [str(y) for y, _n in data.pensiun_per_tahun],
            {_("Pensiun"): [n for _y, n in data.pensiun_per_tahun]},
            title=_("Pegawai pensiun lima tahun ke depan"),
            ylabel=_("orang"),
        ),
    }
    return render(request, "jabatan/dasbor.html", context)
