"""NIP (PNS/CPNS, Perka BKN 22/2007) and NI PPPK: parsing and validation per docs/domain.md#nip."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

LAKI_LAKI = "L"
PEREMPUAN = "P"


@dataclass(frozen=True)
class NipInfo:
    nip: str
    tanggal_lahir: dt.date
    jenis_kelamin: str
    is_pppk: bool
    # PNS/CPNS: TMT CPNS as the first day of its month. PPPK: 1 January of the first appointment.
    tmt_awal: dt.date
    urutan: int


def tanggal_teks(year: int, month: int, day: int) -> str:
    """A date as the officer reads it, also an impossible one: ``30 Februari 1990``.

    Month names come from Django's translations (Indonesian here); a month outside 1–12 cannot
    be named and is written ``30/13/1990``.
    """
    if 1 <= month <= 12:
        return f"{day} {MONTHS[month]} {year}"
    return f"{day:02d}/{month:02d}/{year}"


def tanggal_date_teks(day: dt.date) -> str:
    return tanggal_teks(day.year, day.month, day.day)


def normalize_nip(raw: str) -> str:
    """Drop the spaces people type between the NIP's groups (``19860926 201505 1 001``)."""
    return re.sub(r"\s+", "", raw or "")


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a non-leap year
        return day.replace(year=day.year + years, day=28)


_TODAY: ContextVar[dt.date | None] = ContextVar("nip_today", default=None)


@contextmanager
def nip_checked_on(day: dt.date | None = None) -> Iterator[dt.date]:
    """Check every NIP parsed inside the block against one day (today by default): a bulk
    import checks 40,000 NIPs against the same date and does not ask the clock for each."""
    day = day or timezone.localdate()
    token = _TODAY.set(day)
    try:
        yield day
    finally:
        _TODAY.reset(token)


def parse_nip(raw: str, *, today: dt.date | None = None) -> NipInfo:
    """Validate a NIP or NI PPPK and return what it encodes; raise ValidationError in Indonesian."""
    today = today or _TODAY.get() or timezone.localdate()
    nip = normalize_nip(raw)
    if not re.fullmatch(r"\d{18}", nip):
        raise ValidationError(
            _("NIP harus terdiri dari 18 angka (tertulis %(n)s karakter: %(nip)s).")
            % {"n": len(nip), "nip": nip or "kosong"},
            code="nip_format",
        )
    y, m, d = int(nip[0:4]), int(nip[4:6]), int(nip[6:8])
    try:
        lahir = dt.date(y, m, d)
    except ValueError:
        raise ValidationError(
            _("Tanggal lahir dalam NIP tidak valid: %(tgl)s.") % {"tgl": tanggal_teks(y, m, d)},
            code="nip_tanggal_lahir",
        ) from None
    if lahir > today:
        raise ValidationError(
            _("Tanggal lahir dalam NIP ada di masa depan: %(tgl)s.")
            % {"tgl": tanggal_date_teks(lahir)},
            code="nip_tanggal_lahir",
        )
    umur_18 = _add_years(lahir, 18)
    # A month cannot start with 2: digit 13 = "2" marks the NI PPPK layout (docs/domain.md#nip).
    is_pppk = nip[12] == "2"
    if is_pppk:
        tahun = int(nip[8:12])
        if not "1" <= nip[13] <= "9":
            raise ValidationError(
                _("Digit ke-14 NI PPPK (urutan kontrak) harus 1–9, tertulis %(d)s.")
                % {"d": nip[13]},
                code="nip_kontrak",
            )
        if tahun > today.year:
            raise ValidationError(
                _("Tahun pengangkatan PPPK dalam NIP ada di masa depan: %(t)s.") % {"t": tahun},
                code="nip_tmt",
            )
        if tahun < umur_18.year:
            raise ValidationError(
                _("Tahun pengangkatan PPPK dalam NIP (%(t)s) sebelum pegawai berusia 18 tahun.")
                % {"t": tahun},
                code="nip_tmt",
            )
        tmt_awal = dt.date(tahun, 1, 1)
    else:
        tahun, bulan = int(nip[8:12]), int(nip[12:14])
        if not 1 <= bulan <= 12:
            raise ValidationError(
                _("Bulan TMT CPNS dalam NIP tidak valid: %(b)s (harus 01–12).") % {"b": nip[12:14]},
                code="nip_tmt",
            )
        if (tahun, bulan) > (today.year, today.month):
            raise ValidationError(
                _("TMT CPNS dalam NIP ada di masa depan: %(t)s.")
                % {"t": f"{MONTHS[bulan]} {tahun}"},
                code="nip_tmt",
            )
        if (tahun, bulan) < (umur_18.year, umur_18.month):
            raise ValidationError(
                _("TMT CPNS dalam NIP (%(t)s) sebelum pegawai berusia 18 tahun (lahir %(l)s).")
                % {"t": f"{MONTHS[bulan]} {tahun}", "l": tanggal_date_teks(lahir)},
                code="nip_tmt",
            )
        tmt_awal = dt.date(tahun, bulan, 1)
    if nip[14] not in "12":
        raise ValidationError(
            _(
                "Digit ke-15 NIP (jenis kelamin) harus 1 (laki-laki) atau 2 (perempuan), tertulis %(d)s."
            )
            % {"d": nip[14]},
            code="nip_jenis_kelamin",
        )
    urutan = int(nip[15:18])
    if urutan == 0:
        raise ValidationError(_("Nomor urut NIP (digit 16–18) tidak boleh 000."), code="nip_urutan")
    return NipInfo(
        nip=nip,
        tanggal_lahir=lahir,
        jenis_kelamin=LAKI_LAKI if nip[14] == "1" else PEREMPUAN,
        is_pppk=is_pppk,
        tmt_awal=tmt_awal,
        urutan=urutan,
    )
