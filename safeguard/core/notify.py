"""Email to practitioners, through whichever Django email backend is configured.

Every email Safeguard sends goes through Django's one email backend (``EMAIL_BACKEND``):
GOV.UK Notify (``NotifyEmailBackend`` below, the official notifications-python-client),
SMTP, or the console in development. Emails carry no name or detail of a child, only a
link behind sign-in: email is not a secure channel. Notify needs one template whose
subject and body are the personalisation fields ``((subject))`` and ``((body))``; its id
is ``SAFEGUARD_NOTIFY_TEMPLATE_ID`` and the key ``SAFEGUARD_NOTIFY_API_KEY``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger(__name__)


class EmailNotSent(Exception):
    """No address on the list could be emailed; the caller's job fails and can be run again."""


def send_email(*, to: list[str], subject: str, body: str) -> int:
    """Email each address separately; returns how many were sent.

    One message per address, so no recipient sees the others' addresses and one refusal does
    not stop the rest: a job run again after a partial failure would email the earlier
    addresses twice. Only when none could be sent does this raise, so the job fails and
    nothing is marked as told.
    """
    sent = 0
    with get_connection() as connection:
        for position, address in enumerate(to, start=1):
            try:
                sent += EmailMessage(subject, body, None, [address], connection=connection).send()
            except Exception as error:  # any backend's refusal (HTTP, SMTP, network) of this one address
                # The address is personal data; the log says which position on the list failed, and why.
                logger.error("Email %d of %d (%r) was refused: %s", position, len(to), subject, error)
    if to and not sent:
        raise EmailNotSent(f"None of {len(to)} emails ({subject!r}) could be sent; see the log")
    return sent


class NotifyEmailBackend(BaseEmailBackend):
    """A Django email backend that sends through GOV.UK Notify, one request per recipient.

    Notify sends plain text from its template, so an HTML alternative is dropped and the
    message's text body is used. Headers such as List-Unsubscribe cannot be passed on.
    """

    def __init__(self, fail_silently: bool = False, **kwargs: Any) -> None:
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.api_key: str = kwargs.get("api_key") or settings.GOVUK_NOTIFY_API_KEY
        self.template_id: str = kwargs.get("template_id") or settings.SAFEGUARD_NOTIFY_TEMPLATE_ID
        if not (self.api_key and self.template_id):
            raise ImproperlyConfigured(
                "The GOV.UK Notify email backend needs SAFEGUARD_NOTIFY_API_KEY and SAFEGUARD_NOTIFY_TEMPLATE_ID."
            )
        self._client: Any = None

    def open(self) -> bool:
        if self._client is not None:
            return False
        from notifications_python_client.notifications import NotificationsAPIClient

        self._client = NotificationsAPIClient(self.api_key)
        return True

    def close(self) -> None:
        self._client = None

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        """Returns how many messages went to every one of their recipients."""
        opened = self.open()
        sent = 0
        try:
            for message in email_messages:
                addresses = message.recipients()
                done = 0
                for address in addresses:
                    try:
                        self._client.send_email_notification(
                            email_address=address,
                            template_id=self.template_id,
                            personalisation={"subject": str(message.subject), "body": str(message.body)},
                        )
                    except Exception:
                        if not self.fail_silently:
                            raise
                    else:
                        done += 1
                sent += 1 if addresses and done == len(addresses) else 0
        finally:
            if opened:
                self.close()
        return sent
