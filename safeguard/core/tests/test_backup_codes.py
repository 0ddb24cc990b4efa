"""Backup codes: the break-glass second factor for local sign-in when the authenticator app is lost."""

from __future__ import annotations

import re

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.audit.models import Action, AuditEvent
from safeguard.core.testing import PASSWORD, BaseTestCase
from safeguard.core.tests.test_sign_in import current_code
from safeguard.partnership.services import backup_codes_issue

CODE = re.compile(r"<code>([a-z2-7]{4}) ([a-z2-7]{4})</code>")


class BackupCodeTestCase(BaseTestCase):
    def sign_in_with_password(self) -> None:
        self.client.post("/sign-in/", {"username": "charlie", "password": PASSWORD})

    def enrol(self) -> list[str]:
        self.sign_in_with_password()
        self.client.get("/two-factor/")
        device = TOTPDevice.objects.get(user=self.charlie)
        page = self.client.post("/two-factor/", {"token": current_code(device)})
        return [a + b for a, b in CODE.findall(page.content.decode())]

    def test_enrolling_shows_ten_backup_codes_once_and_stores_only_those(self) -> None:
        codes = self.enrol()
        assert len(codes) == 10
        stored = set(StaticToken.objects.filter(device__user=self.charlie).values_list("token", flat=True))
        assert stored == set(codes)
        # Already verified: the second-factor page does not show them again.
        self.assertRedirects(self.client.get("/two-factor/"), "/dashboard/", fetch_redirect_response=False)

    def test_a_backup_code_signs_in_once_only(self) -> None:
        codes = self.enrol()
        self.client.post("/sign-out/")
        self.sign_in_with_password()
        typed = f"{codes[0][:4].upper()} {codes[0][4:].upper()}"
        response = self.client.post("/two-factor/", {"backup_code": typed})
        self.assertRedirects(response, "/dashboard/", fetch_redirect_response=False)
        assert self.client.get("/dashboard/").status_code == 200
        assert AuditEvent.objects.filter(actor=self.charlie, summary="Backup code accepted (9 left)").exists()
        self.client.post("/sign-out/")
        self.sign_in_with_password()
        response = self.client.post("/two-factor/", {"backup_code": codes[0]})
        self.assertContains(response, "That backup code is not right or has already been used")
        self.assertRedirects(self.client.get("/dashboard/"), "/two-factor/", fetch_redirect_response=False)
        assert AuditEvent.objects.filter(
            actor=self.charlie, action=Action.SIGN_IN_FAILED, summary__contains="backup"
        ).exists()

    def test_a_malformed_backup_code_gets_a_specific_error(self) -> None:
        self.enrol()
        self.client.post("/sign-out/")
        self.sign_in_with_password()
        response = self.client.post("/two-factor/", {"backup_code": "abc"})
        self.assertContains(response, "A backup code is 8 letters and numbers")

    def test_new_backup_codes_from_the_account_page_replace_the_old_ones(self) -> None:
        old = backup_codes_issue(actor=self.charlie, user=self.charlie)
        self.login(self.charlie)
        self.assertContains(self.client.get("/account/"), "You have 10 unused")
        assert self.client.get("/account/backup-codes/").status_code == 405
        page = self.client.post("/account/backup-codes/")
        new = [a + b for a, b in CODE.findall(page.content.decode())]
        assert len(new) == 10
        assert not StaticToken.objects.filter(token__in=old).exists()
        assert StaticDevice.objects.filter(user=self.charlie).count() == 1
