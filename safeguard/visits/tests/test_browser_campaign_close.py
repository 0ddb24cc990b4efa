"""Closing the campaign in a browser: the lead writes the summary, and the dashboard offers a new campaign."""

from __future__ import annotations

from typing import Any

import pytest

from safeguard.conftest import assert_accessible, browser_sign_in
from safeguard.core.testing import World
from safeguard.visits.tests.factories import sample_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_lead_closes_the_campaign_with_a_summary_on_accessible_pages(
    page: Any, live_server: Any, world: World
) -> None:
    sample_campaign(world)
    browser_sign_in(page, live_server, world.erin)
    page.goto("/visits/")
    page.get_by_role("link", name="Close the campaign").click()
    assert_accessible(page)
    page.get_by_role("button", name="Close the campaign").click()
    assert "Enter a closing summary" in page.content()
    assert_accessible(page)
    page.get_by_label("Closing summary").fill("Every child on the register was seen by two agencies.")
    page.get_by_role("button", name="Close the campaign").click()
    assert "Campaign closed" in page.content()
    assert "Every child on the register was seen by two agencies." in page.content()
    assert (
        page.get_by_role("button", name="Start the campaign").count()
        + page.get_by_role("link", name="Start the campaign").count()
        >= 1
    )
    assert_accessible(page)
