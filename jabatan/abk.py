"""Analisis Beban Kerja (docs/domain.md#abk): exact decimals, rounding half-up only on the results."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db.models import Case, DecimalField, ExpressionWrapper, F, IntegerField, Value, When
from django.db.models.functions import Cast, Greatest, Round
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext_lazy as _

from asn_portal import l10n

DUA_DESIMAL = Decimal("0.01")
SATUAN = Decimal("1")


@dataclass(frozen=True)
class HasilAbk:
    beban_kerja_menit: Decimal
    jke_menit: int
    kebutuhan: Decimal  # beban ÷ JKE, half-up to 2 decimals
    kebutuhan_orang: int  # ``kebutuhan`` half-up to a whole person, at least 1 when beban > 0
    bezetting: int
    selisih: int  # bezetting − kebutuhan_orang: > 0 kelebihan, < 0 kekurangan
    ej: Decimal | None  # beban ÷ (bezetting × JKE), half-up to 2 decimals; None without holders
    ej_kategori: str  # A–E, "" without holders

    @property
    def keterangan_selisih(self) -> str:
        if self.selisih > 0:
            return str(_("kelebihan %(n)s") % {"n": self.selisih})
        if self.selisih < 0:
            return str(_("kekurangan %(n)s") % {"n": -self.selisih})
        return str(_("sesuai"))


def jke_menit() -> int:
    return int(settings.ABK_JKE_MENIT)


def ej_kategori(ej: Decimal) -> str:
    """Rating of a (rounded) efektivitas jabatan per the configurable lower bounds."""
    for kategori, batas_bawah in settings.ABK_EJ_BATAS:
        if ej >= Decimal(batas_bawah):
            return kategori
    return settings.ABK_EJ_BATAS[-1][0]


def kebutuhan_orang(kebutuhan: Decimal, beban_kerja_menit: Decimal) -> int:
    orang = int(kebutuhan.quantize(SATUAN, rounding=ROUND_HALF_UP))
    return max(orang, 1) if beban_kerja_menit > 0 else orang


def kebutuhan_orang_expression(beban_kerja_menit: Any, jke: int | None = None) -> Case:
    """The database form of :func:`kebutuhan_orang` of :func:`abk_compute`'s kebutuhan, for a
    roll-up that sums formasi in SQL: beban ÷ JKE half-up to 2 decimals, then half-up to a whole
    person, at least 1 with a workload. PostgreSQL's ``round(numeric)`` rounds half away from
    zero, which is half-up for the non-negative kebutuhan; a test holds the two forms equal."""
    desimal = DecimalField(max_digits=30, decimal_places=10)
    # numeric on both sides of the division: integer literals would divide as integers
    beban = Cast(
        beban_kerja_menit
        if hasattr(beban_kerja_menit, "resolve_expression")
        else F(beban_kerja_menit),
        desimal,
    )
    per_jke = ExpressionWrapper(beban / Cast(Value(jke or jke_menit()), desimal), desimal)
    kebutuhan = Round(per_jke, 2, output_field=desimal)
    orang = Cast(Round(kebutuhan, output_field=desimal), IntegerField())
    return Case(
        When(GreaterThan(beban, Value(Decimal(0))), then=Greatest(orang, Value(1))),
        default=orang,
        output_field=IntegerField(),
    )


def abk_compute(*, beban_kerja_menit: Decimal, bezetting: int, jke: int | None = None) -> HasilAbk:
    """Need, difference and effectiveness of one formasi from its total beban kerja in minutes."""
    jke = jke or jke_menit()
    beban = Decimal(beban_kerja_menit or 0)
    kebutuhan = (beban / Decimal(jke)).quantize(DUA_DESIMAL, rounding=ROUND_HALF_UP)
    orang = kebutuhan_orang(kebutuhan, beban)
    if bezetting > 0:
        ej = (beban / (Decimal(bezetting) * Decimal(jke))).quantize(
            DUA_DESIMAL, rounding=ROUND_HALF_UP
        )
        kategori = ej_kategori(ej)
    else:
        ej, kategori = None, ""
    return HasilAbk(
        beban_kerja_menit=beban,
        jke_menit=jke,
        kebutuhan=kebutuhan,
        kebutuhan_orang=orang,
        bezetting=bezetting,
        selisih=bezetting - orang,
        ej=ej,
        ej_kategori=kategori,
    )


def beban_kerja_menit(rows: list[tuple[Decimal, Decimal]]) -> Decimal:
    """Σ volume per tahun × norma waktu (minutes)."""
    return sum((Decimal(volume) * Decimal(norma) for volume, norma in rows), Decimal(0))


def konvensi() -> str:
    """The conventions in force, named on every ABK report and page."""
    jam = Decimal(jke_menit()) / 60
    return str(
        _(
            "JKE %(jam)s jam (%(menit)s menit) per tahun; kebutuhan dibulatkan setengah ke atas; EJ: %(batas)s."
        )
        % {
            "jam": l10n.angka(jam, 0),
            "menit": l10n.angka(jke_menit()),
            "batas": ", ".join(f"{k} ≥ {b}" for k, b in settings.ABK_EJ_BATAS[:-1]),
        }
    )
