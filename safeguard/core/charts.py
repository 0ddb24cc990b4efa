"""Charts drawn on the server: SVG for pages, PNG for Word (python-docx cannot embed SVG).

Pure drawing from numbers: no data access, so the workforce app draws with it too.
Colours are the GOV.UK palette; every SVG has role="img" and a <title>, and
pages also give the figures as a table.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from PIL import Image, ImageDraw, ImageFont

BLUE = "#1d70b8"
GREY = "#505a5f"
RED = "#d4351c"
LIGHT = "#b1b4b6"

Number = Decimal | float | int | None


def _floats(values: Sequence[Number]) -> list[float | None]:
    return [None if v is None else float(v) for v in values]


def sparkline_svg(values: Sequence[Number], *, title: str, width: int = 120, height: int = 32) -> SafeString:
    """A small trend line; gaps where a period has no value."""
    nums = _floats(values)
    present = [v for v in nums if v is not None]
    pad = 4
    if not present:
        return format_html(
            '<svg class="sg-sparkline" role="img" width="{}" height="{}" viewBox="0 0 {} {}"><title>{}</title>'
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-dasharray="2 3"/></svg>',
            width, height, width, height, title, pad, height / 2, width - pad, height / 2, LIGHT,
        )  # fmt: skip
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
    lines = format_html_join(
        "",
        '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>',
        ((" ".join(f"{x},{y}" for x, y in seg), BLUE) for seg in segments if len(seg) > 1),
    )
    last_index = max(i for i, v in enumerate(nums) if v is not None)
    lx, ly = point(last_index, nums[last_index] or 0.0)
    return format_html(
        '<svg class="sg-sparkline" role="img" width="{}" height="{}" viewBox="0 0 {} {}"><title>{}</title>{}'
        '<circle cx="{}" cy="{}" r="3" fill="{}"/></svg>',
        width, height, width, height, title, lines, lx, ly, BLUE,
    )  # fmt: skip


def bar_chart_svg(
    items: Sequence[tuple[str, Number]], *, title: str, unit: str = "%", threshold: float | None = None
) -> SafeString:
    """Horizontal bars, one per label, with an optional shortage threshold line."""
    label_width, bar_width, row = 220, 300, 28
    height = row * len(items) + 30
    width = label_width + bar_width + 70
    nums = _floats([v for _, v in items])
    top = max([v for v in nums if v is not None] + [threshold or 0.0, 1.0])
    bars = []
    for i, ((label, _), v) in enumerate(zip(items, nums, strict=True)):
        y = 10 + i * row
        length = 0.0 if v is None else v / top * bar_width
        over = threshold is not None and v is not None and v >= threshold
        text = "no return" if v is None else f"{v:.1f}{unit}"
        bars.append((label_width - 8, y + 17, label[:34], label_width, y + 4, round(length, 1),
                     RED if over else BLUE, label_width + length + 6, y + 17, text))  # fmt: skip
    body = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" font-size="13" fill="#0b0c0c">{}</text>'
        '<rect x="{}" y="{}" height="18" width="{}" fill="{}"/>'
        '<text x="{}" y="{}" font-size="13" fill="#0b0c0c">{}</text>',
        bars,
    )
    line = SafeString("")
    if threshold is not None:
        tx = round(label_width + threshold / top * bar_width, 1)
        line = format_html(
            '<line x1="{}" y1="4" x2="{}" y2="{}" stroke="{}" stroke-dasharray="4 3"/>'
            '<text x="{}" y="{}" font-size="12" text-anchor="end" fill="{}">threshold {}{}</text>',
            tx, tx, height - 16, GREY, tx - 4, height - 4, GREY, threshold, unit,
        )  # fmt: skip
    return format_html(
        '<svg class="sg-chart" role="img" width="100%" viewBox="0 0 {} {}"><title>{}</title>{}{}</svg>',
        width, height, title, body, line,
    )  # fmt: skip


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow without FreeType: a fixed-size bitmap font
        return ImageFont.load_default()


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def line_chart_png(labels: Sequence[str], values: Sequence[Number], *, title: str, target: Number = None) -> bytes:
    width, height, left, bottom, top, right = 900, 360, 70, 60, 50, 30
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((left, 14), title, fill="#0b0c0c", font=_font(20))
    nums = _floats(values)
    present = [v for v in nums if v is not None] + ([float(target)] if target is not None else [])
    low, high = min([*present, 0.0]), max([*present, 1.0])
    span = (high - low) or 1.0
    plot_w, plot_h = width - left - right, height - top - bottom
    draw.line([(left, top), (left, top + plot_h), (left + plot_w, top + plot_h)], fill=GREY, width=2)
    step = plot_w / max(len(nums) - 1, 1)
    font = _font(14)

    def y_of(v: float) -> float:
        return top + plot_h - (v - low) / span * plot_h

    for tick in (low, (low + high) / 2, high):
        draw.text((6, y_of(tick) - 8), f"{tick:.1f}", fill=GREY, font=font)
    if target is not None:
        ty = y_of(float(target))
        for dash in range(left, left + plot_w, 16):
            draw.line([(dash, ty), (dash + 8, ty)], fill=RED, width=2)
        draw.text((left + plot_w - 90, ty - 20), f"target {float(target):g}", fill=RED, font=font)
    previous: tuple[float, float] | None = None
    for i, (label, v) in enumerate(zip(labels, nums, strict=True)):
        x = left + i * step
        draw.text((x - 20, top + plot_h + 10), label, fill="#0b0c0c", font=font)
        if v is None:
            previous = None
            continue
        point = (x, y_of(v))
        if previous is not None:
            draw.line([previous, point], fill=BLUE, width=4)
        draw.ellipse([point[0] - 5, point[1] - 5, point[0] + 5, point[1] + 5], fill=BLUE)
        previous = point
    return _png(image)


def bar_chart_png(
    items: Sequence[tuple[str, Number]], *, title: str, unit: str = "%", threshold: float | None = None
) -> bytes:
    row, left, width = 34, 300, 900
    height = 70 + row * len(items) + 30
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((20, 14), title, fill="#0b0c0c", font=_font(20))
    font = _font(14)
    nums = _floats([v for _, v in items])
    top = max([v for v in nums if v is not None] + [threshold or 0.0, 1.0])
    plot_w = width - left - 90
    for i, ((label, _), v) in enumerate(zip(items, nums, strict=True)):
        y = 60 + i * row
        draw.text((20, y + 4), label[:36], fill="#0b0c0c", font=font)
        if v is None:
            draw.text((left, y + 4), "no return", fill=GREY, font=font)
            continue
        over = threshold is not None and v >= threshold
        draw.rectangle([left, y, left + v / top * plot_w, y + 22], fill=RED if over else BLUE)
        draw.text((left + v / top * plot_w + 6, y + 4), f"{v:.1f}{unit}", fill="#0b0c0c", font=font)
    if threshold is not None:
        tx = left + threshold / top * plot_w
        draw.line([(tx, 50), (tx, height - 30)], fill=GREY, width=2)
        draw.text((tx + 4, height - 26), f"threshold {threshold:g}{unit}", fill=GREY, font=font)
    return _png(image)
