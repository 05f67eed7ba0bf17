"""Golongan/ruang and pangkat (PP 99/2000) and PPPK golongan I–XVII, docs/domain.md#golongan."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

_PANGKAT = {
    "I": ["Juru Muda", "Juru Muda Tingkat I", "Juru", "Juru Tingkat I"],
    "II": ["Pengatur Muda", "Pengatur Muda Tingkat I", "Pengatur", "Pengatur Tingkat I"],
    "III": ["Penata Muda", "Penata Muda Tingkat I", "Penata", "Penata Tingkat I"],
    "IV": [
        "Pembina",
        "Pembina Tingkat I",
        "Pembina Utama Muda",
        "Pembina Utama Madya",
        "Pembina Utama",
    ],
}
PANGKAT: dict[str, str] = {
    f"{gol}/{'abcde'[i]}": nama for gol, names in _PANGKAT.items() for i, nama in enumerate(names)
}
GOLONGAN_PNS: list[str] = list(PANGKAT)  # ordered I/a … IV/e
GOLONGAN_PPPK: list[str] = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
]

GOLONGAN_CHOICES = [
    (_("PNS/CPNS"), [(g, f"{g} – {PANGKAT[g]}") for g in GOLONGAN_PNS]),
    (_("PPPK"), [(g, _("Golongan PPPK %(g)s") % {"g": g}) for g in GOLONGAN_PPPK]),
]


def golongan_rank(golongan: str) -> int:
    """Order of a PNS golongan/ruang (I/a = 0 … IV/e = 16); ValueError for anything else."""
    return GOLONGAN_PNS.index(golongan)


def pangkat(golongan: str) -> str:
    return PANGKAT.get(golongan, "")
