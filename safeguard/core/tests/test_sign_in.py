from __future__ import annotations

import os
import subprocess
import sys
import time

from django.test import override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.audit.models import Action, AuditEvent
from safeguard.core.testing import PASSWORD, BaseTestCase


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


class SignInTestCase(BaseTestCase):
    def sign_in(self, username: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
        return self.client.post("/sign-in/", {"username": username, "password": password})

    def test_a_correct_password_leads_to_the_second_factor(self) -> None:
        response = self.sign_in("charlie")
        self.assertRedirects(response, "/dashboard/", fetch_redirect_response=False)
        self.assertRedirects(self.client.get("/dashboard/"), "/two-factor/", fetch_redirect_response=False)

    def test_sign_ins_and_failures_are_audited(self) -> None:
        self.sign_in("charlie", "wrong")
        self.sign_in("charlie")
        actions = list(
            AuditEvent.objects.filter(actor_username="charlie").order_by("seq").values_list("action", flat=True)
        )
        assert actions[-2:] == [Action.SIGN_IN_FAILED, Action.SIGN_IN]

    def test_a_wrong_password_gives_a_clear_error_and_no_session(self) -> None:
        response = self.sign_in("charlie", "wrong")
        self.assertContains(response, "Enter a correct username and password", status_code=401)
        assert "_auth_user_id" not in self.client.session

    def test_repeated_failures_lock_the_account(self) -> None:
        for _ in range(5):
            self.sign_in("charlie", "wrong")
        response = self.sign_in("charlie")
        self.assertContains(response, "too many failed attempts", status_code=429)

    @override_settings(SAFEGUARD_BEHIND_PROXY=True)
    def test_behind_the_proxy_failures_from_one_client_do_not_lock_out_another(self) -> None:
        for _ in range(5):
            self.client.post(
                "/sign-in/",
                {"username": "charlie", "password": "wrong"},
                HTTP_X_FORWARDED_FOR="203.0.113.66",
                REMOTE_ADDR="10.0.0.1",
            )
        response = self.client.post(
            "/sign-in/",
            {"username": "charlie", "password": PASSWORD},
            HTTP_X_FORWARDED_FOR="198.51.100.9",
            REMOTE_ADDR="10.0.0.1",
        )
        assert response.status_code == 302

    def test_failures_spread_over_many_addresses_still_lock_the_account(self) -> None:
        # Four tries from each of five addresses stays under the per-address limit every time.
        for host in range(5):
            for _ in range(4):
                self.client.post(
                    "/sign-in/", {"username": "Charlie", "password": "wrong"}, REMOTE_ADDR=f"192.0.2.{host + 1}"
                )
        response = self.client.post(
            "/sign-in/", {"username": "charlie", "password": PASSWORD}, REMOTE_ADDR="198.51.100.7"
        )
        self.assertContains(response, "too many failed attempts", status_code=429)
        assert "_auth_user_id" not in self.client.session
        event = AuditEvent.objects.latest("seq")
        assert (event.action, event.actor_username) == (Action.SIGN_IN_FAILED, "charlie")
        # Another account is not affected.
        response = self.client.post("/sign-in/", {"username": "ivan", "password": PASSWORD}, REMOTE_ADDR="192.0.2.1")
        assert response.status_code == 302

    def test_without_a_proxy_a_forged_x_forwarded_for_neither_dodges_the_lockout_nor_enters_the_audit(self) -> None:
        for n in range(5):
            self.client.post(
                "/sign-in/",
                {"username": "charlie", "password": "wrong"},
                HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
                REMOTE_ADDR="192.0.2.50",
            )
        response = self.client.post(
            "/sign-in/",
            {"username": "charlie", "password": PASSWORD},
            HTTP_X_FORWARDED_FOR="203.0.113.99",
            REMOTE_ADDR="192.0.2.50",
        )
        assert response.status_code == 429
        failures = AuditEvent.objects.filter(actor_username="charlie", action=Action.SIGN_IN_FAILED)
        addresses = set(failures.values_list("ip_address", flat=True))
        assert addresses == {"192.0.2.50"}

    def test_a_new_user_enrols_an_authenticator_and_then_reaches_the_dashboard(self) -> None:
        self.sign_in("charlie")
        page = self.client.get("/two-factor/")
        self.assertContains(page, "Set up your authenticator app")
        device = TOTPDevice.objects.get(user=self.charlie)
        assert not device.confirmed
        response = self.client.post("/two-factor/", {"token": current_code(device)})
        self.assertContains(response, "Your backup codes")
        device.refresh_from_db()
        assert device.confirmed
        assert self.client.get("/dashboard/").status_code == 200

    def test_a_wrong_code_is_refused_with_a_message(self) -> None:
        self.sign_in("charlie")
        self.client.get("/two-factor/")
        response = self.client.post("/two-factor/", {"token": "000000"})
        self.assertContains(response, "The security code is not right")
        response = self.client.post("/two-factor/", {"token": "12ab56"})
        self.assertContains(response, "must contain only numbers")

    @override_settings(DEMO_MODE=True)
    def test_demo_mode_does_not_ask_for_a_second_factor(self) -> None:
        self.sign_in("charlie")
        assert self.client.get("/dashboard/").status_code == 200

    def test_it_refuses_to_redirect_to_another_site_after_sign_in(self) -> None:
        response = self.client.post(
            "/sign-in/?next=https://evil.example/",
            {"username": "charlie", "password": PASSWORD, "next": "https://evil.example/"},
        )
        assert response["Location"] == "/dashboard/"

    def test_sign_out_is_post_only(self) -> None:
        self.login(self.charlie)
        assert self.client.get("/sign-out/").status_code == 405
        self.assertRedirects(self.client.post("/sign-out/"), "/sign-in/", fetch_redirect_response=False)


class SessionTestCase(BaseTestCase):
    def test_an_idle_session_is_signed_out(self) -> None:
        self.login(self.charlie)
        assert self.client.get("/dashboard/").status_code == 200
        session = self.client.session
        session["last_activity"] = int(time.time()) - 31 * 60
        session.save()
        response = self.client.get("/dashboard/")
        assert response.status_code == 302
        assert "/sign-in/" in response["Location"]
        assert "_auth_user_id" not in self.client.session

    def test_pages_carry_a_content_security_policy_without_inline_script(self) -> None:
        response = self.client.get("/sign-in/")
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert response["X-Frame-Options"] == "DENY"

    def test_each_role_lands_on_a_dashboard_with_its_own_navigation(self) -> None:
        expectations = {"alice": "Partnership", "grace": "Audit", "charlie": "People"}
        for username, nav_label in expectations.items():
            self.login(self.world.users()[username])
            response = self.client.get("/dashboard/")
            self.assertContains(response, f">{nav_label}<")
        self.login(self.frank)
        self.assertNotContains(self.client.get("/dashboard/"), ">People<")


def test_deploy_checks_pass_with_production_settings() -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safeguard.settings",
        "SAFEGUARD_SECRET_KEY": "a-long-random-production-secret-that-is-not-in-the-code-0123456789abcdef",
        "SAFEGUARD_DEBUG": "0",
        "SAFEGUARD_DEMO": "0",
        "SAFEGUARD_ALLOWED_HOSTS": "safeguard.example.org",
        "SAFEGUARD_FIELD_KEY": "Ht6f1tQW6kKbXlR3k2mPZ8x5vJ0sYd9aLqNcEwRuT4o=",
        "SAFEGUARD_SITE_URL": "https://safeguard.example.org",
        "SAFEGUARD_EMAIL_BACKEND": "smtp",
    }
    # Other tests in this process may have set these for themselves.
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "-m", "safeguard.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_start_up_fails_without_the_field_encryption_key() -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safeguard.settings",
        "SAFEGUARD_FIELD_KEY": "",
        "SAFEGUARD_SECRET_KEY": "x",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "-m", "safeguard.cli", "check"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "SAFEGUARD_FIELD_KEY" in result.stderr


def test_settings_fail_loudly_without_a_secret_key() -> None:
    env = {k: v for k, v in os.environ.items() if k != "SAFEGUARD_SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "safeguard.settings"
    result = subprocess.run(
        [sys.executable, "-m", "safeguard.cli", "check"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "SAFEGUARD_SECRET_KEY" in result.stderr


def test_x_forwarded_for_is_believed_only_when_a_proxy_is_configured() -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safeguard.settings",
        "SAFEGUARD_SECRET_KEY": "a-long-random-production-secret-that-is-not-in-the-code-0123456789abcdef",
        "SAFEGUARD_DEBUG": "0",
        "SAFEGUARD_FIELD_KEY": "Ht6f1tQW6kKbXlR3k2mPZ8x5vJ0sYd9aLqNcEwRuT4o=",
    }
    env.pop("SAFEGUARD_BEHIND_PROXY", None)
    script = "import django; django.setup(); from django.conf import settings; print(settings.SAFEGUARD_BEHIND_PROXY)"

    def behind_proxy(**extra: str) -> str:
        result = subprocess.run(
            [sys.executable, "-c", script], env={**env, **extra}, capture_output=True, text=True, check=True
        )
        return result.stdout.strip()

    # A production server is not assumed to sit behind a proxy: one must be said to be there.
    assert behind_proxy() == "False"
    assert behind_proxy(SAFEGUARD_BEHIND_PROXY="1") == "True"
