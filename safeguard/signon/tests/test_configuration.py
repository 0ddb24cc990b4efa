"""Setting up an agency's single sign-on, and reading what its provider says about MFA."""

from __future__ import annotations

from django.db import connection
from django.test import override_settings

from safeguard.audit.models import AuditEvent
from safeguard.core.testing import BaseTestCase
from safeguard.signon.models import AgencySignOn
from safeguard.signon.selectors import social_apps
from safeguard.signon.services import mfa_claimed, sign_on_save

ENTRA = "https://login.microsoftonline.com/3f2b1c9e-0000-4000-8000-000000000000/v2.0"


class SignOnSetUpTestCase(BaseTestCase):
    def test_the_administrator_sets_up_an_agencys_provider_with_the_secret_encrypted(self) -> None:
        self.login(self.alice)
        url = f"/sign-on/agencies/{self.world.childrens.pk}/"
        page = self.client.get(url)
        self.assertContains(page, "/sign-in/sso/darlington-dbc-childrens/login/callback/")
        response = self.client.post(
            url, {"issuer": ENTRA, "client_id": "app-id", "client_secret": "s3cret-value", "is_enabled": "on"}
        )
        self.assertRedirects(response, url, fetch_redirect_response=False)
        sign_on = AgencySignOn.objects.get(agency=self.world.childrens)
        assert sign_on.client_secret == "s3cret-value"
        with connection.cursor() as cursor:
            cursor.execute("SELECT client_secret FROM signon_agencysignon")
            stored = cursor.fetchone()[0]
        assert "s3cret" not in stored
        self.assertNotContains(self.client.get(url), "s3cret-value")
        assert "Single sign-on for Darlington Children's Services on" in AuditEvent.objects.latest("seq").summary
        self.assertContains(self.client.get("/sign-in/"), "Sign in with Darlington Children&#x27;s Services")

    def test_a_blank_secret_keeps_the_saved_one_and_a_new_set_up_needs_one(self) -> None:
        self.login(self.alice)
        url = f"/sign-on/agencies/{self.world.police.pk}/"
        response = self.client.post(url, {"issuer": ENTRA, "client_id": "app-id", "client_secret": ""})
        self.assertContains(response, "Enter the client secret", status_code=400)
        self.client.post(url, {"issuer": ENTRA, "client_id": "app-id", "client_secret": "first"})
        self.client.post(url, {"issuer": ENTRA, "client_id": "app-id-2", "client_secret": ""})
        sign_on = AgencySignOn.objects.get(agency=self.world.police)
        assert (sign_on.client_id, sign_on.client_secret, sign_on.is_enabled) == ("app-id-2", "first", False)
        self.assertNotContains(self.client.get("/sign-in/"), "Sign in with Durham Constabulary")

    @override_settings(DEBUG=False)
    def test_an_issuer_must_use_https(self) -> None:
        self.login(self.alice)
        response = self.client.post(
            f"/sign-on/agencies/{self.world.police.pk}/",
            {"issuer": "http://idp.example.org", "client_id": "a", "client_secret": "b"},
        )
        self.assertContains(response, "The issuer URL must start with https://", status_code=400)

    def test_only_the_partnership_administrator_sees_the_set_up_and_only_for_their_partnership(self) -> None:
        self.login(self.charlie)
        assert self.client.get(f"/sign-on/agencies/{self.world.childrens.pk}/").status_code == 403
        self.login(self.alice)
        assert self.client.get(f"/sign-on/agencies/{self.world.durham_childrens.pk}/").status_code == 404

    def test_each_agency_is_its_own_allauth_app_and_a_deactivated_agency_has_none(self) -> None:
        for agency in (self.world.childrens, self.world.police, self.world.durham_police):
            sign_on_save(
                actor=self.alice, agency=agency, issuer=ENTRA, client_id=agency.code, client_secret="x", is_enabled=True
            )
        apps = {app.provider_id: app for app in social_apps()}
        assert set(apps) == {"darlington-dbc-childrens", "darlington-durham-police", "durham-durham-police"}
        assert apps["darlington-durham-police"].settings["server_url"] == ENTRA
        self.world.police.is_active = False
        self.world.police.save(update_fields=["is_active"])
        assert "darlington-durham-police" not in {app.provider_id for app in social_apps()}


class MfaClaimTestCase(BaseTestCase):
    def test_amr_values_meaning_more_than_a_password_count_as_mfa(self) -> None:
        for amr in (["pwd", "mfa"], ["otp"], ["hwk"], ["swk", "pwd"], ["MFA"]):
            assert mfa_claimed({"amr": amr}), amr

    def test_a_password_alone_or_a_malformed_claim_is_not_mfa(self) -> None:
        for token in ({}, {"amr": ["pwd"]}, {"amr": "mfa"}, {"amr": None}, {"acr": "1"}, {"acr": ["mfa"]}):
            assert not mfa_claimed(token), token

    def test_an_acr_naming_multi_factor_counts_and_more_can_be_configured(self) -> None:
        assert mfa_claimed({"acr": "http://schemas.openid.net/pape/policies/2007/06/multi-factor"})
        assert not mfa_claimed({"acr": "urn:okta:loa:2fa:any"})
        with override_settings(SAFEGUARD_SSO_MFA_ACR_VALUES=["urn:okta:loa:2fa:any"]):
            assert mfa_claimed({"acr": "urn:okta:loa:2fa:any"})


class ProviderTroubleTestCase(BaseTestCase):
    def test_a_provider_that_cannot_be_reached_gets_a_clear_page_not_an_error(self) -> None:
        # Port 9 on this machine: nothing listens, the connection is refused at once.
        sign_on_save(
            actor=self.alice,
            agency=self.world.childrens,
            issuer="http://127.0.0.1:9",
            client_id="a",
            client_secret="b",
            is_enabled=True,
        )
        response = self.client.post("/sign-in/sso/darlington-dbc-childrens/login/")
        self.assertContains(response, "could not reach Darlington Children&#x27;s Services", status_code=502)
        assert "could not be reached" in AuditEvent.objects.latest("seq").summary

    def test_a_callback_without_a_sign_in_in_progress_is_refused_and_audited(self) -> None:
        sign_on_save(
            actor=self.alice,
            agency=self.world.childrens,
            issuer=ENTRA,
            client_id="a",
            client_secret="b",
            is_enabled=True,
        )
        response = self.client.get("/sign-in/sso/darlington-dbc-childrens/login/callback/?code=stolen&state=made-up")
        self.assertContains(response, "Single sign-on did not work", status_code=400)
        event = AuditEvent.objects.latest("seq")
        assert event.action == "sign_in_failed"
        assert "_auth_user_id" not in self.client.session
