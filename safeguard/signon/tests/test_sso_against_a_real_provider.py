"""Single sign-on end to end: Safeguard on the live server, the real test provider, HTTP in between.

The browser is a requests session that follows every redirect, as a browser would; the only
form it fills in at the provider is the test provider's own login page.
"""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
import requests

from safeguard.audit.models import Action, AuditEvent
from safeguard.core.testing import World
from safeguard.partnership.services import agency_update, user_update
from safeguard.signon.tests.conftest import PROVIDER_ID

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # The identity provider is another process on the real clock: with Safeguard's clock moved, every token it
    # signs looks issued in the past or the future. The clock replays in CI leave these out, as they do the browser.
    pytest.mark.skipif(
        bool(os.environ.get("SAFEGUARD_TEST_CLOCK")), reason="the identity provider keeps the real clock"
    ),
]


def _csrf(browser: requests.Session, url: str) -> str:
    page = browser.get(url)
    page.raise_for_status()
    return str(browser.cookies["csrftoken"])


def sso_sign_in(live_server: Any, login: str) -> tuple[requests.Session, requests.Response]:
    """Press "Sign in with Darlington Children's Services", sign in at the provider as ``login``."""
    browser = requests.Session()
    sign_in_page = browser.get(f"{live_server.url}/sign-in/")
    assert "Sign in with Darlington Children&#x27;s Services" in sign_in_page.text
    at_provider = browser.post(
        f"{live_server.url}/sign-in/sso/{PROVIDER_ID}/login/",
        data={"csrfmiddlewaretoken": browser.cookies["csrftoken"]},
    )
    assert at_provider.status_code == 200, at_provider.text
    action = re.search(r'action="([^"]+)"', at_provider.text)
    assert action, at_provider.text
    back = browser.post(requests.compat.urljoin(at_provider.url, action.group(1)), data={"login": login})
    return browser, back


def test_a_known_person_signs_in_and_the_sign_in_is_audited(live_server: Any, sso_world: World) -> None:
    _, response = sso_sign_in(live_server, "erin-sub")
    assert response.url == f"{live_server.url}/dashboard/"
    assert response.status_code == 200
    assert AuditEvent.objects.filter(
        actor=sso_world.erin, action=Action.SIGN_IN, summary__startswith="Single sign-on through Darlington"
    ).exists()
    assert AuditEvent.objects.filter(actor=sso_world.erin, summary__contains="Linked erin").exists()


def test_the_email_match_ignores_case_and_later_sign_ins_match_the_linked_subject(
    live_server: Any, sso_world: World
) -> None:
    sso_sign_in(live_server, "charlie-sub")
    # Charlie's email changes in Safeguard: the second sign-in still finds him by the provider's subject.
    user_update(
        actor=sso_world.alice,
        user=sso_world.charlie,
        first_name="Charlie",
        last_name="Tester",
        email="charlie.tester@example.org",
        job_title="",
        roles=set(sso_world.charlie.roles),
        is_active=True,
    )
    _, response = sso_sign_in(live_server, "charlie-sub")
    assert response.url == f"{live_server.url}/two-factor/"


def test_an_unknown_person_is_refused_with_a_clear_page_and_no_account_is_made(
    live_server: Any, sso_world: World
) -> None:
    from safeguard.partnership.models import User

    users_before = User.objects.count()
    browser, response = sso_sign_in(live_server, "stranger-sub")
    assert response.status_code == 403
    assert "You cannot sign in with this account" in response.text
    assert "There is no Safeguard account for stranger@example.org" in response.text
    assert 'class="govuk-heading-xl"' in response.text
    assert User.objects.count() == users_before
    assert browser.get(f"{live_server.url}/dashboard/").url.startswith(f"{live_server.url}/sign-in/")
    assert AuditEvent.objects.filter(
        action=Action.SIGN_IN_FAILED, actor_username="stranger@example.org", summary__contains="no Safeguard account"
    ).exists()


def test_an_unverified_email_is_not_enough_to_link_an_account(live_server: Any, sso_world: World) -> None:
    _, response = sso_sign_in(live_server, "unverified-sub")
    assert response.status_code == 403
    assert "has not confirmed that charlie@example.org is yours" in response.text


def test_an_agencys_provider_cannot_sign_in_another_agencys_staff(live_server: Any, sso_world: World) -> None:
    _, response = sso_sign_in(live_server, "ivan-sub")
    assert response.status_code == 403
    assert "Your Safeguard account is not at Darlington Children&#x27;s Services" in response.text


def test_a_deactivated_account_is_refused(live_server: Any, sso_world: World) -> None:
    erin = sso_world.erin
    user_update(
        actor=sso_world.alice,
        user=erin,
        first_name=erin.first_name,
        last_name=erin.last_name,
        email=erin.email,
        job_title="",
        roles=set(erin.roles),
        is_active=False,
    )
    _, response = sso_sign_in(live_server, "erin-sub")
    assert response.status_code == 403
    assert "Ask your partnership administrator" in response.text


def test_a_deactivated_agency_loses_its_button_and_its_linked_staff_are_refused(
    live_server: Any, sso_world: World
) -> None:
    sso_sign_in(live_server, "erin-sub")  # linked while the agency was active
    agency = sso_world.childrens
    agency_update(actor=sso_world.alice, agency=agency, name=agency.name, kind=agency.kind, is_active=False)  # type: ignore[arg-type]
    assert "Sign in with Darlington Children" not in requests.get(f"{live_server.url}/sign-in/").text
    # The provider is gone from Safeguard altogether: a sign-in cannot even start.
    assert requests.get(f"{live_server.url}/sign-in/sso/{PROVIDER_ID}/login/").status_code == 404


def test_the_providers_mfa_claim_stands_for_safeguards_second_factor(live_server: Any, sso_world: World) -> None:
    browser, response = sso_sign_in(live_server, "erin-sub")
    assert response.url == f"{live_server.url}/dashboard/"
    assert browser.get(f"{live_server.url}/account/").status_code == 200
    assert (
        "the identity provider confirmed multi-factor authentication"
        in AuditEvent.objects.get(actor=sso_world.erin, action=Action.SIGN_IN).summary
    )


def test_without_an_mfa_claim_safeguards_own_second_factor_is_asked(live_server: Any, sso_world: World) -> None:
    browser, response = sso_sign_in(live_server, "charlie-sub")
    assert response.url == f"{live_server.url}/two-factor/"
    assert "Set up your authenticator app" in response.text
    # Nothing else opens until the second factor is done.
    assert browser.get(f"{live_server.url}/account/").url == f"{live_server.url}/two-factor/"


def test_signing_out_ends_the_safeguard_session_and_is_audited(live_server: Any, sso_world: World) -> None:
    browser, response = sso_sign_in(live_server, "erin-sub")
    assert response.url == f"{live_server.url}/dashboard/"
    token = _csrf(browser, f"{live_server.url}/dashboard/")
    signed_out = browser.post(f"{live_server.url}/sign-out/", data={"csrfmiddlewaretoken": token})
    assert signed_out.url == f"{live_server.url}/sign-in/"
    assert browser.get(f"{live_server.url}/dashboard/").url.startswith(f"{live_server.url}/sign-in/")
    assert AuditEvent.objects.filter(actor=sso_world.erin, action=Action.SIGN_OUT).exists()
