"""Planning joint visits and recording their outcomes: atomic and audited."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.datawash.models import CohortChild
from safeguard.partnership.models import Agency, User
from safeguard.people.models import InvolvementReason
from safeguard.people.services import involvement_add
from safeguard.visits.models import CONFIRMED_OUTCOMES, SIGHTING_OUTCOMES, JointVisit, Outcome, VisitStatus


class VisitProblem(ValueError):
    pass


def visits_plan(
    *,
    actor: User,
    children: list[CohortChild],
    lead_officer: User,
    second_officer: User,
    due_date: dt.date,
) -> list[JointVisit]:
    """Plan one joint visit per child, by two officers of two agencies; their agencies may then see the child.

    A child who already has a visit planned keeps it and gets no second one (so a second click on
    the button plans nothing twice); the visits planned now are returned.
    """
    if lead_officer.agency is None or second_officer.agency is None:
        raise VisitProblem("Both officers must belong to an agency")
    if lead_officer.agency_id == second_officer.agency_id:
        raise VisitProblem("A joint visit needs officers from two different agencies")
    lead_agency: Agency = lead_officer.agency
    second_agency: Agency = second_officer.agency
    planned = []
    try:
        with transaction.atomic():
            for child in children:
                person = child.person
                if (
                    person is None
                    or JointVisit.objects.filter(
                        partnership_id=child.run.partnership_id, person=person, status=VisitStatus.PLANNED
                    ).exists()
                ):
                    continue
                visit = JointVisit.objects.create(
                    partnership_id=child.run.partnership_id,
                    person=person,
                    cohort_source=child.cohort_source,
                    cohort_record_id=child.cohort_record_id,
                    lead_agency=lead_agency,
                    lead_officer=lead_officer,
                    second_agency=second_agency,
                    second_officer=second_officer,
                    due_date=due_date,
                    planned_by=actor,
                )
                for agency in (lead_agency, second_agency):
                    involvement_add(person=person, agency=agency, reason=InvolvementReason.VISIT)
                audit_record(
                    actor=actor,
                    action=Action.CREATE,
                    target=visit,
                    person_id=person.pk,
                    summary=f"Planned a joint visit by {lead_agency} and {second_agency}, due {due_date:%d %b %Y}",
                )
                planned.append(visit)
    except IntegrityError:
        # Another planner got there in the same instant: the constraint kept one visit per child,
        # and none of this plan was saved.
        raise VisitProblem(
            "Someone else planned visits for some of these children just now: look at the list again"
        ) from None
    return planned


def visit_record(
    *,
    actor: User,
    visit: JointVisit,
    outcome: Outcome,
    outcome_date: dt.date,
    referred_to: str = "",
    notes: str = "",
    confirmed_on: dt.date | None = None,
) -> JointVisit:
    """Record what happened. Only a sighting goes to the next wash as contact, from its date.

    "Moved away", "on a school roll" and "referred as missing education" take the child off the
    campaign with a status of their own; ``confirmed_on`` is when the new authority was told or
    the school confirmed attendance (the visit's date when not given).
    """
    if outcome in CONFIRMED_OUTCOMES and confirmed_on is None:
        confirmed_on = outcome_date
    if outcome not in CONFIRMED_OUTCOMES:
        confirmed_on = None
    with transaction.atomic():
        # Locked, so two officers recording at once cannot both succeed with the last one winning.
        if not JointVisit.objects.select_for_update().filter(pk=visit.pk, status=VisitStatus.PLANNED).exists():
            raise VisitProblem("This visit's outcome is already recorded")
        visit.status = VisitStatus.COMPLETED
        visit.outcome = outcome
        visit.outcome_date = outcome_date
        visit.referred_to = referred_to
        visit.notes = notes
        visit.confirmed_on = confirmed_on
        visit.recorded_by = actor
        visit.recorded_at = timezone.now()
        visit.save(
            update_fields=[
                "status",
                "outcome",
                "outcome_date",
                "referred_to",
                "notes",
                "confirmed_on",
                "recorded_by",
                "recorded_at",
            ]
        )
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=visit,
            person_id=visit.person_id,
            summary=f"Recorded the visit's outcome: {outcome.label}"
            + ("" if outcome in SIGHTING_OUTCOMES else " (not a sighting)"),
        )
    return visit
