"""The bulletin as a Word document in the house style, ready for a communications officer to send."""

from __future__ import annotations

import io

from django.utils import timezone
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.dml import MSO_THEME_COLOR_INDEX
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph

from safeguard.governance.models import ActionItem, AgendaItem, BulletinIssue, Meeting
from safeguard.governance.rules import Run, paragraphs_of
from safeguard.governance.selectors import BoardOverview

# House style: Arial throughout, headings in the partnership's dark blue.
FONT = "Arial"
HEADING_COLOUR = RGBColor(0x1D, 0x3C, 0x6E)


def add_hyperlink(paragraph: Paragraph, text: str, url: str) -> None:
    """Add a real, clickable hyperlink run: python-docx has no public API for one."""
    part = paragraph.part
    rel_id = part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    properties.append(style)
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "0563C1")
    colour.set(qn("w:themeColor"), "hyperlink")
    properties.append(colour)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.append(underline)
    run.append(properties)
    text_element = OxmlElement("w:t")
    text_element.text = text
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    hyperlink.append(run)
    paragraph._p.append(hyperlink)


def _write_runs(paragraph: Paragraph, runs: list[Run]) -> None:
    for run in runs:
        if run.url:
            add_hyperlink(paragraph, run.text, run.url)
        else:
            paragraph.add_run(run.text)


def _house_style(document: Document) -> None:  # type: ignore[valid-type]
    styles = document.styles  # type: ignore[attr-defined]
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    for name, size in (("Title", 24), ("Subtitle", 14), ("Heading 1", 16), ("Heading 2", 13)):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = HEADING_COLOUR
        style.font.bold = name != "Subtitle"
    if "Hyperlink" not in [s.name for s in styles]:
        from docx.enum.style import WD_STYLE_TYPE

        link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        link.font.underline = True
        link.font.color.theme_color = MSO_THEME_COLOR_INDEX.HYPERLINK


def bulletin_docx(issue: BulletinIssue) -> bytes:
    document = Document()
    _house_style(document)
    core = document.core_properties
    core.title = f"{issue.title}, issue {issue.number}"
    core.author = issue.board.business_unit.name if issue.board.business_unit else issue.board.name
    document.add_paragraph("Messages bulletin", style="Title")
    document.add_paragraph(f"From the {issue.board.name}", style="Subtitle")
    document.add_paragraph(f"Issue {issue.number} – {issue.issue_date:%B %Y}", style="Subtitle")
    for runs in paragraphs_of(issue.introduction):
        _write_runs(document.add_paragraph(), runs)
    if issue.meeting is not None:
        held = timezone.localtime(issue.meeting.starts_at)
        paragraph = document.add_paragraph("The board met on ")
        paragraph.add_run(f"{held:%-d %B %Y}").bold = True
        paragraph.add_run(" and the headlines from the meeting are:")
    for section in issue.sections.all():
        document.add_heading(section.heading, level=1)
        for runs in paragraphs_of(section.body):
            _write_runs(document.add_paragraph(), runs)
    if issue.chair_name:
        document.add_heading("Independent chair", level=2)
        document.add_paragraph(issue.chair_name)
    if issue.contact_text:
        document.add_heading("Contact us", level=2)
        for runs in paragraphs_of(issue.contact_text):
            _write_runs(document.add_paragraph(), runs)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table(document: DocxDocument, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text


def _figures(document: DocxDocument, overview: BoardOverview) -> None:
    document.add_heading(f"Indicators to discuss, {overview.month:%B %Y}", level=1)
    if overview.attention:
        document.add_paragraph("Indicators rated red, and any that got worse since the period before, red first.")
        _table(
            document,
            ["Indicator", "Period", "Value", "Rating", "Direction of travel", "Owner", "Owner's commentary"],
            [
                [
                    row.indicator.name,
                    row.period_label,
                    row.value_text,
                    row.rag.label,
                    row.direction.text,
                    row.indicator.owner_agency.name,
                    row.commentary or "No commentary",
                ]
                for row in overview.attention
            ],
        )
    else:
        document.add_paragraph("No indicator is rated red or got worse.")
    document.add_heading("Headlines", level=1)
    for headline in overview.headlines:
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(f"{headline.title}: ").bold = True
        paragraph.add_run(f"{headline.value}. {headline.detail}")


def board_pack_docx(
    *,
    meeting: Meeting,
    agenda: list[tuple[AgendaItem, str, str]],
    overview: BoardOverview | None,
    overdue: list[ActionItem],
) -> bytes:
    """One document for the board's papers: the agenda, the indicators to discuss, the headlines, overdue actions.

    Figures only: nothing here names a child, so the pack can go to every member with the agenda.
    """
    document = Document()
    _house_style(document)
    held = timezone.localtime(meeting.starts_at)
    document.core_properties.title = f"{meeting.group.name}: board pack, {held:%-d %B %Y}"
    document.add_paragraph(meeting.group.name, style="Title")
    document.add_paragraph(
        f"Board pack for the meeting on {held:%-d %B %Y} at {held:%H:%M}"
        + (f", {meeting.location}" if meeting.location else ""),
        style="Subtitle",
    )
    document.add_heading("Agenda", level=1)
    for item, _url, report_name in agenda:
        line = item.title
        if item.presenter:
            line += f" – {item.presenter}" + (f", {item.presenter_agency.name}" if item.presenter_agency else "")
        if item.paper_name:
            line += f" (paper: {item.paper_name})"
        if report_name:
            line += f" (report: {report_name}, figures as they stand in Safeguard)"
        document.add_paragraph(line, style="List Number")
    document.add_paragraph("Overdue actions (added automatically)", style="List Number")

    if overview is None:
        document.add_paragraph("The scorecard and headlines are left out: your role does not include the scorecard.")
    else:
        _figures(document, overview)

    document.add_heading("Actions overdue on the day of the meeting", level=1)
    if overdue:
        _table(
            document,
            ["Action", "Owner", "Due"],
            [
                [
                    action.description,
                    f"{action.owner.display_name()}, {action.owner_agency.name}",
                    f"{action.due_on:%-d %B %Y}" if action.due_on else "Not set",
                ]
                for action in overdue
            ],
        )
    else:
        document.add_paragraph("None.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
