"""A practitioner records a missing episode and the return with the keyboard alone (WCAG 2.1.1).

The browser is driven only by Tab, arrow keys, Space, Enter and typing; the test reads which element has
focus to know where it is, as a keyboard user reads the focus indicator, but never clicks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from safeguard.conftest import browser_sign_in
from safeguard.core.testing import World
from safeguard.missing.models import Episode

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = """([selector, text]) => {
  const e = document.activeElement;
  return !!e && e.matches(selector) && (!text || (e.innerText || e.value || '').includes(text) || (e.textContent || '').includes(text));
}"""


def tab_to(page: Any, selector: str, text: str = "", *, limit: int = 150) -> None:
    """Press Tab until the focused element matches ``selector`` (and contains ``text``)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED, [selector, text]):
            return
    pytest.fail(f"Tab never reached {selector} {text!r} on {page.url}")


def type_into(page: Any, selector: str, value: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(value)


def type_date(page: Any, name: str, day: dt.date) -> None:
    type_into(page, f"#id_{name}_0", str(day.day))
    type_into(page, f"#id_{name}_1", str(day.month))
    type_into(page, f"#id_{name}_2", str(day.year))


def press_enter_and_wait(page: Any) -> None:
    """Enter on a link or a submit button: wait for the next page before reading its focus."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def choose_radio(page: Any, name: str, value: str) -> None:
    """Tab into the radio group, then arrow down to the option (arrows select in a radio group)."""
    tab_to(page, f"input[type=radio][name={name}]")
    for _ in range(10):
        if page.evaluate("(v) => document.activeElement.value === v", value):
            page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
    pytest.fail(f"No option {value} in {name}")


def test_a_practitioner_records_an_episode_and_the_return_by_keyboard_alone(
    page: Any, live_server: Any, world: World
) -> None:
    two_days_ago = timezone.localdate() - dt.timedelta(days=2)
    page.set_default_navigation_timeout(60000)
    browser_sign_in(page, live_server, world.charlie)
    page.goto("/missing/record/")

    type_into(page, "#id_name", "Amelia Hartly")
    press_enter_and_wait(page)
    tab_to(page, "a", "Record episode")
    press_enter_and_wait(page)
    page.wait_for_selector("#id_last_seen_place")

    choose_radio(page, "category", "missing")
    choose_radio(page, "risk_grade", "medium")
    type_date(page, "started_at_date", two_days_ago)
    type_into(page, "#id_started_at_time", "10:00")
    type_date(page, "reported_at_date", two_days_ago)
    type_into(page, "#id_reported_at_time", "10:30")
    type_into(page, "#id_last_seen_place", "Darlington bus station")
    tab_to(page, "button[type=submit]", "Record episode")
    press_enter_and_wait(page)
    page.wait_for_selector("text=Still missing")

    tab_to(page, "a", "Record the return")
    press_enter_and_wait(page)
    page.wait_for_selector("#id_ended_at_time")
    type_date(page, "ended_at_date", two_days_ago)
    type_into(page, "#id_ended_at_time", "18:00")
    tab_to(page, "button[type=submit]", "Record return")
    press_enter_and_wait(page)
    page.wait_for_selector("text=Due in")

    episode = Episode.objects.get(person=world.child)
    assert episode.ended_at is not None and episode.last_seen_place == "Darlington bus station"
