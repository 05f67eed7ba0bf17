"""What the HTML view and the PDF show: the stored data plus charts drawn from it (inline SVG)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from asn_portal import charts
from asn_portal.laporan.models import Laporan

MAKS_BATANG = 20


def _pendek(text: str, n: int = 38) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _id_unik(svg: SafeString | None, awalan: str) -> SafeString | None:
    """Prefix the SVG's element ids: several charts on one page must not share ids."""
    if svg is None:
        return None
    text = re.sub(r'id="([^"]+)"', rf'id="{awalan}-\1"', str(svg))
    text = re.sub(r"(href=\"#|url\(#)([^\")]+)", rf"\1{awalan}-\2", text)
    return mark_safe(text)  # noqa: S308 - only ids of our own chart markup are rewritten  # nosec B308 B703


def grafik(data: dict[str, Any]) -> dict[str, SafeString | None]:
    if "rekap" in data:  # the province report (asn_portal.laporan.rekap)
        from asn_portal.laporan import rekap

        charts_ = rekap.grafik(data["rekap"])
    else:
        charts_ = _grafik(data)
    return {key: _id_unik(svg, f"g-{key}") for key, svg in charts_.items()}


def _grafik(data: dict[str, Any]) -> dict[str, SafeString | None]:
    penataan, kompetensi, pelayanan = data["penataan"], data["kompetensi"], data["pelayanan"]
    kelompok = ["struktural", "fungsional", "pelaksana"]
    label_kelompok = ["Struktural", "Fungsional", "Pelaksana"]
    komposisi = penataan["komposisi"]
    result: dict[str, SafeString | None] = {
        "komposisi": charts.bar_chart(
            label_kelompok,
            {
                "Awal periode": [komposisi["sebelum"][k] for k in kelompok],
                "Akhir periode": [komposisi["sesudah"][k] for k in kelompok],
            },
            title="Komposisi pemangku jabatan",
            ylabel="orang",
        )
    }
    opd = sorted(
        penataan["kebutuhan"]["per_opd"], key=lambda r: -(r["kelebihan"] + r["kekurangan"])
    )[:MAKS_BATANG]
    result["kebutuhan"] = (
        charts.bar_chart(
            [_pendek(r["nama"]) for r in opd],
            {
                "Kebutuhan (ABK)": [r["kebutuhan"] for r in opd],
                "Bezetting": [r["bezetting"] for r in opd],
            },
            title="Kebutuhan dan bezetting per unit",
            ylabel="orang",
            horizontal=True,
        )
        if opd
        else None
    )
    pensiun = penataan["pensiun"]["per_tahun"]
    result["pensiun"] = (
        charts.bar_chart(
            [str(r["tahun"]) for r in pensiun],
            {
                label: [r[k] for r in pensiun]
                for k, label in zip(kelompok, label_kelompok, strict=True)
            },
            title="Proyeksi pensiun per tahun",
            ylabel="orang",
            stacked=True,
        )
        if pensiun
        else None
    )
    jp = sorted(kompetensi["jp"]["per_unit"], key=lambda r: -r["asn"])[:MAKS_BATANG]
    result["jp"] = (
        charts.hbar_chart(
            [_pendek(r["nama"]) for r in jp],
            [float(Decimal(r["persen"])) for r in jp],
            title=f"ASN memenuhi {kompetensi['jp']['minimum']} JP (%)",
            xlabel="%",
        )
        if jp
        else None
    )
    ikm = [r for r in pelayanan["ikm"]["per_unit"] if r["ikm"] is not None][: MAKS_BATANG + 5]
    result["ikm"] = (
        charts.hbar_chart(
            [_pendek(r["nama"]) for r in ikm],
            [float(Decimal(r["ikm"])) for r in ikm],
            title="IKM per unit layanan (25–100)",
            xlabel="IKM",
        )
        if ikm
        else None
    )
    return result


def url_verifikasi(laporan: Laporan) -> str:
    """The QR check printed on the report: the issuing instansi's public address."""
    from asn_portal.publik import reverse_publik

    return reverse_publik(
        laporan.instansi_id, "laporan:verifikasi", [laporan.kode_verifikasi], absolut=True
    )


def kop(instansi: Any) -> dict[str, Any]:
    """The letterhead, logo and signatory of the instansi that issues the report; the settings
    (which seeded the first instansi) only fill what its row leaves empty."""
    baris = instansi.kop_baris if instansi is not None else []
    logo = instansi.logo if instansi is not None else None
    return {
        "baris": baris or [b.strip() for b in settings.LAPORAN_KOP.split("|") if b.strip()],
        "logo": logo.path if logo else settings.LAPORAN_KOP_LOGO,
        "penandatangan": (instansi.penandatangan if instansi is not None else "")
        or settings.LAPORAN_PENANDATANGAN,
        "instansi": str(instansi) if instansi is not None else "",
    }


def konteks(*, laporan: Laporan, data: dict[str, Any], hash_konten: str) -> dict[str, Any]:
    opd = data["penataan"]["kebutuhan"]["per_opd"] if "penataan" in data else []
    return {
        "laporan": laporan,
        "data": data,
        "hash_konten": hash_konten,
        "grafik": grafik(data),
        "kop": kop(laporan.instansi if laporan.instansi_id else None),
        "url_verifikasi": url_verifikasi(laporan),
        "kebutuhan_opd_teratas": opd[:60],
        "jumlah_opd": len(opd),
    }
