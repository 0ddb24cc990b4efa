"""Every chart in Safeguard: SVG for pages and the wash report, PNG for Word (python-docx cannot embed SVG).

- ``bar_chart`` (horizontal bars), ``column_chart`` (vertical columns), ``line_chart`` and ``sparkline``
  return SVG markup drawn on the server: no script, so the Content Security Policy and JavaScript-off
  both hold, and no ``style=`` (presentation attributes only). Every SVG has role="img" and a <title>;
  the page also gives the figures as a table.
- ``bar_chart_png`` and ``line_chart_png`` draw the same charts with matplotlib (Agg, headless) for
  Word documents.

Pure drawing from numbers, with no Django import, so the data wash engine draws its report with it too.
The SVG is a ``Svg`` string, which Django templates insert unescaped (it has ``__html__``); every label
is escaped here. Colours are the GOV.UK palette, each at least 3:1 against white.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes

BLUE = "#1d70b8"
RED = "#d4351c"
GREEN = "#00703c"
ORANGE = "#f47738"
GREY = "#505a5f"
LIGHT = "#b1b4b6"
BLACK = "#0b0c0c"

Number = Decimal | float | int | None


class Svg(str):
    """SVG markup whose text is already escaped; Django templates honour ``__html__`` and insert it as it is."""

    def __html__(self) -> str:
        return str(self)


@dataclass(frozen=True)
class Bar:
    """One bar or column. ``value`` None draws no bar, only ``shown`` (e.g. "no return", "fewer than 3")."""

    label: str
    value: Number
    shown: str = ""
    colour: str = BLUE

    @property
    def number(self) -> float | None:
        return None if self.value is None else float(self.value)

    @property
    def text(self) -> str:
        return self.shown or ("" if self.value is None else f"{float(self.value):g}")


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _floats(values: Sequence[Number]) -> list[float | None]:
    return [None if v is None else float(v) for v in values]


def _svg(title: str, width: int, height: int, body: str, *, css: str = "sg-chart", fixed: bool = False) -> Svg:
    """The outer <svg>: scales to its container unless ``fixed`` (a sparkline keeps its size in a table cell)."""
    size = f'width="{width}" height="{height}"' if fixed else 'width="100%" preserveAspectRatio="xMinYMin meet"'
    # An SVG with role="img" takes its accessible name from its first <title> child.
    return Svg(
        f'<svg class="{css}" role="img" viewBox="0 0 {width} {height}" {size} '
        f'xmlns="http://www.w3.org/2000/svg"><title>{_e(title)}</title>{body}</svg>'
    )


def bar_chart(
    title: str,
    bars: Sequence[Bar],
    *,
    threshold: float | None = None,
    unit: str = "",
    width: int = 640,
    label_width: int = 230,
) -> Svg:
    """Horizontal bars, one per label, labels on the left and the figure after each bar.

    ``threshold`` draws a dashed line (e.g. the shortage level) labelled with ``unit``. Negative values
    (a match weight) are drawn by their size; the figure beside the bar keeps its sign.
    """
    row = 28
    bar_area = width - label_width - 70
    height = row * len(bars) + (30 if threshold is not None else 10)
    numbers = [bar.number for bar in bars]
    top = max([abs(v) for v in numbers if v is not None] + [threshold or 0.0]) or 1.0
    parts = []
    for index, (bar, value) in enumerate(zip(bars, numbers, strict=True)):
        y = 5 + row * index
        length = 0.0 if value is None else abs(value) / top * bar_area
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end" font-size="13" fill="{BLACK}">'
            f"{_e(bar.label[:40])}</text>"
        )
        if length:
            parts.append(f'<rect x="{label_width}" y="{y + 2}" width="{length:.1f}" height="18" fill="{bar.colour}"/>')
        parts.append(
            f'<text x="{label_width + length + 6:.1f}" y="{y + 16}" font-size="13" fill="{BLACK}">{_e(bar.text)}</text>'
        )
    if threshold is not None:
        tx = label_width + threshold / top * bar_area
        parts.append(
            f'<line x1="{tx:.1f}" y1="2" x2="{tx:.1f}" y2="{height - 16}" stroke="{GREY}" stroke-dasharray="4 3"/>'
            f'<text x="{tx - 4:.1f}" y="{height - 4}" font-size="12" text-anchor="end" fill="{GREY}">'
            f"threshold {threshold:g}{_e(unit)}</text>"
        )
    return _svg(title, width, height, "".join(parts))


def column_chart(title: str, columns: Sequence[Bar], *, plot_height: int = 120, column_width: int = 60) -> Svg:
    """Vertical columns in time order (e.g. episodes each month): figure above, short label below."""
    numbers = [column.number or 0.0 for column in columns]
    top = max(numbers, default=0.0) or 1.0
    width = max(column_width * len(columns) + 20, 120)
    height = plot_height + 50
    parts = []
    for index, (column, value) in enumerate(zip(columns, numbers, strict=True)):
        x = index * column_width + 10
        size = round(value / top * plot_height)
        y = plot_height - size + 20
        middle = x + (column_width - 20) / 2
        parts.append(
            f'<rect x="{x}" y="{y}" width="{column_width - 20}" height="{size}" fill="{column.colour}"/>'
            f'<text x="{middle:.0f}" y="{y - 4}" text-anchor="middle" fill="{BLACK}">{_e(column.text)}</text>'
            f'<text x="{middle:.0f}" y="{height - 10}" text-anchor="middle" fill="{BLACK}">{_e(column.label[:3])}</text>'
        )
    return _svg(title, width, height, "".join(parts), fixed=True)


def line_chart(
    title: str,
    points: Sequence[tuple[str, float]],
    *,
    width: int = 640,
    height: int = 240,
    second: Sequence[float] = (),
) -> Svg:
    """A line in time order: (label, value), labels under the first and last points, 0 and the top on the axis.

    ``second`` is an optional grey line over the same dates (e.g. children taken off a campaign without
    being seen), drawn dashed so it is told apart without colour.
    """
    if not points:
        return Svg(f'<p class="govuk-body">{_e(title)}: no figures yet.</p>')
    top = max([value for _, value in points] + list(second)) or 1
    left, right, top_pad, bottom = 40, 20, 15, 40
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    step = plot_w / max(1, len(points) - 1)

    def xy(index: int, value: float) -> tuple[float, float]:
        return left + step * index, top_pad + plot_h * (1 - value / top)

    coords = [xy(index, value) for index, (_, value) in enumerate(points)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    parts = [
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{width - right}" y2="{top_pad + plot_h}" stroke="{BLACK}"/>',
        f'<polyline points="{path}" fill="none" stroke="{RED}" stroke-width="3"/>',
    ]
    if second:
        other = " ".join("{:.1f},{:.1f}".format(*xy(index, value)) for index, value in enumerate(second))
        parts.append(
            f'<polyline points="{other}" fill="none" stroke="{GREY}" stroke-width="3" stroke-dasharray="8 5"/>'
        )
    parts.extend(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{RED}"/>' for x, y in coords)
    (first_x, _), (last_x, _) = coords[0], coords[-1]
    parts.append(
        f'<text x="{first_x:.1f}" y="{height - 12}" font-size="13">{_e(points[0][0])}</text>'
        f'<text x="{last_x:.1f}" y="{height - 12}" font-size="13" text-anchor="end">{_e(points[-1][0])}</text>'
        f'<text x="0" y="{top_pad + 5}" font-size="13">{top:g}</text>'
        f'<text x="0" y="{top_pad + plot_h}" font-size="13">0</text>'
    )
    return _svg(title, width, height, "".join(parts))


def sparkline(values: Sequence[Number], *, title: str, width: int = 120, height: int = 32) -> Svg:
    """A small trend line for a table cell; gaps where a period has no value."""
    nums = _floats(values)
    present = [v for v in nums if v is not None]
    pad = 4
    if not present:
        body = (
            f'<line x1="{pad}" y1="{height / 2}" x2="{width - pad}" y2="{height / 2}" stroke="{LIGHT}" '
            'stroke-dasharray="2 3"/>'
        )
        return _svg(title, width, height, body, css="sg-sparkline", fixed=True)
    low, high = min(present), max(present)
    span = (high - low) or 1.0
    step = (width - 2 * pad) / max(len(nums) - 1, 1)

    def point(i: int, v: float) -> tuple[float, float]:
        return round(pad + i * step, 1), round(height - pad - (v - low) / span * (height - 2 * pad), 1)

    segments: list[list[tuple[float, float]]] = [[]]
    for i, v in enumerate(nums):
        if v is None:
            segments.append([])
        else:
            segments[-1].append(point(i, v))
    lines = "".join(
        f'<polyline points="{" ".join(f"{x},{y}" for x, y in seg)}" fill="none" stroke="{BLUE}" stroke-width="2"/>'
        for seg in segments
        if len(seg) > 1
    )
    last = max(i for i, v in enumerate(nums) if v is not None)
    lx, ly = point(last, nums[last] or 0.0)
    body = f'{lines}<circle cx="{lx}" cy="{ly}" r="3" fill="{BLUE}"/>'
    return _svg(title, width, height, body, css="sg-sparkline", fixed=True)


# PNG for Word, through matplotlib's object interface: no pyplot, so no global state and no display;
# a Figure saves through the Agg canvas, which needs no GUI.


def _axes(width_inches: float, height_inches: float, title: str) -> tuple[Axes, object]:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_inches, height_inches), dpi=100)
    axes = figure.add_subplot()
    axes.set_title(title, loc="left", fontsize=14, color=BLACK)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return axes, figure


def _png(figure: object) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", bbox_inches="tight", facecolor="white")  # type: ignore[attr-defined]
    return out.getvalue()


def bar_chart_png(title: str, bars: Sequence[Bar], *, threshold: float | None = None, unit: str = "") -> bytes:
    """``bar_chart`` as a PNG: the first bar at the top, the figure (or ``shown``) after each bar."""
    axes, figure = _axes(9, 0.7 + 0.34 * max(len(bars), 1), title)
    labels = [bar.label[:36] for bar in bars]
    sizes = [abs(bar.number) if bar.number is not None else 0.0 for bar in bars]
    positions = range(len(bars))
    axes.barh(positions, sizes, color=[bar.colour for bar in bars], height=0.65)
    axes.set_yticks(list(positions), labels, fontsize=10)
    axes.invert_yaxis()
    top = max([*sizes, threshold or 0.0]) or 1.0
    axes.set_xlim(0, top * 1.18)
    for position, (bar, size) in enumerate(zip(bars, sizes, strict=True)):
        axes.text(size + top * 0.01, position, bar.text, va="center", fontsize=10, color=BLACK if size else GREY)
    if threshold is not None:
        axes.axvline(threshold, color=GREY, linestyle="--", linewidth=1.5)
        axes.set_xlabel(f"Dashed line: threshold {threshold:g}{unit}", color=GREY, fontsize=10)
    axes.tick_params(axis="x", labelsize=9)
    return _png(figure)


def line_chart_png(title: str, labels: Sequence[str], values: Sequence[Number], *, target: Number = None) -> bytes:
    """A trend line with a dashed target; a period with no value breaks the line."""
    axes, figure = _axes(9, 3.6, title)
    nums = [float("nan") if v is None else float(v) for v in values]
    positions = list(range(len(labels)))
    axes.plot(positions, nums, color=BLUE, linewidth=3, marker="o", markersize=7)
    axes.set_xticks(positions, list(labels), fontsize=10)
    if target is not None:
        axes.axhline(float(target), color=RED, linestyle="--", linewidth=2)
        axes.text(positions[-1] if positions else 0, float(target), f"target {float(target):g}", color=RED,
                  fontsize=10, ha="right", va="bottom")  # fmt: skip
    present = [v for v in nums if v == v] + ([float(target)] if target is not None else [])  # NaN != NaN
    axes.set_ylim(min([*present, 0.0]), max([*present, 1.0]) * 1.1)
    axes.tick_params(axis="y", labelsize=9)
    return _png(figure)
