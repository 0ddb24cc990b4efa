from __future__ import annotations

from typing import Any

import pytest

from safeguard.conftest import assert_accessible, browser_sign_in
from safeguard.core.testing import World

from ..models import WorkforceReturn
from .factories import a_return
from .test_upload import csv_bytes, row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_data_officer_reaches_the_upload_page_and_its_error_summary_accessibly(
    page: Any, live_server: Any, world: World
) -> None:
    a_return(world.dana)
    # The shared test machine can be slow to serve static files; the default 15 s is too tight.
    page.set_default_navigation_timeout(60000)
    browser_sign_in(page, live_server, world.dana)
    page.goto("/workforce/returns/")
    assert_accessible(page)
    page.get_by_role("link", name="Upload a workbook").click()
    assert page.locator("h1").inner_text() == "Upload a workbook of workforce returns"
    assert_accessible(page)
    page.get_by_role("button", name="Upload returns").click()
    assert "Choose a workbook or CSV file to upload" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    content = csv_bytes(row("Nurses", vacancies_fte="n/a"), row("Midwives"))
    page.set_input_files("#id_workbook", files=[{"name": "returns.csv", "mimeType": "text/csv", "buffer": content}])
    page.get_by_role("button", name="Upload returns").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "The file has 2 problems: nothing was saved" in summary
    assert "Row 2, Vacancies (FTE): must be a number, got 'n/a'" in summary
    assert_accessible(page)
    assert WorkforceReturn.objects.count() == 1
