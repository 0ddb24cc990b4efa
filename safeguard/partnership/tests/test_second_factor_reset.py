"""An administrator's audited "reset second factor" for someone who lost their phone and codes."""

from __future__ import annotations

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.audit.models import Action, AuditEvent
from safeguard.core.testing import BaseTestCase, signed_in_client
from safeguard.partnership.services import backup_codes_issue


class SecondFactorResetTestCase(BaseTestCase):
    def test_the_administrator_resets_every_second_factor_and_it_is_audited(self) -> None:
        charlie = signed_in_client(self.charlie)  # a verified session of Charlie's, open elsewhere
        backup_codes_issue(actor=self.charlie, user=self.charlie)
        self.login(self.alice)
        page = self.client.get(f"/partnership/users/{self.charlie.pk}/")
        self.assertContains(page, "Reset second factor")
        response = self.client.post(f"/partnership/users/{self.charlie.pk}/second-factor/reset/")
        self.assertRedirects(response, f"/partnership/users/{self.charlie.pk}/", fetch_redirect_response=False)
        assert not TOTPDevice.objects.filter(user=self.charlie).exists()
        assert not StaticDevice.objects.filter(user=self.charlie).exists()
        event = AuditEvent.objects.filter(actor=self.alice, action=Action.UPDATE).latest("seq")
        assert "Reset charlie's second factor" in event.summary
        # The open session was verified with the removed app: it is asked for a second factor again.
        self.assertRedirects(charlie.get("/dashboard/"), "/two-factor/", fetch_redirect_response=False)

    def test_only_the_partnership_administrator_can_reset_and_only_by_post(self) -> None:
        self.login(self.charlie)
        assert self.client.post(f"/partnership/users/{self.erin.pk}/second-factor/reset/").status_code == 403
        self.login(self.alice)
        assert self.client.get(f"/partnership/users/{self.charlie.pk}/second-factor/reset/").status_code == 405
        # Another partnership's user is not found.
        assert self.client.post(f"/partnership/users/{self.heidi.pk}/second-factor/reset/").status_code == 404
