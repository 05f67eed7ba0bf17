"""/rekap/: the province-wide roll-ups for whoever :func:`asn_portal.access.may_read_rekap`;
anyone else is told the page does not exist, as the report pages do."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from asn_portal import charts, files
from asn_portal.access import may_read_rekap
from asn_portal.rekap.selectors import RekapProvinsi, periode_rekap, rekap_provinsi, tahun_pilihan
from asn_portal.rekap.tabel import semua_tabel


def _grafik(rekap: RekapProvinsi) -> dict[str, SafeString]:
    nama = [r.instansi.nama_singkat or r.instansi.nama for r in rekap.per_instansi]
    rows = rekap.per_instansi
    return {
        "ikm": charts.hbar_chart(
            nama,
            [float(r.ikm.ikm) if r.ikm and r.ikm.ikm is not None else 0 for r in rows],
            title=_("IKM per instansi, %(p)s") % {"p": rekap.periode.label},
            xlabel=_("IKM"),
        ),
        "jp": charts.hbar_chart(
            nama,
            [float(r.jp.persen) for r in rows],
            title=_("ASN memenuhi %(m)d JP per instansi") % {"m": rekap.minimum_jp},
            xlabel=_("% ASN"),
        ),
        "kebutuhan": charts.bar_chart(
            nama,
            {
                _("Kebutuhan"): [r.kebutuhan_total.kebutuhan for r in rows],
                _("Bezetting"): [r.kebutuhan_total.bezetting for r in rows],
            },
            title=_("Kebutuhan dan bezetting per instansi"),
            ylabel=_("orang"),
            horizontal=True,
        ),
    }


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    if not may_read_rekap(request.user):
        raise Http404
    periode = periode_rekap(request.GET.get("tahun"), request.GET.get("triwulan"))
    rekap = rekap_provinsi(user=request.user, periode=periode)
    tabel = semua_tabel(rekap)
    fmt = request.GET.get("format")
    if fmt in files.FORMATS:
        content, count = _berkas(request, rekap, tabel, fmt)
        query = request.GET.copy()
        query.pop("format", None)
        return files.download_response(
            user=request.user,
            source="rekap:index",
            fmt=fmt,
            content=content,
            filename=f"rekap-{rekap.periode.kode}.{fmt}",
            row_count=count,
            query=query.urlencode(),
        )
    context: dict[str, Any] = {
        "rekap": rekap,
        "tabel": tabel,
        "grafik": _grafik(rekap) if rekap.per_instansi else {},
        "tahun_pilihan": tahun_pilihan(),
        "triwulan_pilihan": [1, 2, 3, 4],
        "tahun": periode.tahun,
        "triwulan": periode.nomor if periode.jenis == "triwulan" else None,
        "query": request.GET.urlencode(),
    }
    return render(request, "rekap/index.html", context)


def _berkas(
    request: HttpRequest, rekap: RekapProvinsi, tabel: list[Any], fmt: str
) -> tuple[bytes, int]:
    catatan = [
        _("Rekap lintas instansi, %(p)s; JP dan kebutuhan per %(t)s.")
        % {"p": rekap.periode.label, "t": rekap.as_of.isoformat()}
    ]
    if fmt == files.XLSX:
        return files.write_xlsx(
            [
                files.Sheet(
                    title=files.sheet_title(t.judul),
                    headers=t.headers,
                    rows=[*t.rows, *([t.total] if t.total else [])],
                    notes=catatan,
                )
                for t in tabel
            ]
        )
    # a CSV holds one table: ?tabel= names it (the first by default)
    pilih = next((t for t in tabel if t.kunci == request.GET.get("tabel")), tabel[0])
    return files.write_csv(pilih.headers, pilih.rows)
