"""Server-rendered SVG charts (no script, so the Content Security Policy and JS-off both hold).

Each chart is an image with a title for screen readers; pages also give the figures as a table.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# GOV.UK colours that keep 3:1 contrast against white.
COLOURS = {"red": "#d4351c", "blue": "#1d70b8", "green": "#00703c", "orange": "#f47738", "grey": "#505a5f"}
_ids = itertools.count(1)


def bar_chart(title: str, bars: Sequence[tuple[str, float, str]], *, width: int = 640) -> SafeString:
    """Horizontal bars: (label, value, colour name)."""
    chart_id = f"sg-chart-{next(_ids)}"
    top = max((value for _, value, _ in bars), default=0) or 1
    row = 28
    height = row * len(bars) + 10
    label_width = 230
    span = width - label_width - 60
    items = []
    for index, (label, value, colour) in enumerate(bars):
        y = 5 + row * index
        length = span * value / top
        items.append(
            (
                y + 17,
                label,
                label_width,
                y,
                f"{length:.1f}",
                COLOURS.get(colour, COLOURS["blue"]),
                f"{label_width + length + 6:.1f}",
                f"{value:g}",
            )
        )
    body = format_html_join(
        "",
        '<text x="0" y="{}" font-size="14">{}</text><rect x="{}" y="{}" width="{}" height="20" fill="{}"></rect>'
        '<text x="{}" y="{}" font-size="14">{}</text>',
        ((ty, lab, lx, y, w, fill, vx, ty, val) for ty, lab, lx, y, w, fill, vx, val in items),
    )
    return format_html(
        '<svg class="sg-chart" role="img" aria-labelledby="{}" viewBox="0 0 {} {}" width="100%" '
        'preserveAspectRatio="xMinYMin meet"><title id="{}">{}</title>{}</svg>',
        chart_id,
        width,
        height,
        chart_id,
        title,
        body,
    )


def line_chart(
    title: str,
    points: Sequence[tuple[str, float]],
    *,
    width: int = 640,
    height: int = 240,
    second: Sequence[float] = (),
) -> SafeString:
    """A burn-down line: (label, value) in time order, labels under the first and last points.

    ``second`` is an optional grey line over the same dates (e.g. children taken off a campaign
    without being seen), drawn dashed so it is told apart without colour.
    """
    chart_id = f"sg-chart-{next(_ids)}"
    if not points:
        return format_html('<p class="govuk-body">{}: no figures yet.</p>', title)
    top = max([value for _, value in points] + list(second)) or 1
    left, right, top_pad, bottom = 40, 20, 15, 40
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    step = plot_w / max(1, len(points) - 1)
    coords = [
        (left + step * index, top_pad + plot_h * (1 - value / top), label, value)
        for index, (label, value) in enumerate(points)
    ]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in coords)
    other = " ".join(
        f"{left + step * index:.1f},{top_pad + plot_h * (1 - value / top):.1f}" for index, value in enumerate(second)
    )
    second_line = (
        format_html(
            '<polyline points="{}" fill="none" stroke="{}" stroke-width="3" stroke-dasharray="8 5"></polyline>',
            other,
            COLOURS["grey"],
        )
        if second
        else ""
    )
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="4" fill="{}"></circle>',
        ((f"{x:.1f}", f"{y:.1f}", COLOURS["red"]) for x, y, _, _ in coords),
    )
    first, last = coords[0], coords[-1]
    labels = format_html(
        '<text x="{}" y="{}" font-size="13">{}</text><text x="{}" y="{}" font-size="13" text-anchor="end">{}</text>'
        '<text x="0" y="{}" font-size="13">{}</text><text x="0" y="{}" font-size="13">0</text>',
        f"{first[0]:.1f}",
        height - 12,
        first[2],
        f"{last[0]:.1f}",
        height - 12,
        last[2],
        top_pad + 5,
        f"{top:g}",
        top_pad + plot_h,
    )
    return format_html(
        '<svg class="sg-chart" role="img" aria-labelledby="{}" viewBox="0 0 {} {}" width="100%" '
        'preserveAspectRatio="xMinYMin meet"><title id="{}">{}</title>'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#0b0c0c"></line>'
        '<polyline points="{}" fill="none" stroke="{}" stroke-width="3"></polyline>{}{}{}</svg>',
        chart_id,
        width,
        height,
        chart_id,
        title,
        left,
        top_pad + plot_h,
        width - right,
        top_pad + plot_h,
        path,
        COLOURS["red"],
        second_line,
        dots,
        labels,
    )
