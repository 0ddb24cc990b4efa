"""The business unit drafts the yearly report, edits a section and publishes it beside the bulletin (issue 16)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from safeguard.conftest import assert_accessible, browser_sign_in
from safeguard.core.testing import World
from safeguard.yearly_report.models import ReportStatus, YearlyReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUR_WORDS = "Every partner agency sent staff to the information sharing course this year."


def _date(page: Any, field: str, day: str, month: str, year: str) -> None:
    page.locator(f"#id_{field}_0").fill(day)
    page.locator(f"#id_{field}_1").fill(month)
    page.locator(f"#id_{field}_2").fill(year)


def test_the_business_unit_drafts_edits_a_section_and_publishes_the_report_with_the_bulletin(
    page: Any, live_server: Any, world: World
) -> None:
    browser_sign_in(page, live_server, world.alice)
    page.goto(reverse("yearly_report:index"))
    assert_accessible(page)
    _date(page, "period_start", "1", "4", "2017")
    _date(page, "period_end", "31", "3", "2018")
    page.get_by_role("button", name="Draft the report").click()
    page.wait_for_url("**/yearly-report/*/")
    assert "Report drafted" in page.content()
    assert "1 April 2017 to 31 March 2018" in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="Edit Multi-agency training").click()
    assert_accessible(page)
    page.get_by_label("Text").fill(OUR_WORDS)
    page.get_by_role("button", name="Save").click()
    assert "Section saved" in page.content()
    assert OUR_WORDS in page.content()

    page.get_by_role("button", name="Publish the report").click()
    assert "Report published" in page.content()
    assert OUR_WORDS in page.content()
    assert_accessible(page)
    report = YearlyReport.objects.get()
    assert report.status == ReportStatus.PUBLISHED

    # A reader finds it from the bulletin's public page, without signing in.
    page.context.clear_cookies()
    page.goto(reverse("governance:bulletin_archive", args=[world.darlington.slug]))
    page.get_by_role("link", name="Read the partnership's yearly reports").click()
    assert_accessible(page)
    page.get_by_role("link", name="1 April 2017 to 31 March 2018").click()
    assert OUR_WORDS in page.content()
    assert_accessible(page)
