"""A practitioner records a missing episode, the return and the return home interview with the keyboard alone
(WCAG 2.1.1).

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
from safeguard.core.tests.keyboard import choose_radio, press_enter_and_wait, tab_to, tick, type_date, type_into
from safeguard.missing.models import Episode, ReturnInterview, RhiOutcome

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_practitioner_records_an_episode_the_return_and_the_interview_by_keyboard_alone(
    page: Any, live_server: Any, world: World
) -> None:
    two_days_ago = timezone.localdate() - dt.timedelta(days=2)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
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

    tab_to(page, "a", "Record the return home interview")
    press_enter_and_wait(page)
    page.wait_for_selector("#id_offered_at_time")
    type_date(page, "offered_at_date", yesterday)
    type_into(page, "#id_offered_at_time", "09:00")
    type_into(page, "#id_offered_by", "Sam Ward")
    choose_radio(page, "outcome", RhiOutcome.ACCEPTED)
    type_date(page, "completed_at_date", yesterday)
    type_into(page, "#id_completed_at_time", "14:00")
    type_into(page, "#id_completed_by", "Sam Ward")
    choose_radio(page, "independent", "yes")
    type_into(page, "#id_push_factors", "Arguments at home")
    tick(page, "input[name=exploitation_indicators][value=cce]")
    tab_to(page, "button[type=submit]", "Save interview")
    press_enter_and_wait(page)
    page.wait_for_selector("text=Return home interview saved")

    episode = Episode.objects.get(person=world.child)
    assert episode.ended_at is not None and episode.last_seen_place == "Darlington bus station"
    interview = ReturnInterview.objects.get(episode=episode)
    assert interview.outcome == RhiOutcome.ACCEPTED and interview.completed_by == "Sam Ward"
    assert interview.completed_at is not None and interview.independent is True
    assert interview.push_factors == "Arguments at home" and interview.exploitation_indicators == ["cce"]
