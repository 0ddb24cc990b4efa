"""The data protection officer's pages in a browser, checked with axe."""

from __future__ import annotations

from typing import Any

import pytest

from safeguard.conftest import assert_accessible, browser_sign_in
from safeguard.core.testing import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_data_protection_officer_reads_the_retention_schedule_on_accessible_pages(
    page: Any, live_server: Any, world: World
) -> None:
    browser_sign_in(page, live_server, world.kate)
    page.goto("/dashboard/")
    assert_accessible(page)
    page.goto("/data-protection/")
    assert_accessible(page)
    page.goto("/data-protection/retention/")
    assert "Retention schedule" in page.content()
    assert "The audit trail is kept whole" in page.content()
    assert_accessible(page)
