from __future__ import annotations

from typing import Any

import pytest

from safeguard.conftest import assert_accessible, browser_sign_in
from safeguard.core.testing import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_page_is_accessible_and_refuses_a_wrong_password(page: Any, world: World) -> None:
    page.goto("/sign-in/")
    assert_accessible(page)
    page.fill("#id_username", "charlie")
    page.fill("#id_password", "not the password")
    page.get_by_role("button", name="Sign in").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)


def test_a_new_user_must_set_up_a_second_factor_after_their_password(page: Any, world: World) -> None:
    page.goto("/sign-in/")
    page.fill("#id_username", "charlie")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/two-factor/**")
    assert "Set up your authenticator app" in page.content()
    assert_accessible(page)


@pytest.mark.parametrize("username", ["alice", "bob", "charlie", "dana", "erin", "frank", "grace"])
def test_each_role_lands_on_an_accessible_dashboard(page: Any, live_server: Any, world: World, username: str) -> None:
    browser_sign_in(page, live_server, world.users()[username])
    page.goto("/dashboard/")
    assert page.locator("h1").is_visible()
    assert_accessible(page)


def test_a_practitioner_finds_a_child_despite_a_typo_and_opens_the_record(
    page: Any, live_server: Any, world: World
) -> None:
    browser_sign_in(page, live_server, world.charlie)
    page.goto("/people/")
    assert_accessible(page)
    page.fill("#id_name", "Amelia Hartly")
    page.get_by_role("button", name="Search").click()
    page.click("text=Amelia Hartley")
    assert page.locator("h1").inner_text() == "Amelia Hartley"
    assert_accessible(page)


def test_admin_pages_are_accessible(page: Any, live_server: Any, world: World) -> None:
    browser_sign_in(page, live_server, world.alice)
    for url in [
        "/partnership/",
        "/partnership/users/",
        "/partnership/users/new/",
        f"/partnership/groups/{world.board.pk}/",
        "/audit/",
    ]:
        page.goto(url)
        assert_accessible(page)


def test_a_second_click_on_a_button_within_a_second_does_not_submit_again(
    page: Any, live_server: Any, world: World
) -> None:
    browser_sign_in(page, live_server, world.charlie)
    page.goto("/people/new/")
    page.wait_for_function("document.body.classList.contains('govuk-frontend-supported')")
    # Count submissions (and stop them) instead of saving, so the two clicks land on the same page.
    submits = page.evaluate(
        """() => {
            const button = document.querySelector("main form button[type=submit]");
            let count = 0;
            button.form.addEventListener("submit", (event) => { count += 1; event.preventDefault(); });
            button.click();
            button.click();
            return count;
        }"""
    )
    assert submits == 1
