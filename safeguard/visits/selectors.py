"""Reading joint visits and the campaign's progress, scoped to what the user may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Min, Model, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from safeguard.core import retention
from safeguard.core.figures import Figure, Period, for_periods, period_bounds
from safeguard.datawash import selectors as datawash
from safeguard.datawash.contacts import Contact
from safeguard.datawash.models import CohortChild, WashRun
from safeguard.partnership.models import Group, GroupMembership, GroupRole, Partnership, User
from safeguard.partnership.roles import Perm
from safeguard.people.models import Person
from safeguard.visits.models import (
    OFF_CAMPAIGN_HEADINGS,
    OFF_CAMPAIGN_OUTCOMES,
    SIGHTING_OUTCOMES,
    Campaign,
    CampaignRun,
    JointVisit,
    VisitStatus,
)


def visit_contacts(*, partnership: Partnership) -> list[Contact]:
    """Visits that saw the child, as the next wash sees them: contact with a register child on a date.

    Only these are sightings (never moved away and the like); ``wash_contacts`` hands them to the wash.
    """
    visits = JointVisit.objects.filter(
        partnership=partnership,
        status=VisitStatus.COMPLETED,
        outcome__in=SIGHTING_OUTCOMES,
        outcome_date__isnull=False,
    ).select_related("person")
    return [
        Contact(
            record_id=f"V{v.pk}",
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


def sees_every_name(user: User) -> bool:
    """Analysts and planners, and the named leads of the group that owns the campaign (issue 15: a
    lead of any other group is not enough)."""
    if user.agency is None:
        return False
    if user.can(Perm.RUN_WASH) or user.can(Perm.PLAN_VISITS):
        return True
    return is_campaign_lead(user, campaign_for(partnership=user.agency.partnership))


def may_see_names(user: User) -> bool:
    """Names of unseen children are for analysts, the owning group's named leads and assigned officers."""
    if user.agency is None:
        return False
    if sees_every_name(user):
        return True
    return JointVisit.objects.filter(Q(lead_officer=user) | Q(second_officer=user)).exists()


def campaign_for(*, partnership: Partnership) -> Campaign | None:
    """The campaign the board watches (one open at a time per partnership), with the group that owns it."""
    return (
        Campaign.objects.filter(partnership=partnership, closed_at__isnull=True)
        .select_related("group", "started_by")
        .first()
    )


def campaign_for_period(*, partnership: Partnership, period_end: dt.date) -> Campaign | None:
    """The campaign a period's figures come from: the last one started by the period's end, open or closed
    since (a closed campaign's figures stay true of its time), or before any began, the first one."""
    return _campaign_at(list(Campaign.objects.filter(partnership=partnership).order_by("started_at", "pk")), period_end)


def _campaign_at(campaigns: list[Campaign], period_end: dt.date) -> Campaign | None:
    """Of campaigns in the order they started, the last started by ``period_end``, else the first."""
    started = [c for c in campaigns if _local_date(c.started_at) <= period_end]
    return started[-1] if started else (campaigns[0] if campaigns else None)


def closed_campaigns(*, partnership: Partnership) -> list[Campaign]:
    """Campaigns a lead has closed, newest first, with their closing summaries."""
    return list(
        Campaign.objects.filter(partnership=partnership, closed_at__isnull=False)
        .select_related("group", "closed_by")
        .order_by("-closed_at", "-pk")
    )


def campaign_history(campaign: Campaign) -> list[CampaignRun]:
    """Each run the campaign has worked from, oldest first, as its lead chose them."""
    return list(campaign.runs.select_related("run", "adopted_by").order_by("adopted_at", "pk"))


def campaign_run(*, partnership: Partnership) -> WashRun | None:
    """The run the campaign works from now: the one its lead last chose, never simply the latest run."""
    campaign = campaign_for(partnership=partnership)
    if campaign is None:
        return None
    latest = campaign.runs.select_related("run").order_by("-adopted_at", "-pk").first()
    return latest.run if latest else None


def is_campaign_lead(user: User, campaign: Campaign | None) -> bool:
    """A named lead of the group that owns the campaign (a lead of some other group is not)."""
    if campaign is None or user.agency is None or user.agency.partnership_id != campaign.partnership_id:
        return False
    return GroupMembership.objects.filter(user=user, group_id=campaign.group_id, role=GroupRole.LEAD).exists()


def groups_led_by(user: User) -> QuerySet[Group]:
    """Groups of the user's partnership in which the user is a named lead: those a campaign may belong to."""
    partnership_id = _partnership_id(user)
    if partnership_id is None:
        return Group.objects.none()
    return (
        Group.objects.filter(
            partnerships__id=partnership_id, is_active=True, memberships__user=user, memberships__role=GroupRole.LEAD
        )
        .distinct()
        .order_by("name")
    )


def leads_a_group(user: User) -> bool:
    """Whether the user is a named lead of a group a campaign may belong to: who may start one."""
    return groups_led_by(user).exists()


def runs_to_start_from(*, partnership: Partnership) -> list[WashRun]:
    """Finished runs on a register, newest first: what a lead may start the campaign from."""
    return list(datawash.finished_cohort_runs(partnership=partnership))


def runs_to_update_from(campaign: Campaign) -> list[WashRun]:
    """Finished runs on the same register, newer than the campaign's, that a lead may move it to."""
    current = campaign_run(partnership=campaign.partnership)
    if current is None:
        return []
    return [
        run
        for run in datawash.finished_cohort_runs(partnership=campaign.partnership)
        if run.cohort_kind == current.cohort_kind and run.created_at > current.created_at and run.as_of >= current.as_of
    ]


SEEN, OFF_CAMPAIGN, NOT_SEEN = "seen", "off_campaign", "not_seen"


@dataclass
class UnseenChild:
    """A child the run did not find seen, with the visits that have happened since.

    ``visit`` is the latest visit (what the list shows); ``sighting`` the first that saw the child;
    ``off`` the first that took the child off the campaign without anyone seeing them.
    """

    child: CohortChild
    visit: JointVisit | None
    sighting: JointVisit | None = None
    off: JointVisit | None = None

    def state_on(self, day: dt.date | None = None) -> str:
        """Seen, off the campaign, or still not seen, on ``day`` (by now when not given)."""
        for visit, state in ((self.sighting, SEEN), (self.off, OFF_CAMPAIGN)):
            if visit is not None and visit.outcome_date is not None and (day is None or visit.outcome_date <= day):
                return state
        return NOT_SEEN

    @property
    def seen(self) -> bool:
        return self.state_on() == SEEN

    @property
    def off_campaign(self) -> bool:
        return self.state_on() == OFF_CAMPAIGN

    @property
    def settled(self) -> bool:
        return self.state_on() != NOT_SEEN

    @property
    def age(self) -> int | None:
        """Age in whole years today, from the date of birth in the index."""
        born = self.child.person.date_of_birth if self.child.person else None
        if born is None:
            return None
        today = timezone.localdate()
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    @property
    def settled_on(self) -> dt.date | None:
        dates = [v.outcome_date for v in (self.sighting, self.off) if v is not None and v.outcome_date]
        return min(dates) if dates else None


def unseen_list(*, partnership: Partnership, run: WashRun, user: User | None = None) -> list[UnseenChild]:
    """The run's unseen children with their visits; for an assigned officer, only their own."""
    unseen = datawash.unseen_children(run)
    result = _with_visits(
        partnership=partnership, run=run, children=unseen, people=unseen.order_by().values("person_id")
    )
    if user is not None and not sees_every_name(user):
        result = [
            r for r in result if r.visit is not None and user.pk in (r.visit.lead_officer_id, r.visit.second_officer_id)
        ]
    return result


def children_to_plan(*, partnership: Partnership, run: WashRun) -> list[UnseenChild]:
    """The run's unseen children a joint visit can be planned for.

    A child with a visit already planned is not offered again; a no-access visit asks for a revisit.
    """
    return [
        r
        for r in unseen_list(partnership=partnership, run=run)
        if not r.settled and not (r.visit and r.visit.status == VisitStatus.PLANNED)
    ]


def _with_visits(
    *, partnership: Partnership, run: WashRun, children: Iterable[CohortChild], people: Any
) -> list[UnseenChild]:
    """A row for each child (one a person) with the visits to them; ``people`` are the children's person ids."""
    rows = {child.person_id: UnseenChild(child, None) for child in children if child.person_id}
    for visit in (
        # The children as a subquery (or a page's few ids), not a list of thousands for the database to parse.
        JointVisit.objects.filter(partnership=partnership, person_id__in=people)
        .exclude(status=VisitStatus.CANCELLED)
        .select_related("lead_officer", "second_officer", "lead_agency", "second_agency")
        .order_by("planned_at", "pk")
    ):
        row = rows[visit.person_id]
        row.visit = visit
        when = visit.outcome_date
        if visit.is_sighting and when and (row.sighting is None or when < row.sighting.outcome_date):  # type: ignore[operator]
            row.sighting = visit
        # An outcome older than the run is not news to it: the register still listed the child
        # when the run was made, so the child is back on the campaign until seen again.
        elif (
            visit.takes_off_campaign
            and when
            and when >= run.as_of
            and (
                row.off is None or when < row.off.outcome_date  # type: ignore[operator]
            )
        ):
            row.off = visit
    return list(rows.values())


def _settling_visits(*, partnership: Partnership, run: WashRun) -> QuerySet[JointVisit]:
    """Visits that settle a child for the run: a sighting, or taken off the campaign on or after its register date."""
    return JointVisit.objects.filter(
        partnership=partnership, status=VisitStatus.COMPLETED, outcome_date__isnull=False
    ).filter(Q(outcome__in=SIGHTING_OUTCOMES) | Q(outcome__in=OFF_CAMPAIGN_OUTCOMES, outcome_date__gte=run.as_of))


def _one_row_each(run: WashRun) -> QuerySet[CohortChild]:
    unseen = datawash.unseen_children(run)
    return unseen.filter(pk__in=unseen.order_by().values("person_id").annotate(last=Max("pk")).values("last"))


def still_to_see(*, partnership: Partnership, run: WashRun) -> QuerySet[CohortChild]:
    """The run's unseen children no visit has settled, in the list's order, for a page at a time.

    The same children as the unsettled rows of ``unseen_list``, chosen by the database: a county's run
    leaves thousands unseen, and building every row to show fifty took seconds.
    """
    settled = _settling_visits(partnership=partnership, run=run).values("person_id")
    return _one_row_each(run).exclude(person_id__in=settled)


def unseen_rows(*, partnership: Partnership, run: WashRun, children: list[CohortChild]) -> list[UnseenChild]:
    """The rows of ``unseen_list`` for just these children (a page of ``still_to_see``)."""
    return _with_visits(
        partnership=partnership, run=run, children=children, people=[c.person_id for c in children if c.person_id]
    )


def settled_rows(*, partnership: Partnership, run: WashRun) -> list[UnseenChild]:
    """The rows of ``unseen_list`` of the children a visit has seen or taken off the campaign."""
    settled = _settling_visits(partnership=partnership, run=run).values("person_id")
    children = _one_row_each(run).filter(person_id__in=settled)
    return _with_visits(
        partnership=partnership, run=run, children=children, people=children.order_by().values("person_id")
    )


def off_campaign_counts(rows: list[UnseenChild], day: dt.date | None = None) -> list[tuple[str, int]]:
    """How many children each non-sighting outcome took off the campaign, in a fixed order."""
    counts = dict.fromkeys(OFF_CAMPAIGN_HEADINGS, 0)
    for row in rows:
        if row.state_on(day) == OFF_CAMPAIGN and row.off is not None:
            counts[row.off.outcome] += 1  # type: ignore[index]
    return [(OFF_CAMPAIGN_HEADINGS[outcome], count) for outcome, count in counts.items()]


@dataclass(frozen=True)
class BurnDownPoint:
    day: dt.date
    not_seen: int
    off_campaign: int


@dataclass(frozen=True)
class CampaignTotals:
    cohort: int
    unseen: int
    planned: int
    overdue: int
    seen: int
    off_campaign: list[tuple[str, int]]
    run: WashRun | None
    burn_down: list[BurnDownPoint]
    campaign: Campaign | None = None

    @property
    def off_total(self) -> int:
        return sum(count for _, count in self.off_campaign)


def campaign_totals(*, partnership: Partnership, today: dt.date | None = None) -> CampaignTotals:
    """Progress to zero: children still not seen, visits planned and overdue, children seen, and apart
    from those, children taken off the campaign without being seen (moved away, on a roll, referred)."""
    today = today or timezone.localdate()
    campaign = campaign_for(partnership=partnership)
    history = campaign_history(campaign) if campaign else []
    if campaign is None or not history:
        return CampaignTotals(0, 0, 0, 0, 0, [], None, [], None)
    run = history[-1].run
    rows = unseen_list(partnership=partnership, run=run)
    open_visits = [
        r.visit for r in rows if not r.settled and r.visit is not None and r.visit.status == VisitStatus.PLANNED
    ]
    overdue = sum(1 for v in open_visits if v is not None and v.due_date < today)
    cohort = int(run.counts.get("cohort", 0))
    unseen_now = sum(1 for r in rows if not r.settled)
    off = off_campaign_counts(rows)
    return CampaignTotals(
        cohort=cohort,
        unseen=unseen_now,
        planned=len(open_visits) - overdue,
        overdue=overdue,
        seen=cohort - unseen_now - sum(count for _, count in off),
        off_campaign=off,
        run=run,
        burn_down=_burn_down(partnership, campaign, history, today, last_rows=rows),
        campaign=campaign,
    )


def _local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _burn_down(
    partnership: Partnership,
    campaign: Campaign,
    history: list[CampaignRun],
    today: dt.date,
    *,
    last_rows: list[UnseenChild],
) -> list[BurnDownPoint]:
    """Children still not seen, and taken off the campaign, on each date since the campaign began.

    Drawn from the runs the campaign worked from, each from the day a lead chose it, and from the
    visits' dates: a later run adds points from its day on and never redates the earlier ones.
    """
    points: list[BurnDownPoint] = []
    for index, segment in enumerate(history):
        start = _local_date(campaign.started_at) if index == 0 else _local_date(segment.adopted_at)
        last = index == len(history) - 1
        end = today if last else _local_date(history[index + 1].adopted_at) - dt.timedelta(days=1)
        rows = last_rows if last else unseen_list(partnership=partnership, run=segment.run)
        if index == 0:
            # The run's own figure first; a visit dated before the start counts from the start.
            points.append(BurnDownPoint(start, len(rows), 0))
        days = sorted({max(d, start) for r in rows if (d := r.settled_on) is not None and d <= end})
        if index > 0:
            days = sorted({start, *days})
        if last and (not days or days[-1] < today):
            days.append(max(today, start))
        for day in days:
            states = [r.state_on(day) for r in rows]
            points.append(BurnDownPoint(day, states.count(NOT_SEEN), states.count(OFF_CAMPAIGN)))
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


# --- figures for the board's scorecard ------------------------------------------------------------------


def _unseen_children_periods(*, partnership: Partnership, periods: list[Period]) -> dict[Period, Figure]:
    return {
        period: Figure(0, 0) if state is None else Figure(state[1], state[0])
        for period, state in _states_at(partnership=partnership, periods=periods).items()
    }


@for_periods(_unseen_children_periods)
def figure_unseen_children(*, partnership: Partnership, period_start: dt.date, period_end: dt.date) -> Figure:
    """Children on the home-education register not seen by any service, at the end of the period.

    Numerator: unseen in the latest run as of the period's end, less those a joint visit saw or took
    off the campaign by then (moved away, on a school roll, referred: never counted as seen, and
    counted instead by ``figure_off_campaign_unseen``); denominator: children on that register.
    """
    period = period_bounds(period_start, period_end)
    return _unseen_children_periods(partnership=partnership, periods=[period])[period]


def _home_educated_seen_periods(*, partnership: Partnership, periods: list[Period]) -> dict[Period, Figure]:
    figures = {}
    for period, state in _states_at(partnership=partnership, periods=periods).items():
        if state is None or not state[0]:
            figures[period] = Figure(0, 0)
        else:
            cohort, not_seen, off = state
            figures[period] = Figure(cohort - not_seen - off, cohort - off)
    return figures


@for_periods(_home_educated_seen_periods)
def figure_home_educated_seen(*, partnership: Partnership, period_start: dt.date, period_end: dt.date) -> Figure:
    """Share of home-educated children seen by a service at the period's end.

    Children taken off the campaign without a sighting (moved away, now on a school roll, referred as
    missing education) are neither seen nor still home-educated here: they leave both numerator and
    denominator, so they can never raise the share seen. ``figure_off_campaign_unseen`` counts them.
    """
    period = period_bounds(period_start, period_end)
    return _home_educated_seen_periods(partnership=partnership, periods=[period])[period]


def _off_campaign_periods(*, partnership: Partnership, periods: list[Period]) -> dict[Period, Figure]:
    return {
        period: Figure(0, 0) if state is None else Figure(state[2])
        for period, state in _states_at(partnership=partnership, periods=periods).items()
    }


@for_periods(_off_campaign_periods)
def figure_off_campaign_unseen(*, partnership: Partnership, period_start: dt.date, period_end: dt.date) -> Figure:
    """Children a joint visit took off the campaign without anyone seeing them, at the end of the period.

    A count: the run's unseen children no visit had seen by then whom a visit had recorded as left the
    area, on a school roll or referred as missing education (the same rule as ``UnseenChild.state_on``).
    The unseen and seen figures leave these children out and never count them as seen, so the board
    sees them here rather than nowhere. No campaign, no figure.
    """
    period = period_bounds(period_start, period_end)
    return _off_campaign_periods(partnership=partnership, periods=[period])[period]


def _states_at(*, partnership: Partnership, periods: list[Period]) -> dict[Period, tuple[int, int, int] | None]:
    """(on the register, still not seen, off the campaign) at each period's end, from the campaign.

    The run is the one the campaign worked from at the period's end; before the campaign began, its
    first run if that run's register was as of the period's end or earlier. No campaign, no figure.
    Each run's list is read once however many periods it answers for.
    """
    for period in periods:
        period_bounds(*period)
    # Each period's figures come from the campaign of its time (a closed one stays true of its time); the
    # campaigns and their histories are read in one query however many periods there are.
    histories = _histories(partnership) if periods else {}
    campaigns = [history[0].campaign for history in histories.values()]
    states: dict[Period, tuple[int, int, int] | None] = {}
    firsts: dict[int, tuple[int, list[tuple[dt.date | None, dt.date | None]]]] = {}
    for period in periods:
        period_end = period[1]
        campaign = _campaign_at(campaigns, period_end)
        history = histories[campaign.pk] if campaign is not None else []
        if not history:
            states[period] = None
            continue
        chosen = [segment.run for segment in history if _local_date(segment.adopted_at) <= period_end]
        run = chosen[-1] if chosen else history[0].run
        if run.as_of > period_end:
            states[period] = None
            continue
        if run.pk not in firsts:
            firsts[run.pk] = _first_outcomes(partnership=partnership, run=run)
        children, dates = firsts[run.pk]
        seen = sum(1 for seen_on, _ in dates if seen_on is not None and seen_on <= period_end)
        off = sum(
            1
            for seen_on, off_on in dates
            if not (seen_on is not None and seen_on <= period_end) and off_on is not None and off_on <= period_end
        )
        states[period] = (int(run.counts.get("cohort", 0)), children - seen - off, off)
    return states


def _histories(partnership: Partnership) -> dict[int, list[CampaignRun]]:
    """Each campaign's history (as ``campaign_history``), keyed by campaign in the order they started.

    Read from the runs, one query for the three campaign figures' every period: each of them asked the
    campaigns and then each one's runs. A campaign always has a run (``campaign_start`` adds both in one
    transaction and a run in a history cannot be deleted), so the runs name every campaign.
    """
    histories: dict[int, list[CampaignRun]] = {}
    for segment in (
        CampaignRun.objects.filter(campaign__partnership=partnership)
        .select_related("campaign", "run")
        .order_by("campaign__started_at", "campaign_id", "adopted_at", "pk")
    ):
        histories.setdefault(segment.campaign_id, []).append(segment)
    return histories


def _first_outcomes(
    *, partnership: Partnership, run: WashRun
) -> tuple[int, list[tuple[dt.date | None, dt.date | None]]]:
    """How many children the run left unseen, and for those a visit has settled, the first day each was seen
    and the first day (on or after the run's register date) each was taken off the campaign.

    The same rule as ``unseen_list`` and ``UnseenChild.state_on``, counted by the database: a county's run
    leaves thousands unseen, and building each one's row for every period of the scorecard took seconds.
    """
    unseen = datawash.unseen_children(run).order_by().values("person_id")
    children = unseen.distinct().count()
    firsts = (
        JointVisit.objects.filter(partnership=partnership, person_id__in=unseen, status=VisitStatus.COMPLETED)
        .values("person_id")
        .annotate(
            seen_on=Min("outcome_date", filter=Q(outcome__in=SIGHTING_OUTCOMES)),
            off_on=Min("outcome_date", filter=Q(outcome__in=OFF_CAMPAIGN_OUTCOMES, outcome_date__gte=run.as_of)),
        )
        .order_by()
        .values_list("seen_on", "off_on")
    )
    return children, list(firsts)


def records_for_subject(person: Person) -> list[Model]:
    """The joint visits to the person, for a subject access bundle (the caller has checked access)."""
    return list(
        JointVisit.objects.filter(person=person)
        .select_related("lead_agency", "lead_officer", "second_agency", "second_officer")
        .order_by("due_date", "pk")
    )


def visits_past(*, finished_before: dt.date) -> QuerySet[JointVisit]:
    """Visits whose outcome (or, with none, due date) is before the cut-off: retention's candidates."""
    return JointVisit.objects.filter(
        Q(outcome_date__lt=finished_before) | Q(outcome_date__isnull=True, due_date__lt=finished_before)
    )


# --- retention ----------------------------------------------------------------------------------------------


def visits_past_retention(
    *, partnership: Partnership, trigger: str, before: dt.date, today: dt.date
) -> QuerySet[JointVisit]:
    """Visits past the schedule's time. A visit closes on its outcome date or, with none, its due date."""
    visits = JointVisit.objects.filter(partnership=partnership)
    if trigger == retention.CREATED:
        return retention.past_retention(visits, trigger=trigger, before=before, today=today, created="planned_at")
    finished = today if trigger == retention.BIRTHDAY_25 else before
    visits = visits_past(finished_before=finished)
    if trigger == retention.BIRTHDAY_25:
        visits = visits.filter(person__date_of_birth__lt=retention.years_before(before, 25))
    return visits.filter(partnership=partnership)


def visits_with_status(user: User, status: str = "") -> QuerySet[JointVisit]:
    """The user's visits, those of one status if given (the list and its download alike)."""
    visits = visits_for_user(user)
    return visits.filter(status=status) if status else visits


def visits_listed(user: User, status: str = "") -> QuerySet[JointVisit]:
    """The list page's order: by status (planned first), then by when each is due."""
    return visits_with_status(user, status).order_by("status", "due_date")


def visits_to_export(user: User, status: str = "") -> QuerySet[JointVisit]:
    """The download's order: by when each is due."""
    return visits_with_status(user, status).order_by("due_date")
