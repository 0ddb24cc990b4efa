"""The yearly report as a Word document, for the partners to sign off and the business unit to lay out."""

from __future__ import annotations

import io

from docx import Document

from safeguard.yearly_report.models import YearlyReport


def report_docx(report: YearlyReport) -> bytes:
    document = Document()
    document.add_heading(f"{report.partnership.name}: yearly report", level=0)
    document.add_paragraph(report.period_label, style="Subtitle")
    for section in report.sections.all():
        document.add_heading(section.heading, level=1)
        for paragraph in section.body.split("\n\n"):
            if paragraph.strip():
                document.add_paragraph(paragraph.strip())
        for line in section.figures:
            document.add_paragraph(line, style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
