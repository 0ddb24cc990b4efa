"""The whole campaign in a browser, as each role: upload with mapping, run, review, plan and record a visit."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from safeguard.conftest import assert_accessible, browser_sign_in
from safeguard.core.testing import World
from safeguard.datawash.models import ReviewCase, SourceKind, WashRun
from safeguard.datawash.tests.helpers import small_extracts, upload
from safeguard.visits.tests.factories import make_lead

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The health trust's own export layout, which the data officer maps on first upload.
AGENCY_HEADERS = {
    "record_id": "Patient Ref",
    "given_name": "Forename",
    "family_name": "Surname",
    "date_of_birth": "DOB",
    "nhs_number": "NHS No",
    "postcode": "Post Code",
    "last_seen_date": "Last Seen",
}


def _agency_layout(source: Path, target: Path) -> None:
    with source.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(AGENCY_HEADERS.values())
        for row in rows:
            writer.writerow([row[column] for column in AGENCY_HEADERS])


def _fill_date(page: Any, prefix: str, day: dt.date) -> None:
    for part, value in (("day", day.day), ("month", day.month), ("year", day.year)):
        page.fill(f"input[name={prefix}_{part}]", str(value))


def test_from_upload_to_a_recorded_visit_the_dashboard_numbers_move(
    page: Any, live_server: Any, world: World, tmp_path: Path
) -> None:
    small_extracts(tmp_path)
    upload(world, tmp_path / "ehe_register.csv", "education", SourceKind.EHE_REGISTER)
    _agency_layout(tmp_path / "health.csv", tmp_path / "gp-export.csv")

    # The health trust's data officer uploads their own layout and maps its columns.
    browser_sign_in(page, live_server, world.dana)
    page.goto("/data-wash/extracts/upload/")
    assert_accessible(page)
    page.get_by_label("Health records").check()
    page.set_input_files("#id_file", str(tmp_path / "gp-export.csv"))
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_url("**/columns/")
    assert "For example:" in page.content()
    assert_accessible(page)
    page.get_by_label("Column “Patient Ref”").select_option("record_id")
    page.get_by_label("Column “Last Seen”").select_option("last_seen_date")
    page.get_by_label("How dates of birth are written").select_option("%d/%m/%Y")
    page.get_by_label("How dates last seen are written").select_option("%d/%m/%Y")
    page.get_by_role("button", name="Save and check the file").click()
    assert page.locator("h1").inner_text() == "Health records version 1"
    assert "Rows accepted" in page.content()
    assert_accessible(page)

    # The analyst runs the wash; the page shows the bulletin-style summary.
    page.context.clear_cookies()
    browser_sign_in(page, live_server, world.erin)
    page.goto("/data-wash/runs/new/")
    assert_accessible(page)
    page.get_by_role("radio", name="Darlington Education: Elective home education register v1").check()
    page.get_by_role("checkbox", name="Darlington Health Trust: Health records v1").check()
    _fill_date(page, "as_of", dt.date(2017, 6, 30))
    page.get_by_role("button", name="Start the run").click()
    page.wait_for_url("**/data-wash/runs/*/")
    assert "12 on the register" in page.content(), page.content()
    assert_accessible(page)
    run = WashRun.objects.get()
    unseen_at_run = run.counts["cohort_unseen"] + run.counts["cohort_check"]

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
    assert_accessible(page)
    page.get_by_role("link", name=child.person.full_name).first.click()
    assert_accessible(page)
    page.get_by_label("No – different children").check()
    page.get_by_role("button", name="Record the decision").click()
    assert "Decision recorded" in page.content()

    # The analyst, a named lead of the board, starts the campaign from this run: the board follows it.
    make_lead(world)
    page.goto("/visits/")
    page.get_by_role("button", name="Start the campaign").click()
    assert_accessible(page)
    page.get_by_label("Darlington Safeguarding Children Board").check()
    page.get_by_role("radio", name=f"Run {run.pk}:", exact=False).check()
    page.get_by_role("button", name="Start the campaign").click()
    assert "Campaign started" in page.content()

    # The analyst plans a joint visit from the unseen list.
    page.goto("/visits/")
    assert f"{unseen_at_run}" in page.locator(".sg-figures").inner_text()
    assert_accessible(page)
    page.goto("/visits/plan/")
    assert_accessible(page)
    page.get_by_label(child.person.full_name, exact=False).check()
    page.get_by_label("Lead officer").select_option(label="Charlie Tester, Darlington Children's Services")
    page.get_by_label("Second officer, from another agency").select_option(label="Ivan Tester, Darlington Health Trust")
    _fill_date(page, "due_date", timezone.localdate() + dt.timedelta(days=14))
    page.get_by_role("button", name="Plan the visits").click()
    assert "Planned 1 joint visit" in page.content()
    assert_accessible(page)

    # The assigned officer records that the child was seen.
    page.context.clear_cookies()
    browser_sign_in(page, live_server, world.charlie)
    page.goto("/visits/list/")
    assert_accessible(page)
    page.get_by_role("link", name=child.person.full_name).click()
    page.get_by_label("Seen – safe and well").check()
    _fill_date(page, "outcome_date", timezone.localdate())
    page.get_by_role("button", name="Record the outcome").click()
    assert "Outcome recorded" in page.content()
    assert_accessible(page)

    # The board member sees the number fall, and no names.
    page.context.clear_cookies()
    browser_sign_in(page, live_server, world.frank)
    page.goto("/visits/")
    figures = page.locator(".sg-figures").inner_text()
    assert f"{unseen_at_run - 1}\nstill not seen" in figures or f"{unseen_at_run - 1}still not seen" in figures.replace(
        "\n", ""
    )
    assert child.person.family_name not in page.content()
    assert_accessible(page)
