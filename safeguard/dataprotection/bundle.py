"""The subject access bundle: every record Safeguard holds about one person, read through each app's
``records_for_subject`` selector, plus who has viewed them (the audit trail), as a ZIP holding a Word
document for the person and the same data as JSON.

Third parties inside the records (other people in the index, staff) are listed and highlighted in the
Word document so the officer reviews them before release; exemptions applied are listed with reasons.
Soft intelligence is included only where the police have decided to release it (``intelligence``'s
release decision); everything it names other than the person is highlighted as a third party.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_COLOR_INDEX

from safeguard.audit import selectors as audit_selectors
from safeguard.datawash import selectors as datawash_selectors
from safeguard.intelligence import selectors as intelligence_selectors
from safeguard.missing import selectors as missing_selectors
from safeguard.partnership.models import User
from safeguard.people import selectors as people_selectors
from safeguard.people.models import Person
from safeguard.placements import selectors as placements_selectors
from safeguard.sharing import selectors as sharing_selectors
from safeguard.visits import selectors as visits_selectors

if TYPE_CHECKING:
    from safeguard.dataprotection.models import SubjectAccessRequest

# Bounds, so one request cannot build a bundle that exhausts the server's memory.
MAX_RECORDS = 5000
MAX_VIEWS = 5000
# Fields that are the machinery of a record, not information about the person.
SKIPPED_FIELDS = frozenset(
    {"given_key", "family_key", "prev_hash", "entry_hash", "output_prefix", "person_ref", "link_key"}
)
INTELLIGENCE_SECTION = "Soft intelligence released by the police"
INTELLIGENCE_NAMED = "Named in released intelligence"
OTHERS_NAMED = "Other people named in the records"


def _no_third_party_fields(obj: models.Model, subject: Person) -> list[str]:
    return []


# Each section: where its records come from, and which fields of a record may name someone else beyond
# the foreign keys to staff and other people (found for every record).
Source = tuple[str, Callable[[Person], Iterable[models.Model]], Callable[[models.Model, Person], list[str]]]
SOURCES: tuple[Source, ...] = (
    ("Person index", people_selectors.records_for_subject, _no_third_party_fields),
    ("Data wash results", datawash_selectors.records_for_subject, _no_third_party_fields),
    ("Joint visits", visits_selectors.records_for_subject, _no_third_party_fields),
    (
        "Missing episodes, return interviews and Philomena profile",
        missing_selectors.records_for_subject,
        _no_third_party_fields,
    ),
    ("Placements", placements_selectors.records_for_subject, _no_third_party_fields),
    ("Information-sharing decisions", sharing_selectors.records_for_subject, _no_third_party_fields),
    (INTELLIGENCE_SECTION, intelligence_selectors.records_for_subject, intelligence_selectors.third_party_fields),
)
NOT_INCLUDED = (
    "Soft intelligence the police have not released, and the police's gradings of what they have released "
    "(DPA 2018 Schedule 2 paragraph 2: crime); ask the police data protection officer.",
)


@dataclass
class Record:
    section: str
    kind: str
    ref: str
    fields: dict[str, str]
    # Field names whose values name someone else: shown highlighted for review.
    third_party_fields: list[str] = field(default_factory=list)


@dataclass
class Contents:
    person: Person
    records: list[Record]
    views: list[dict[str, str]]
    third_parties: dict[str, list[str]]
    truncated: bool
    exemptions: list[dict[str, str]]
    not_included: tuple[str, ...] = NOT_INCLUDED


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%-d %B %Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%-d %B %Y")
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | dict):
        return json.dumps(value, default=str, ensure_ascii=False)
    return str(value)


def _record(
    section: str, obj: models.Model, subject: Person, third: dict[str, set[str]], named: list[str] | None = None
) -> Record:
    """A record's fields in words; foreign keys to staff and to other people are third parties, and so are
    the fields ``named`` (by field name) that the owning app says may name someone else."""
    named = named or []
    fields: dict[str, str] = {}
    flagged: list[str] = []
    for f in obj._meta.concrete_fields:
        if f.name in SKIPPED_FIELDS or f.primary_key:
            continue
        label = str(f.verbose_name).capitalize()
        if isinstance(f, models.ForeignKey):
            related = getattr(obj, f.name)
            if related is None:
                continue
            if isinstance(related, User):
                name = related.get_full_name() or related.get_username()
                fields[label] = name
                flagged.append(label)
                third["Staff named in the records"].add(name)
                continue
            if isinstance(related, Person):
                if related.pk == subject.pk:
                    continue
                fields[label] = related.full_name
                flagged.append(label)
                third[OTHERS_NAMED].add(related.full_name)
                continue
            fields[label] = str(related)
            continue
        value = getattr(obj, f.attname)
        if isinstance(f, models.FileField):
            value = value.name if value else ""
        elif f.choices:
            value = getattr(obj, f"get_{f.name}_display")()
        if value in ("", None, [], {}):
            continue
        fields[label] = _text(value)
        if f.name in named:
            flagged.append(label)
            third.setdefault(INTELLIGENCE_NAMED if section == INTELLIGENCE_SECTION else OTHERS_NAMED, set()).add(
                fields[label]
            )
    return Record(
        section, str(obj._meta.verbose_name).capitalize(), f"{obj._meta.label_lower}:{obj.pk}", fields, flagged
    )


def collect(*, actor: User, request: SubjectAccessRequest) -> Contents:
    person = request.person
    third: dict[str, set[str]] = {OTHERS_NAMED: set(), "Staff named in the records": set()}
    records: list[Record] = []
    truncated = False
    for section, source, third_party_fields in SOURCES:
        for obj in source(person):
            if len(records) >= MAX_RECORDS:
                truncated = True
                break
            records.append(_record(section, obj, person, third, third_party_fields(obj, person)))
    events = list(audit_selectors.events_for_person(actor, person_id=person.pk)[: MAX_VIEWS + 1])
    truncated = truncated or len(events) > MAX_VIEWS
    views = [
        {
            "when": _text(event.at),
            "who": event.actor_username,
            "agency": event.agency_name,
            "what": event.get_action_display(),
            "summary": event.summary,
        }
        for event in events[:MAX_VIEWS]
    ]
    for event in events[:MAX_VIEWS]:
        if event.actor_username:
            third["Staff named in the records"].add(event.actor_username)
    exemptions = [
        {"exemption": e.label, "applies_to": e.applies_to, "reason": e.reason} for e in request.exemptions.all()
    ]
    return Contents(
        person=person,
        records=records,
        views=views,
        third_parties={k: sorted(v) for k, v in third.items()},
        truncated=truncated,
        exemptions=exemptions,
    )


def as_json(contents: Contents, request: SubjectAccessRequest) -> str:
    return json.dumps(
        {
            "request": {"id": request.pk, "received_on": str(request.received_on), "due_on": str(request.deadline)},
            "person": {"id": contents.person.pk, "name": contents.person.full_name},
            "records": [
                {
                    "section": r.section,
                    "kind": r.kind,
                    "ref": r.ref,
                    "fields": r.fields,
                    "third_party": r.third_party_fields,
                }
                for r in contents.records
            ],
            "viewed_by": contents.views,
            "third_parties_for_review": contents.third_parties,
            "exemptions_applied": contents.exemptions,
            "not_included": list(contents.not_included),
            "truncated": contents.truncated,
        },
        indent=2,
        ensure_ascii=False,
    )


def as_docx(contents: Contents, request: SubjectAccessRequest) -> bytes:
    doc = Document()
    doc.add_heading(f"Subject access: records held about {contents.person.full_name}", level=0)
    doc.add_paragraph(
        f"Request {request.pk}, received {_text(request.received_on)}, due {_text(request.deadline)}. "
        f"Produced {_text(timezone.now())}."
    )
    doc.add_heading("Before release: third parties to review", level=1)
    doc.add_paragraph(
        "Names of other people and of staff are highlighted in yellow below. Decide for each whether it "
        "can be released (DPA 2018 Schedule 2 paragraph 16) and record any exemption with its reason."
    )
    for heading, names in contents.third_parties.items():
        para = doc.add_paragraph(style="List Bullet")
        para.add_run(f"{heading}: ").bold = True
        run = para.add_run(", ".join(names) or "none")
        if names:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    doc.add_heading("Exemptions applied", level=1)
    if not contents.exemptions:
        doc.add_paragraph("None.")
    for e in contents.exemptions:
        doc.add_paragraph(f"{e['exemption']} — {e['applies_to']}: {e['reason']}", style="List Bullet")
    doc.add_heading("Not included", level=1)
    for line in contents.not_included:
        doc.add_paragraph(line, style="List Bullet")
    section = ""
    for record in contents.records:
        if record.section != section:
            section = record.section
            doc.add_heading(section, level=1)
        doc.add_heading(record.kind, level=2)
        table = doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in record.fields.items():
            cells = table.add_row().cells
            cells[0].text = label
            run = cells[1].paragraphs[0].add_run(value)
            if label in record.third_party_fields:
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    doc.add_heading("Who has viewed or changed these records", level=1)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("When", "Who", "Agency", "What"), strict=True):
        cell.text = text
    for view in contents.views:
        cells = table.add_row().cells
        cells[0].text, cells[2].text = view["when"], view["agency"]
        cells[1].paragraphs[0].add_run(view["who"]).font.highlight_color = WD_COLOR_INDEX.YELLOW
        cells[3].text = f"{view['what']}: {view['summary']}"
    if contents.truncated:
        doc.add_paragraph(f"This bundle stops at {MAX_RECORDS} records and {MAX_VIEWS} views; ask for the rest.")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def build(*, actor: User, request: SubjectAccessRequest) -> bytes:
    """The ZIP, built in memory: its size is bounded by MAX_RECORDS and MAX_VIEWS."""
    contents = collect(actor=actor, request=request)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"subject-access-{request.pk}.docx", as_docx(contents, request))
        archive.writestr(f"subject-access-{request.pk}.json", as_json(contents, request))
    return out.getvalue()
