"""Email through GOV.UK Notify: one request per address, so one refusal does not stop the rest."""

from __future__ import annotations

import json
import urllib.error
from typing import Any
from unittest import mock

from django.core import mail
from django.test import SimpleTestCase, override_settings

from safeguard.core.notify import EmailNotSent, send_email

NOTIFY = {"SAFEGUARD_NOTIFY_TEMPLATE_ID": "template-1", "GOVUK_NOTIFY_API_KEY": "key-" + "a" * 36 + "-" + "b" * 36}


def refusing(*addresses: str) -> Any:
    def urlopen(request: Any, timeout: float) -> Any:
        if json.loads(request.data)["email_address"] in addresses:
            raise urllib.error.HTTPError(request.full_url, 400, "Bad Request", {}, None)  # type: ignore[arg-type]
        return mock.MagicMock()

    return urlopen


class SendEmailTests(SimpleTestCase):
    def test_without_notify_it_sends_one_email_through_django(self) -> None:
        self.assertEqual(send_email(to=["a@example.org", "b@example.org"], subject="S", body="B"), 2)
        self.assertEqual(mail.outbox[0].to, ["a@example.org", "b@example.org"])

    @override_settings(**NOTIFY)
    def test_an_address_notify_refuses_is_logged_and_the_rest_still_go(self) -> None:
        with (
            mock.patch("safeguard.core.notify.urllib.request.urlopen", side_effect=refusing("b@example.org")) as sent,
            self.assertLogs("safeguard.core.notify", "ERROR") as logs,
        ):
            count = send_email(to=["a@example.org", "b@example.org", "c@example.org"], subject="S", body="B")
        self.assertEqual((count, sent.call_count), (2, 3))
        self.assertIn("email 2 of 3", logs.output[0])
        # The log names the position on the list, not the address.
        self.assertNotIn("b@example.org", logs.output[0])

    @override_settings(**NOTIFY)
    def test_it_raises_when_no_address_could_be_emailed(self) -> None:
        with (
            mock.patch("safeguard.core.notify.urllib.request.urlopen", side_effect=refusing("a@example.org")),
            self.assertLogs("safeguard.core.notify", "ERROR"),
            self.assertRaises(EmailNotSent),
        ):
            send_email(to=["a@example.org"], subject="S", body="B")
