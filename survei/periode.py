"""Survey periods: a month, quarter, semester or year, written ``2026``, ``2026-S1``,
``2026-T3`` or ``2026-B05`` in URLs."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class JenisPeriode(models.TextChoices):
    BULAN = "bulan", _("Bulan")
    TRIWULAN = "triwulan", _("Triwulan")
    SEMESTER = "semester", _("Semester")
    TAHUN = "tahun", _("Tahun")


BULAN_PER_PERIODE = {
    JenisPeriode.BULAN: 1,
    JenisPeriode.TRIWULAN: 3,
    JenisPeriode.SEMESTER: 6,
    JenisPeriode.TAHUN: 12,
}
NOMOR_MAKS = {jenis: 12 // bulan for jenis, bulan in BULAN_PER_PERIODE.items()}
_HURUF = {JenisPeriode.BULAN: "B", JenisPeriode.TRIWULAN: "T", JenisPeriode.SEMESTER: "S"}
_DARI_HURUF = {huruf: jenis for jenis, huruf in _HURUF.items()}
_POLA = re.compile(r"^(?P<tahun>\d{4})(?:-(?P<huruf>[BTS])(?P<nomor>\d{1,2}))?$")
NAMA_BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
ROMAWI = ("I", "II", "III", "IV")


@dataclass(frozen=True, order=True)
class Periode:
    tahun: int
    jenis: str
    nomor: int = 1

    def __post_init__(self) -> None:
        if self.jenis not in BULAN_PER_PERIODE:
            raise ValueError(f"Jenis periode {self.jenis!r} tidak dikenal.")
        if not 1 <= self.nomor <= NOMOR_MAKS[JenisPeriode(self.jenis)]:
            raise ValueError(f"Nomor periode {self.nomor} di luar rentang untuk {self.jenis}.")
        if not 2000 <= self.tahun <= 2999:
            raise ValueError(f"Tahun {self.tahun} di luar rentang.")

    @classmethod
    def parse(cls, text: str) -> Periode:
        match = _POLA.match(text.strip().upper())
        if not match:
            raise ValueError(
                f"Periode {text!r} tidak dikenali (contoh: 2026, 2026-S1, 2026-T3, 2026-B05)."
            )
        tahun = int(match["tahun"])
        if match["huruf"] is None:
            return cls(tahun, JenisPeriode.TAHUN, 1)
        return cls(tahun, _DARI_HURUF[match["huruf"]], int(match["nomor"]))

    @classmethod
    def memuat(cls, jenis: str, tanggal: dt.date) -> Periode:
        """The period of kind ``jenis`` that contains ``tanggal``."""
        bulan = BULAN_PER_PERIODE[JenisPeriode(jenis)]
        return cls(tanggal.year, jenis, (tanggal.month - 1) // bulan + 1)

    @property
    def jumlah_bulan(self) -> int:
        return BULAN_PER_PERIODE[JenisPeriode(self.jenis)]

    @property
    def dari(self) -> dt.date:
        return dt.date(self.tahun, (self.nomor - 1) * self.jumlah_bulan + 1, 1)

    @property
    def sampai(self) -> dt.date:
        """Last day, inclusive."""
        bulan = self.nomor * self.jumlah_bulan
        return dt.date(self.tahun, bulan, calendar.monthrange(self.tahun, bulan)[1])

    @property
    def kode(self) -> str:
        if self.jenis == JenisPeriode.TAHUN:
            return str(self.tahun)
        lebar = 2 if self.jenis == JenisPeriode.BULAN else 1
        return f"{self.tahun}-{_HURUF[JenisPeriode(self.jenis)]}{self.nomor:0{lebar}d}"

    @property
    def label(self) -> str:
        if self.jenis == JenisPeriode.TAHUN:
            return f"Tahun {self.tahun}"
        if self.jenis == JenisPeriode.BULAN:
            return f"{NAMA_BULAN[self.nomor - 1]} {self.tahun}"
        nama = "Triwulan" if self.jenis == JenisPeriode.TRIWULAN else "Semester"
        return f"{nama} {ROMAWI[self.nomor - 1]} {self.tahun}"

    def bulan(self) -> list[tuple[int, int]]:
        """(year, month) pairs covered by this period."""
        awal = self.dari.month
        return [(self.tahun, m) for m in range(awal, awal + self.jumlah_bulan)]

    def __str__(self) -> str:
        return self.label
