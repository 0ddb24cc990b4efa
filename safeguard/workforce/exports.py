"""The workforce report as a Word document, charts drawn as PNG."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.shared import Cm

from safeguard.core.charts import BLUE, RED, Bar, bar_chart_png

from . import conf
from .selectors import Report


def _pct(value: object) -> str:
    return "–" if value is None else f"{value}%"


def rate_bars(report: Report, attr: str, threshold: float) -> list[Bar]:
    """A bar per agency for one rate (page and Word alike): red at or over the shortage threshold."""
    bars = []
    for totals in report.by_agency:
        rate = getattr(totals, attr)
        over = rate is not None and float(rate) >= threshold
        shown = "no return" if rate is None else f"{float(rate):.1f}%"
        bars.append(Bar(totals.label, rate, shown, RED if over else BLUE))
    return bars


def workforce_report_docx(report: Report, *, partnership_name: str, produced: dt.date) -> bytes:
    doc = Document()
    doc.add_heading(f"Workforce stability, {report.quarter_label}", level=0)
    doc.add_paragraph(f"{partnership_name}. Produced by Safeguard on {produced:%-d %B %Y}.")
    doc.add_paragraph(
        f"Shortage thresholds: vacancies {conf.VACANCY_PERCENT}%, agency staff {conf.AGENCY_STAFF_PERCENT}%, "
        f"annual turnover {conf.TURNOVER_PERCENT}%."
    )
    doc.add_heading("By agency", level=1)
    table = doc.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    heads = ["Agency", "Establishment (FTE)", "Vacancies", "Agency staff", "Turnover (annual)", "Shortages"]
    for cell, text in zip(table.rows[0].cells, heads, strict=True):
        cell.text = text
    for totals in report.by_agency:
        cells = table.add_row().cells
        cells[0].text = totals.label
        cells[1].text = f"{totals.establishment}"
        cells[2].text = _pct(totals.vacancy_rate)
        cells[3].text = _pct(totals.agency_rate)
        cells[4].text = _pct(totals.turnover_rate)
        cells[5].text = "; ".join(totals.shortages) or "None"
    charts = (
        ("Vacancy rate by agency", "vacancy_rate", conf.VACANCY_PERCENT),
        ("Agency and locum staff by agency", "agency_rate", conf.AGENCY_STAFF_PERCENT),
        ("Annual turnover by agency", "turnover_rate", conf.TURNOVER_PERCENT),
    )
    for title, attr, threshold in charts:
        bars = rate_bars(report, attr, threshold)
        png = bar_chart_png(f"{title}, {report.quarter_label}", bars, threshold=threshold, unit="%")
        doc.add_picture(io.BytesIO(png), width=Cm(16))
    doc.add_heading("Across quarters", level=1)
    trend = doc.add_table(rows=1, cols=4)
    trend.style = "Table Grid"
    for cell, text in zip(trend.rows[0].cells, ["Quarter", "Vacancies", "Agency staff", "Turnover"], strict=True):
        cell.text = text
    for totals in report.trend:
        cells = trend.add_row().cells
        cells[0].text = totals.label
        cells[1].text, cells[2].text, cells[3].text = (
            _pct(totals.vacancy_rate), _pct(totals.agency_rate), _pct(totals.turnover_rate),
        )  # fmt: skip
    doc.add_heading("What agencies told us", level=1)
    for r, totals in report.detail:
        doc.add_heading(totals.label, level=2)
        if totals.shortages:
            doc.add_paragraph("Shortage: " + "; ".join(totals.shortages) + ".")
        for label, text in (("Pressures", r.pressures), ("Mitigations", r.mitigations), ("Recruitment", r.recruitment)):
            if text:
                doc.add_paragraph(f"{label}: {text}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
