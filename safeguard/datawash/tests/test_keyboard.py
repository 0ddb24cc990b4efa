"""The data wash from upload to planned visits with the keyboard alone (WCAG 2.1.1).

A data officer uploads an extract, an analyst runs the wash, decides a pair the engine left in doubt, starts
the campaign and plans a joint visit: Tab, arrows, Space, Enter and typing only (see core/tests/keyboard.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from safeguard.conftest import browser_sign_in
from safeguard.core.testing import World
from safeguard.core.tests.keyboard import (
    choose_file,
    choose_option,
    choose_radio,
    press_enter_and_wait,
    tab_to,
    tick,
    type_date,
)
from safeguard.datawash.models import Extract, ReviewCase, SourceKind, WashRun
from safeguard.datawash.tests.helpers import AS_OF, small_extracts, upload
from safeguard.visits.models import JointVisit
from safeguard.visits.tests.factories import make_lead

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_run_review_and_plan_visits_by_keyboard_alone(
    page: Any, live_server: Any, world: World, tmp_path: Path
) -> None:
    small_extracts(tmp_path)
    register = upload(world, tmp_path / "ehe_register.csv", "education", SourceKind.EHE_REGISTER)
    page.set_default_navigation_timeout(120000)

    # The health trust's data officer uploads the health extract.
    browser_sign_in(page, live_server, world.dana)
    page.goto("/data-wash/extracts/upload/")
    choose_radio(page, "source_kind", SourceKind.HEALTH)
    choose_file(page, "#id_file", tmp_path / "health.csv")
    tab_to(page, "button[type=submit]", "Upload and check")
    press_enter_and_wait(page)
    if page.url.endswith("/columns/"):
        tab_to(page, "button[type=submit]", "Save and check the file")
        press_enter_and_wait(page)
    health = Extract.objects.get(source_kind=SourceKind.HEALTH)
    assert health.is_usable, page.content()

    # The analyst runs the wash.
    page.context.clear_cookies()
    browser_sign_in(page, live_server, world.erin)
    page.goto("/data-wash/runs/new/")
    choose_radio(page, "cohort_extract", str(register.pk))
    tick(page, f"input[type=checkbox][name=source_extracts][value='{health.pk}']")
    type_date(page, "as_of", AS_OF)
    tab_to(page, "button[type=submit]", "Start the run")
    press_enter_and_wait(page)
    page.wait_for_selector("text=on the register")
    run = WashRun.objects.get()

    # A pair the engine left for an officer (one is made if this small run left none): rejected.
    child = run.children.exclude(status="seen").select_related("person").first()
    assert child is not None and child.person is not None
    ReviewCase.objects.filter(run=run).exclude(child=child).delete()
    if not ReviewCase.objects.filter(run=run).exists():
        ReviewCase.objects.create(
            run=run,
            child=child,
            probability=0.6,
            why="uncertain match",
            left={"source": child.cohort_source, "record_id": child.cohort_record_id, "label": "Register"},
            right={"source": "health_cddft", "record_id": "HE999", "label": "Health"},
        )
    page.goto("/data-wash/review/")
    tab_to(page, "a", child.person.full_name)
    press_enter_and_wait(page)
    choose_radio(page, "decision", "reject")
    tab_to(page, "button[type=submit]", "Record the decision")
    press_enter_and_wait(page)
    page.wait_for_selector("text=Decision recorded")

    # The analyst, a named lead of the board, starts the campaign from this run and plans a joint visit.
    make_lead(world)
    page.goto("/visits/")
    tab_to(page, "a", "Start the campaign")
    press_enter_and_wait(page)
    choose_radio(page, "group", str(world.board.pk))
    choose_radio(page, "run", str(run.pk))
    tab_to(page, "button[type=submit]", "Start the campaign")
    press_enter_and_wait(page)
    page.wait_for_selector("text=Campaign started")

    page.goto("/visits/plan/")
    tick(page, f"input[type=checkbox][name=children][value='{child.pk}']")
    choose_option(page, "#id_lead_officer", "Charlie Tester")
    choose_option(page, "#id_second_officer", "Ivan Tester")
    type_date(page, "due_date", timezone.localdate() + dt.timedelta(days=14))
    tab_to(page, "button[type=submit]", "Plan the visits")
    press_enter_and_wait(page)
    page.wait_for_selector("text=Planned 1 joint visit")

    visit = JointVisit.objects.get()
    assert visit.person_id == child.person_id and visit.lead_officer == world.charlie
