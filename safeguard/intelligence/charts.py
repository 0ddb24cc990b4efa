"""Server-rendered SVG bar charts and the Excel export for themes.

Charts are drawn on the server (no script under the Content Security Policy)
and the same figures are always given as a table beside them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font

from safeguard.core.exports import excel_row
from safeguard.intelligence.selectors import SUPPRESSED_TEXT, ThemeCell, Themes

BAR_AREA = 420
LABEL_WIDTH = 260
ROW_HEIGHT = 28


@dataclass(frozen=True)
class Bar:
    label: str
    shown: str
    y: int
    width: int
    text_x: int


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: list[Bar]
    width: int
    height: int
    label_width: int


def bar_chart(title: str, cells: list[ThemeCell]) -> BarChart:
    """A horizontal bar per cell; a withheld count gets no bar, only its words."""
    largest = max((c.count for c in cells if not c.suppressed), default=0) or 1
    bars = []
    for index, cell in enumerate(cells):
        width = 0 if cell.suppressed else round(BAR_AREA * cell.count / largest)
        bars.append(
            Bar(
                label=cell.label[:40],
                shown=cell.shown,
                y=index * ROW_HEIGHT,
                width=width,
                text_x=LABEL_WIDTH + width + 6,
            )
        )
    return BarChart(
        title=title,
        bars=bars,
        width=LABEL_WIDTH + BAR_AREA + 120,
        height=max(ROW_HEIGHT, len(cells) * ROW_HEIGHT),
        label_width=LABEL_WIDTH,
    )


def themes_workbook(themes: Themes, *, partnership_name: str) -> bytes:
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = "Summary"
    excel_row(summary, [f"Soft intelligence themes – {partnership_name}"])
    summary["A1"].font = Font(bold=True)
    summary.append(["From", themes.period_start])
    summary.append(["To", themes.period_end])
    summary.append(["Submissions", themes.total.shown])
    summary.append([f"Counts of 1 or 2 are shown as '{SUPPRESSED_TEXT}' so no one can be identified."])
    for title, cells in (
        ("By category", themes.by_category),
        ("By month", themes.by_month),
        ("By postcode district", themes.by_district),
        ("By agency", themes.by_agency),
    ):
        sheet = book.create_sheet(title[:31])
        sheet.append([title.removeprefix("By ").capitalize(), "Submissions"])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for item in cells:
            # A withheld count is written as words, never as the number.
            excel_row(sheet, [item.label, item.shown if item.suppressed else item.count])
        sheet.column_dimensions["A"].width = 50
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
