from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from safeguard.conftest import assert_accessible, browser_sign_in
from safeguard.core.testing import World
from safeguard.governance import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _meeting_with_headlines(world: World) -> Any:
    meeting = services.meeting_schedule(
        actor=world.alice, group=world.board, starts_at=timezone.make_aware(dt.datetime(2017, 7, 4, 9, 30))
    )
    services.headline_agree(
        actor=world.alice,
        meeting=meeting,
        title="MAPPA information sharing briefing",
        text="A briefing helps practitioners decide what to share.",
    )
    services.headline_agree(actor=world.alice, meeting=meeting, title="Workforce stability", text="Shortages.")
    services.meeting_mark_held(actor=world.alice, meeting=meeting)
    services.action_create(
        actor=world.alice, group=world.board, description="Report back", owner=world.alice, due_on=dt.date(2017, 6, 1)
    )
    return meeting


def test_the_business_unit_composes_previews_and_publishes_a_bulletin_an_anonymous_visitor_can_read(
    page: Any, live_server: Any, world: World
) -> None:
    _meeting_with_headlines(world)
    browser_sign_in(page, live_server, world.alice)
    page.goto("/governance/manage/bulletins/")
    assert_accessible(page)
    page.get_by_label("Board").select_option(label=world.board.name)
    page.get_by_role("button", name="Compose issue").click()
    page.wait_for_url("**/manage/bulletins/*/")
    assert "Issue 1 drafted" in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="Change MAPPA information sharing briefing").click()
    assert_accessible(page)
    page.get_by_label("Text").fill(
        "Read the briefing on the [DSCB website](https://example.org/mappa).\n\nSessions run in October."
    )
    page.get_by_role("button", name="Save").click()
    assert "Section saved" in page.content()

    page.get_by_role("link", name="Preview").click()
    assert "this issue is not published" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Publish issue 1").click()
    page.wait_for_url("**/governance/bulletins/darlington/1/")
    assert "published and sent to subscribers" in page.content()

    page.context.clear_cookies()
    page.goto("/governance/bulletins/darlington/1/")
    assert page.locator("h1").inner_text() == "Issue 1 – " + timezone.localdate().strftime("%B %Y")
    link = page.get_by_role("link", name="DSCB website")
    assert link.get_attribute("href") == "https://example.org/mappa"
    assert "Sign out" not in page.content()
    assert_accessible(page)
    page.goto("/governance/bulletins/darlington/")
    assert page.get_by_role("link", name="Issue 1", exact=True).is_visible()
    assert_accessible(page)


def test_a_mistake_in_a_section_shows_an_accessible_error_summary(page: Any, live_server: Any, world: World) -> None:
    _meeting_with_headlines(world)
    issue = services.bulletin_compose(actor=world.alice, partnership=world.darlington, board=world.board)
    browser_sign_in(page, live_server, world.alice)
    page.goto(f"/governance/manage/bulletins/{issue.pk}/sections/new/")
    page.get_by_role("button", name="Save").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert "Enter the heading" in page.content()
    assert_accessible(page)


def test_governance_and_training_pages_are_accessible(page: Any, live_server: Any, world: World) -> None:
    from safeguard.training.tests.test_training import make_session

    meeting = _meeting_with_headlines(world)
    session = make_session(world)
    browser_sign_in(page, live_server, world.alice)
    for url in [
        "/governance/",
        f"/governance/groups/{world.board.pk}/",
        f"/governance/meetings/{meeting.pk}/",
        f"/governance/meetings/{meeting.pk}/agenda/new/",
        "/governance/actions/?show=overdue",
        "/governance/subscription/",
        "/training/",
        f"/training/sessions/{session.pk}/",
        "/training/sessions/new/",
        "/training/attendance-by-agency/",
        "/dashboard/",
    ]:
        page.goto(url)
        assert page.locator("h1").is_visible(), url
        assert_accessible(page)
