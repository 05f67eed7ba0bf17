"""NIPs read from spreadsheet cells, and the one rule for NIPs Excel has cut to 15 digits.

Excel keeps 15 significant digits of a number. A NIP typed into a cell formatted as a number
becomes ``1,98609E+17`` on screen and loses its last three digits (the sequence number): the
first 15 (birth date, TMT CPNS, sex) survive. Such a NIP may be *reconstructed* from the register
only when exactly one registered ASN has those 15 digits and the row's other identifying fields
agree with that ASN (name without academic titles, birth date and sex when the file has them).
A reconstructed row is never silent: the import preview lists it in its own category with the
cell as Excel shows it and the NIP it was matched to, and the officer confirms it before the
commit (``asn_portal.transfer.services.import_commit_request(confirm_reconstructed=True)``).
Every import that reads NIPs (pegawai, riwayat jabatan, riwayat pelatihan, SIASN reconciliation)
goes through :func:`parse_nip_cell` and :class:`NipMatcher`. docs/import-formats.md describes it
for officers; the NIP layout itself is in :mod:`jabatan.nip`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from asn_portal.transfer.formats import CellError, clean_text, shown
from jabatan.nip import normalize_nip

# Digits Excel keeps; a valid NIP's 15th digit (sex) is 1 or 2, so a cut NIP has exactly 15.
KEPT_DIGITS = 15
NIP_LENGTH = 18


@dataclass(frozen=True)
class NipValue:
    """A NIP as read from a cell. ``prefix`` is set instead of ``nip`` when Excel kept only the
    first 15 digits; ``shown`` is the cell as the officer sees it in Excel."""

    nip: str = ""
    prefix: str = ""
    shown: str = ""

    @property
    def empty(self) -> bool:
        return not (self.nip or self.prefix)


_SCIENTIFIC = re.compile(r"^[0-9]+([.,][0-9]+)?[eE]\+?[0-9]+$")


def parse_nip_cell(value: Any) -> NipValue:
    """Read a NIP written as text, with spaces or a leading ``'``, as an integer, or as a
    float/scientific number (then possibly cut by Excel: see the module docstring)."""
    if value is None:
        return NipValue()
    if isinstance(value, bool):
        raise CellError(_("NIP tidak valid: %(v)s.") % {"v": shown(value)})
    if isinstance(value, int):
        return _nip_from_number(Decimal(value), shown=shown(value))
    if isinstance(value, float) and not math.isfinite(value):
        raise CellError(_("NIP tidak valid: %(v)s.") % {"v": shown(value)})
    if isinstance(value, float):
        # A double holds ~15.9 significant digits: any digit after the 15th is an artefact of
        # the binary approximation, never the NIP's own (Excel itself keeps 15).
        return _nip_from_number(Decimal(f"{value:.{KEPT_DIGITS - 1}e}"), shown=shown(value))
    text = clean_text(value)
    compact = re.sub(r"[\s']", "", text)
    if _SCIENTIFIC.match(compact):
        try:
            number = Decimal(compact.replace(",", "."))
        except InvalidOperation:
            raise CellError(_("NIP tidak valid: %(v)s.") % {"v": text}) from None
        return _nip_from_number(number, shown=text)
    if re.fullmatch(r"[0-9]+\.0+", compact):
        compact = compact.split(".")[0]
    return NipValue(nip=normalize_nip(compact), shown=text)


def _nip_from_number(number: Decimal, *, shown: str) -> NipValue:
    # A NIP has 18 digits: adjusted() (the exponent of the leading digit) is 17. Checked before
    # int(), which would spend minutes on an exponent such as 1e999999999.
    if not number.is_finite() or number.adjusted() > NIP_LENGTH - 1:
        raise CellError(_("NIP harus terdiri dari 18 angka, tertulis %(v)s.") % {"v": shown})
    if number != number.to_integral_value() or number <= 0:
        raise CellError(_("NIP tidak valid: %(v)s.") % {"v": shown})
    whole = str(int(number))
    significant = len(number.normalize().as_tuple().digits)
    if len(whole) != NIP_LENGTH or significant > KEPT_DIGITS:
        return NipValue(nip=whole, shown=shown)  # every digit written out (or not a NIP at all)
    if significant < KEPT_DIGITS:
        raise CellError(
            _(
                "NIP tersimpan sebagai angka (%(v)s) sehingga hanya %(n)s digit pertamanya yang "
                "tersisa; format kolom NIP sebagai Teks, ketik ulang NIP lengkap, lalu unggah lagi."
            )
            % {"v": shown, "n": significant}
        )
    return NipValue(prefix=whole[:KEPT_DIGITS], shown=shown)


# --- identity: the fields that must agree before a cut NIP is matched --------------------------

# Titles written before a name (gelar depan) and, without dots, after it (gelar belakang).
_FRONT_TITLES = frozenset(
    ["dr", "dra", "drs", "drg", "ir", "h", "hj", "hc", "prof", "kh", "ns", "apt", "ners"]
)
_BACK_TITLES = frozenset(
    [
        "se",
        "sh",
        "sag",
        "spd",
        "spdi",
        "skom",
        "ssi",
        "st",
        "ssos",
        "sip",
        "skm",
        "skep",
        "sked",
        "sfarm",
        "ssit",
        "sstp",
        "stp",
        "sp",
        "mh",
        "mm",
        "msi",
        "mpd",
        "mkom",
        "mt",
        "mkes",
        "mag",
        "mph",
        "mba",
        "amd",
        "amk",
        "ama",
        "phd",
    ]
)
_DOTTED_TITLE = re.compile(r"[A-Za-z]{1,4}\.(?:[A-Za-z]{1,6}\.?)+")


def normalize_name(name: str) -> str:
    """A person's name for comparison: no academic or religious titles (``Dr.``, ``Ir.``,
    ``H.``, ``Hj.``, ``S.Kom.``, ``M.Si.``), no punctuation, lower case, single spaces.

    ``"Dr. Ir. Budi  SANTOSO, S.Kom., M.Si."`` and ``"budi santoso"`` are the same name.
    """
    text = clean_text(name).split(",")[0]
    tokens = text.split()
    while tokens and tokens[0].lower().rstrip(".") in _FRONT_TITLES and len(tokens) > 1:
        tokens.pop(0)
    while len(tokens) > 1 and (
        _DOTTED_TITLE.fullmatch(tokens[-1]) or tokens[-1].lower().replace(".", "") in _BACK_TITLES
    ):
        tokens.pop()
    words = (re.sub(r"[^\w]", "", token).lower() for token in tokens)
    return " ".join(word for word in words if word)


@dataclass(frozen=True)
class Registered:
    pk: int
    nip: str
    nama: str
    tanggal_lahir: Any
    jenis_kelamin: str


@dataclass(frozen=True)
class Repair:
    """How a cut NIP was matched: shown in the preview, confirmed by the officer."""

    shown: str
    nip: str

    def as_dict(self) -> dict[str, str]:
        return {"shown": self.shown, "nip": self.nip}


class NipUnresolved(ValueError):
    """A cut NIP that may not be matched; the message tells the officer what to do."""


IDENTITY_FIELDS = ("nama", "tanggal_lahir", "jenis_kelamin")


def _text_instead() -> str:
    return _(
        "Format kolom NIP sebagai Teks, ketik ulang NIP lengkap (18 angka) di baris ini, lalu "
        "unggah lagi."
    )


class NipMatcher:
    """Resolves the cut NIPs of a whole file against the register with one query per 5,000
    prefixes, then row by row with :meth:`resolve`."""

    def __init__(self, values: Iterable[Any]) -> None:
        from jabatan.models import Pegawai

        prefixes = sorted({v.prefix for v in values if isinstance(v, NipValue) and v.prefix})
        self.candidates: dict[str, list[Registered]] = {}
        for start in range(0, len(prefixes), 5000):
            chunk = prefixes[start : start + 5000]
            rows = (
                Pegawai.objects.annotate(prefix=Substr("nip", 1, KEPT_DIGITS))
                .filter(prefix__in=chunk)
                .values_list("prefix", "pk", "nip", "nama", "tanggal_lahir", "jenis_kelamin")
            )
            for prefix, pk, nip, nama, lahir, kelamin in rows:
                self.candidates.setdefault(prefix, []).append(
                    Registered(pk, nip, nama, lahir, kelamin)
                )

    @property
    def nips(self) -> set[str]:
        """Every registered NIP a cut NIP of the file could stand for (to load them in bulk)."""
        return {r.nip for found in self.candidates.values() for r in found}

    def resolve(self, value: NipValue, identity: Mapping[str, Any]) -> tuple[str, Repair | None]:
        """The full NIP of a cell, and the repair when it was reconstructed.

        ``identity`` holds the row's identifying fields the file has (keys of IDENTITY_FIELDS;
        leave out what the file has no column for). Raises :class:`NipUnresolved`.
        """
        if value.nip:
            return value.nip, None
        present = {k: v for k, v in identity.items() if k in IDENTITY_FIELDS and v}
        found = self.candidates.get(value.prefix, [])
        if not found:
            raise NipUnresolved(
                _(
                    "NIP tersimpan sebagai angka (%(v)s) sehingga 3 digit terakhirnya hilang, dan "
                    "15 digit pertamanya tidak cocok dengan pegawai mana pun di register. "
                )
                % {"v": value.shown}
                + _text_instead()
            )
        if not present:
            raise NipUnresolved(
                _(
                    "NIP tersimpan sebagai angka (%(v)s) sehingga 3 digit terakhirnya hilang, dan "
                    "baris ini tidak memuat nama untuk memastikan pegawai yang dimaksud. "
                )
                % {"v": value.shown}
                + _text_instead()
            )
        agreeing = [r for r in found if self._agrees(r, present)]
        if len(agreeing) == 1:
            match = agreeing[0]
            return match.nip, Repair(shown=value.shown, nip=match.nip)
        if not agreeing:
            message = _(
                "NIP tersimpan sebagai angka (%(v)s) sehingga 3 digit terakhirnya hilang; "
                "15 digit pertamanya cocok dengan pegawai di register, tetapi %(f)s di berkas "
                "berbeda, jadi baris ini tidak dicocokkan. "
            ) % {"v": value.shown, "f": self._fields_label(present)}
        else:
            message = _(
                "NIP tersimpan sebagai angka (%(v)s) sehingga 3 digit terakhirnya hilang; "
                "%(n)s pegawai di register cocok dengan 15 digit pertamanya dan datanya. "
            ) % {"v": value.shown, "n": len(agreeing)}
        raise NipUnresolved(message + _text_instead())

    @staticmethod
    def _agrees(registered: Registered, identity: Mapping[str, Any]) -> bool:
        for name, value in identity.items():
            if name == "nama":
                if normalize_name(str(value)) != normalize_name(registered.nama):
                    return False
            elif getattr(registered, name) != value:
                return False
        return True

    @staticmethod
    def _fields_label(identity: Mapping[str, Any]) -> str:
        labels = {
            "nama": _("nama"),
            "tanggal_lahir": _("tanggal lahir"),
            "jenis_kelamin": _("jenis kelamin"),
        }
        return _(" atau ").join(labels[k] for k in IDENTITY_FIELDS if k in identity)
