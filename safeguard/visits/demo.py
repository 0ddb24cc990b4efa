"""The campaign to see the data wash's unseen children: started by a named lead, with joint visits.

The data wash demo leaves one run on the home-education register, dated six weeks ago; a named lead
of the group that owns the work (MESA in the demo partnership) starts the campaign from it on that
day, and visits since then see some children and take others off the campaign.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db.models import Q
from django.utils import timezone

from safeguard.datawash.models import ChildStatus, RunStatus, SourceKind, WashRun
from safeguard.partnership.models import AgencyKind, Group, GroupMembership, GroupRole, Partnership, User
from safeguard.partnership.roles import Perm, Role
from safeguard.synth.lookups import find_user
from safeguard.visits.models import Campaign, CampaignRun, Outcome
from safeguard.visits.services import campaign_start, visit_record, visits_plan

logger = logging.getLogger(__name__)


def _lead(partnership: Partnership) -> GroupMembership | None:
    """A named lead who plans visits (an analyst), else any named lead, of a group of the partnership."""
    leads = (
        GroupMembership.objects.filter(
            role=GroupRole.LEAD, group__partnerships=partnership, group__is_active=True, user__is_active=True
        )
        .select_related("group", "user__agency")
        .order_by("group__kind", "pk")
    )
    members = [m for m in leads if m.user.agency is not None and m.user.agency.partnership_id == partnership.pk]
    planners = [m for m in members if m.user.can(Perm.PLAN_VISITS)]
    chosen = planners or members
    return chosen[0] if chosen else None


def load_demo(*, partnership: Partnership) -> None:
    if Campaign.objects.filter(partnership=partnership).exists():
        return
    run = (
        WashRun.objects.filter(partnership=partnership, status=RunStatus.SUCCEEDED, cohort_kind=SourceKind.EHE_REGISTER)
        .order_by("-created_at")
        .first()
    )
    lead = _lead(partnership)
    if run is None or lead is None:
        logger.warning("Demo campaign skipped: no finished wash run or no named lead of a group")
        return
    group: Group = lead.group
    campaign = campaign_start(
        actor=lead.user, group=group, run=run, name="Home-educated children not seen in 18 months"
    )
    # Started the day the run finished, six weeks ago, so the burn-down shows the weeks since.
    started = run.finished_at or run.created_at
    Campaign.objects.filter(pk=campaign.pk).update(started_at=started)
    CampaignRun.objects.filter(campaign=campaign).update(adopted_at=started)
    _demo_visits(partnership, run)


def _visit_officers(partnership: Partnership) -> list[tuple[User, User]]:
    """Pairs of officers from two agencies: education with health, social care with police."""
    recorders = [
        u
        for u in User.objects.filter(agency__partnership=partnership, is_active=True).select_related("agency")
        if u.can(Perm.RECORD_VISITS)
    ]
    by_kind: dict[str, list[User]] = {}
    for user in recorders:
        assert user.agency is not None
        by_kind.setdefault(user.agency.kind, []).append(user)
    pairs = []
    for first, second in (
        (AgencyKind.LA_EDUCATION, AgencyKind.HEALTH_PROVIDER),
        (AgencyKind.LA_CHILDREN, AgencyKind.POLICE),
    ):
        if by_kind.get(first) and by_kind.get(second):
            pairs.append((by_kind[first][0], by_kind[second][0]))
    if not pairs:
        distinct = {u.agency_id: u for u in recorders}
        if len(distinct) >= 2:
            one, two = list(distinct.values())[:2]
            pairs.append((one, two))
    return pairs


def _demo_visits(partnership: Partnership, run: WashRun) -> None:
    pairs = _visit_officers(partnership)
    planner = find_user(partnership, role=Role.ANALYST) or find_user(partnership, role=Role.PARTNERSHIP_ADMIN)
    if not pairs or planner is None:
        return
    children = list(run.children.filter(Q(status=ChildStatus.UNSEEN), person__isnull=False).order_by("pk")[:16])
    today = timezone.localdate()
    outcomes = [
        Outcome.SEEN_SAFE,
        Outcome.SEEN_SAFE,
        Outcome.ON_SCHOOL_ROLL,
        Outcome.SEEN_SAFE,
        Outcome.SEEN_CONCERNS,
        Outcome.NO_ACCESS,
        Outcome.SEEN_SAFE,
        Outcome.MOVED_AWAY,
        Outcome.SEEN_SAFE,
        Outcome.REFERRED_CME,
    ]
    for index, child in enumerate(children):
        lead, second = pairs[index % len(pairs)]
        done = index < len(outcomes)
        # Recorded visits were due over the past weeks; the rest are due soon, two already overdue.
        if done:
            due = today - dt.timedelta(days=38 - 3 * index)
        elif index < len(outcomes) + 2:
            due = today - dt.timedelta(days=2 + index - len(outcomes))
        else:
            due = today + dt.timedelta(days=1 + 2 * (index - len(outcomes)))
        visit = visits_plan(actor=planner, children=[child], lead_officer=lead, second_officer=second, due_date=due)[0]
        if done:
            outcome = outcomes[index]
            referred = {
                Outcome.SEEN_CONCERNS: "Darlington Children's Access Point",
                Outcome.MOVED_AWAY: "North Yorkshire County Council",
            }.get(outcome, "")
            visit_record(
                actor=lead, visit=visit, outcome=outcome, outcome_date=due - dt.timedelta(days=1), referred_to=referred
            )
