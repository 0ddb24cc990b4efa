from __future__ import annotations

from typing import Any

import pytest

from safeguard.conftest import assert_accessible, browser_sign_in
from safeguard.core.testing import World
from safeguard.intelligence import services
from safeguard.intelligence.models import (
    EntityKind,
    Handling,
    InformationGrade,
    Outcome,
    SourceGrade,
    Status,
    Submission,
)
from safeguard.intelligence.tests.factories import make_submission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_practitioner_submits_and_a_police_officer_grades(page: Any, live_server: Any, world: World) -> None:
    browser_sign_in(page, live_server, world.charlie)
    page.goto("/intelligence/new/")
    assert_accessible(page)
    page.get_by_role("button", name="Save and continue").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert "Select at least one kind of concern" in page.content()
    assert_accessible(page)

    page.get_by_label("A child (under 18)").check()
    page.get_by_label("Child criminal exploitation and county lines").check()
    page.fill("#id_what_happened", "Seen taking packages from a silver car at the bus station")
    page.fill("#id_place", "Bus station")
    page.fill("#id_postcode", "dl1 5dw")
    page.get_by_label("I saw or heard it myself").check()
    page.get_by_label("No, they do not know").check()
    page.get_by_role("button", name="Save and continue").click()
    assert "Draft saved: your reference is SI-" in page.content()
    assert_accessible(page)

    page.get_by_text("Add a vehicle").click()
    page.fill("#id_vehicle-value", "YR19 KT!")
    page.get_by_role("button", name="Add vehicle").click()
    assert "A registration can only contain letters and numbers" in page.content()
    page.fill("#id_vehicle-value", "yr19 ktd")
    page.get_by_role("button", name="Add vehicle").click()
    assert "YR19 KTD" in page.content()
    page.get_by_role("button", name="Send to police").click()
    assert "Submitted to police" in page.content()
    assert_accessible(page)
    submission = Submission.objects.get()

    browser_sign_in(page, live_server, world.bob)
    page.goto("/intelligence/queue/")
    assert_accessible(page)
    page.get_by_role("link", name=submission.reference).click()
    assert_accessible(page)
    page.get_by_label("2 – Untested").check()
    page.get_by_label("A – Known directly").check()
    page.get_by_label("P – Lawful sharing permitted").check()
    page.fill("#id_sanitised_summary", "Possible county lines activity at the bus station")
    page.get_by_label("Tasked").check()
    page.get_by_role("button", name="Save grading").click()
    assert f"{submission.reference} graded" in page.content()
    submission.refresh_from_db()
    assert submission.status == Status.ASSESSED

    # The police decide whether it goes into the subject access bundles of the people it names.
    page.goto(f"/intelligence/queue/{submission.pk}/")
    page.get_by_role("button", name="Save release decision").click()
    assert "Select whether to release it in subject access bundles" in page.content()
    assert_accessible(page)
    page.get_by_label("Release it in the subject access bundles of the people it names").check()
    page.get_by_label("Why").fill("Nothing in it would harm an investigation")
    page.get_by_role("button", name="Save release decision").click()
    assert "is released in subject access bundles" in page.content()
    assert_accessible(page)


def test_an_analyst_sees_accessible_themes_and_networks(page: Any, live_server: Any, world: World) -> None:
    for _ in range(2):
        submission = make_submission(world.charlie, submit=False, registration="YR19 KTD")
        services.entity_add(actor=world.charlie, submission=submission, kind=EntityKind.PERSON, person=world.child)
        services.submission_submit(actor=world.charlie, submission=submission)
        # Erin is an analyst outside the police: she sees what a submission names once it is graded for sharing.
        services.assessment_record(
            actor=world.bob,
            submission=submission,
            source_grade=SourceGrade.UNTESTED,
            information_grade=InformationGrade.KNOWN_DIRECTLY,
            handling=Handling.PERMITTED,
            sanitised_summary="Child seen in a car with an adult",
            outcome=Outcome.TASKED,
        )
    browser_sign_in(page, live_server, world.erin)
    page.goto("/intelligence/themes/")
    assert page.locator("svg[role=img]").first.is_visible()
    assert_accessible(page)
    page.goto("/intelligence/network/")
    assert "Vehicle: YR19 KTD" in page.content()
    assert_accessible(page)
    page.goto(f"/intelligence/network/people/{world.child.pk}/")
    assert "Places that recur" in page.content()
    assert_accessible(page)
