"""Page titles say 'Error: ' when a form has errors; cookies page; phase banner; the password input."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from safeguard.core.testing import World, signed_in_client

pytestmark = pytest.mark.django_db


def test_a_form_page_with_errors_has_a_title_beginning_error(world: World) -> None:
    client = signed_in_client(world.charlie)
    blank = client.get(reverse("people:create")).content.decode()
    failed = client.post(reverse("people:create"), {"given_name": ""}).content.decode()
    assert "<title>Error: " not in blank
    assert "<title>Error: " in failed


def test_a_failed_sign_in_has_a_title_beginning_error(world: World) -> None:
    page = Client().post(reverse("login"), {"username": "charlie", "password": "wrong"}).content.decode()
    assert "<title>Error: Sign in" in page


def test_the_sign_in_uses_the_password_input_with_its_show_button() -> None:
    page = Client().get(reverse("login")).content.decode()
    assert 'data-module="govuk-password-input"' in page
    assert "govuk-js-password-input-toggle" in page and 'autocomplete="current-password"' in page


def test_the_cookies_page_is_public_and_names_the_strictly_necessary_cookies() -> None:
    response = Client().get(reverse("cookies"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "strictly necessary" in page and "<code>sessionid</code>" in page and "<code>csrftoken</code>" in page
    assert reverse("cookies") in Client().get(reverse("accessibility")).content.decode()  # linked from the footer


@override_settings(DEMO_MODE=False, SAFEGUARD_FEEDBACK_URL="mailto:feedback@partnership.example")
def test_outside_demo_mode_the_phase_banner_asks_for_feedback() -> None:
    page = Client().get(reverse("accessibility")).content.decode()
    assert "govuk-phase-banner" in page and 'href="mailto:feedback@partnership.example">feedback</a>' in page


@override_settings(DEMO_MODE=True)
def test_in_demo_mode_the_banner_says_demo_instead() -> None:
    page = Client().get(reverse("accessibility")).content.decode()
    assert "Synthetic data only" in page and "feedback</a>" not in page


@override_settings(DEMO_MODE=False, SAFEGUARD_FEEDBACK_URL="")
def test_without_a_feedback_address_the_banner_links_nowhere_rather_than_to_a_placeholder() -> None:
    page = Client().get(reverse("accessibility")).content.decode()
    assert "This is a new service." in page and "feedback</a>" not in page and "example.org" not in page
