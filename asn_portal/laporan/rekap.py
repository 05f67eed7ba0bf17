"""The quarterly province report: the roll-ups of ``asn_portal.rekap.selectors.rekap_provinsi``
for every instansi of a province (``access.instansi_wilayah_ids``), stored as report data (JSON,
hashed, frozen on publication like every report) with one section per instansi. The figures are
the ones /rekap/ shows for the same period (its tables are ``asn_portal.rekap.tabel``), judged
at the period's end: responses received before it, JP and kebutuhan on its last day."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from asn_portal.access import instansi_wilayah_ids
from asn_portal.charts import bar_chart
from asn_portal.periode import Periode
from asn_portal.rekap.selectors import RekapInstansi, RekapProvinsi, rekap_provinsi
from asn_portal.rekap.tabel import semua_tabel
from jabatan.models import Instansi
from survei.ikm import BOBOT_LABEL, HasilIKM


def _json(value: Any) -> Any:
    """A cell as stored: decimals as strings (exact, like every report's data)."""
    if isinstance(value, Decimal):
        return str(value)
    return value


def _ikm(hasil: HasilIKM | None) -> dict[str, Any] | None:
    if hasil is None:
        return None
    return {
        "responden": hasil.responden,
        "ikm": _json(hasil.ikm),
        "mutu": hasil.mutu,
        "kinerja": hasil.kinerja,
    }


def _bagian(row: RekapInstansi, rekap: RekapProvinsi) -> dict[str, Any]:
    kategori = dict(rekap.kategori)
    sektor = dict(rekap.sektor)
    return {
        "kode": row.instansi.kode,
        "nama": row.instansi.nama,
        "nama_bkd": row.instansi.nama_bkd,
        "jenis": row.instansi.get_jenis_display(),
        "ikm": _ikm(row.ikm),
        "ikm_sektor": [
            {"sektor": sektor.get(value, value), **(_ikm(row.ikm_sektor[value]) or {})}
            for value, _label in rekap.sektor
            if value in row.ikm_sektor
        ],
        "jp": {
            "asn": row.jp.jumlah_asn,
            "memenuhi": row.jp.memenuhi,
            "belum": row.jp.belum,
            "persen": _json(row.jp.persen),
            "jp_per_asn": _json(row.jp.jp_per_asn),
        },
        "kebutuhan": [
            {
                "kategori": kategori.get(value, value),
                "formasi": baris.formasi,
                "kebutuhan": baris.kebutuhan,
                "bezetting": baris.bezetting,
                "kelebihan": baris.kelebihan,
                "kekurangan": baris.kekurangan,
            }
            for value, _label in rekap.kategori
            if (baris := row.kebutuhan.get(value)) is not None
        ],
        "kebutuhan_total": {
            "formasi": row.kebutuhan_total.formasi,
            "kebutuhan": row.kebutuhan_total.kebutuhan,
            "bezetting": row.kebutuhan_total.bezetting,
            "kelebihan": row.kebutuhan_total.kelebihan,
            "kekurangan": row.kebutuhan_total.kekurangan,
        },
        "penerapan": [
            {
                "triwulan": tw.label,
                "rencana": row.penerapan[tw].rencana,
                "item": row.penerapan[tw].item,
                "asn": row.penerapan[tw].asn,
            }
            for tw in rekap.triwulan
        ],
    }


def rekap_data_compute(*, periode: Periode, instansi: Instansi) -> dict[str, Any]:
    """The province report's content (without ``meta``/``konvensi``, which the report adds):
    the four roll-up tables and one section per instansi of ``instansi``'s province."""
    rekap = rekap_provinsi(
        instansi_ids=instansi_wilayah_ids(instansi.kode),
        periode=periode,
        as_of=periode.akhir,
        diterima_sebelum=periode.batas,
    )
    return {
        "as_of": rekap.as_of.isoformat(),
        "minimum_jp": rekap.minimum_jp,
        "bobot_label": str(BOBOT_LABEL[rekap.bobot]),
        "jumlah_instansi": len(rekap.per_instansi),
        "tabel": [
            {
                "kunci": t.kunci,
                "judul": str(t.judul),
                "headers": [str(h) for h in t.headers],
                "rows": [[_json(c) for c in r] for r in t.rows],
                "total": [_json(c) for c in t.total] if t.total else None,
            }
            for t in semua_tabel(rekap)
        ],
        "per_instansi": [_bagian(row, rekap) for row in rekap.per_instansi],
    }


def grafik(rekap: dict[str, Any]) -> dict[str, Any]:
    """The report's charts, drawn from the stored data: IKM and 20 JP compliance per instansi."""
    bagian = rekap["per_instansi"]
    dinilai = [b for b in bagian if b["ikm"] and b["ikm"]["ikm"] is not None]
    return {
        "ikm": bar_chart(
            [b["kode"] for b in dinilai],
            {_("IKM"): [float(b["ikm"]["ikm"]) for b in dinilai]},
            title=_("IKM per instansi"),
            ylabel=_("IKM"),
        )
        if dinilai
        else None,
        "jp": bar_chart(
            [b["kode"] for b in bagian],
            {_("% memenuhi"): [float(b["jp"]["persen"]) for b in bagian]},
            title=_("Pemenuhan JP minimum per instansi"),
            ylabel="%",
        )
        if bagian
        else None,
    }


def xlsx_tabel(rekap: dict[str, Any]) -> list[tuple[str, list[str], list[list[Any]]]]:
    """(sheet title, headers, rows) of the report's XLSX, after its summary sheets: each roll-up
    table with its total row."""
    return [
        (
            t["judul"][:31],
            t["headers"],
            [*t["rows"], *([t["total"]] if t["total"] else [])],
        )
        for t in rekap["tabel"]
    ]
