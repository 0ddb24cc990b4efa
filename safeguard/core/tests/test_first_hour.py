"""The first hour (issue 19): each person's task walked from the home page, as they would, with axe on every page.

The social worker, the police officer, the education officer, the analyst and the chair each start at "/" and
follow links and buttons; only the first address is typed. The data comes from the demo loaders where the
demo has it, so what is checked is what a person trying the demo sees.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from safeguard.conftest import assert_accessible, browser_sign_in
from safeguard.core.testing import PASSWORD, World
from safeguard.missing.tests.test_browser import fill_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _start(page: Any, live_server: Any, user: Any) -> None:
    page.context.clear_cookies()
    # The shared test machine can be slow to serve static files; the default 15 s is too tight.
    page.set_default_navigation_timeout(60000)
    browser_sign_in(page, live_server, user)
    page.goto("/")
    assert_accessible(page)


def _main(page: Any) -> str:
    return str(page.locator("main").inner_text())


def _fill_time(page: Any, name: str, moment: dt.datetime) -> None:
    local = timezone.localtime(moment)
    fill_date(page, f"{name}_date", local.date())
    page.fill(f"#id_{name}_time", local.strftime("%H:%M"))


def test_the_social_worker_adds_a_new_child_records_a_high_risk_episode_the_return_and_a_declined_interview(
    page: Any, live_server: Any, world: World
) -> None:
    from safeguard.missing.models import Episode

    now = timezone.now()
    _start(page, live_server, world.charlie)
    page.get_by_role("link", name="Missing children").first.click()
    page.get_by_role("link", name="Record a missing episode").click()
    assert_accessible(page)

    # Find the child: nobody by that name, so she adds the child, keeping what she searched for.
    page.fill("#id_name", "Jayden Pearce")
    fill_date(page, "date_of_birth", dt.date(2012, 6, 9))
    page.get_by_role("button", name="Search").click()
    assert "0 results" in _main(page)
    assert "Pearce" not in page.url  # the search was posted: no name in the address bar or the logs
    page.get_by_role("link", name="add the child to the index").click()
    assert page.locator("h1").inner_text() == "Add the child"
    assert "Pearce" not in page.url
    assert page.input_value("#id_given_name") == "Jayden"
    assert page.input_value("#id_family_name") == "Pearce"
    assert [page.input_value(f"#id_date_of_birth_{i}") for i in range(3)] == ["9", "6", "2012"]
    page.get_by_label("Male", exact=True).check()
    page.fill("#id_postcode", "DL99 ZZZZ")
    page.get_by_role("button", name="Add child and continue").click()
    # The error names the field, in GOV.UK words, and the page stays accessible.
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter a real postcode, like DL3 7AB" in summary
    assert page.input_value("#id_family_name") == "Pearce"
    assert_accessible(page)
    page.fill("#id_postcode", "DL3 7AB")
    page.get_by_role("button", name="Add child and continue").click()
    assert "Added Jayden Pearce" in page.content()

    # The episode: times start at now, the risk grades are explained, police are told at once.
    today = timezone.localdate()
    assert page.input_value("#id_started_at_time") != ""
    assert [page.input_value(f"#id_reported_at_date_{i}") for i in range(3)] == [
        str(today.day),
        str(today.month),
        str(today.year),
    ]
    assert "High: serious harm is very likely" in _main(page)
    page.get_by_label("Missing (whereabouts unknown)").check()
    page.get_by_label("High", exact=True).check()
    _fill_time(page, "started_at", now - dt.timedelta(hours=3))
    _fill_time(page, "reported_at", now - dt.timedelta(hours=2, minutes=45))
    page.fill("#id_last_seen_place", "Darlington bus station")
    page.fill("#id_police_reference", "DP-2026-0107")
    assert_accessible(page)
    page.get_by_role("button", name="Record episode").click()
    assert "Episode recorded" in page.content()
    main = _main(page)
    assert "police see this episode" in main
    assert "Missing or away" in main and "DP-2026-0107" in main
    assert_accessible(page)

    # The return, then the interview the child declined.
    page.get_by_role("link", name="Record the return").click()
    assert_accessible(page)
    _fill_time(page, "ended_at", now - dt.timedelta(hours=1))
    page.get_by_role("button", name="Record return").click()
    assert "Return recorded" in page.content()
    page.get_by_role("link", name="Record the return home interview").click()
    assert_accessible(page)
    _fill_time(page, "offered_at", now - dt.timedelta(minutes=30))
    page.fill("#id_offered_by", "Chris Evans")
    page.get_by_role("radio", name="Declined").check()
    page.fill("#id_outcome_reason", "Did not want to talk today")
    page.get_by_role("button", name="Save interview").click()
    assert "Return home interview saved" in page.content()
    assert_accessible(page)

    # The missing children page says the interview was declined, not "Done".
    page.get_by_role("link", name="Missing children").first.click()
    row = page.locator("tr", has_text="Jayden Pearce").first
    assert "Declined" in row.inner_text() and "Done" not in row.inner_text()
    assert_accessible(page)
    episode = Episode.objects.get(person__family_name="Pearce")
    assert episode.police_reference == "DP-2026-0107" and episode.police_told_at is not None


def test_the_police_officer_sees_the_high_risk_child_missing_now_its_updates_and_the_philomena_profile(
    page: Any, live_server: Any, world: World
) -> None:
    from safeguard.missing.models import Category, RiskGrade
    from safeguard.missing.services import episode_record, episode_regrade, profile_save

    now = timezone.now()
    # The social worker records the episode and the profile; a police colleague regrades it an hour later.
    profile_save(actor=world.charlie, person=world.child, fields={"description": "Freckles, long red hair"})
    episode = episode_record(
        actor=world.charlie,
        agency=world.childrens,
        person=world.child,
        category=Category.MISSING,
        risk_grade=RiskGrade.HIGH,
        started_at=now - dt.timedelta(hours=3),
        reported_at=now - dt.timedelta(hours=2),
        clothing="Green parka",
        police_reference="DP-2026-0042",
    )
    episode_regrade(
        actor=world.bob,
        episode=episode,
        grade=RiskGrade.MEDIUM,
        applied_at=now - dt.timedelta(hours=1),
        reason="Seen on CCTV at Darlington station",
    )

    _start(page, live_server, world.bob)
    page.get_by_role("link", name="Missing children").first.click()
    missing_now = page.locator("table", has_text="Missing now")
    assert "Amelia Hartley" in missing_now.inner_text()
    assert_accessible(page)
    missing_now.get_by_role("link", name="Amelia Hartley").click()
    main = _main(page)
    assert "DP-2026-0042" in main and "Still missing" in main
    history = page.locator("table", has_text="Risk grade history").inner_text()
    assert "High" in history and "Medium" in history and "Seen on CCTV at Darlington station" in history
    assert_accessible(page)

    page.get_by_role("link", name="Philomena profile").click()
    main = _main(page)
    assert "Freckles, long red hair" in main and "Green parka" in main
    assert "Age" in main
    assert main.index("Part 1") < main.index("Part 2")
    assert_accessible(page)


def _education_officer(world: World) -> Any:
    from safeguard.partnership.roles import Role
    from safeguard.partnership.services import user_create

    return user_create(
        actor=None,
        agency=world.education,
        username="elena",
        first_name="Elena",
        last_name="Tester",
        email="elena@example.org",
        roles={Role.DATA_OFFICER, Role.PRACTITIONER},
        password=PASSWORD,
    )


def test_the_education_officer_uploads_her_register_sees_its_results_and_opens_an_unseen_child(
    page: Any, live_server: Any, world: World, tmp_path: Path
) -> None:
    from safeguard.datawash import services
    from safeguard.datawash.models import Extract, SourceKind
    from safeguard.datawash.tests.helpers import AS_OF, small_extracts, upload
    from safeguard.visits.services import campaign_start, visits_plan
    from safeguard.visits.tests.factories import make_lead

    elena = _education_officer(world)
    small_extracts(tmp_path)
    health = upload(world, tmp_path / "health.csv", "health", SourceKind.HEALTH)

    _start(page, live_server, elena)
    page.get_by_role("link", name="Extracts").first.click()
    # The page says who sees extracts, including the analysts who wash them (not "only your agency").
    assert "Only your agency" not in _main(page) and "analysts" in _main(page)
    assert_accessible(page)
    page.get_by_role("button", name="Upload an extract").click()
    assert_accessible(page)
    page.get_by_label("Elective home education register").check()
    page.set_input_files("#id_file", str(tmp_path / "ehe_register.csv"))
    page.get_by_role("button", name="Upload and check").click()
    if page.url.endswith("/columns/"):
        assert_accessible(page)
        page.get_by_role("button", name="Save and check the file").click()
    # What the file holds and what comes next, in words.
    main = _main(page)
    assert "12 children" in main and "Next, an analyst includes it in a wash run" in main, main
    assert "rely on names" in main or "matched on names, dates of birth and addresses" in main
    assert_accessible(page)
    page.get_by_role("link", name="See your register's wash results").click()
    assert "No wash run has used this version of your register yet" in _main(page)
    assert_accessible(page)

    # The analyst runs the wash and the campaign's lead starts the campaign; Elena visits one unseen child.
    register = Extract.objects.get(agency=world.education)
    run = services.run_start(
        actor=world.erin, cohort_extract=register, source_extracts=[health], as_of=AS_OF, unseen_months=18
    )
    run.refresh_from_db()
    make_lead(world)
    campaign_start(actor=world.erin, group=world.board, run=run, name="Children not seen")
    unseen = run.children.exclude(status="seen").select_related("person").order_by("pk").first()
    assert unseen is not None and unseen.person is not None
    visits_plan(
        actor=world.erin,
        children=[unseen],
        lead_officer=elena,
        second_officer=world.ivan,
        due_date=timezone.localdate() + dt.timedelta(days=14),
    )

    page.reload()
    main = _main(page)
    assert f"Wash run {run.pk}" in main and unseen.person.full_name in main
    assert "Not seen" in main or "Check" in main
    assert_accessible(page)

    page.goto("/")
    page.get_by_role("link", name="Unseen children").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="See the children still not seen and their visits").click()
    row = page.locator("tr", has_text=unseen.person.full_name).first.inner_text()
    assert "aged" in row or unseen.person.date_of_birth is None
    assert_accessible(page)
    page.get_by_role("link", name=unseen.person.full_name).click()
    assert unseen.person.full_name in _main(page)
    assert_accessible(page)


def test_the_analyst_exports_the_scorecard_reads_this_runs_report_and_settles_a_childs_pairs_at_once(
    page: Any, live_server: Any, world: World, tmp_path: Path
) -> None:
    import openpyxl

    from safeguard.datawash import services
    from safeguard.datawash.models import ReviewCase, SourceKind
    from safeguard.datawash.tests.helpers import AS_OF, register_and_health, upload
    from safeguard.performance.demo import load_demo as load_performance
    from safeguard.visits.services import campaign_start
    from safeguard.visits.tests.factories import make_lead

    load_performance(partnership=world.darlington)
    register, health = register_and_health(world, tmp_path)
    census = upload(world, tmp_path / "school_census.csv", "education", SourceKind.SCHOOL_CENSUS)
    older = services.run_start(
        actor=world.erin, cohort_extract=register, source_extracts=[health], as_of=AS_OF, unseen_months=18
    )
    run = services.run_start(
        actor=world.erin, cohort_extract=register, source_extracts=[health, census], as_of=AS_OF, unseen_months=18
    )
    child = run.children.exclude(status="seen").select_related("person").order_by("pk").first()
    assert child is not None and child.person is not None
    # Two pairs of the same child with the same health record: one decision settles both.
    ReviewCase.objects.filter(run=run).delete()
    health_record = {"source": "health_cddft", "record_id": "HE999", "label": "Health", "given_name": "Sam"}
    for left in (
        {"source": child.cohort_source, "record_id": child.cohort_record_id, "label": "Register"},
        {"source": "school_census_dbc-education", "record_id": "SC999", "label": "School census"},
    ):
        ReviewCase.objects.create(
            run=run, child=child, probability=0.6, why="uncertain match", left=left, right=health_record
        )

    _start(page, live_server, world.erin)
    page.get_by_role("link", name="Scorecard").first.click()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the scorecard as an Excel workbook").click()
    book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    sheet = book.worksheets[0]
    numbers = [
        cell
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, int | float) and not isinstance(cell.value, bool)
    ]
    assert any("%" in cell.number_format for cell in numbers), "percentages are numbers formatted as percentages"
    texts = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert not any(text.strip().endswith("%") and text.strip()[:-1].replace(".", "").isdigit() for text in texts)

    # The run's page opens this run's own report, which explains its terms.
    page.goto("/")
    page.get_by_role("link", name="Data wash").first.click()
    assert_accessible(page)
    page.get_by_role("link", name=f"Run {run.pk}", exact=False).first.click()
    assert_accessible(page)
    page.get_by_role("link", name=f"The engine's full report for run {run.pk}").click()
    assert f"Wash run {run.pk}" in _main(page)
    page.get_by_text("What the report's terms mean").click()  # the explanation opens in place
    terms = _main(page)
    assert "Bayes factor" in terms and "match weight" in terms.lower()
    frame = page.locator("iframe")
    assert frame.count() == 1 and f"/runs/{run.pk}/report/" in (frame.get_attribute("src") or "")
    assert f"/runs/{older.pk}/report/" not in page.content()
    assert_accessible(page)

    # A review decision settles the child's other pair with the same record at once.
    page.goto("/")
    page.get_by_role("link", name="Links to check").first.click()
    assert_accessible(page)
    page.get_by_role("link", name=child.person.full_name).first.click()
    rows = page.locator("table").first.inner_text()
    assert "HE999" in rows
    assert_accessible(page)
    page.get_by_label("No – different children").check()
    page.get_by_role("button", name="Record the decision").click()
    assert "Decision recorded" in page.content()
    assert ReviewCase.objects.filter(run=run, decision__isnull=True).count() == 0
    assert page.get_by_role("link", name=child.person.full_name).count() == 0
    assert_accessible(page)

    # The campaign the board watches stays on the run its lead chose until she updates it from a newer one.
    make_lead(world)
    campaign_start(actor=world.erin, group=world.board, run=older, name="Children not seen")
    page.goto("/")
    page.get_by_role("link", name="Unseen children").first.click()
    assert f"From wash run {older.pk}" in _main(page) and f"Wash run {run.pk}" in _main(page)
    page.get_by_role("link", name="Update the campaign from a newer run").click()
    assert_accessible(page)


def test_the_chair_sees_how_the_partnership_is_doing_on_the_home_page_and_downloads_the_board_pack(
    page: Any, live_server: Any, world: World
) -> None:
    import docx

    from safeguard.governance.demo import load_demo as load_governance
    from safeguard.intelligence.demo import load_demo as load_intelligence
    from safeguard.missing.demo import load_demo as load_missing
    from safeguard.partnership.models import GroupMembership, GroupRole
    from safeguard.performance.demo import load_demo as load_performance

    GroupMembership.objects.create(group=world.board, user=world.frank, role=GroupRole.CHAIR)
    load_performance(partnership=world.darlington)
    load_governance(partnership=world.darlington)
    load_missing(partnership=world.darlington)
    load_intelligence(partnership=world.darlington)

    _start(page, live_server, world.frank)
    main = _main(page)
    # Red and worsening indicators with the owners' commentary.
    assert "Indicators to discuss" in main
    attention = page.locator("table", has_text="Owner's commentary").first
    assert attention.locator(".govuk-tag--red").count() >= 1
    assert "Two social workers left in the month" in attention.inner_text()
    # Overdue actions, the next meeting with its papers, and the headlines.
    assert "overdue across the partnership's groups" in main
    assert "Next board meeting" in main and "Town Hall" in main
    assert "Missing" in main and "Soft intelligence about exploitation" in main
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the board pack (Word)").click()
    pack = docx.Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = "\n".join(p.text for p in pack.paragraphs)
    assert "Two social workers left in the month" in text or any(
        "Two social workers left in the month" in cell.text
        for table in pack.tables
        for row in table.rows
        for cell in row.cells
    )
    # The meeting itself, one click away, with its papers and reports named.
    page.locator("main a", has_text=world.board.name).first.click()
    assert "Report: governance:actions" not in page.content()
    assert_accessible(page)
    # The board's terms of reference, past their review date, are flagged.
    page.locator("a.govuk-back-link").click()
    assert "Review overdue" in _main(page)
    assert_accessible(page)
