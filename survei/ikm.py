"""The IKM arithmetic of PermenPANRB 14/2017, exact and free of Django (docs/domain.md#ikm).

Sums and counts come from the database; everything here works on exact fractions and rounds
only the published results: NRR and NRR tertimbang half-up to 4 decimals, IKM to 2.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

from survei.kuesioner import KODE_UNSUR

# Weighting conventions: exact 1/9 (the regulation) and the rounded weights of common spreadsheets.
BOBOT: dict[str, Fraction] = {
    "1/9": Fraction(1, 9),
    "0.111": Fraction(111, 1000),
    "0.11": Fraction(11, 100),
}
BOBOT_LABEL = {
    "1/9": _("bobot 1/9 (eksak)"),
    "0.111": _("bobot 0,111 (dibulatkan)"),
    "0.11": _("bobot 0,11 (dibulatkan)"),
}

# (inclusive lower bound on the rounded 25–100 IKM, mutu, kinerja unit), best first.
MUTU_BATAS: tuple[tuple[Decimal, str, str], ...] = (
    (Decimal("88.31"), "A", "Sangat Baik"),
    (Decimal("76.61"), "B", "Baik"),
    (Decimal("65.00"), "C", "Kurang Baik"),
    (Decimal("25.00"), "D", "Tidak Baik"),
)

EMPAT_DESIMAL = Decimal("0.0001")
DUA_DESIMAL = Decimal("0.01")


def _half_up_rasio(pembilang: int, penyebut: int) -> int:
    whole, rest = divmod(pembilang, penyebut)
    return whole + 1 if rest * 2 >= penyebut else whole


def _half_up(value: Fraction) -> int:
    return _half_up_rasio(value.numerator, value.denominator)


def bulatkan(value: Fraction, quantum: Decimal) -> Decimal:
    """Half-up rounding of an exact (non-negative) fraction to ``quantum`` (a power of ten such
    as 0.0001), never through a binary float: integer arithmetic on the fraction's numerator and
    denominator, then the integer shifted into a Decimal with the quantum's exponent."""
    exponent = int(quantum.as_tuple().exponent)
    scaled = value.numerator * 10**-exponent if exponent < 0 else value.numerator
    denominator = value.denominator * (10**exponent if exponent > 0 else 1)
    return Decimal(_half_up_rasio(scaled, denominator)).scaleb(exponent)


def mutu_dari_ikm(ikm: Decimal) -> tuple[str, str]:
    """Mutu and kinerja label from the IKM already rounded to 2 decimals."""
    for batas, mutu, kinerja in MUTU_BATAS:
        if ikm >= batas:
            return mutu, kinerja
    return "D", "Tidak Baik"


def bobot_fraction(konvensi: str) -> Fraction:
    try:
        return BOBOT[konvensi]
    except KeyError:
        raise ValueError(
            f"Konvensi bobot {konvensi!r} tidak dikenal; pilih salah satu dari {', '.join(BOBOT)}."
        ) from None


@dataclass(frozen=True)
class HasilIKM:
    responden: int
    bobot: str
    jumlah: dict[str, int] = field(default_factory=dict)
    terjawab: dict[str, int] = field(default_factory=dict)
    nrr: dict[str, Decimal | None] = field(default_factory=dict)
    nrr_tertimbang_unsur: dict[str, Decimal | None] = field(default_factory=dict)
    nrr_tertimbang: Decimal | None = None
    ikm: Decimal | None = None
    mutu: str | None = None
    kinerja: str | None = None

    @property
    def bobot_label(self) -> str:
        return str(BOBOT_LABEL[self.bobot])

    @property
    def ada_hasil(self) -> bool:
        return self.ikm is not None

    def unsur_terlemah(self, jumlah: int = 3) -> list[str]:
        """Codes of the lowest NRR first (ties by code), for the improvement plan."""
        dinilai = [(nilai, kode) for kode, nilai in self.nrr.items() if nilai is not None]
        return [kode for _nilai, kode in sorted(dinilai)[:jumlah]]

    def as_dict(self) -> dict[str, object]:
        """JSON-ready numbers (for snapshots of published periods)."""
        return {
            "responden": self.responden,
            "bobot": self.bobot,
            "jumlah": dict(self.jumlah),
            "terjawab": dict(self.terjawab),
            "nrr": {k: _num(v) for k, v in self.nrr.items()},
            "nrr_tertimbang_unsur": {k: _num(v) for k, v in self.nrr_tertimbang_unsur.items()},
            "nrr_tertimbang": _num(self.nrr_tertimbang),
            "ikm": _num(self.ikm),
            "mutu": self.mutu,
            "kinerja": self.kinerja,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> HasilIKM:
        def dec(value: object) -> Decimal | None:
            return None if value is None else Decimal(str(value))

        nrr = data.get("nrr") or {}
        tertimbang = data.get("nrr_tertimbang_unsur") or {}
        assert isinstance(nrr, dict) and isinstance(tertimbang, dict)  # nosec B101  # type narrowing of our own JSON
        return cls(
            responden=int(data["responden"]),  # type: ignore[call-overload]
            bobot=str(data["bobot"]),
            jumlah=dict(data.get("jumlah") or {}),  # type: ignore[call-overload]
            terjawab=dict(data.get("terjawab") or {}),  # type: ignore[call-overload]
            nrr={k: dec(v) for k, v in nrr.items()},
            nrr_tertimbang_unsur={k: dec(v) for k, v in tertimbang.items()},
            nrr_tertimbang=dec(data.get("nrr_tertimbang")),
            ikm=dec(data.get("ikm")),
            mutu=data.get("mutu"),  # type: ignore[arg-type]
            kinerja=data.get("kinerja"),  # type: ignore[arg-type]
        )


def _num(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def hitung_ikm(
    *,
    responden: int,
    jumlah: Mapping[str, int | None],
    terjawab: Mapping[str, int],
    bobot: str,
) -> HasilIKM:
    """NRR per unsur = sum ÷ number who answered it; IKM = Σ NRR × bobot × 25, all exact."""
    weight = bobot_fraction(bobot)
    sums = {kode: int(jumlah.get(kode) or 0) for kode in KODE_UNSUR}
    counts = {kode: int(terjawab.get(kode) or 0) for kode in KODE_UNSUR}
    if responden == 0 or any(counts[kode] == 0 for kode in KODE_UNSUR):
        nrr_exact: dict[str, Fraction | None] = {
            kode: Fraction(sums[kode], counts[kode]) if counts[kode] else None
            for kode in KODE_UNSUR
        }
        return HasilIKM(
            responden=responden,
            bobot=bobot,
            jumlah=sums,
            terjawab=counts,
            nrr={
                k: None if v is None else bulatkan(v, EMPAT_DESIMAL) for k, v in nrr_exact.items()
            },
            nrr_tertimbang_unsur={
                k: None if v is None else bulatkan(v * weight, EMPAT_DESIMAL)
                for k, v in nrr_exact.items()
            },
        )
    exact = {kode: Fraction(sums[kode], counts[kode]) for kode in KODE_UNSUR}
    total = sum((value * weight for value in exact.values()), Fraction(0))
    ikm = bulatkan(total * 25, DUA_DESIMAL)
    mutu, kinerja = mutu_dari_ikm(ikm)
    return HasilIKM(
        responden=responden,
        bobot=bobot,
        jumlah=sums,
        terjawab=counts,
        nrr={kode: bulatkan(value, EMPAT_DESIMAL) for kode, value in exact.items()},
        nrr_tertimbang_unsur={
            kode: bulatkan(value * weight, EMPAT_DESIMAL) for kode, value in exact.items()
        },
        nrr_tertimbang=bulatkan(total, EMPAT_DESIMAL),
        ikm=ikm,
        mutu=mutu,
        kinerja=kinerja,
    )


# Krejcie & Morgan (1970), 95% confidence and 5% error: χ² = 3.841, P = 0.5, d = 0.05.
_CHI2 = Fraction(3841, 1000)
_P = Fraction(1, 2)
_D = Fraction(5, 100)


def sampel_minimum(populasi: int) -> int:
    """Minimum number of respondents for a population of ``populasi`` service users."""
    if populasi <= 0:
        return 0
    n = Fraction(populasi)
    s = (_CHI2 * n * _P * (1 - _P)) / (_D * _D * (n - 1) + _CHI2 * _P * (1 - _P))
    return min(populasi, _half_up(s))
