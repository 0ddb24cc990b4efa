"""The sign-in's GOV.UK password input: the self-hosted init turns on its Show button, which reveals the password."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_show_button_reveals_the_password_and_hides_it_again(page: Any) -> None:
    page.goto("/sign-in/")
    toggle = page.locator(".govuk-js-password-input-toggle")
    toggle.wait_for(state="visible")  # hidden until GOV.UK Frontend's script starts the component
    page.fill("#id_password", "not-a-real-password")

    toggle.focus()
    page.keyboard.press("Enter")
    assert page.get_attribute("#id_password", "type") == "text"
    assert toggle.inner_text() == "Hide"
    page.keyboard.press("Enter")
    assert page.get_attribute("#id_password", "type") == "password"
