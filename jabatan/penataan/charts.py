"""The preview's charts (inline SVG through asn_portal.charts); the tables beside them carry
the same numbers for screen readers."""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from asn_portal.charts import bar_chart
from jabatan.penataan.selectors import Pratinjau

MAKS_UNIT_GRAFIK = 25


def pratinjau_charts(pratinjau: Pratinjau) -> dict[str, SafeString]:
    charts: dict[str, SafeString] = {}
    units = pratinjau.units_berubah[:MAKS_UNIT_GRAFIK]
    if units:
        charts["bezetting"] = bar_chart(
            [u.unit.nama for u in units],
            {
                _("Kebutuhan sesudah"): [u.kebutuhan_sesudah for u in units],
                _("Bezetting sebelum"): [u.bezetting_sebelum for u in units],
                _("Bezetting sesudah"): [u.bezetting_sesudah for u in units],
            },
            title=_("Bezetting per unit sebelum dan sesudah rencana"),
            ylabel=_("orang"),
            horizontal=True,
        )
    komposisi = pratinjau.komposisi
    charts["komposisi"] = bar_chart(
        [str(k["label"]) for k in komposisi],
        {
            _("Pegawai sebelum"): [k["pegawai_sebelum"] for k in komposisi],
            _("Pegawai sesudah"): [k["pegawai_sesudah"] for k in komposisi],
        },
        title=_("Komposisi struktural/fungsional sebelum dan sesudah"),
        ylabel=_("orang"),
    )
    return charts
