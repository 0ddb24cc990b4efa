"""The scorecard as an Excel workbook and as a Word report for the board's papers."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from decimal import Decimal

from docx import Document
from docx.shared import Cm
from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from safeguard.core.charts import line_chart_png
from safeguard.core.exports import excel_row, excel_write

from .models import Indicator, Theme, Unit
from .scoring import Rag, format_value
from .selectors import AuditSummary, ScoreRow

COLUMNS = ["Code", "Indicator", "Period", "Value", "Target", "RAG", "Direction of travel", "Owner", "Commentary"]


def number_cell(indicator: Indicator, value: Decimal | None) -> tuple[float | None, str]:
    """A figure as Excel should hold it: a number an analyst can chart, with a format that shows it as the board does.

    Percentages are stored as fractions (35.4% is 0.354) under a percentage format, as Excel itself does.
    """
    if value is None:
        return None, "General"
    if indicator.unit == Unit.PERCENT:
        return float(value) / 100, "0.0%"
    if indicator.unit == Unit.DAYS:
        return float(value), '0.0 "days"'
    return float(value), "0.0" if value != value.to_integral_value() else "0"


def by_rag(rows: list[ScoreRow]) -> list[ScoreRow]:
    """Red first, then amber, green and the unrated, as a board reads its exceptions first; stable within each."""
    order = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2, Rag.NONE: 3}
    return sorted(rows, key=lambda row: order[row.rag])


def rag_text(row: ScoreRow) -> str:
    return "not rated (no thresholds or no value)" if row.rag == Rag.NONE else f"rated {row.rag.label.lower()}"


def by_theme(rows: list[ScoreRow]) -> dict[str, list[ScoreRow]]:
    grouped: dict[str, list[ScoreRow]] = defaultdict(list)
    for row in rows:
        grouped[row.indicator.theme].append(row)
    return {theme: grouped[theme] for theme in Theme.values if theme in grouped}


def scorecard_xlsx(rows: list[ScoreRow], *, title: str) -> bytes:
    """One sheet per theme: the scorecard table, the trend figures, and a line chart per indicator."""
    wb = Workbook()
    first = wb.active
    assert isinstance(first, Worksheet)
    wb.remove(first)
    for theme, theme_rows in by_theme(rows).items():
        ws = wb.create_sheet(Theme(theme).label[:31])
        excel_row(ws, [title])
        ws["A1"].font = Font(bold=True, size=14)
        ws.append(COLUMNS)
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for row in theme_rows:
            value, value_format = number_cell(row.indicator, row.measure.value)
            target, target_format = number_cell(row.indicator, row.indicator.target)
            excel_row(
                ws,
                [
                    row.indicator.code,
                    row.indicator.name,
                    row.period_label,
                    # A missing value says why ("Not submitted") rather than leaving an empty cell.
                    value if value is not None else row.measure.state.label,
                    target,
                    row.rag.label,
                    row.direction.text,
                    row.indicator.owner_agency.name,
                    row.commentary,
                ],
            )
            ws.cell(ws.max_row, 4).number_format = value_format
            ws.cell(ws.max_row, 5).number_format = target_format
        # The trend table the charts draw from: one row of periods, one row per indicator.
        start = ws.max_row + 2
        for offset, row in enumerate(theme_rows):
            base = start + offset * 3
            ws.cell(base, 1, "Period")
            excel_write(ws, base + 1, 1, row.indicator.name)
            for i, point in enumerate(row.trend, start=2):
                ws.cell(base, i, point.label)
                number, number_format = number_cell(row.indicator, point.value)
                ws.cell(base + 1, i, number).number_format = number_format
            chart = LineChart()
            chart.title = row.indicator.name[:60]
            chart.y_axis.title = row.indicator.get_unit_display()
            chart.height, chart.width = 6, 14
            data = Reference(ws, min_col=1, max_col=len(row.trend) + 1, min_row=base + 1, max_row=base + 1)
            chart.add_data(data, from_rows=True, titles_from_data=True)
            chart.set_categories(Reference(ws, min_col=2, max_col=len(row.trend) + 1, min_row=base, max_row=base))
            ws.add_chart(chart, f"K{3 + offset * 13}")
        for column, width in zip("ABCDEFGHI", (18, 44, 18, 14, 12, 10, 36, 30, 60), strict=True):
            ws.column_dimensions[column].width = width
    if not wb.sheetnames:
        wb.create_sheet("Scorecard").append(["No indicators match the filters"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def board_report_docx(
    rows: list[ScoreRow], *, title: str, partnership_name: str, audits: dict[str, AuditSummary], produced: dt.date
) -> bytes:
    doc = Document()
    doc.add_heading(title, level=0)
    doc.add_paragraph(f"{partnership_name}. Produced by Safeguard on {produced:%-d %B %Y}.")
    doc.add_heading("Summary", level=1)
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["Indicator", "Value", "Target", "RAG", "Direction"], strict=True):
        cell.text = text
    for row in by_rag(rows):
        cells = table.add_row().cells
        cells[0].text = row.indicator.name
        cells[1].text = row.value_text
        cells[2].text = format_value(row.indicator, row.indicator.target) or "None set"
        cells[3].text = row.rag.label
        cells[4].text = row.direction.text
    for theme, theme_rows in by_theme(rows).items():
        doc.add_heading(Theme(theme).label, level=1)
        summary = audits.get(theme)
        if summary is not None:
            grades = ", ".join(f"{label} {count}" for _, label, count in summary.grade_rows() if count)
            doc.add_paragraph(
                f"Case audits: {summary.graded} of {summary.cases} cases graded across {summary.programmes} "
                f"programme(s){': ' + grades if grades else ''}. Open actions: {summary.open_actions}."
            )
        for row in by_rag(theme_rows):
            doc.add_heading(row.indicator.name, level=2)
            doc.add_paragraph(
                f"{row.period_label}: {row.value_text} (target {format_value(row.indicator, row.indicator.target) or 'none'}); "
                f"{rag_text(row)}. {row.direction.text}. Owner: {row.indicator.owner_agency.name}."
            )
            png = line_chart_png(
                f"{row.indicator.name}, last {len(row.trend)} periods",
                [p.label for p in row.trend],
                [p.value for p in row.trend],
                target=row.indicator.target,
            )
            doc.add_picture(io.BytesIO(png), width=Cm(15))
            doc.add_paragraph(f"Commentary: {row.commentary}" if row.commentary else "No commentary from the owner.")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
