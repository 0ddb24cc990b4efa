"""Joint visits: planning, outcomes, the campaign's numbers, who sees names, the Excel export."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from safeguard.audit.models import Action, AuditEvent
from safeguard.core.exports import safe_cell
from safeguard.core.testing import World, signed_in_client
from safeguard.datawash.models import CohortChild, RunStatus, WashRun
from safeguard.datawash.tests.factories import sample_run
from safeguard.people.models import Involvement, InvolvementReason
from safeguard.people.services import person_create
from safeguard.performance import periods
from safeguard.performance import services as performance
from safeguard.performance.scoring import Rag
from safeguard.performance.selectors import default_month, scorecard
from safeguard.visits import selectors
from safeguard.visits.models import JointVisit, Outcome
from safeguard.visits.services import VisitProblem, visit_record, visits_plan
from safeguard.visits.tests.factories import make_lead, sample_campaign

pytestmark = pytest.mark.django_db


def _plan(world: World, child: CohortChild, due: dt.date | None = None) -> JointVisit:
    return visits_plan(
        actor=world.erin,
        children=[child],
        lead_officer=world.charlie,
        second_officer=world.ivan,
        due_date=due or timezone.localdate() + dt.timedelta(days=7),
    )[0]


def test_planning_a_visit_lets_both_agencies_see_the_child_and_is_audited(world: World) -> None:
    _, child, _ = sample_campaign(world)
    visit = _plan(world, child)
    reasons = set(Involvement.objects.filter(person=world.child).values_list("agency__code", "reason"))
    assert ("cddft", InvolvementReason.VISIT) in reasons
    assert ("dbc-childrens", InvolvementReason.VISIT) in reasons
    assert AuditEvent.objects.filter(action=Action.CREATE, object_id=str(visit.pk), person_id=world.child.pk).exists()


def test_a_joint_visit_needs_two_agencies(world: World) -> None:
    _, child, _ = sample_campaign(world)
    with pytest.raises(VisitProblem, match="two different agencies"):
        visits_plan(
            actor=world.erin,
            children=[child],
            lead_officer=world.charlie,
            second_officer=world.erin,
            due_date=timezone.localdate(),
        )


def test_recording_a_visit_moves_the_campaign_numbers(world: World) -> None:
    _, child, _ = sample_campaign(world)
    before = selectors.campaign_totals(partnership=world.darlington)
    assert (before.unseen, before.planned, before.seen) == (1, 0, 0)
    visit = _plan(world, child)
    assert selectors.campaign_totals(partnership=world.darlington).planned == 1

    visit_record(actor=world.charlie, visit=visit, outcome=Outcome.SEEN_SAFE, outcome_date=timezone.localdate())

    after = selectors.campaign_totals(partnership=world.darlington)
    assert (after.unseen, after.planned, after.seen) == (0, 0, 1)
    assert after.burn_down[0].not_seen == 1 and after.burn_down[-1].not_seen == 0


def test_a_visit_without_access_leaves_the_child_unseen_for_a_revisit(world: World) -> None:
    _, child, _ = sample_campaign(world)
    visit = _plan(world, child)
    visit_record(actor=world.charlie, visit=visit, outcome=Outcome.NO_ACCESS, outcome_date=timezone.localdate())
    assert selectors.campaign_totals(partnership=world.darlington).unseen == 1
    assert selectors.visit_contacts(partnership=world.darlington) == []
    page = signed_in_client(world.erin).get(reverse("visits:plan")).content.decode()
    assert "revisit after no access" in page


def test_planning_again_a_child_who_has_a_visit_planned_plans_nothing_twice(world: World) -> None:
    _, child, _ = sample_campaign(world)
    first = _plan(world, child)
    again = visits_plan(
        actor=world.erin,
        children=[child],
        lead_officer=world.charlie,
        second_officer=world.ivan,
        due_date=timezone.localdate(),
    )
    assert again == []
    assert list(JointVisit.objects.filter(person=world.child)) == [first]


def test_the_database_refuses_a_second_planned_visit_for_one_child(world: World) -> None:
    # The backstop for two planners in the same instant, who both pass the service's check.
    from django.db import IntegrityError, transaction

    _, child, _ = sample_campaign(world)
    first = _plan(world, child)
    with pytest.raises(IntegrityError), transaction.atomic():
        JointVisit.objects.create(
            partnership=first.partnership,
            person=first.person,
            cohort_source=first.cohort_source,
            cohort_record_id=first.cohort_record_id,
            lead_agency=first.lead_agency,
            lead_officer=first.lead_officer,
            second_agency=first.second_agency,
            second_officer=first.second_officer,
            due_date=first.due_date,
        )


def test_an_outcome_already_recorded_by_another_officer_stands(world: World) -> None:
    _, child, _ = sample_campaign(world)
    visit = _plan(world, child)
    # Both officers opened the visit while it was planned.
    seen_by_ivan = JointVisit.objects.get(pk=visit.pk)
    visit_record(actor=world.charlie, visit=visit, outcome=Outcome.SEEN_SAFE, outcome_date=timezone.localdate())
    with pytest.raises(VisitProblem, match="already recorded"):
        visit_record(actor=world.ivan, visit=seen_by_ivan, outcome=Outcome.NO_ACCESS, outcome_date=timezone.localdate())
    visit.refresh_from_db()
    assert (visit.outcome, visit.recorded_by) == (Outcome.SEEN_SAFE, world.charlie)


def test_an_overdue_visit_is_counted_as_overdue(world: World) -> None:
    _, child, _ = sample_campaign(world)
    _plan(world, child, due=timezone.localdate() - dt.timedelta(days=1))
    totals = selectors.campaign_totals(partnership=world.darlington)
    assert (totals.planned, totals.overdue) == (0, 1)


def test_board_members_see_the_numbers_but_never_the_names(world: World) -> None:
    _, child, _ = sample_campaign(world)
    _plan(world, child)
    client = signed_in_client(world.frank)
    page = client.get(reverse("visits:dashboard")).content.decode()
    assert "still not seen" in page and "Hartley" not in page
    assert "visits/unseen" not in page
    assert client.get(reverse("visits:unseen")).status_code == 404
    names = signed_in_client(world.erin).get(reverse("visits:unseen")).content.decode()
    assert "Amelia Hartley" in names


def test_only_the_assigned_agencies_officers_see_a_visit(world: World) -> None:
    _, child, _ = sample_campaign(world)
    visit = _plan(world, child)
    url = reverse("visits:visit", args=[visit.pk])
    assert signed_in_client(world.ivan).get(url).status_code == 200
    assert signed_in_client(world.bob).get(url).status_code == 404


def test_an_officer_records_the_outcome_on_the_visit_page(world: World) -> None:
    _, child, _ = sample_campaign(world)
    visit = _plan(world, child)
    client = signed_in_client(world.charlie)
    url = reverse("visits:visit", args=[visit.pk])
    today = timezone.localdate()
    date = {"outcome_date_day": today.day, "outcome_date_month": today.month, "outcome_date_year": today.year}
    missing = client.post(url, {"outcome": Outcome.SEEN_CONCERNS, **date})
    assert missing.status_code == 400 and "Enter who the referral went to" in missing.content.decode()
    client.post(url, {"outcome": Outcome.SEEN_CONCERNS, "referred_to": "Children's Access Point", **date})
    visit.refresh_from_db()
    assert visit.outcome == Outcome.SEEN_CONCERNS and visit.is_sighting


def test_the_excel_export_neutralises_formulas(world: World) -> None:
    _, child, _ = sample_campaign(world)
    person = world.child
    person.given_name = '=HYPERLINK("http://evil.example","click")'
    person.save(update_fields=["given_name"])
    visit = _plan(world, child)
    visit_record(
        actor=world.charlie,
        visit=visit,
        outcome=Outcome.MOVED_AWAY,
        outcome_date=timezone.localdate(),
        referred_to="+44 council @area",
    )
    response = signed_in_client(world.erin).get(reverse("visits:export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet is not None
    row = [cell.value for cell in sheet[2]]
    # Shown as typed, with no apostrophe, and stored as text: Excel never runs it.
    assert str(row[0]).startswith("=HYPERLINK") and sheet["A2"].data_type == "s"
    assert row[11] == "+44 council @area" and sheet["L2"].data_type == "s"
    assert AuditEvent.objects.filter(action=Action.EXPORT, object_type="visits.jointvisit").exists()


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_every_formula_start_is_neutralised(value: str) -> None:
    assert safe_cell(value) == "'" + value
    assert safe_cell("Amelia") == "Amelia"
    assert safe_cell(3) == 3


def test_the_scorecard_figures_count_unseen_and_seen_children(world: World) -> None:
    _, child, _ = sample_campaign(world)
    start, end = dt.date(2017, 1, 1), dt.date(2030, 12, 31)
    assert selectors.figure_unseen_children(partnership=world.darlington, period_start=start, period_end=end).value == 1
    visit = _plan(world, child)
    visit_record(actor=world.charlie, visit=visit, outcome=Outcome.SEEN_SAFE, outcome_date=timezone.localdate())
    unseen = selectors.figure_unseen_children(partnership=world.darlington, period_start=start, period_end=end)
    seen = selectors.figure_home_educated_seen(partnership=world.darlington, period_start=start, period_end=end)
    assert (unseen.numerator, unseen.denominator) == (0, 1)
    assert seen.value == 1.0
    before = selectors.figure_unseen_children(
        partnership=world.darlington, period_start=dt.date(2016, 1, 1), period_end=dt.date(2016, 12, 31)
    )
    assert before.denominator == 0


def test_the_demo_loads_a_wash_and_visits_on_the_test_world(world: World, monkeypatch: Any) -> None:
    from safeguard.datawash import demo
    from safeguard.datawash.tests.helpers import small_extracts

    def write(out_dir: Path) -> None:
        small_extracts(out_dir)
        # The demo set has five sources; the small one two: copy so every agency has a file.
        for name in ("police", "social_care"):
            (out_dir / f"{name}.csv").write_bytes((out_dir / "health.csv").read_bytes())

    from safeguard.visits import demo as visits_demo

    monkeypatch.setattr(demo, "_write_extracts", write)
    make_lead(world)
    demo.load_demo(partnership=world.darlington)
    visits_demo.load_demo(partnership=world.darlington)
    totals = selectors.campaign_totals(partnership=world.darlington)
    assert totals.run is not None and totals.cohort == 12
    assert totals.campaign is not None and totals.campaign.started_by == world.erin
    # The campaign began with the run, weeks ago: the burn-down starts then, not today.
    assert totals.burn_down[0].day < timezone.localdate()
    assert JointVisit.objects.filter(partnership=world.darlington).exists()
    # The board's month (the last complete one) already shows a child taken off the campaign unseen.
    month = default_month()
    end = periods.period_end(month, periods.Frequency.MONTHLY)
    off = selectors.figure_off_campaign_unseen(partnership=world.darlington, period_start=month, period_end=end)
    assert off.numerator >= 1
    demo.load_demo(partnership=world.darlington)  # a second load changes nothing
    visits_demo.load_demo(partnership=world.darlington)
    assert selectors.campaign_totals(partnership=world.darlington).run == totals.run


@pytest.mark.parametrize(
    ("due", "utc_now", "overdue"),
    [
        (dt.date(2026, 3, 28), dt.datetime(2026, 3, 28, 23, 30, tzinfo=dt.UTC), False),  # GMT: still the 28th
        (dt.date(2026, 3, 28), dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC), True),  # the night clocks go forward
        (dt.date(2026, 7, 1), dt.datetime(2026, 7, 1, 22, 59, tzinfo=dt.UTC), False),  # BST: 23:59 on the 1st
        (dt.date(2026, 7, 1), dt.datetime(2026, 7, 1, 23, 30, tzinfo=dt.UTC), True),  # BST: already the 2nd
        (dt.date(2026, 10, 25), dt.datetime(2026, 10, 25, 23, 30, tzinfo=dt.UTC), False),  # clocks went back
    ],
)
def test_a_visit_is_overdue_from_london_midnight_across_clock_changes(
    world: World, monkeypatch: Any, due: dt.date, utc_now: dt.datetime, overdue: bool
) -> None:
    _, child, _ = sample_campaign(world)
    visit = _plan(world, child, due=due)
    monkeypatch.setattr(timezone, "now", lambda: utc_now)
    assert visit.is_overdue is overdue
    assert selectors.campaign_totals(partnership=world.darlington).overdue == int(overdue)


# --- only "seen" is a sighting ----------------------------------------------------------------------------


def test_a_moved_away_outcome_is_not_seen_in_any_figure_or_in_the_next_wash(world: World, tmp_path: Path) -> None:
    from safeguard.datawash import runs
    from safeguard.datawash import services as wash

    run, child, _ = sample_campaign(world)
    visit = _plan(world, child)
    visit_record(
        actor=world.charlie,
        visit=visit,
        outcome=Outcome.MOVED_AWAY,
        outcome_date=timezone.localdate(),
        referred_to="North Yorkshire County Council",
    )

    totals = selectors.campaign_totals(partnership=world.darlington)
    assert (totals.unseen, totals.seen, totals.off_total) == (0, 0, 1)
    assert ("Left the area", 1) in totals.off_campaign
    assert (totals.burn_down[-1].not_seen, totals.burn_down[-1].off_campaign) == (0, 1)
    start, end = dt.date(2017, 1, 1), timezone.localdate()
    seen = selectors.figure_home_educated_seen(partnership=world.darlington, period_start=start, period_end=end)
    assert seen.numerator == 0
    assert seen.denominator == 0  # off the register's children seen-or-not, not a child unseen either
    unseen = selectors.figure_unseen_children(partnership=world.darlington, period_start=start, period_end=end)
    assert unseen.numerator == 0
    # The board is told of the child apart, not left to infer it from the two figures above.
    off = selectors.figure_off_campaign_unseen(partnership=world.darlington, period_start=start, period_end=end)
    assert (off.numerator, off.denominator) == (1, None)
    performance.indicators_seed_standard(actor=world.alice, partnership=world.darlington)
    month = timezone.localdate().replace(day=1)
    rows = scorecard(partnership=world.darlington, month=month)
    row = next(r for r in rows if r.indicator.code == "off-campaign-unseen")
    assert (row.value_text, row.rag) == ("1", Rag.NONE)  # a count beside the others, not rated
    board = signed_in_client(world.frank).get(reverse("performance:scorecard")).content.decode()
    assert "Children taken off the campaign without being seen" in board
    page = signed_in_client(world.frank).get(reverse("visits:dashboard")).content.decode()
    assert "Left the area: 1" in page
    names = signed_in_client(world.erin).get(reverse("visits:unseen")).content.decode()
    assert "Left the area – North Yorkshire County Council told on" in names

    # The next wash is given no contact for the child: it shows them unseen while the register lists them.
    assert selectors.visit_contacts(partnership=world.darlington) == []
    assert run.cohort_extract is not None
    later = wash.run_start(
        actor=world.erin,
        cohort_extract=run.cohort_extract,
        source_extracts=[],
        as_of=run.as_of,
        unseen_months=18,
        enqueue=False,
    )
    inputs = runs.prepare(later, tmp_path)
    assert not (tmp_path / "joint_visits.csv").exists()
    assert all(runs.VISITS_SOURCE not in (left[0], right[0]) for left, right in inputs.config.decisions.confirmed)


@pytest.mark.parametrize(
    ("outcome", "referred_to", "status"),
    [
        (Outcome.MOVED_AWAY, "Leeds City Council", "Left the area – Leeds City Council told on 3 March 2026"),
        (
            Outcome.ON_SCHOOL_ROLL,
            "Hummersknott Academy",
            "On a school roll – attendance confirmed by Hummersknott Academy on 3 March 2026",
        ),
        (Outcome.REFERRED_CME, "", "Referred as missing education"),
    ],
)
def test_each_outcome_that_is_not_a_sighting_takes_the_child_off_the_campaign_with_its_own_status(
    world: World, outcome: Outcome, referred_to: str, status: str
) -> None:
    _, child, _ = sample_campaign(world)
    visit = _plan(world, child)
    visit_record(
        actor=world.charlie,
        visit=visit,
        outcome=outcome,
        outcome_date=dt.date(2026, 3, 1),
        referred_to=referred_to,
        confirmed_on=dt.date(2026, 3, 3),
    )
    assert not visit.is_sighting and visit.takes_off_campaign
    assert visit.off_campaign_status == status
    totals = selectors.campaign_totals(partnership=world.darlington, today=dt.date(2026, 3, 10))
    assert (totals.seen, totals.unseen, totals.off_total) == (0, 0, 1)


def test_a_child_taken_off_the_campaign_before_a_later_run_is_back_to_be_seen(world: World) -> None:
    run, child, _ = sample_campaign(world)
    visit = _plan(world, child)
    visit_record(actor=world.charlie, visit=visit, outcome=Outcome.REFERRED_CME, outcome_date=dt.date(2017, 7, 3))
    assert selectors.campaign_totals(partnership=world.darlington).off_total == 1
    # A run as of a later date still finds the child on the register, not seen.
    run.as_of = dt.date(2017, 9, 30)
    run.save(update_fields=["as_of"])
    totals = selectors.campaign_totals(partnership=world.darlington)
    assert (totals.unseen, totals.seen, totals.off_total) == (1, 0, 0)


def test_the_outcome_form_asks_when_the_new_authority_was_told(world: World) -> None:
    _, child, _ = sample_campaign(world)
    visit = _plan(world, child)
    client = signed_in_client(world.charlie)
    url = reverse("visits:visit", args=[visit.pk])
    today = timezone.localdate()
    date = {"outcome_date_day": today.day, "outcome_date_month": today.month, "outcome_date_year": today.year}
    response = client.post(url, {"outcome": Outcome.MOVED_AWAY, "referred_to": "Leeds City Council", **date})
    assert response.status_code == 400
    assert "Enter the date the new authority was told" in response.content.decode()
    school = client.post(url, {"outcome": Outcome.ON_SCHOOL_ROLL, **date})
    assert "Enter the school the child now attends" in school.content.decode()


# --- the campaign the board watches -----------------------------------------------------------------------


def _another_run(world: World, run: WashRun, *, unseen: int, as_of: dt.date | None = None) -> WashRun:
    """A later finished run on the same register (a test run, or a rerun), with ``unseen`` children not seen."""
    later = WashRun.objects.create(
        partnership=world.darlington,
        cohort_extract=run.cohort_extract,
        cohort_kind=run.cohort_kind,
        as_of=as_of or run.as_of,
        status=RunStatus.SUCCEEDED,
        started_by=world.erin,
        finished_at=timezone.now(),
        counts={"cohort": unseen, "cohort_unseen": unseen, "cohort_seen": 0, "cohort_check": 0},
    )
    for index in range(unseen):
        person = (
            world.child
            if index == 0
            else person_create(
                actor=None,
                partnership=world.darlington,
                agency=None,
                given_name="Test",
                family_name=f"Child {index}",
                reason="Test",
            )
        )
        CohortChild.objects.create(
            run=later,
            cohort_source="ehe_register_dbc_education",
            cohort_record_id=f"T{index}",
            person=person,
            status="unseen",
        )
    return later


def test_a_new_wash_run_never_replaces_the_campaign_the_board_watches(world: World) -> None:
    run, _, _ = sample_campaign(world)
    before = selectors.campaign_totals(partnership=world.darlington)

    _another_run(world, run, unseen=6)

    after = selectors.campaign_totals(partnership=world.darlington)
    assert after.run == run and (after.cohort, after.unseen) == (before.cohort, before.unseen) == (1, 1)
    assert after.burn_down[0].day == before.burn_down[0].day
    start, end = dt.date(2017, 1, 1), timezone.localdate()
    assert selectors.figure_unseen_children(partnership=world.darlington, period_start=start, period_end=end).value == 1
    page = signed_in_client(world.frank).get(reverse("dashboard")).content.decode()
    assert "1 still not seen" in page


def test_the_lead_updates_the_campaign_from_a_newer_run_and_the_burn_down_keeps_its_dates(world: World) -> None:
    run, _, _ = sample_campaign(world)
    campaign = selectors.campaign_for(partnership=world.darlington)
    assert campaign is not None
    began = campaign.started_at - dt.timedelta(days=30)
    campaign.started_at = began
    campaign.save(update_fields=["started_at"])
    campaign.runs.update(adopted_at=began)
    later = _another_run(world, run, unseen=3, as_of=dt.date(2017, 9, 30))
    client = signed_in_client(world.erin)
    assert f"Wash run {later.pk}" in client.get(reverse("visits:dashboard")).content.decode()

    response = client.post(reverse("visits:campaign_update"), {"run": later.pk})

    assert response.status_code == 302
    totals = selectors.campaign_totals(partnership=world.darlington)
    assert totals.run == later and totals.unseen == 3
    assert totals.burn_down[0] == selectors.BurnDownPoint(timezone.localtime(began).date(), 1, 0)
    assert totals.burn_down[-1].not_seen == 3
    assert [segment.run for segment in selectors.campaign_history(campaign)] == [run, later]
    assert AuditEvent.objects.filter(
        action=Action.UPDATE,
        object_id=str(campaign.pk),
        summary__startswith=f"Updated the campaign from wash run {later.pk}",
    ).exists()


def test_only_a_named_lead_of_the_owning_group_starts_or_updates_the_campaign(world: World) -> None:
    from safeguard.visits.services import campaign_start, campaign_update

    run, _, _ = sample_run(world)
    with pytest.raises(VisitProblem, match="Only a named lead"):
        campaign_start(actor=world.alice, group=world.board, run=run, name="Mine")
    response = signed_in_client(world.alice).get(reverse("visits:campaign_start"))
    assert response.status_code == 302
    make_lead(world)
    page = signed_in_client(world.erin).get(reverse("visits:campaign_start"))
    assert page.status_code == 200 and f"Run {run.pk}: elective home education register" in page.content.decode()
    campaign = campaign_start(actor=world.erin, group=world.board, run=run, name="Children not seen")
    later = _another_run(world, run, unseen=2)
    with pytest.raises(VisitProblem, match="Only a named lead"):
        campaign_update(actor=world.alice, campaign=campaign, run=later)
    with pytest.raises(VisitProblem, match="already been started"):
        campaign_start(actor=world.erin, group=world.board, run=later, name="Again")
    with pytest.raises(VisitProblem, match="already worked from"):
        campaign_update(actor=world.erin, campaign=campaign, run=run)


def test_without_a_campaign_the_board_sees_no_figure_whatever_runs_exist(world: World) -> None:
    sample_run(world)
    assert selectors.campaign_totals(partnership=world.darlington).run is None
    figure = selectors.figure_unseen_children(
        partnership=world.darlington, period_start=dt.date(2017, 1, 1), period_end=timezone.localdate()
    )
    assert figure.denominator == 0
    assert (
        "No campaign has been started"
        in signed_in_client(world.frank).get(reverse("visits:dashboard")).content.decode()
    )


def test_a_named_lead_of_another_group_does_not_see_the_unseen_childrens_names(world: World) -> None:
    from safeguard.partnership.models import Group, GroupKind, GroupMembership, GroupRole

    sample_campaign(world)
    other = Group.objects.create(name="Training sub-group", kind=GroupKind.SUB_GROUP)
    other.partnerships.add(world.darlington)
    GroupMembership.objects.create(group=other, user=world.frank, role=GroupRole.LEAD)
    assert not selectors.may_see_names(world.frank)
    assert signed_in_client(world.frank).get(reverse("visits:unseen")).status_code == 404

    GroupMembership.objects.create(group=world.board, user=world.grace, role=GroupRole.LEAD)
    names = signed_in_client(world.grace).get(reverse("visits:unseen"))
    assert names.status_code == 200 and "Amelia Hartley" in names.content.decode()


def test_the_unseen_list_opens_each_child_shows_their_age_and_no_access_is_not_green(world: World) -> None:
    run, child, _ = sample_campaign(world)
    visit = _plan(world, child)
    visit_record(actor=world.charlie, visit=visit, outcome=Outcome.NO_ACCESS, outcome_date=dt.date(2026, 3, 1))
    page = signed_in_client(world.erin).get(reverse("visits:unseen")).content.decode()
    assert reverse("datawash:child", args=[run.pk, child.pk]) in page
    assert "aged " in page
    assert "govuk-tag--green" not in page
    assert visit.tag == "amber"
