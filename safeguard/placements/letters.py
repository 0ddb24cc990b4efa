"""The written notice itself, as a Word document the placing authority can send.

Regulation 13 asks for *written* notice; most recipients (GPs, schools, IROs) do not
use Safeguard, so the sender downloads the letter, sends it securely, and records how.
"""

from __future__ import annotations

import io

from django.utils import timezone
from docx import Document

from safeguard.placements.models import Notice, NoticeKind, Placement, Recipient

OPENING = {
    NoticeKind.START: "This is notice under regulation 13 of the Care Planning, Placement and Case Review "
    "(England) Regulations 2010 that the child below is placed as set out here.",
    NoticeKind.END: "This is notice under regulation 14 of the Care Planning, Placement and Case Review "
    "(England) Regulations 2010 that the placement below has ended.",
    NoticeKind.ADMISSION: "This is notice under regulation 41 of the Children's Homes (England) Regulations 2015 "
    "that the child below has been admitted to our home.",
    NoticeKind.DISCHARGE: "This is notice under regulation 41 of the Children's Homes (England) Regulations 2015 "
    "that the child below has left our home.",
    NoticeKind.POLICE: "Under our local protocol we tell the police of children placed into their area.",
}


def _yes_no(value: bool | None) -> str:
    return "Not known" if value is None else ("Yes" if value else "No")


def notice_docx(notice: Notice, *, care_details: bool) -> bytes:
    """The letter; ``care_details`` (the GP, school, IRO, EHC plan and reasons) only where
    ``selectors.letter_shows_care_details`` allows, as the placement page hides them otherwise."""
    placement: Placement = notice.placement
    person = placement.person
    doc = Document()
    doc.add_heading(notice.get_kind_display(), level=0)
    doc.add_paragraph("OFFICIAL-SENSITIVE")
    doc.add_paragraph(f"To: {notice.addressee} ({notice.get_recipient_display().lower()})")
    doc.add_paragraph(f"From: {notice.from_agency.name}")
    doc.add_paragraph(f"Date: {timezone.localdate():%-d %B %Y}")
    doc.add_paragraph(OPENING[NoticeKind(notice.kind)])
    rows = [
        ("Child", person.full_name),
        ("Date of birth", f"{person.date_of_birth:%-d %B %Y}" if person.date_of_birth else "Not known"),
        ("Legal status", placement.get_legal_status_display() or "Not known"),
        ("Placing authority", placement.placing_agency.name),
        ("Host authority", placement.host_agency.name),
        ("Provider", f"{placement.provider} ({placement.get_kind_display().lower()})"),
        ("Where", placement.get_distance_display()),
        ("Planned or emergency", "Emergency" if placement.emergency else "Planned"),
        ("Placement starts", f"{placement.starts_on:%-d %B %Y}"),
    ]
    if placement.ends_on:
        rows.append(("Placement ended", f"{placement.ends_on:%-d %B %Y}"))
    if care_details:
        rows += [
            (
                "Independent Reviewing Officer",
                ", ".join(filter(None, [placement.iro_name, placement.iro_contact])) or "Not yet named",
            ),
            ("GP practice", placement.gp_practice or "Not registered"),
            ("School or college", placement.school or "Not on a school roll"),
            ("Education, health and care plan", _yes_no(placement.has_ehc_plan)),
        ]
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for key, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = key, value
    if care_details and notice.recipient == Recipient.HOST and notice.kind == NoticeKind.START:
        doc.add_heading("Why this placement is the most suitable", level=1)
        doc.add_paragraph(placement.suitability_reasons or "Not recorded")
        doc.add_paragraph("Enclosed: the assessment of the child's needs and the child's care plan.")
    doc.add_paragraph(
        f"Notice due by {notice.due_on:%-d %B %Y}. Please contact {notice.from_agency.name} with any questions."
    )
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
