"""Periods: a month, quarter, semester or year, and their boundaries in WIB (Asia/Jakarta).

The one period class of the product (surveys, publications, improvement plans, reports). Codes
are ``2026``, ``2026-S01``, ``2026-T03`` and ``2026-B05``: a letter and always two digits.
:meth:`Periode.parse` also reads the one-digit form (``2026-T3``, ``2026-S1``) that survey URLs
used before, so old links keep working. No table stores a code (periods are stored as
``jenis``/``tahun``/``nomor`` columns); the report data and file names already used two digits.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

WIB = ZoneInfo("Asia/Jakarta")


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
# A report's kind (``JenisLaporan``: bulanan, triwulanan, tahunan) names the period it covers.
JENIS_DARI_LAPORAN = {
    "bulanan": JenisPeriode.BULAN,
    "triwulanan": JenisPeriode.TRIWULAN,
    "semesteran": JenisPeriode.SEMESTER,
    "tahunan": JenisPeriode.TAHUN,
}
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


def jenis_periode(jenis: str) -> JenisPeriode:
    """The period kind of ``jenis``, also given as a report kind (``bulanan`` → ``bulan``)."""
    jenis = JENIS_DARI_LAPORAN.get(jenis, jenis)
    if jenis not in BULAN_PER_PERIODE:
        raise ValueError(f"Jenis periode {jenis!r} tidak dikenal.")
    return JenisPeriode(jenis)


@dataclass(frozen=True, order=True)
class Periode:
    tahun: int
    jenis: str
    nomor: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "jenis", str(jenis_periode(self.jenis)))
        if not 1 <= self.nomor <= NOMOR_MAKS[JenisPeriode(self.jenis)]:
            raise ValueError(f"Nomor periode {self.nomor} di luar rentang untuk {self.jenis}.")
        if not 2000 <= self.tahun <= 2999:
            raise ValueError(f"Tahun {self.tahun} di luar rentang.")

    @classmethod
    def parse(cls, text: str) -> Periode:
        """A period from its code; the old one-digit quarter/semester form is accepted too."""
        match = _POLA.match(text.strip().upper())
        if not match:
            raise ValueError(
                f"Periode {text!r} tidak dikenali (contoh: 2026, 2026-S01, 2026-T03, 2026-B05)."
            )
        tahun = int(match["tahun"])
        if match["huruf"] is None:
            return cls(tahun, JenisPeriode.TAHUN, 1)
        return cls(tahun, _DARI_HURUF[match["huruf"]], int(match["nomor"]))

    @classmethod
    def memuat(cls, jenis: str, tanggal: dt.date) -> Periode:
        """The period of kind ``jenis`` that contains ``tanggal``."""
        bulan = BULAN_PER_PERIODE[jenis_periode(jenis)]
        return cls(tanggal.year, jenis, (tanggal.month - 1) // bulan + 1)

    @property
    def jumlah_bulan(self) -> int:
        return BULAN_PER_PERIODE[JenisPeriode(self.jenis)]

    @property
    def awal(self) -> dt.date:
        """First day of the period."""
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
    def kode(self) -> str:
        if self.jenis == JenisPeriode.TAHUN:
            return str(self.tahun)
        return f"{self.tahun}-{_HURUF[JenisPeriode(self.jenis)]}{self.nomor:02d}"

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
        awal = self.awal.month
        return [(self.tahun, m) for m in range(awal, awal + self.jumlah_bulan)]

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


def akhir_hari(tanggal: dt.date) -> dt.datetime:
    """The first instant after ``tanggal`` in WIB: what was stamped before it existed that day."""
    return dt.datetime.combine(tanggal + dt.timedelta(days=1), dt.time(), tzinfo=WIB)


def tanggal_param(raw: str | None) -> dt.date:
    """The as-of date of a page or endpoint (``?tanggal=YYYY-MM-DD``); today when absent or
    not a date."""
    try:
        return dt.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return timezone.localdate()
