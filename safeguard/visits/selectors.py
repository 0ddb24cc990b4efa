"""Reading joint visits and the campaign's progress, scoped to what the user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from safeguard.core.figures import Figure, period_bounds
from safeguard.datawash import selectors as datawash
from safeguard.datawash.models import CohortChild, SourceKind, WashRun
from safeguard.partnership.models import Agency, GroupMembership, GroupRole, Partnership, User
from safeguard.partnership.roles import Perm
from safeguard.visits.models import CONTACT_OUTCOMES, JointVisit, VisitStatus


@dataclass(frozen=True)
class VisitContact:
    """A completed visit, as the next wash run sees it: contact with a register child on a date."""

    visit_id: int
    cohort_source: str
    cohort_record_id: str
    given_name: str
    family_name: str
    date_of_birth: dt.date | None
    contact_date: dt.date


def visit_contacts(*, partnership: Partnership) -> list[VisitContact]:
    visits = JointVisit.objects.filter(
        partnership=partnership,
        status=VisitStatus.COMPLETED,
        outcome__in=CONTACT_OUTCOMES,
        outcome_date__isnull=False,
    ).select_related("person")
    return [
        VisitContact(
            visit_id=v.pk,
            cohort_source=v.cohort_source,
            cohort_record_id=v.cohort_record_id,
            given_name=v.person.given_name,
            family_name=v.person.family_name,
            date_of_birth=v.person.date_of_birth,
            contact_date=v.outcome_date,  # type: ignore[arg-type]
        )
        for v in visits
    ]


def _partnership_id(user: User) -> int | None:
    return user.agency.partnership_id if user.agency else None


def visits_for_user(user: User) -> QuerySet[JointVisit]:
    """Planners see the partnership's visits; officers those assigned to them or their agency."""
    partnership_id = _partnership_id(user)
    if partnership_id is None:
        return JointVisit.objects.none()
    visits = JointVisit.objects.filter(partnership_id=partnership_id).select_related(
        "person", "lead_agency", "second_agency", "lead_officer", "second_officer"
    )
    if user.can(Perm.PLAN_VISITS):
        return visits
    if user.can(Perm.RECORD_VISITS):
        return visits.filter(
            Q(lead_officer=user)
            | Q(second_officer=user)
            | Q(lead_agency_id=user.agency_id)
            | Q(second_agency_id=user.agency_id)
        )
    return JointVisit.objects.none()


def get_visit_for_user(user: User, pk: int) -> JointVisit:
    return get_object_or_404(visits_for_user(user), pk=pk)


def is_named_lead(user: User) -> bool:
    partnership_id = _partnership_id(user)
    if partnership_id is None:
        return False
    return GroupMembership.objects.filter(
        user=user, role=GroupRole.LEAD, group__partnerships__id=partnership_id
    ).exists()


def may_see_names(user: User) -> bool:
    """Names of unseen children are for analysts, the sub-group's named leads and assigned officers."""
    if user.agency is None:
        return False
    if user.can(Perm.RUN_WASH) or user.can(Perm.PLAN_VISITS) or is_named_lead(user):
        return True
    return JointVisit.objects.filter(Q(lead_officer=user) | Q(second_officer=user)).exists()


def campaign_run(*, partnership: Partnership) -> WashRun | None:
    """The run the campaign works from: the latest on the home-education register, else any register."""
    return datawash.latest_run(partnership=partnership, kind=SourceKind.EHE_REGISTER) or datawash.latest_run(
        partnership=partnership
    )


@dataclass
class UnseenChild:
    child: CohortChild
    visit: JointVisit | None

    @property
    def settled(self) -> bool:
        return self.visit is not None and self.visit.counts_as_contact


def unseen_list(*, partnership: Partnership, run: WashRun, user: User | None = None) -> list[UnseenChild]:
    """The run's unseen children with their latest visit; for an assigned officer, only their own."""
    children = list(datawash.unseen_children(run))
    visits: dict[int, JointVisit] = {}
    for visit in (
        JointVisit.objects.filter(partnership=partnership)
        .exclude(status=VisitStatus.CANCELLED)
        .select_related("lead_officer", "second_officer", "lead_agency", "second_agency")
        .order_by("planned_at")
    ):
        visits[visit.person_id] = visit
    rows = [UnseenChild(child, visits.get(child.person_id)) for child in children if child.person_id]
    if user is not None and not (user.can(Perm.RUN_WASH) or user.can(Perm.PLAN_VISITS) or is_named_lead(user)):
        rows = [
            r for r in rows if r.visit is not None and user.pk in (r.visit.lead_officer_id, r.visit.second_officer_id)
        ]
    return rows


@dataclass(frozen=True)
class CampaignTotals:
    cohort: int
    unseen: int
    planned: int
    overdue: int
    seen: int
    run: WashRun | None
    burn_down: list[tuple[dt.date, int]]


def campaign_totals(*, partnership: Partnership, today: dt.date | None = None) -> CampaignTotals:
    """Progress to zero: children still unseen after visits, visits planned and overdue, children seen."""
    today = today or timezone.localdate()
    run = campaign_run(partnership=partnership)
    if run is None:
        return CampaignTotals(0, 0, 0, 0, 0, None, [])
    rows = unseen_list(partnership=partnership, run=run)
    settled = [r for r in rows if r.settled]
    open_visits = [r.visit for r in rows if r.visit is not None and r.visit.status == VisitStatus.PLANNED]
    overdue = sum(1 for v in open_visits if v is not None and v.due_date < today)
    cohort = int(run.counts.get("cohort", 0))
    unseen_now = len(rows) - len(settled)
    return CampaignTotals(
        cohort=cohort,
        unseen=unseen_now,
        planned=len(open_visits) - overdue,
        overdue=overdue,
        seen=cohort - unseen_now,
        run=run,
        burn_down=_burn_down(run, rows, today),
    )


def _burn_down(run: WashRun, rows: list[UnseenChild], today: dt.date) -> list[tuple[dt.date, int]]:
    """Children still unseen on each date since the run, as visits settled them."""
    start = (run.finished_at or run.created_at).date()
    settled_on = sorted(
        (r.visit.outcome_date if r.visit and r.visit.outcome_date else start) for r in rows if r.settled
    )
    points: list[tuple[dt.date, int]] = [(start, len(rows))]
    remaining = len(rows)
    for day in sorted(set(settled_on)):
        remaining = len(rows) - sum(1 for d in settled_on if d <= day)
        points.append((max(day, start), remaining))
    if points[-1][0] < today:
        points.append((today, remaining))
    return points


def officers_for(*, partnership: Partnership) -> QuerySet[User]:
    """Officers who can be named on a visit: anyone in the partnership who records visits."""
    return (
        User.objects.filter(agency__partnership=partnership, is_active=True, role_assignments__role__in=_visit_roles())
        .select_related("agency")
        .distinct()
        .order_by("agency__name", "last_name", "first_name")
    )


def _visit_roles() -> list[str]:
    from safeguard.partnership.roles import ROLE_PERMISSIONS

    return [role.value for role, perms in ROLE_PERMISSIONS.items() if Perm.RECORD_VISITS in perms]


def agencies_for(*, partnership: Partnership) -> QuerySet[Agency]:
    return Agency.objects.filter(partnership=partnership, is_active=True).order_by("name")


# --- figures for the board's scorecard ------------------------------------------------------------------


def figure_unseen_children(*, partnership: Partnership, period_start: dt.date, period_end: dt.date) -> Figure:
    """Children on the home-education register not seen by any service, at the end of the period.

    Numerator: unseen in the latest run as of the period's end, less those a joint visit saw by then;
    denominator: children on that register.
    """
    period_bounds(period_start, period_end)
    run = (
        datawash.successful_runs(partnership=partnership, kind=SourceKind.EHE_REGISTER)
        .filter(as_of__lte=period_end)
        .order_by("-as_of", "-created_at")
        .first()
    )
    if run is None:
        return Figure(0, 0)
    rows = unseen_list(partnership=partnership, run=run)
    settled = sum(
        1 for r in rows if r.settled and r.visit and r.visit.outcome_date and r.visit.outcome_date <= period_end
    )
    return Figure(len(rows) - settled, run.counts.get("cohort", 0))


def figure_home_educated_seen(*, partnership: Partnership, period_start: dt.date, period_end: dt.date) -> Figure:
    """Share of home-educated children seen by a service (within the run's window) at the period's end."""
    unseen = figure_unseen_children(partnership=partnership, period_start=period_start, period_end=period_end)
    if not unseen.denominator:
        return Figure(0, 0)
    return Figure(unseen.denominator - unseen.numerator, unseen.denominator)
