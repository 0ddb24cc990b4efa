"""The record of processing activities (UK GDPR Article 30), generated as a Word document.

What each kind of record is for is declared here, next to the code, one entry per ``RecordKind``; how
long it is kept is read from the retention schedule in the database. A test fails when a kind is added
without its entry, so the record stays true as the code changes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from docx import Document

from safeguard.dataprotection import selectors
from safeguard.dataprotection.models import Disposal, RecordKind, RetentionRule, Trigger
from safeguard.partnership.models import Partnership

PUBLIC_TASK = "Article 6(1)(e) public task; 6(1)(c) legal obligation (Children Acts 1989 and 2004)"
SAFEGUARDING = "Article 9(2)(g) with DPA 2018 Schedule 1 paragraph 18, safeguarding of children and individuals at risk"
SECURITY = (
    "Role-based access scoped by agency in every query; two-factor sign-in; every view, search and export "
    "of personal data recorded in a hash-chained audit trail; encrypted in transit"
)


@dataclass(frozen=True)
class Processing:
    purpose: str
    lawful_basis: str
    special_category: str
    people: str
    data: str
    recipients: str
    security: str = SECURITY


PROCESSING: dict[RecordKind, Processing] = {
    RecordKind.EXTRACT: Processing(
        "Finding children not seen by any agency (the data wash)",
        PUBLIC_TASK,
        SAFEGUARDING,
        "Children on agency registers (education, health, social care, police)",
        "Names, dates of birth, addresses, identifiers, last contact dates",
        "The uploading agency; the partnership's analysts see results, not extracts",
    ),
    RecordKind.WASH_RUN: Processing(
        "Linking agency records to find children without a recent sighting",
        PUBLIC_TASK,
        SAFEGUARDING,
        "Children on the cohort register",
        "Links between agency records, last sighting and by whom, confidence of each link",
        "Analysts and visit planners in the partnership",
    ),
    RecordKind.VISIT: Processing(
        "Joint visits to children not seen",
        PUBLIC_TASK,
        SAFEGUARDING,
        "Children; the officers visiting",
        "Visit dates, outcomes, referrals, notes",
        "The two visiting agencies; totals to the board",
    ),
    RecordKind.EPISODE: Processing(
        "Recording missing episodes and the duty to offer a return home interview",
        PUBLIC_TASK,
        SAFEGUARDING,
        "Children who go missing",
        "Dates, places, risk grades, category, circumstances",
        "The child's agencies; police when a sharing decision says so",
    ),
    RecordKind.INTERVIEW: Processing(
        "Return home interviews (statutory guidance on children who run away or go missing)",
        PUBLIC_TASK,
        SAFEGUARDING,
        "Children after a missing episode; the interviewer",
        "Whether offered, accepted, what was said and shared",
        "The child's agencies; police where shared",
    ),
    RecordKind.PROFILE_PHOTO: Processing(
        "The Philomena Protocol: finding a child quickly when they go missing",
        PUBLIC_TASK,
        SAFEGUARDING,
        "Children at risk of going missing; their associates",
        "Description, photograph, associates, places, phones and social media, medical",
        "Police, only when the child goes missing",
    ),
    RecordKind.PLACEMENT_NOTICE: Processing(
        "Placement notifications (Care Planning, Placement and Case Review Regulations 2010, reg. 13)",
        "Article 6(1)(c) legal obligation",
        SAFEGUARDING,
        "Looked-after children; parents and carers named in notices",
        "Placement address and dates, placing and host authorities",
        "Host authority, ICB, GP and the others reg. 13(2) lists",
    ),
    RecordKind.SHARING_DECISION: Processing(
        "Recording decisions to share or not share information",
        PUBLIC_TASK,
        SAFEGUARDING,
        "Children and adults the decision is about; practitioners",
        "What was shared, with whom, why, consent and its basis",
        "The agencies the decision names",
    ),
    RecordKind.INTELLIGENCE: Processing(
        "Soft intelligence about exploitation",
        "Law enforcement processing, DPA 2018 Part 3 (for the police); Article 6(1)(e) for partners",
        "DPA 2018 Schedule 8 (police); Schedule 1 paragraph 18 (partners)",
        "Children at risk, suspected exploiters, witnesses",
        "Free text, names, vehicles, places (encrypted at rest)",
        "Police intelligence officers; themes without names to the partnership; the people a submission names, "
        "in their subject access bundle, only where the police release it",
    ),
    RecordKind.AUDIT: Processing(
        "Accountability: who looked at or changed whose record (Article 5(2))",
        "Article 6(1)(c) legal obligation",
        SAFEGUARDING,
        "Staff using the service; the people whose records they opened",
        "User, agency, action, record, time, address",
        "Auditors and data protection officers of the partnership",
    ),
    RecordKind.TRAINING_BOOKING: Processing(
        "Multi-agency safeguarding training",
        PUBLIC_TASK,
        "None",
        "Staff of partner agencies",
        "Name, agency, sessions booked and attended",
        "Training administrators",
    ),
    RecordKind.SUBSCRIBER: Processing(
        "Sending the partnership's bulletin",
        "Article 6(1)(a) consent",
        "None",
        "Subscribers",
        "Email address",
        "The partnership's business unit",
    ),
}


def retention_text(rule: RetentionRule | None) -> str:
    if rule is None:
        return "Not yet set"
    return f"{rule.period_text} {Trigger(rule.trigger).label}; then {Disposal(rule.disposal).label.lower()}"


def as_docx(partnership: Partnership) -> bytes:
    rules = {rule.kind: rule for rule in selectors.schedule_for(partnership)}
    doc = Document()
    doc.add_heading(f"Record of processing activities (UK GDPR Article 30): {partnership.name}", level=0)
    doc.add_paragraph(
        f"Generated by Safeguard on {timezone.localdate():%-d %B %Y} from its retention schedule and the "
        f"processing declared beside its code. Hosted at {', '.join(settings.ALLOWED_HOSTS) or 'the partnership'}."
    )
    for kind, p in PROCESSING.items():
        doc.add_heading(kind.label, level=1)
        table = doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in (
            ("Purpose", p.purpose),
            ("Lawful basis (Article 6)", p.lawful_basis),
            ("Special category condition (Article 9 and Schedule 1)", p.special_category),
            ("Categories of people", p.people),
            ("Categories of data", p.data),
            ("Recipients", p.recipients),
            ("Retention", retention_text(rules.get(kind))),
            ("Security", p.security),
        ):
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, value
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
