"""The Excel export of the exploitation themes (the page's charts come from ``safeguard.core.charts``)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from safeguard.core.exports import excel_row
from safeguard.intelligence.selectors import SUPPRESSED_TEXT, Themes


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
