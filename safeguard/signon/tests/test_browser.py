"""Single sign-on in Chromium, under the real Content Security Policy, and the new pages checked by axe."""

from __future__ import annotations

from typing import Any

import pytest

from safeguard.conftest import assert_accessible, browser_sign_in
from safeguard.core.testing import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in_at_provider(page: Any, login: str) -> None:
    page.goto("/sign-in/")
    page.get_by_role("button", name="Sign in with Darlington Children's Services").click()
    page.fill("input[name=login]", login)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_the_browser_follows_the_button_to_the_provider_and_back_under_the_real_policy(
    browser: Any, live_server: Any, sso_world: World
) -> None:
    # No bypass_csp here: the button's POST is redirected to the provider, which `form-action`
    # would block if the sign-in page did not name the provider's origin.
    context = browser.new_context(base_url=live_server.url)
    try:
        page = context.new_page()
        page.set_default_timeout(45000)
        _sign_in_at_provider(page, "erin-sub")
        assert page.url == f"{live_server.url}/dashboard/"
    finally:
        context.close()


def test_the_sign_in_refusal_and_set_up_pages_are_accessible(page: Any, live_server: Any, sso_world: World) -> None:
    page.goto("/sign-in/")
    assert_accessible(page)
    _sign_in_at_provider(page, "stranger-sub")
    assert page.locator("h1").inner_text() == "You cannot sign in with this account"
    assert_accessible(page)
    browser_sign_in(page, live_server, sso_world.alice)
    page.goto(f"/sign-on/agencies/{sso_world.childrens.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Save single sign-on").click()
    assert page.locator("h1").inner_text() == "Single sign-on"
    page.goto(f"/partnership/users/{sso_world.charlie.pk}/")
    assert_accessible(page)
    page.goto("/account/")
    page.get_by_role("button", name="Get new backup codes").click()
    assert page.locator("h1").inner_text() == "Your backup codes"
    assert_accessible(page)
