"""Server-rendered charts as inline SVG (matplotlib's SVG backend, text kept as text).

The same SVG goes into HTML pages and WeasyPrint PDFs. Every chart carries role="img" and an
aria-label; pages show the numbers in a table beside it for screen readers and for copying.

Labels are user text (unit, jabatan and programme names): mathtext is off (``text.parse_math``),
so a name like ``Dinas $x^$`` is drawn as typed instead of failing the page. Numbers on the axes
are Indonesian (1.234,5, :mod:`asn_portal.l10n`), counts get whole-number ticks, and a chart
without any non-zero value says "Belum ada data" instead of drawing an empty −0.04…0.04 axis.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import matplotlib
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from asn_portal import l10n

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

matplotlib.use("svg")

PALETTE = ["#0b4f8a", "#e07b00", "#1e7a46", "#b3261e", "#6a3d9a", "#5f6b7a", "#00838f", "#8a5a00"]
_RC: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titleweight": "bold",
    "svg.hashsalt": "asn-portal",  # stable ids: the same data renders the same bytes
    "text.parse_math": False,  # labels are user text: "$x^$" is a name, not a formula
    "text.usetex": False,
    "axes.formatter.use_mathtext": False,
}


def _values(series: Sequence[Sequence[float]]) -> list[float]:
    return [float(v) for values in series for v in values]


def _is_empty(values: Sequence[float]) -> bool:
    return not any(values)


def _integral(values: Sequence[float]) -> bool:
    return all(float(v).is_integer() for v in values)


def _number_axis(axis: Axis, values: Sequence[float], *, absolute: bool = False) -> None:
    """Indonesian tick labels; whole-number ticks when every value is whole (people, counts)."""
    if _integral(values):
        axis.set_major_locator(MaxNLocator(integer=True))
    axis.set_major_formatter(
        FuncFormatter(lambda v, _pos: l10n.angka(abs(v) if absolute else v + 0.0))
    )


def empty_chart(title: str) -> SafeString:
    """The chart's title and "Belum ada data" where the bars would be."""
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(6.0, 1.6))
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.set_title(title)
        ax.text(0.5, 0.4, _("Belum ada data"), ha="center", va="center", color="#595959")
        return _to_svg(fig, f"{title}: {_('Belum ada data')}")


def _size(n: int, horizontal: bool) -> tuple[float, float]:
    if horizontal:
        return 7.5, max(2.2, 0.32 * n + 1.0)
    return max(6.0, min(11.0, 0.55 * n + 3.0)), 3.6


def _to_svg(fig: Figure, title: str) -> SafeString:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r'<svg ([^>]*?)width="[^"]+" height="[^"]+"', r"<svg \1", svg, count=1)
    svg = svg.replace(
        "<svg ",
        f'<svg role="img" aria-label="{escape(title)}" class="chart" preserveAspectRatio="xMinYMin meet" ',
        1,
    )
    return mark_safe(svg)  # noqa: S308 - matplotlib escapes the text it writes  # nosec B308 B703


def bar_chart(
    labels: Sequence[str],
    series: dict[str, Sequence[float]],
    *,
    title: str,
    ylabel: str = "",
    horizontal: bool = False,
    stacked: bool = False,
) -> SafeString:
    """Grouped (or stacked) bars: one group per label, one bar per series."""
    values_all = _values(list(series.values()))
    if not labels or _is_empty(values_all):
        return empty_chart(title)
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=_size(len(labels), horizontal))
        ax = fig.add_subplot()
        count = max(len(series), 1)
        width = 0.8 if stacked else 0.8 / count
        positions = list(range(len(labels)))
        bottoms = [0.0] * len(labels)
        for index, (name, values) in enumerate(series.items()):
            values = [float(v) for v in values]
            offsets = positions if stacked else [p - 0.4 + width * (index + 0.5) for p in positions]
            color = PALETTE[index % len(PALETTE)]
            if horizontal:
                ax.barh(
                    offsets,
                    values,
                    height=width,
                    left=bottoms if stacked else None,
                    label=name,
                    color=color,
                )
            else:
                ax.bar(
                    offsets,
                    values,
                    width=width,
                    bottom=bottoms if stacked else None,
                    label=name,
                    color=color,
                )
            if stacked:
                bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
        if stacked:
            values_all = [*values_all, *bottoms]
        _number_axis(ax.xaxis if horizontal else ax.yaxis, values_all)
        if horizontal:
            ax.set_yticks(positions, labels)
            ax.invert_yaxis()
            ax.set_xlabel(ylabel)
        else:
            ax.set_xticks(
                positions,
                labels,
                rotation=30 if len(labels) > 6 else 0,
                ha="right" if len(labels) > 6 else "center",
            )
            ax.set_ylabel(ylabel)
        ax.set_title(title)
        if len(series) > 1:
            ax.legend(frameon=False)
        return _to_svg(fig, title)


def hbar_chart(
    labels: Sequence[str], values: Sequence[float], *, title: str, xlabel: str = ""
) -> SafeString:
    return bar_chart(labels, {title: values}, title=title, ylabel=xlabel, horizontal=True)


def line_chart(
    labels: Sequence[str], series: dict[str, Sequence[float]], *, title: str, ylabel: str = ""
) -> SafeString:
    values_all = _values(list(series.values()))
    if not labels or _is_empty(values_all):
        return empty_chart(title)
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=_size(len(labels), False))
        ax = fig.add_subplot()
        for index, (name, values) in enumerate(series.items()):
            ax.plot(
                list(labels),
                [float(v) for v in values],
                marker="o",
                label=name,
                color=PALETTE[index % len(PALETTE)],
            )
        _number_axis(ax.yaxis, values_all)
        ax.set_title(title)
        ax.set_ylabel(ylabel)
        if len(series) > 1:
            ax.legend(frameon=False)
        return _to_svg(fig, title)


def pyramid_chart(
    labels: Sequence[str],
    left: Sequence[float],
    right: Sequence[float],
    *,
    left_label: str,
    right_label: str,
    title: str,
) -> SafeString:
    """Population pyramid: ``labels`` are the age bands, youngest first."""
    values_all = _values([left, right])
    if not labels or _is_empty(values_all):
        return empty_chart(title)
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(7.0, max(2.5, 0.35 * len(labels) + 1.2)))
        ax = fig.add_subplot()
        positions = list(range(len(labels)))
        ax.barh(positions, [-float(v) for v in left], color=PALETTE[0], label=left_label)
        ax.barh(positions, [float(v) for v in right], color=PALETTE[1], label=right_label)
        ax.set_yticks(positions, labels)
        limit = max(values_all) * 1.1
        ax.set_xlim(-limit, limit)
        _number_axis(ax.xaxis, values_all, absolute=True)
        ax.axvline(0, color="#595959", linewidth=0.8)
        ax.set_title(title)
        ax.legend(frameon=False, loc="lower right")
        return _to_svg(fig, title)


def donut_chart(labels: Sequence[str], values: Sequence[float], *, title: str) -> SafeString:
    data = [float(v) for v in values]
    if sum(data) <= 0:
        return empty_chart(title)
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(5.0, 3.4))
        ax = fig.add_subplot()
        ax.pie(
            data,
            labels=[
                f"{label} ({l10n.angka(value)})" for label, value in zip(labels, data, strict=True)
            ],
            colors=PALETTE[: len(data)],
            wedgeprops={"width": 0.4},
            startangle=90,
        )
        ax.set_title(title)
        ax.axis("equal")
        return _to_svg(fig, title)
