"""The XLSX with the tables underneath the report, one sheet per table.

Written by :mod:`asn_portal.files`: plan, unit and programme names typed by users are text cells
(never formulas), decimals are number cells and dates date cells in Indonesian format.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from asn_portal.files import Sheet, write_xlsx
from asn_portal.laporan.models import Laporan

SHEETS = (
    "Ringkasan",
    "Konvensi",
    "Rencana",
    "Komposisi",
    "Kebutuhan OPD",
    "Kebutuhan Unit",
    "Kebutuhan Formasi",
    "Pensiun",
    "JP per Unit",
    "Kesenjangan",
    "Pelatihan",
    "Angkatan",
    "IKM",
    "Kasus",
)


# Keys whose values the data keeps as decimal strings: written to the sheet as numbers.
DESIMAL = {
    "kebutuhan",
    "beban_kerja_menit",
    "ej",
    "persen",
    "jp_per_asn",
    "ikm",
    "ikm_sebelumnya",
    "perubahan",
}


# Keys whose values the data keeps as ISO date strings: written as date cells.
TANGGAL = {"awal", "akhir", "tmt", "selesai"}


def _sel(key: str, value: Any) -> Any:
    if key in DESIMAL and isinstance(value, str):
        return _angka(value)
    if key in TANGGAL and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


def _angka(value: Any) -> Any:
    """A roll-up cell as written: a decimal string as a number cell, anything else as is."""
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            return value
    return value


def _dict_rows(rows: list[dict[str, Any]], keys: Sequence[str]) -> list[list[Any]]:
    return [[_sel(k, row.get(k)) for k in keys] for row in rows]


def render_xlsx(*, laporan: Laporan, data: dict[str, Any], hash_konten: str) -> bytes:
    tables: dict[str, tuple[Sequence[str], Iterable[Sequence[Any]]]] = {}

    def _tabel(name: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        tables[name] = (header, rows)

    meta = data["meta"]
    ringkasan = data["ringkasan"]["kalimat"] if "ringkasan" in data else []
    _tabel(
        "Ringkasan",
        ["Butir", "Nilai"],
        [
            ["Judul", laporan.judul],
            ["Periode", meta["periode"]],
            ["Awal", _sel("awal", meta["awal"])],
            ["Akhir", _sel("akhir", meta["akhir"])],
            ["Lingkup", meta["lingkup"]],
            ["Kode verifikasi", laporan.kode_tampil],
            ["SHA-256 isi", hash_konten],
            *[["Ringkasan", kalimat] for kalimat in ringkasan],
        ],
    )
    _tabel(
        "Konvensi",
        ["Konvensi", "Keterangan"],
        [[k_, v] for k_, v in data["konvensi"].items()],
    )
    if "rekap" in data:  # the province report: its roll-up tables (asn_portal.laporan.rekap)
        from asn_portal.laporan.rekap import xlsx_tabel

        nama = ["Ringkasan", "Konvensi"]
        for judul, headers, rows in xlsx_tabel(data["rekap"]):
            # the first two cells name the instansi (its code stays text: "17.02")
            _tabel(judul, headers, [[*r[:2], *(_angka(c) for c in r[2:])] for r in rows])
            nama.append(judul)
        content, _count = write_xlsx(
            [Sheet(title=n, headers=tables[n][0], rows=tables[n][1]) for n in nama]
        )
        return content
    p, k, y = data["penataan"], data["kompetensi"], data["pelayanan"]
    rencana = p["rencana"]
    _tabel(
        "Rencana",
        ["Status/rencana", "Jumlah/jenis", "TMT", "Dasar hukum", "Butir"],
        [
            *[
                [label, rencana[key], "", "", ""]
                for key, label in (
                    ("disusun", "Disusun"),
                    ("diajukan", "Diajukan"),
                    ("disetujui", "Disetujui"),
                    ("ditolak", "Ditolak"),
                    ("diterapkan", "Diterapkan"),
                )
            ],
            *[
                [r["nama"], r["jenis"], _sel("tmt", r["tmt"]), r["dasar_hukum"], r["jumlah_item"]]
                for r in rencana["daftar_diterapkan"]
            ],
            ["Penyetaraan periode ini (jabatan)", p["penyetaraan"]["jabatan_periode"], "", "", ""],
            ["Penyetaraan kumulatif (jabatan)", p["penyetaraan"]["jabatan_kumulatif"], "", "", ""],
        ],
    )
    komposisi = p["komposisi"]
    _tabel(
        "Komposisi",
        ["Kelompok", "Awal periode", "Akhir periode"],
        [
            [label, komposisi["sebelum"][key], komposisi["sesudah"][key]]
            for key, label in (
                ("struktural", "Struktural"),
                ("fungsional", "Fungsional"),
                ("pelaksana", "Pelaksana"),
            )
        ],
    )
    kolom_kebutuhan = [
        "kode",
        "nama",
        "formasi",
        "kebutuhan",
        "bezetting",
        "kelebihan",
        "kekurangan",
    ]
    header_kebutuhan = [
        "Kode",
        "Unit",
        "Formasi",
        "Kebutuhan",
        "Bezetting",
        "Kelebihan",
        "Kekurangan",
    ]
    _tabel(
        "Kebutuhan OPD",
        header_kebutuhan,
        _dict_rows(p["kebutuhan"]["per_opd"], kolom_kebutuhan),
    )
    _tabel(
        "Kebutuhan Unit",
        header_kebutuhan,
        _dict_rows(p["kebutuhan"]["per_unit"], kolom_kebutuhan),
    )
    _tabel(
        "Kebutuhan Formasi",
        [
            "Kode unit",
            "Unit",
            "Jabatan",
            "Kategori",
            "Kelas",
            "Beban kerja (menit)",
            "Kebutuhan",
            "Kebutuhan (orang)",
            "Bezetting",
            "Selisih",
            "EJ",
            "Kategori EJ",
        ],
        _dict_rows(
            p["kebutuhan"]["per_formasi"],
            [
                "unit_kode",
                "unit",
                "jabatan",
                "kategori",
                "kelas",
                "beban_kerja_menit",
                "kebutuhan",
                "kebutuhan_orang",
                "bezetting",
                "selisih",
                "ej",
                "ej_kategori",
            ],
        ),
    )
    _tabel(
        "Pensiun",
        ["Tahun", "Struktural", "Fungsional", "Pelaksana", "Jumlah"],
        _dict_rows(
            p["pensiun"]["per_tahun"], ["tahun", "struktural", "fungsional", "pelaksana", "jumlah"]
        ),
    )
    _tabel(
        "JP per Unit",
        ["Kode", "Unit", "ASN", "Memenuhi JP minimum", "%", "Total JP", "JP per ASN"],
        _dict_rows(
            k["jp"]["per_unit"],
            ["kode", "nama", "asn", "memenuhi", "persen", "total_jp", "jp_per_asn"],
        ),
    )
    _tabel(
        "Kesenjangan",
        ["Kode", "Kompetensi", "Jenis", "ASN dengan kesenjangan"],
        _dict_rows(k["kesenjangan"]["teratas"], ["kode", "nama", "jenis", "asn"]),
    )
    _tabel(
        "Pelatihan",
        ["Jenis", "Catatan", "ASN", "JP"],
        _dict_rows(k["pelatihan"]["per_jenis"], ["jenis", "catatan", "asn", "jp"]),
    )
    _tabel(
        "Angkatan",
        ["Program", "Angkatan", "Selesai", "JP", "Peserta", "Lulus"],
        _dict_rows(
            k["pelatihan"]["angkatan"], ["program", "angkatan", "selesai", "jp", "peserta", "lulus"]
        ),
    )
    _tabel(
        "IKM",
        [
            "Kode",
            "Unit layanan",
            "Unit organisasi",
            "Responden",
            "Sampel minimum",
            "IKM",
            "Mutu",
            "Kinerja",
            "IKM periode lalu",
            "Mutu periode lalu",
            "Perubahan",
            "Unsur terlemah",
        ],
        [
            *_dict_rows(
                y["ikm"]["per_unit"],
                [
                    "kode",
                    "nama",
                    "unit",
                    "responden",
                    "sampel_minimum",
                    "ikm",
                    "mutu",
                    "kinerja",
                    "ikm_sebelumnya",
                    "mutu_sebelumnya",
                    "perubahan",
                    "unsur_terlemah",
                ],
            ),
            [
                "",
                "Gabungan",
                "",
                y["ikm"]["total"]["responden"],
                "",
                y["ikm"]["total"]["ikm"],
                y["ikm"]["total"]["mutu"],
                "",
                y["ikm"]["total"]["ikm_sebelumnya"],
                "",
                "",
                y["ikm"]["bobot_label"],
            ],
        ],
    )
    kasus = y["kasus"]
    if kasus.get("tersedia"):
        _tabel(
            "Kasus",
            ["Butir", "Nilai"],
            [
                ["Diterima", kasus["diterima"]],
                ["Dijawab", kasus["dijawab"]],
                ["% dijawab", kasus["persen_dijawab"]],
                ["Tepat waktu", kasus["tepat_waktu"]],
                ["Terbuka pada akhir periode", kasus["terbuka"]],
                ["Terbuka melewati tenggat pada akhir periode", kasus["melewati_tenggat"]],
                ["Dijawab terlambat", kasus["dijawab_terlambat"]],
                ["Terlambat (keduanya)", kasus["terlambat"]],
                ["% tepat waktu", kasus["persen_tepat_waktu"]],
                ["Median waktu respons (jam)", kasus["median_jam"]],
                ["Rata-rata waktu respons (jam)", kasus["rata_rata_jam"]],
                *[
                    [f"Jenis {r['jenis']}: diterima/dijawab", f"{r['diterima']}/{r['dijawab']}"]
                    for r in kasus["per_jenis"]
                ],
            ],
        )
    else:
        _tabel("Kasus", ["Butir", "Nilai"], [["Data tidak tersedia", kasus.get("alasan", "")]])
    content, _count = write_xlsx(
        [Sheet(title=name, headers=tables[name][0], rows=tables[name][1]) for name in SHEETS]
    )
    return content
