"""Email goes through Django's one backend: GOV.UK Notify (official client) one address at a time, or SMTP."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.test import SimpleTestCase, override_settings
from notifications_python_client.errors import HTTPError

from safeguard.core.notify import EmailNotSent, NotifyEmailBackend, send_email

NOTIFY = {
    "EMAIL_BACKEND": "safeguard.core.notify.NotifyEmailBackend",
    "SAFEGUARD_NOTIFY_TEMPLATE_ID": "template-1",
    "GOVUK_NOTIFY_API_KEY": "key-" + "a" * 36 + "-" + "b" * 36,
}
CLIENT = "notifications_python_client.notifications.NotificationsAPIClient.send_email_notification"


def refusing(*addresses: str) -> Any:
    def send(*, email_address: str, template_id: str, personalisation: dict[str, str]) -> dict[str, str]:
        if email_address in addresses:
            raise HTTPError(message="ValidationError: email_address Not a valid email address")
        return {"id": "n-1"}

    return send


class SendEmailTests(SimpleTestCase):
    def test_without_notify_each_address_gets_its_own_email_through_django(self) -> None:
        assert send_email(to=["a@example.org", "b@example.org"], subject="S", body="B") == 2
        # One message each, so no recipient sees the others' addresses.
        assert ([m.to for m in mail.outbox]) == [["a@example.org"], ["b@example.org"]]

    @override_settings(**NOTIFY)
    def test_notify_gets_the_template_and_the_subject_and_body_as_personalisation(self) -> None:
        with mock.patch(CLIENT, side_effect=refusing()) as sent:
            assert send_email(to=["a@example.org"], subject="S", body="B") == 1
        sent.assert_called_once_with(
            email_address="a@example.org", template_id="template-1", personalisation={"subject": "S", "body": "B"}
        )

    @override_settings(**NOTIFY)
    def test_an_address_notify_refuses_is_logged_and_the_rest_still_go(self) -> None:
        with (
            mock.patch(CLIENT, side_effect=refusing("b@example.org")) as sent,
            self.assertLogs("safeguard.core.notify", "ERROR") as logs,
        ):
            count = send_email(to=["a@example.org", "b@example.org", "c@example.org"], subject="S", body="B")
        assert (count, sent.call_count) == (2, 3)
        assert "Email 2 of 3" in logs.output[0]
        # The log names the position on the list, not the address.
        assert "b@example.org" not in logs.output[0]

    @override_settings(**NOTIFY)
    def test_it_raises_when_no_address_could_be_emailed(self) -> None:
        with (
            mock.patch(CLIENT, side_effect=refusing("a@example.org")),
            self.assertLogs("safeguard.core.notify", "ERROR"),
            pytest.raises(EmailNotSent),
        ):
            send_email(to=["a@example.org"], subject="S", body="B")

    @override_settings(**NOTIFY)
    def test_django_emails_such_as_password_reset_go_through_notify_one_request_per_recipient(self) -> None:
        with mock.patch(CLIENT, side_effect=refusing()) as sent:
            count = EmailMessage("Reset", "Link", None, ["a@example.org", "b@example.org"]).send()
        assert (count, sent.call_count) == (1, 2)

    @override_settings(**{**NOTIFY, "SAFEGUARD_NOTIFY_TEMPLATE_ID": ""})
    def test_notify_without_a_template_refuses_to_start(self) -> None:
        with pytest.raises(ImproperlyConfigured):
            NotifyEmailBackend()
