"""A practitioner submits soft intelligence and a police officer grades it, with the keyboard alone (WCAG 2.1.1).

Tab, arrows, Space, Enter and typing only (see core/tests/keyboard.py); the test never clicks.
"""

from __future__ import annotations

from typing import Any

import pytest

from safeguard.conftest import browser_sign_in
from safeguard.core.testing import World
from safeguard.core.tests.keyboard import choose_radio, press_enter_and_wait, tab_to, tick, type_into
from safeguard.intelligence.models import Status, Submission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_practitioner_submits_and_a_police_officer_grades_by_keyboard_alone(
    page: Any, live_server: Any, world: World
) -> None:
    page.set_default_navigation_timeout(60000)
    browser_sign_in(page, live_server, world.charlie)
    page.goto("/intelligence/")
    tab_to(page, "a[href='/intelligence/new/']")
    press_enter_and_wait(page)

    choose_radio(page, "about", "child")
    tick(page, "input[type=checkbox][name=categories][value=cce]")
    type_into(page, "#id_what_happened", "Seen taking packages from a silver car at the bus station")
    type_into(page, "#id_place", "Bus station")
    choose_radio(page, "how_known", "seen")
    choose_radio(page, "subject_aware", "no")
    tab_to(page, "button[type=submit]", "Save and continue")
    press_enter_and_wait(page)
    page.wait_for_selector("text=Draft saved")

    tab_to(page, "button[type=submit]", "Send to police")
    press_enter_and_wait(page)
    page.wait_for_selector("text=Submitted to police")
    submission = Submission.objects.get()

    page.context.clear_cookies()
    browser_sign_in(page, live_server, world.bob)
    page.goto("/intelligence/queue/")
    tab_to(page, "a", submission.reference)
    press_enter_and_wait(page)
    choose_radio(page, "source_grade", "2")
    choose_radio(page, "information_grade", "A")
    choose_radio(page, "handling", "P")
    type_into(page, "#id_sanitised_summary", "Possible county lines activity at the bus station")
    choose_radio(page, "outcome", "tasked")
    tab_to(page, "button[type=submit]", "Save grading")
    press_enter_and_wait(page)
    page.wait_for_selector(f"text={submission.reference} graded")

    submission.refresh_from_db()
    assert submission.status == Status.ASSESSED
