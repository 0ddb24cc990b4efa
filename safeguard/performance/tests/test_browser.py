from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from safeguard.conftest import assert_accessible, browser_sign_in
from safeguard.core.testing import World

from ..services import FigureEntry, figures_submit
from .factories import computed_indicator, programme, submitted_indicator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_board_member_reads_an_accessible_scorecard_and_filters_it_by_theme(
    page: Any, live_server: Any, world: World
) -> None:
    indicator = submitted_indicator(world)
    for month, num in ((4, 8), (5, 11)):
        figures_submit(
            actor=world.dana,
            entries=[FigureEntry(indicator, dt.date(2026, month, 1), Decimal(num), Decimal(40), "Rising")],
        )
    computed_indicator(world)
    programme(world)
    browser_sign_in(page, live_server, world.frank)
    page.goto("/performance/?period=2026-05")
    assert page.locator("h1").inner_text() == "Scorecard for May 2026"
    assert page.get_by_role("img", name="Re-referrals within 12 months, last 8 periods").count() == 1
    assert_accessible(page)
    page.select_option("#id_theme", "missing")
    page.get_by_role("button", name="Show scorecard").click()
    assert "Computed share" in page.content() and "Re-referrals within 12 months" not in page.content()
    assert "Case audits on this theme" in page.content()
    assert_accessible(page)
    # Read-only for the board: nothing to submit.
    assert page.get_by_role("link", name="Submit your agency's figures").count() == 0


def test_the_submission_and_workforce_pages_are_accessible(page: Any, live_server: Any, world: World) -> None:
    submitted_indicator(world)
    browser_sign_in(page, live_server, world.dana)
    for url in ["/performance/submit/", "/performance/submit/upload/", "/workforce/returns/new/", "/workforce/"]:
        page.goto(url)
        assert_accessible(page)
    page.goto("/performance/submit/upload/")
    page.set_input_files(
        "#id_workbook", files=[{"name": "x.xlsx", "mimeType": "application/octet-stream", "buffer": b"no"}]
    )
    page.get_by_role("button", name="Upload figures").click()
    assert "nothing was saved" in page.content()
    assert_accessible(page)
