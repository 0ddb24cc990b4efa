"""An administrator not named on a review adds themselves from the progress page, on accessible pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from safeguard.conftest import assert_accessible, browser_sign_in
from safeguard.core.testing import World
from safeguard.partnership.roles import Role
from safeguard.partnership.services import user_create
from safeguard.reviews import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_adds_themselves_to_a_review_with_a_reason(page: Any, live_server: Any, world: World) -> None:
    services.review_open(
        actor=world.alice,
        partnership=world.darlington,
        subject=world.child,
        reference="DSP-2017-01",
        became_aware_on=dt.date(2017, 3, 1),
        incident_summary="Serious injury.",
    )
    other = user_create(
        actor=None,
        agency=world.business_unit,
        username="morgan",
        first_name="Morgan",
        last_name="Tester",
        email="morgan@example.org",
        roles={Role.PARTNERSHIP_ADMIN},
        password="correct horse battery staple",
    )
    browser_sign_in(page, live_server, other)
    page.goto("/reviews/progress/")
    assert "Amelia" not in page.content()
    page.get_by_role("link", name="Work on this review DSP-2017-01").click()
    assert_accessible(page)
    page.get_by_label("Why do you need to work on this review?").fill("Covering for Alice while she is on leave")
    page.get_by_role("button", name="Save").click()
    assert "You now work on this review" in page.content()
    assert "Amelia Hartley" in page.content()
    assert_accessible(page)
