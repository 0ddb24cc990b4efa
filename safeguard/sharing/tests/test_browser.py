from __future__ import annotations

from typing import Any

import pytest

from safeguard.conftest import assert_accessible, browser_sign_in
from safeguard.core.testing import World
from safeguard.sharing import services
from safeguard.sharing.models import SharingDecision

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_practitioner_records_a_decision_not_to_share(page: Any, live_server: Any, world: World) -> None:
    briefing = services.briefing_save(
        actor=world.alice, title="MAPPA information sharing", summary="When to share", body="## When\n\nShare."
    )
    services.briefing_publish(actor=world.alice, briefing=briefing)
    browser_sign_in(page, live_server, world.charlie)
    page.goto(f"/sharing/new/{world.child.pk}/")
    assert page.get_by_role("link", name="MAPPA information sharing (opens in new tab)").is_visible()
    page.get_by_role("button", name="Record decision").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.fill("#id_concern", "Asked to share health history at a MAPPA meeting")
    page.locator("#id_necessary_and_proportionate_1").check()
    page.fill("#id_necessity_reasons", "Not relevant to the risk")
    page.get_by_label("Sought and refused").check()
    page.get_by_label("UK GDPR Article 6(1)(e): public task").check()
    page.get_by_label("No special category data is shared").check()
    page.get_by_label("Not share").check()
    page.fill("#id_decision_reasons", "Not necessary")
    page.fill("input[name=review_on_day]", "1")
    page.fill("input[name=review_on_month]", "1")
    page.fill("input[name=review_on_year]", "2099")
    page.get_by_role("button", name="Record decision").click()
    assert "Decision recorded" in page.content()
    assert_accessible(page)
    assert SharingDecision.objects.get().decision == "not_share"
