"""Report periods (month, quarter, year) and their boundaries in WIB (Asia/Jakarta)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import models
from django.utils.translation import gettext_lazy as _

WIB = ZoneInfo("Asia/Jakarta")
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


class JenisLaporan(models.TextChoices):
    BULANAN = "bulanan", _("Bulanan")
    TRIWULANAN = "triwulanan", _("Triwulanan")
    TAHUNAN = "tahunan", _("Tahunan")


BULAN_PER_PERIODE = {JenisLaporan.BULANAN: 1, JenisLaporan.TRIWULANAN: 3, JenisLaporan.TAHUNAN: 12}


@dataclass(frozen=True, order=True)
class Periode:
    tahun: int
    jenis: str
    nomor: int = 1

    def __post_init__(self) -> None:
        if self.jenis not in BULAN_PER_PERIODE:
            raise ValueError(f"Jenis laporan {self.jenis!r} tidak dikenal.")
        if not 1 <= self.nomor <= 12 // self.jumlah_bulan:
            raise ValueError(
                f"Nomor periode {self.nomor} di luar rentang untuk laporan {self.jenis}."
            )
        if not 2000 <= self.tahun <= 2999:
            raise ValueError(f"Tahun {self.tahun} di luar rentang.")

    @property
    def jumlah_bulan(self) -> int:
        return BULAN_PER_PERIODE[JenisLaporan(self.jenis)]

    @property
    def awal(self) -> dt.date:
        return dt.date(self.tahun, (self.nomor - 1) * self.jumlah_bulan + 1, 1)

    @property
    def akhir(self) -> dt.date:
        """Last day of the period, inclusive."""
        bulan = self.nomor * self.jumlah_bulan
        return dt.date(self.tahun, bulan, calendar.monthrange(self.tahun, bulan)[1])

    @property
    def mulai(self) -> dt.datetime:
        """The first instant of the period in WIB."""
        return dt.datetime.combine(self.awal, dt.time(), tzinfo=WIB)

    @property
    def batas(self) -> dt.datetime:
        """The first instant after the period in WIB: records stamped before it count."""
        return dt.datetime.combine(self.akhir + dt.timedelta(days=1), dt.time(), tzinfo=WIB)

    @property
    def label(self) -> str:
        if self.jenis == JenisLaporan.TAHUNAN:
            return f"Tahun {self.tahun}"
        if self.jenis == JenisLaporan.BULANAN:
            return f"{NAMA_BULAN[self.nomor - 1]} {self.tahun}"
        return f"Triwulan {ROMAWI[self.nomor - 1]} {self.tahun}"

    @property
    def kode(self) -> str:
        if self.jenis == JenisLaporan.TAHUNAN:
            return str(self.tahun)
        huruf = "B" if self.jenis == JenisLaporan.BULANAN else "T"
        return f"{self.tahun}-{huruf}{self.nomor:02d}"

    @classmethod
    def memuat(cls, jenis: str, tanggal: dt.date) -> Periode:
        bulan = BULAN_PER_PERIODE[JenisLaporan(jenis)]
        return cls(tanggal.year, jenis, (tanggal.month - 1) // bulan + 1)

    def sebelumnya(self) -> Periode:
        return Periode.memuat(self.jenis, self.awal - dt.timedelta(days=1))

    def __str__(self) -> str:
        return self.label


def periode_selesai_terakhir(jenis: str, saat: dt.datetime) -> Periode:
    """The last period of ``jenis`` that had ended at instant ``saat``, judged in WIB.

    The schedule fires on the 1st at 02:00 WIB, which is still the last day of the previous
    month in UTC: the date must be taken in WIB, never from the UTC clock.
    """
    hari_ini = saat.astimezone(WIB).date()
    return Periode.memuat(jenis, hari_ini).sebelumnya()
