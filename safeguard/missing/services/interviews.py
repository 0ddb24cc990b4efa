"""Return home interviews: who offers them, what was said, and what is passed to police.

One function each, atomic, audited in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.missing import selectors, tasks
from safeguard.missing.models import (
    ExploitationIndicator,
    PoliceShare,
    ReturnInterview,
    RhiOutcome,
)
from safeguard.missing.services.episodes import EpisodeProblem, police_agencies
from safeguard.partnership.models import Agency, User
from safeguard.people.models import InvolvementReason
from safeguard.people.services import involvement_add
from safeguard.sharing.models import (
    Consent,
    Decision,
    LawfulBasis,
    NoConsentReason,
    SharingDecision,
    SpecialCondition,
)
from safeguard.sharing.services import DecisionInput, SharingError, decision_record


def rhi_reassign(*, actor: User, rhi: ReturnInterview, provider: Agency, reason: str) -> ReturnInterview:
    """Hand an open interview to another agency, e.g. a trusted worker the child prefers."""
    if not selectors.keeps_interview(actor.agency_id, rhi):
        raise EpisodeProblem("Only the current provider or the agency that recorded the episode can change this")
    if rhi.is_closed:
        raise EpisodeProblem("This return home interview is already finished")
    if provider.pk == rhi.provider_id:
        raise EpisodeProblem(f"{provider.name} already offers this return home interview")
    if provider.partnership_id != rhi.episode.partnership_id or not provider.is_active:
        raise EpisodeProblem("Choose an active agency in this partnership to offer the return home interview")
    if not reason.strip():
        raise EpisodeProblem("Enter why another agency will offer the interview")
    with transaction.atomic():
        previous = rhi.provider.name
        rhi.provider = provider
        # The new provider has not been told yet: its emails start afresh.
        rhi.due_notified_at = rhi.reminder_notified_at = None
        rhi.updated_at = timezone.now()
        rhi.save(update_fields=["provider", "due_notified_at", "reminder_notified_at", "updated_at"])
        involvement_add(person=rhi.episode.person, agency=provider, reason=InvolvementReason.EPISODE)
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=rhi,
            person_id=rhi.episode.person_id,
            summary=f"Return home interview moved from {previous} to {provider.name}",
            reason=reason,
        )
        transaction.on_commit(lambda: tasks.schedule_rhi_notifications(rhi.pk, rhi.due_at))
    return rhi


@dataclass(frozen=True)
class RhiDetails:
    offered_at: dt.datetime | None = None
    offered_by: str = ""
    outcome: RhiOutcome | None = None
    outcome_reason: str = ""
    completed_at: dt.datetime | None = None
    completed_by: str = ""
    independent: bool | None = None
    push_factors: str = ""
    pull_factors: str = ""
    exploitation_indicators: tuple[ExploitationIndicator, ...] = ()
    shared_with_police: str = ""
    shared_with_others: str = ""


def rhi_problems(rhi: ReturnInterview, details: RhiDetails) -> list[tuple[str, str]]:
    """What is wrong with these details, as (field, message) pairs, so forms and the API agree."""
    problems: list[tuple[str, str]] = []
    returned = rhi.episode.ended_at
    now = timezone.now() + dt.timedelta(minutes=5)
    if details.outcome in {RhiOutcome.DECLINED, RhiOutcome.NOT_POSSIBLE} and not details.outcome_reason.strip():
        problems.append(("outcome_reason", "Say why the interview was declined or not possible"))
    for name, value in (("offered_at", details.offered_at), ("completed_at", details.completed_at)):
        if value is not None and returned is not None and value < returned:
            problems.append((name, "This must be after the child returned"))
        if value is not None and value > now:
            problems.append((name, "This must be in the past"))
    if details.completed_at is not None:
        if details.outcome != RhiOutcome.ACCEPTED:
            problems.append(("outcome", "An interview can be completed only if the child accepted it"))
        if not details.completed_by.strip():
            problems.append(("completed_by", "Enter who did the interview"))
        if details.independent is None:
            problems.append(("independent", "Say whether the interviewer was independent of the child's care"))
    if details.outcome == RhiOutcome.ACCEPTED and details.offered_at is None:
        problems.append(("offered_at", "Enter when the interview was offered"))
    return problems


def rhi_record(*, actor: User, rhi: ReturnInterview, details: RhiDetails) -> ReturnInterview:
    if not selectors.keeps_interview(actor.agency_id, rhi):
        raise EpisodeProblem("Only the provider or the agency that recorded the episode can record the interview")
    problems = rhi_problems(rhi, details)
    if problems:
        raise EpisodeProblem(problems[0][1])
    with transaction.atomic():
        rhi.offered_at = details.offered_at
        rhi.offered_by = details.offered_by.strip()
        rhi.outcome = details.outcome or ""
        rhi.outcome_reason = details.outcome_reason.strip()
        rhi.completed_at = details.completed_at
        rhi.completed_by = details.completed_by.strip()
        rhi.independent = details.independent
        rhi.push_factors = details.push_factors.strip()
        rhi.pull_factors = details.pull_factors.strip()
        rhi.exploitation_indicators = [str(code) for code in details.exploitation_indicators]
        rhi.shared_with_police = details.shared_with_police.strip()
        rhi.shared_with_others = details.shared_with_others.strip()
        rhi.updated_at = timezone.now()
        rhi.save(
            update_fields=[
                "offered_at",
                "offered_by",
                "outcome",
                "outcome_reason",
                "completed_at",
                "completed_by",
                "independent",
                "push_factors",
                "pull_factors",
                "exploitation_indicators",
                "shared_with_police",
                "shared_with_others",
                "updated_at",
            ]
        )
        state = "completed" if rhi.completed_at else (rhi.get_outcome_display().lower() or "offered")
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=rhi,
            person_id=rhi.episode.person_id,
            summary=f"Recorded the return home interview: {state}",
        )
    return rhi


def _rhi_share_decision(
    *,
    actor: User,
    information: str,
    reason: str,
    consent: Consent,
    no_consent_reason: NoConsentReason | str,
    police: list[Agency],
) -> DecisionInput:
    """The sharing decision behind passing interview information to police: what, with whom, why."""
    today = timezone.localdate()
    return DecisionInput(
        concern="Information from a return home interview after a missing episode",
        necessary_and_proportionate=True,
        necessity_reasons=reason.strip(),
        consent=consent,
        no_consent_reason=no_consent_reason if consent == Consent.NOT_SOUGHT else "",
        lawful_basis=LawfulBasis.PUBLIC_TASK,
        special_condition=SpecialCondition.SAFEGUARDING,
        decision=Decision.SHARE,
        decision_reasons=reason.strip(),
        decided_by_name=actor.display_name(),
        decided_by_role=actor.job_title,
        decided_on=today,
        review_on=today + dt.timedelta(days=28),
        what_shared=information.strip(),
        shared_with_agencies=police,
        purpose=reason.strip(),
        shared_on=today,
    )


def _police_share_create(
    *,
    actor: User,
    actor_agency: Agency,
    rhi: ReturnInterview,
    decision: SharingDecision,
    agency: Agency,
    information: str,
    reason: str,
) -> PoliceShare:
    """One police force's shared record of what was passed, which it sees through an involvement; audited."""
    person = rhi.episode.person
    share = PoliceShare.objects.create(
        decision=decision,
        rhi=rhi,
        person=person,
        police_agency=agency,
        information=information.strip(),
        reason=reason.strip(),
        shared_by=actor,
        shared_by_agency=actor_agency,
    )
    involvement_add(person=person, agency=agency, reason=InvolvementReason.SHARED)
    audit_record(
        actor=actor,
        action=Action.SHARE,
        target=share,
        person_id=person.pk,
        summary=f"Passed return home interview information to {agency.name}",
        reason=reason,
    )
    return share


def rhi_share_with_police(
    *,
    actor: User,
    rhi: ReturnInterview,
    information: str,
    reason: str,
    consent: Consent = Consent.NOT_SOUGHT,
    no_consent_reason: NoConsentReason | str = NoConsentReason.RISK_TO_CHILD,
) -> list[PoliceShare]:
    """Pass RHI information to the partnership's police: a shared record they can see, audited.

    Recorded as a sharing decision too (lawful basis, what, with whom, why). Police see what was passed,
    not the interview's other fields.
    """
    assert actor.agency is not None
    if not information.strip():
        raise EpisodeProblem("Enter the information you are passing to police")
    if not reason.strip():
        raise EpisodeProblem("Say why you are sharing it")
    police = police_agencies(rhi.episode.partnership_id)
    if not police:
        raise EpisodeProblem("The partnership has no police agency to share with")
    data = _rhi_share_decision(
        actor=actor,
        information=information,
        reason=reason,
        consent=consent,
        no_consent_reason=no_consent_reason,
        police=police,
    )
    with transaction.atomic():
        try:
            decision = decision_record(actor=actor, person=rhi.episode.person, data=data)
        except SharingError as exc:
            raise EpisodeProblem(str(exc)) from None
        return [
            _police_share_create(
                actor=actor,
                actor_agency=actor.agency,
                rhi=rhi,
                decision=decision,
                agency=agency,
                information=information,
                reason=reason,
            )
            for agency in police
        ]
