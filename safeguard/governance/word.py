"""The bulletin as a Word document in the house style, ready for a communications officer to send."""

from __future__ import annotations

import io

from django.utils import timezone
from docx import Document
from docx.enum.dml import MSO_THEME_COLOR_INDEX
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph

from safeguard.governance.models import BulletinIssue
from safeguard.governance.rules import Run, paragraphs_of

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
