from __future__ import annotations

from typing import Any

import pytest

from safeguard.conftest import assert_accessible, browser_sign_in
from safeguard.core.testing import World
from safeguard.governance.models import ActionItem, ActionStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _date(page: Any, field: str, day: str, month: str, year: str) -> None:
    page.locator(f"#id_{field}_0").fill(day)
    page.locator(f"#id_{field}_1").fill(month)
    page.locator(f"#id_{field}_2").fill(year)


def test_the_business_unit_takes_a_serious_incident_from_notification_to_a_completed_learning_action(
    page: Any, live_server: Any, world: World
) -> None:
    browser_sign_in(page, live_server, world.alice)
    page.goto("/reviews/new/")
    assert_accessible(page)
    page.get_by_label("Child's name").fill("Amelia Hartley")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Record a serious incident for Amelia Hartley").click()
    assert_accessible(page)
    page.get_by_label("Reference").fill("DSP-2017-01")
    _date(page, "became_aware_on", "3", "7", "2017")
    page.get_by_label("What happened").fill("Admitted to hospital with serious injuries.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/reviews/*/")
    assert "Serious incident recorded" in page.content()
    assert "10 July 2017" in page.content()  # the Panel is due to be told 5 working days after
    assert_accessible(page)

    page.get_by_role("link", name="Record the notification").click()
    _date(page, "notified_on", "6", "7", "2017")
    page.get_by_role("button", name="Save").click()
    assert "27 July 2017" in page.content()  # the rapid review is due 15 working days after

    page.get_by_role("link", name="Record the rapid review").click()
    _date(page, "sent_on", "26", "7", "2017")
    page.get_by_label("A local review is not appropriate").check()
    page.get_by_label("Why").fill("The learning is already known from the Durham review.")
    page.get_by_role("button", name="Save").click()
    assert "Rapid review recorded" in page.content()

    page.get_by_role("link", name="Add a learning action").click()
    assert_accessible(page)
    page.get_by_label("Finding").fill("Practitioners were unsure what they could share at MAPPA meetings.")
    page.get_by_label("Action", exact=True).fill("Write and circulate a MAPPA information sharing briefing")
    page.get_by_label("Group that carries it").select_option(label=world.board.name)
    page.get_by_label("Owner").select_option(label=f"{world.charlie.display_name()}, {world.childrens}")
    _date(page, "due_on", "29", "9", "2017")
    page.get_by_role("button", name="Save").click()
    assert (
        "added to the group&#x27;s action log" in page.content() or "added to the group's action log" in page.content()
    )

    page.get_by_role("link", name="Complete with evidence").click()
    page.get_by_label("Evidence of completion").fill("Briefing sent to every agency on 20 September.")
    page.get_by_role("button", name="Save").click()
    assert "Learning action completed" in page.content()
    assert "Complete, impact to check" in page.content()
    assert_accessible(page)

    action = ActionItem.objects.get()
    assert action.status == ActionStatus.COMPLETE
    assert action.group == world.board
