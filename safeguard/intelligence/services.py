"""Every change to soft intelligence: one function each, atomic and audited.

A submission is editable only while it is a draft. Once submitted it is
evidence: nothing is changed or removed, and anything new is appended (an
``Addition`` or an entity marked ``after_submission``), so police always see
what was said when.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import SystemActor, audit_record
from safeguard.core.errors import Refused
from safeguard.core.retention import audit_disposal
from safeguard.intelligence import crypto, selectors
from safeguard.intelligence.identifiers import (
    handle_problem,
    normalise_handle,
    normalise_phone,
    normalise_place,
    normalise_registration,
    phone_problem,
    registration_problem,
)
from safeguard.intelligence.models import (
    About,
    Addition,
    Assessment,
    Category,
    Entity,
    EntityKind,
    Handling,
    HowKnown,
    InformationGrade,
    Outcome,
    PersonRole,
    Platform,
    ReferenceCounter,
    Release,
    ReleaseDecision,
    SourceGrade,
    Status,
    SubjectAware,
    Submission,
    SubmissionCategory,
)
from safeguard.partnership.models import AgencyKind, User
from safeguard.partnership.selectors import active_agencies
from safeguard.people.identifiers import normalise_postcode, postcode_outward, postcode_problem
from safeguard.people.models import InvolvementReason, Person
from safeguard.people.services import involvement_add


class IntelligenceError(Refused):
    """Input a service refuses, with a sentence fit for the error summary."""


class SubmissionLocked(IntelligenceError):
    pass


def _next_reference() -> str:
    year = timezone.localdate().year
    # The counter row is locked so two submitters never get the same number.
    counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"SI-{year}-{counter.last:06d}"


def _clean_place(place: str, postcode: str) -> tuple[str, str]:
    place = place.strip()
    postcode = postcode.strip()
    if postcode:
        problem = postcode_problem(postcode)
        if problem:
            raise IntelligenceError(problem)
        postcode = normalise_postcode(postcode)
    if not place and not postcode:
        raise IntelligenceError("Enter the address or place, or its postcode")
    return place, postcode


def entity_link_key(entity: Entity) -> str:
    """The HMAC that links this entity to equal ones elsewhere, from its normalised (decrypted) value.

    One function, so the services and the key rotation command always agree.
    """
    if entity.kind == EntityKind.PERSON:
        return crypto.link_key("person", entity.person_ref) if entity.person_ref else ""
    if entity.kind == EntityKind.ACCOUNT:
        return crypto.link_key("account", f"{entity.platform!s}:{entity.value}")
    if entity.kind == EntityKind.PLACE:
        # The postcode links places typed differently ("12 Station Rd" / "12 Station Road");
        # without one, the place as typed, folded, is the best key there is.
        if entity.postcode:
            return crypto.link_key("place", entity.postcode)
        return crypto.link_key("place", normalise_place(entity.value))
    # Vehicles without a registration have an empty value and so no link.
    return crypto.link_key(str(entity.kind), entity.value)


@dataclass(frozen=True)
class SubmissionInput:
    """What the submission form collects (a draft's content, the same when it is started and changed)."""

    about: About
    categories: list[Category]
    what_happened: str
    occurred_on: dt.date | None
    occurred_time: dt.time | None
    place: str
    postcode: str
    how_known: HowKnown
    subject_aware: SubjectAware
    how_known_detail: str = ""


def _apply_content(submission: Submission, data: SubmissionInput) -> None:
    if not data.what_happened.strip():
        raise IntelligenceError("Enter what was seen or heard")
    if data.occurred_on is not None and data.occurred_on > timezone.localdate():
        raise IntelligenceError("The date it happened must be today or in the past")
    submission.about = data.about
    submission.what_happened = data.what_happened.strip()
    submission.occurred_on = data.occurred_on
    submission.occurred_time = data.occurred_time
    submission.how_known = data.how_known
    submission.how_known_detail = data.how_known_detail.strip()
    submission.subject_aware = data.subject_aware


def _set_categories(submission: Submission, categories: list[Category]) -> None:
    if not categories:
        raise IntelligenceError("Select at least one kind of concern")
    submission.categories.exclude(category__in=categories).delete()
    for category in categories:
        SubmissionCategory.objects.get_or_create(submission=submission, category=category)


def _set_primary_place(submission: Submission, *, actor: User, place: str, postcode: str) -> None:
    place, postcode = _clean_place(place, postcode)
    submission.district = postcode_outward(postcode)
    entity = submission.entities.filter(primary=True).first() or Entity(
        submission=submission, kind=EntityKind.PLACE, primary=True, added_by=actor
    )
    entity.value, entity.postcode, entity.district = place, postcode, submission.district
    entity.link_key = entity_link_key(entity)
    entity.save()


def submission_create(*, actor: User, data: SubmissionInput) -> Submission:
    """Start a draft; it gets its reference now so the submitter can quote it."""
    assert actor.agency is not None
    crypto.require_key()
    with transaction.atomic():
        submission = Submission(
            partnership_id=actor.agency.partnership_id, agency=actor.agency, submitted_by=actor, status=Status.DRAFT
        )
        _apply_content(submission, data)
        submission.reference = _next_reference()
        submission.save()
        _set_categories(submission, data.categories)
        _set_primary_place(submission, actor=actor, place=data.place, postcode=data.postcode)
        submission.save(update_fields=["district"])
        audit_record(actor=actor, action=Action.CREATE, target=submission, summary=f"Started {submission.reference}")
    return submission


def submission_update(*, actor: User, submission: Submission, data: SubmissionInput) -> Submission:
    with transaction.atomic():
        _lock_draft(submission)
        _apply_content(submission, data)
        _set_categories(submission, data.categories)
        _set_primary_place(submission, actor=actor, place=data.place, postcode=data.postcode)
        submission.updated_at = timezone.now()
        submission.save(
            update_fields=[
                "about",
                "what_happened",
                "occurred_on",
                "occurred_time",
                "how_known",
                "how_known_detail",
                "subject_aware",
                "district",
                "updated_at",
            ]
        )
        audit_record(
            actor=actor, action=Action.UPDATE, target=submission, summary=f"Changed draft {submission.reference}"
        )
    return submission


def _lock_draft(submission: Submission) -> None:
    """Refuse a change to anything but a draft, re-reading the status under a row lock."""
    status = Submission.objects.select_for_update().values_list("status", flat=True).get(pk=submission.pk)
    if status != Status.DRAFT:
        raise SubmissionLocked(f"{submission.reference} has been submitted and cannot be changed: add to it instead")


def entity_add(
    *,
    actor: User,
    submission: Submission,
    kind: EntityKind,
    value: str = "",
    detail: str = "",
    person: Person | None = None,
    role: PersonRole | str = "",
    platform: Platform | str = "",
    postcode: str = "",
) -> Entity:
    """Name a person, vehicle, phone, account or place; after submission this appends."""
    entity = Entity(submission=submission, kind=kind, detail=detail.strip(), added_by=actor)
    if kind == EntityKind.PERSON:
        _describe_person(entity, submission=submission, person=person, role=role)
    else:
        _describe_thing(entity, value=value, platform=platform, postcode=postcode)
    entity.link_key = entity_link_key(entity)
    with transaction.atomic():
        status = Submission.objects.select_for_update().values_list("status", flat=True).get(pk=submission.pk)
        entity.after_submission = status != Status.DRAFT
        entity.save()
        if person is not None and entity.after_submission:
            _give_police_involvement(actor=actor, people=[person])
        audit_record(
            actor=actor,
            action=Action.CREATE,
            target=entity,
            person_id=person.pk if person is not None else None,
            summary=f"Added a {entity.get_kind_display().lower()} to {submission.reference}"
            + (" after submission" if entity.after_submission else ""),
        )
    return entity


def _describe_person(entity: Entity, *, submission: Submission, person: Person | None, role: PersonRole | str) -> None:
    """Name the person from the index, or insist on a description of someone not in it."""
    if person is not None:
        if person.partnership_id != submission.partnership_id:
            raise IntelligenceError("That person is not in this partnership's index")
        born = f", born {person.date_of_birth:%-d %B %Y}" if person.date_of_birth else ""
        entity.value = f"{person.full_name}{born}"
        entity.person_ref = str(person.pk)
    elif not entity.detail:
        raise IntelligenceError("Describe the person: a name, nickname, age or appearance")
    entity.role = role


def _describe_thing(entity: Entity, *, value: str, platform: Platform | str, postcode: str) -> None:
    """Check a vehicle, phone, account or place and store it in the one form every search links on."""
    if entity.kind == EntityKind.VEHICLE:
        if value.strip():
            problem = registration_problem(value)
            if problem:
                raise IntelligenceError(problem)
            entity.value = normalise_registration(value)
        elif not entity.detail:
            raise IntelligenceError("Enter the registration or describe the vehicle")
    elif entity.kind == EntityKind.PHONE:
        problem = phone_problem(value)
        if problem:
            raise IntelligenceError(problem)
        entity.value = normalise_phone(value)
    elif entity.kind == EntityKind.ACCOUNT:
        problem = handle_problem(value)
        if problem:
            raise IntelligenceError(problem)
        if not platform:
            raise IntelligenceError("Select where the account is")
        entity.value, entity.platform = normalise_handle(value), Platform(platform)
    elif entity.kind == EntityKind.PLACE:
        entity.value, entity.postcode = _clean_place(value, postcode)
        entity.district = postcode_outward(entity.postcode)


def entity_remove(*, actor: User, entity: Entity) -> None:
    submission = entity.submission
    with transaction.atomic():
        _lock_draft(submission)
        if entity.primary:
            raise IntelligenceError("Change where it happened instead of removing it")
        audit_record(
            actor=actor,
            action=Action.DELETE,
            target=entity,
            summary=f"Removed a {entity.get_kind_display().lower()} from draft {submission.reference}",
        )
        entity.delete()


def _linked_people(submission: Submission) -> list[Person]:
    return list(Person.objects.filter(pk__in=selectors.linked_person_ids(submission)))


def _give_police_involvement(*, actor: User, people: list[Person]) -> None:
    # Police can then open the person's record in the index when they grade; the
    # involvement's reason says only that information was shared, not what.
    if actor.agency is None:
        return
    for agency in active_agencies(actor.agency.partnership_id, AgencyKind.POLICE):
        for person in people:
            involvement_add(person=person, agency=agency, reason=InvolvementReason.SHARED)


def submission_submit(*, actor: User, submission: Submission) -> Submission:
    with transaction.atomic():
        _lock_draft(submission)
        submission.status = Status.SUBMITTED
        submission.submitted_at = timezone.now()
        submission.save(update_fields=["status", "submitted_at"])
        _give_police_involvement(actor=actor, people=_linked_people(submission))
        audit_record(
            actor=actor, action=Action.SHARE, target=submission, summary=f"Submitted {submission.reference} to police"
        )
    return submission


def addition_add(*, actor: User, submission: Submission, text: str) -> Addition:
    if not text.strip():
        raise IntelligenceError("Enter what you want to add", field="text")
    with transaction.atomic():
        status = Submission.objects.select_for_update().values_list("status", flat=True).get(pk=submission.pk)
        if status == Status.DRAFT:
            raise IntelligenceError("Change the draft instead: additions are for submitted intelligence", field="text")
        addition = Addition.objects.create(submission=submission, text=text.strip(), added_by=actor)
        audit_record(
            actor=actor,
            action=Action.CREATE,
            target=addition,
            summary=f"Added to {submission.reference} after submission",
        )
    return addition


def assessment_record(
    *,
    actor: User,
    submission: Submission,
    source_grade: SourceGrade,
    information_grade: InformationGrade,
    handling: Handling,
    sanitised_summary: str,
    outcome: Outcome,
    handling_conditions: str = "",
    outcome_detail: str = "",
) -> Assessment:
    """Grade 3x5x2 and record the outcome. Grading again adds a new assessment."""
    if not sanitised_summary.strip():
        raise IntelligenceError("Enter a sanitised summary that can be shared wider")
    if handling == Handling.CONDITIONS and not handling_conditions.strip():
        raise IntelligenceError("Enter the conditions for sharing")
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.status == Status.DRAFT:
            raise IntelligenceError("A draft cannot be graded")
        assessment = Assessment.objects.create(
            submission=submission,
            source_grade=source_grade,
            information_grade=information_grade,
            handling=handling,
            handling_conditions=handling_conditions.strip() if handling == Handling.CONDITIONS else "",
            sanitised_summary=sanitised_summary.strip(),
            outcome=outcome,
            outcome_detail=outcome_detail.strip(),
            assessed_by=actor,
        )
        submission.status = Status.ASSESSED
        submission.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action=Action.DECIDE,
            target=assessment,
            summary=f"Graded {submission.reference} {assessment.grading}, {assessment.get_outcome_display().lower()}",
        )
    return assessment


def release_decide(*, actor: User, submission: Submission, decision: Release, reason: str) -> ReleaseDecision:
    """The police decide whether a submission goes into the subject access bundles of the people it names.

    Only a grader of a police agency in the submission's partnership decides (the intelligence is the
    police's to release); deciding again adds a decision, the latest counts. Audited once for each person
    from the index it names, so each person's history shows the decision, never the content.
    """
    if (
        not selectors.is_grader(actor)
        or actor.agency is None
        or actor.agency.partnership_id != submission.partnership_id
    ):
        raise IntelligenceError("Only the police intelligence team of this partnership decide what is released")
    if not reason.strip():
        raise IntelligenceError("Enter why you decided this")
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.status == Status.DRAFT:
            raise IntelligenceError("A draft has not been sent to the police and cannot be released")
        made = ReleaseDecision.objects.create(
            submission=submission, decision=decision, reason=reason.strip(), decided_by=actor
        )
        verb = "Released" if decision == Release.RELEASE else "Withheld"
        named: list[int | None] = [*selectors.linked_person_ids(submission)]
        for person_id in named or [None]:
            audit_record(
                actor=actor,
                action=Action.DECIDE,
                target=made,
                person_id=person_id,
                summary=f"{verb} {submission.reference} for subject access bundles",
            )
    return made


def rotate_key(*, actor: User | None = None) -> int:
    """Re-encrypt every encrypted value with the first key and recompute every link key.

    Run after putting a new key first in SAFEGUARD_FIELD_KEY (old keys after it,
    comma-separated); once it has run, the old keys can be removed. Returns the
    number of rows rewritten.
    """
    from safeguard.intelligence.models import Addition, Assessment, ReleaseDecision

    rewritten = 0
    with transaction.atomic():
        # Saving a row re-encrypts its fields under the first key (Fernet tokens are never reused).
        for model, fields in (
            (Submission, ["what_happened", "how_known_detail"]),
            (Addition, ["text"]),
            (Assessment, ["handling_conditions", "sanitised_summary", "outcome_detail"]),
            (ReleaseDecision, ["reason"]),
        ):
            for row in model.objects.select_for_update().all():  # type: ignore[attr-defined]
                row.save(update_fields=fields)
                rewritten += 1
        for entity in Entity.objects.select_for_update().all():
            entity.link_key = entity_link_key(entity)
            entity.save(update_fields=["value", "detail", "person_ref", "postcode", "link_key"])
            rewritten += 1
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="intelligence.submission",
            summary=f"Re-encrypted soft intelligence under a new key ({rewritten} rows)",
            actor_username="" if actor else SystemActor.KEY_ROTATION,
        )
    return rewritten


# --- retention ----------------------------------------------------------------------------------------------


def submission_retention_delete(*, submission: Submission, by: str) -> None:
    """Delete a submission past its retention period with all it names, its additions, gradings and release
    decisions, for the scheduled job ``by``. Audited by kind and id: the reference and content go."""
    with transaction.atomic():
        pk = submission.pk
        submission.delete()
        audit_disposal(by=by, record=submission, pk=pk)
