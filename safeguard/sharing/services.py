"""Recording and reviewing information-sharing decisions; publishing briefings.

There is deliberately no function to change or delete a decision: a decision
is what was decided, with what was known, when. A new decision supersedes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.core.errors import Refused
from safeguard.core.retention import audit_disposal
from safeguard.partnership.models import Agency, User
from safeguard.people.models import InvolvementReason, Person
from safeguard.people.services import involvement_add
from safeguard.sharing.models import (
    Briefing,
    BriefingStatus,
    Consent,
    Decision,
    DecisionReview,
    LawfulBasis,
    NoConsentReason,
    ReviewOutcome,
    SharingDecision,
    SpecialCondition,
)


class SharingError(Refused):
    """Input a service refuses, with a sentence fit for the error summary."""


@dataclass
class DecisionInput:
    """What the guided form collects, in the order the practitioners' advice asks it."""

    concern: str
    necessary_and_proportionate: bool
    necessity_reasons: str
    consent: Consent
    lawful_basis: LawfulBasis
    special_condition: SpecialCondition
    decision: Decision
    decision_reasons: str
    decided_by_name: str
    decided_on: dt.date
    review_on: dt.date
    no_consent_reason: NoConsentReason | str = ""
    consent_detail: str = ""
    what_shared: str = ""
    shared_with_agencies: list[Agency] = field(default_factory=list)
    shared_with_other: str = ""
    purpose: str = ""
    shared_on: dt.date | None = None
    decided_by_role: str = ""
    meeting_description: str = ""
    guidance: Briefing | None = None


def check_decision(data: DecisionInput) -> list[tuple[str, str]]:
    """Everything wrong with a decision, as (field, sentence); the form and the service share this."""
    problems = []
    today = timezone.localdate()
    if data.consent == Consent.NOT_SOUGHT and not data.no_consent_reason:
        problems.append(("no_consent_reason", "Select why consent was not sought"))
    if data.no_consent_reason == NoConsentReason.OTHER and not data.consent_detail.strip():
        problems.append(("consent_detail", "Explain why consent was not sought"))
    if data.decision == Decision.SHARE:
        if not data.necessary_and_proportionate:
            problems.append(
                (
                    "necessary_and_proportionate",
                    "Information can only be shared when sharing is necessary and proportionate",
                )
            )
        if not data.what_shared.strip():
            problems.append(("what_shared", "Enter what was shared"))
        if not data.shared_with_agencies and not data.shared_with_other.strip():
            problems.append(("shared_with_agencies", "Select or enter who it was shared with"))
        if not data.purpose.strip():
            problems.append(("purpose", "Enter the purpose of sharing"))
        if data.shared_on is None:
            problems.append(("shared_on", "Enter when it was shared"))
        elif data.shared_on > today:
            problems.append(("shared_on", "The date it was shared must be today or in the past"))
    if data.decided_on > today:
        problems.append(("decided_on", "The date of the decision must be today or in the past"))
    if data.review_on <= data.decided_on:
        problems.append(("review_on", "The review date must be after the date of the decision"))
    if data.lawful_basis == LawfulBasis.LAW_ENFORCEMENT and data.special_condition == SpecialCondition.SAFEGUARDING:
        problems.append(
            (
                "special_condition",
                "Under Part 3 (law enforcement) the condition for special category data is Schedule 8",
            )
        )
    return problems


def decision_record(
    *,
    actor: User,
    person: Person,
    data: DecisionInput,
    supersedes: SharingDecision | None = None,
    supersede_reason: str = "",
) -> SharingDecision:
    assert actor.agency is not None
    return _record(
        actor=actor,
        agency=actor.agency,
        person=person,
        data=data,
        supersedes=supersedes,
        supersede_reason=supersede_reason,
    )


def decision_record_by_rule(
    *, agency: Agency, recorded_by_name: str, person: Person, data: DecisionInput
) -> SharingDecision:
    """A decision made by a rule on the agency's behalf, with no person signed in: an agency system's push
    shared by the partnership's rule, or a catch-up job applying it. ``recorded_by_name`` says which, and the
    decision carries the same lawful basis, what and with whom as one a person records."""
    if not recorded_by_name.strip():
        raise SharingError("Say which system or job recorded the decision")
    return _record(actor=None, agency=agency, person=person, data=data, recorded_by_name=recorded_by_name.strip())


def _refuse_invalid(
    *, agency: Agency, data: DecisionInput, supersedes: SharingDecision | None, supersede_reason: str
) -> None:
    problems = check_decision(data)
    if any(a.partnership_id != agency.partnership_id for a in data.shared_with_agencies):
        problems.append(("shared_with_agencies", "Agencies shared with must be in your partnership"))
    if supersedes is not None and not supersede_reason.strip():
        problems.append(("supersede_reason", "Enter why this decision replaces the earlier one"))
    if problems:
        raise SharingError(problems[0][1])


def _lock_replaceable(*, supersedes: SharingDecision, agency: Agency, person: Person) -> None:
    """Lock the decision being replaced, so two replacements of it cannot both succeed."""
    locked = SharingDecision.objects.select_for_update().get(pk=supersedes.pk)
    if SharingDecision.objects.filter(supersedes=locked).exists():
        raise SharingError("That decision has already been replaced: replace the latest one instead")
    if locked.person_id != person.pk or locked.agency_id != agency.pk:
        raise SharingError("A decision can only be replaced by one about the same person, by the same agency")


def _decision_create(
    *,
    actor: User | None,
    agency: Agency,
    person: Person,
    data: DecisionInput,
    supersedes: SharingDecision | None,
    supersede_reason: str,
    recorded_by_name: str,
) -> SharingDecision:
    sharing = data.decision == Decision.SHARE
    return SharingDecision.objects.create(
        partnership_id=agency.partnership_id,
        agency=agency,
        recorded_by=actor,
        recorded_by_name=recorded_by_name[:150],
        person=person,
        meeting_description=data.meeting_description.strip(),
        guidance=data.guidance,
        concern=data.concern.strip(),
        necessary_and_proportionate=data.necessary_and_proportionate,
        necessity_reasons=data.necessity_reasons.strip(),
        consent=data.consent,
        no_consent_reason=data.no_consent_reason if data.consent == Consent.NOT_SOUGHT else "",
        consent_detail=data.consent_detail.strip(),
        lawful_basis=data.lawful_basis,
        special_condition=data.special_condition,
        decision=data.decision,
        decision_reasons=data.decision_reasons.strip(),
        # What was shared, with whom and why only mean something when the decision was to share.
        what_shared=data.what_shared.strip() if sharing else "",
        shared_with_other=data.shared_with_other.strip() if sharing else "",
        purpose=data.purpose.strip() if sharing else "",
        shared_on=data.shared_on if sharing else None,
        decided_by_name=data.decided_by_name.strip(),
        decided_by_role=data.decided_by_role.strip(),
        decided_on=data.decided_on,
        review_on=data.review_on,
        supersedes=supersedes,
        supersede_reason=supersede_reason.strip(),
    )


def _record(
    *,
    actor: User | None,
    agency: Agency,
    person: Person,
    data: DecisionInput,
    supersedes: SharingDecision | None = None,
    supersede_reason: str = "",
    recorded_by_name: str = "",
) -> SharingDecision:
    _refuse_invalid(agency=agency, data=data, supersedes=supersedes, supersede_reason=supersede_reason)
    with transaction.atomic():
        if supersedes is not None:
            _lock_replaceable(supersedes=supersedes, agency=agency, person=person)
        decision = _decision_create(
            actor=actor,
            agency=agency,
            person=person,
            data=data,
            supersedes=supersedes,
            supersede_reason=supersede_reason,
            recorded_by_name=recorded_by_name,
        )
        if data.decision == Decision.SHARE:
            decision.shared_with_agencies.set(data.shared_with_agencies)
            # The receiving agencies now have a legitimate reason to see the person.
            for receiver in data.shared_with_agencies:
                involvement_add(person=person, agency=receiver, reason=InvolvementReason.SHARED)
        summary = f"Recorded a decision to {decision.get_decision_display().lower()}"
        if supersedes is not None:
            summary += f", replacing decision {supersedes.pk}"
        audit_record(
            actor=actor,
            action=Action.DECIDE,
            target=decision,
            person_id=person.pk,
            summary=summary,
            reason=supersede_reason,
            actor_username="" if actor is not None else recorded_by_name[:150],
            agency=agency,
        )
    return decision


def decision_review(
    *, actor: User, decision: SharingDecision, outcome: ReviewOutcome, note: str = ""
) -> DecisionReview:
    if outcome == ReviewOutcome.NEW_DECISION_NEEDED and not note.strip():
        raise SharingError("Say what needs to change")
    with transaction.atomic():
        review = DecisionReview.objects.create(decision=decision, reviewer=actor, outcome=outcome, note=note.strip())
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=decision,
            person_id=decision.person_id,
            summary=f"Reviewed sharing decision: {review.get_outcome_display().lower()}",
            reason=note,
        )
    return review


def briefing_save(
    *, actor: User, title: str, summary: str, body: str, briefing: Briefing | None = None, slug: str = ""
) -> Briefing:
    """Create a draft briefing, or change one; a published briefing changes in place and says when."""
    assert actor.agency is not None
    if not title.strip() or not body.strip():
        raise SharingError("Enter a title and the text of the briefing")
    with transaction.atomic():
        if briefing is None:
            base = slugify(slug or title)[:70] or "briefing"
            candidate, n = base, 2
            while Briefing.objects.filter(partnership_id=actor.agency.partnership_id, slug=candidate).exists():
                candidate, n = f"{base}-{n}", n + 1
            briefing = Briefing(partnership_id=actor.agency.partnership_id, slug=candidate)
            action = Action.CREATE
        else:
            action = Action.UPDATE
        briefing.title, briefing.summary, briefing.body = title.strip(), summary.strip(), body.strip()
        briefing.updated_at, briefing.updated_by = timezone.now(), actor
        briefing.save()
        audit_record(actor=actor, action=action, target=briefing, summary=f"Saved briefing {briefing.title}")
    return briefing


def briefing_publish(*, actor: User, briefing: Briefing, publish: bool = True) -> Briefing:
    with transaction.atomic():
        briefing.status = BriefingStatus.PUBLISHED if publish else BriefingStatus.DRAFT
        if publish and briefing.published_at is None:
            briefing.published_at = timezone.now()
        briefing.save(update_fields=["status", "published_at"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=briefing,
            summary=f"{'Published' if publish else 'Withdrew'} briefing {briefing.title}",
        )
    return briefing


# --- retention ----------------------------------------------------------------------------------------------


def decision_retention_delete(*, decision: SharingDecision, by: str) -> None:
    """Delete a sharing decision past its retention period with its reviews, for the scheduled job ``by``.

    Raises ``ProtectedError`` (and so is kept, reviews and all) while a later decision supersedes it or a
    missing episode or a police share still rests on it.
    """
    with transaction.atomic():
        pk = decision.pk
        for review in decision.reviews.all():
            review_pk = review.pk
            review.delete()
            audit_disposal(by=by, record=review, pk=review_pk)
        decision.delete()
        audit_disposal(by=by, record=decision, pk=pk)
