"""The tables of the roll-up, one per topic, as the page shows them and the CSV/XLSX export
writes them: the same headers and rows, so a downloaded figure is the one on the screen."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from asn_portal.rekap.selectors import RekapProvinsi


@dataclass
class Tabel:
    kunci: str  # ?tabel= of its CSV download
    judul: str
    headers: list[str]
    rows: list[list[Any]]  # the first two cells: instansi code and name
    total: list[Any] | None = None

    @property
    def baris(self) -> list[tuple[Any, Any, list[tuple[str, Any]]]]:
        """Rows for the page: code, name, then each figure with its header (the phone layout
        labels every cell)."""
        return [(r[0], r[1], list(zip(self.headers[2:], r[2:], strict=True))) for r in self.rows]

    @property
    def baris_total(self) -> list[tuple[str, Any]]:
        return list(zip(self.headers[2:], self.total[2:], strict=True)) if self.total else []


def _ikm(hasil: Any) -> Decimal | None:
    return hasil.ikm if hasil is not None else None


def tabel_ikm(rekap: RekapProvinsi) -> Tabel:
    headers = [_("Kode"), _("Instansi"), _("Responden"), _("IKM"), _("Mutu")]
    headers += [_("IKM %(s)s") % {"s": label} for _v, label in rekap.sektor]
    rows = []
    for row in rekap.per_instansi:
        cells: list[Any] = [
            row.instansi.kode,
            row.instansi.nama_singkat or row.instansi.nama,
            row.ikm.responden if row.ikm else 0,
            _ikm(row.ikm),
            row.ikm.mutu if row.ikm and row.ikm.mutu else "",
        ]
        cells += [_ikm(row.ikm_sektor.get(value)) for value, _label in rekap.sektor]
        rows.append(cells)
    total = None
    if rekap.ikm_total is not None:
        total = ["", _("Seluruhnya"), rekap.ikm_total.responden, rekap.ikm_total.ikm]
        total += [rekap.ikm_total.mutu or ""] + [""] * len(rekap.sektor)
    return Tabel("ikm", _("IKM per instansi dan sektor layanan"), headers, rows, total)


def tabel_jp(rekap: RekapProvinsi) -> Tabel:
    headers = [_("Kode"), _("Instansi"), _("ASN"), _("Memenuhi"), _("Belum"), _("% memenuhi")]
    headers.append(_("JP per ASN"))

    def cells(jp: Any) -> list[Any]:
        return [jp.jumlah_asn, jp.memenuhi, jp.belum, jp.persen, jp.jp_per_asn]

    rows = [
        [r.instansi.kode, r.instansi.nama_singkat or r.instansi.nama, *cells(r.jp)]
        for r in rekap.per_instansi
    ]
    total = ["", _("Seluruhnya"), *cells(rekap.jp_total)] if rekap.jp_total else None
    judul = _("Pemenuhan %(m)d JP per instansi") % {"m": rekap.minimum_jp}
    return Tabel("jp", judul, headers, rows, total)


def tabel_kebutuhan(rekap: RekapProvinsi) -> Tabel:
    headers = [_("Kode"), _("Instansi"), _("Kategori jabatan"), _("Formasi"), _("Kebutuhan")]
    headers += [_("Bezetting"), _("Kelebihan"), _("Kekurangan")]
    label = dict(rekap.kategori)
    rows = []
    for row in rekap.per_instansi:
        nama = row.instansi.nama_singkat or row.instansi.nama
        for value, baris in sorted(row.kebutuhan.items(), key=lambda kv: list(label).index(kv[0])):
            rows.append(
                [
                    row.instansi.kode,
                    nama,
                    label.get(value, value),
                    baris.formasi,
                    baris.kebutuhan,
                    baris.bezetting,
                    baris.kelebihan,
                    baris.kekurangan,
                ]
            )
    total = None
    if rekap.kebutuhan_total is not None:
        t = rekap.kebutuhan_total
        total = ["", _("Seluruhnya"), "", t.formasi, t.kebutuhan, t.bezetting]
        total += [t.kelebihan, t.kekurangan]
    judul = _("Kebutuhan dan bezetting per kategori jabatan")
    return Tabel("kebutuhan", judul, headers, rows, total)


def tabel_penerapan(rekap: RekapProvinsi) -> Tabel:
    headers = [_("Kode"), _("Instansi")]
    for tw in rekap.triwulan:
        headers += [
            _("%(p)s: rencana") % {"p": tw.label},
            _("%(p)s: butir") % {"p": tw.label},
            _("%(p)s: ASN dipindah") % {"p": tw.label},
        ]
    rows = []
    for row in rekap.per_instansi:
        cells: list[Any] = [row.instansi.kode, row.instansi.nama_singkat or row.instansi.nama]
        for tw in rekap.triwulan:
            p = row.penerapan[tw]
            cells += [p.rencana, p.item, p.asn]
        rows.append(cells)
    total: list[Any] = ["", _("Seluruhnya")]
    for tw in rekap.triwulan:
        jumlah = rekap.penerapan_total.get(tw)
        total += [jumlah.rencana, jumlah.item, jumlah.asn] if jumlah else [0, 0, 0]
    return Tabel("penataan", _("Rencana penataan diterapkan per triwulan"), headers, rows, total)


def semua_tabel(rekap: RekapProvinsi) -> list[Tabel]:
    return [tabel_ikm(rekap), tabel_jp(rekap), tabel_kebutuhan(rekap), tabel_penerapan(rekap)]
