"""A short summary, in words generated from the numbers, of what changed since the previous period."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from asn_portal import l10n


def _angka(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value))


def _fmt(value: Decimal) -> str:
    return l10n.angka(value)  # a Decimal keeps the precision the data was stored with


def _banding(
    label: str, sekarang: Any, lalu: Any, *, satuan: str = "", naik_baik: bool | None = None
) -> str | None:
    now, before = _angka(sekarang), _angka(lalu)
    if now is None:
        return None
    if before is None:
        return f"{label} {_fmt(now)}{satuan} (periode sebelumnya tidak memiliki data pembanding)."
    beda = now - before
    if beda == 0:
        return f"{label} tetap {_fmt(now)}{satuan}."
    arah = "naik" if beda > 0 else "turun"
    nilai = ""
    if naik_baik is not None:
        nilai = " (membaik)" if (beda > 0) == naik_baik else " (memburuk)"
    return f"{label} {arah} dari {_fmt(before)}{satuan} menjadi {_fmt(now)}{satuan}{nilai}."


def kalimat(
    sekarang: dict[str, dict[str, Any]], lalu: dict[str, dict[str, Any]], *, label_lalu: str
) -> list[str]:
    """Sentences comparing this period's headline numbers with the previous period's."""
    p, p0 = sekarang["penataan"], lalu["penataan"]
    k, k0 = sekarang["kompetensi"], lalu["kompetensi"]
    y, y0 = sekarang["pelayanan"], lalu["pelayanan"]
    baris: list[str | None] = [
        f"Dibandingkan {label_lalu}:",
        _banding(
            "Jumlah ASN yang menduduki jabatan definitif",
            p["jumlah_asn"],
            p0["jumlah_asn"],
            satuan=" orang",
        ),
        _banding("Pemangku jabatan fungsional", p["fungsional"], p0["fungsional"], satuan=" orang"),
        _banding("Pemangku jabatan struktural", p["struktural"], p0["struktural"], satuan=" orang"),
        _banding(
            "Jabatan yang telah disetarakan (kumulatif)",
            p["penyetaraan_kumulatif"],
            p0["penyetaraan_kumulatif"],
            satuan=" jabatan",
        ),
        _banding(
            "Total kelebihan pegawai terhadap kebutuhan ABK",
            p["kelebihan"],
            p0["kelebihan"],
            satuan=" orang",
            naik_baik=False,
        ),
        _banding(
            "Total kekurangan pegawai terhadap kebutuhan ABK",
            p["kekurangan"],
            p0["kekurangan"],
            satuan=" orang",
            naik_baik=False,
        ),
        _banding(
            "Persentase ASN yang memenuhi JP minimum tahun berjalan",
            k["persen_20jp"],
            k0["persen_20jp"],
            satuan="%",
            naik_baik=True,
        ),
        _banding(
            "Rata-rata JP per ASN tahun berjalan",
            k["jp_per_asn"],
            k0["jp_per_asn"],
            satuan=" JP",
            naik_baik=True,
        ),
        _banding("IKM gabungan", y["ikm"], y0["ikm"], naik_baik=True),
        _banding(
            "Unit layanan dengan mutu di bawah B",
            y["unit_di_bawah_b"],
            y0["unit_di_bawah_b"],
            satuan=" unit",
            naik_baik=False,
        ),
    ]
    if y.get("kasus_diterima") is not None:
        baris.append(
            _banding(
                "Kasus pengaduan/saran yang diterima",
                y["kasus_diterima"],
                y0.get("kasus_diterima"),
                satuan=" kasus",
            )
        )
        baris.append(
            _banding(
                "Persentase kasus yang sudah dijawab",
                y["persen_kasus_dijawab"],
                y0.get("persen_kasus_dijawab"),
                satuan="%",
                naik_baik=True,
            )
        )
    if p.get("rencana_diterapkan"):
        baris.append(f"Pada periode ini {p['rencana_diterapkan']} rencana penataan diterapkan.")
    return [b for b in baris if b]
