"""Planning joint visits and recording their outcomes: atomic and audited."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.core.retention import audit_disposal
from safeguard.datawash.models import COHORT_KINDS, CohortChild, RunStatus, WashRun
from safeguard.partnership.models import Agency, Group, GroupMembership, GroupRole, User
from safeguard.people.models import InvolvementReason
from safeguard.people.services import involvement_add
from safeguard.visits.models import (
    CONFIRMED_OUTCOMES,
    SIGHTING_OUTCOMES,
    Campaign,
    CampaignRun,
    JointVisit,
    Outcome,
    VisitStatus,
)


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


# --- the campaign ---------------------------------------------------------------------------------------


def _check_lead(actor: User, group: Group) -> None:
    if not GroupMembership.objects.filter(user=actor, group=group, role=GroupRole.LEAD).exists():
        raise VisitProblem(f"Only a named lead of {group} can start, update or close its campaign")


def _check_run(actor: User, run: WashRun) -> None:
    if actor.agency is None or run.partnership_id != actor.agency.partnership_id:
        raise VisitProblem("Choose a wash run of your own partnership")
    if run.status != RunStatus.SUCCEEDED:
        raise VisitProblem(f"Wash run {run.pk} has not finished: choose a run that succeeded")
    if run.cohort_kind not in COHORT_KINDS:
        raise VisitProblem(f"Wash run {run.pk} is not a run on a register")


def campaign_start(*, actor: User, group: Group, run: WashRun, name: str) -> Campaign:
    """Start the partnership's campaign from a run its lead chose; the board's figures follow it from now.

    Only a named lead of the owning group may; a partnership has one campaign, which later runs
    change only through ``campaign_update``.
    """
    _check_run(actor, run)
    if not group.partnerships.filter(pk=run.partnership_id).exists():
        raise VisitProblem(f"{group} is not a group of this partnership")
    _check_lead(actor, group)
    try:
        with transaction.atomic():
            campaign = Campaign.objects.create(
                partnership_id=run.partnership_id, group=group, name=name, started_by=actor
            )
            CampaignRun.objects.create(campaign=campaign, run=run, adopted_at=campaign.started_at, adopted_by=actor)
            audit_record(
                actor=actor,
                action=Action.CREATE,
                target=campaign,
                summary=f'Started the campaign "{name}" for {group} from wash run {run.pk} '
                f"({run.counts.get('cohort_unseen', 0)} not seen)",
            )
    except IntegrityError:
        raise VisitProblem(
            "The partnership's campaign has already been started: update it from a newer run, or close it first"
        ) from None
    return campaign


def campaign_close(*, actor: User, campaign: Campaign, summary: str) -> Campaign:
    """A named lead closes the campaign with a summary of what it achieved; its figures and history stay,
    and the partnership may start its next campaign."""
    _check_lead(actor, campaign.group)
    if not summary.strip():
        raise VisitProblem("Enter a closing summary: what the campaign achieved and what is left")
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.closed_at is not None:
            raise VisitProblem("The campaign has already been closed")
        campaign.closed_at, campaign.closed_by, campaign.closing_summary = timezone.now(), actor, summary.strip()
        campaign.save(update_fields=["closed_at", "closed_by", "closing_summary"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=campaign,
            summary=f'Closed the campaign "{campaign.name}"',
            reason=campaign.closing_summary,
        )
    return campaign


def campaign_update(*, actor: User, campaign: Campaign, run: WashRun) -> CampaignRun:
    """Move the campaign on to a newer run of the same register, as its lead decides (audited).

    The runs it worked from before stay in its history, so the burn-down keeps its dates.
    """
    _check_run(actor, run)
    _check_lead(actor, campaign.group)
    with transaction.atomic():
        # Locked, so two leads updating at once add their runs one after the other.
        Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        current = campaign.runs.select_related("run").order_by("-adopted_at", "-pk").first()
        if current is not None:
            if current.run_id == run.pk or campaign.runs.filter(run=run).exists():
                raise VisitProblem(f"The campaign has already worked from wash run {run.pk}")
            if run.cohort_kind != current.run.cohort_kind:
                raise VisitProblem(
                    f"Wash run {run.pk} is on a different register from the campaign's "
                    f"({current.run.get_cohort_kind_display().lower()})"
                )
            if run.created_at < current.run.created_at or run.as_of < current.run.as_of:
                raise VisitProblem(
                    f"Wash run {run.pk} is older than the campaign's run {current.run_id}: choose a newer run"
                )
        adopted = CampaignRun.objects.create(campaign=campaign, run=run, adopted_by=actor)
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=campaign,
            summary=f"Updated the campaign from wash run {run.pk} (as of {run.as_of:%d %b %Y}, "
            f"{run.counts.get('cohort_unseen', 0)} not seen)"
            + (f"; it worked from run {current.run_id} before" if current else ""),
        )
    return adopted


# --- retention ----------------------------------------------------------------------------------------------


def visit_retention_delete(*, visit: JointVisit, by: str) -> None:
    """Delete a joint visit past its retention period for the scheduled job ``by``; audited by kind and id."""
    with transaction.atomic():
        pk = visit.pk
        visit.delete()
        audit_disposal(by=by, record=visit, pk=pk)
