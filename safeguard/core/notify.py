"""Email to practitioners: Django's email backend, or GOV.UK Notify when it is configured.

Emails carry no name or detail of a child, only a link behind sign-in: email is not a
secure channel. Notify needs one template whose subject and body are the
personalisation fields ``((subject))`` and ``((body))``; its id is
``SAFEGUARD_NOTIFY_TEMPLATE_ID`` and the key ``SAFEGUARD_NOTIFY_API_KEY``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import time
import urllib.request

from django.conf import settings
from django.core.mail import send_mail

NOTIFY_URL = "https://api.notifications.service.gov.uk/v2/notifications/email"

logger = logging.getLogger(__name__)


class EmailNotSent(Exception):
    """No address on the list could be emailed; the caller's job fails and can be run again."""


def _notify_token(api_key: str) -> str:
    # Notify keys end with the service id (36 chars) then the secret (36 chars).
    service_id, secret = api_key[-73:-37], api_key[-36:]

    def b64(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    header = b64(json.dumps({"typ": "JWT", "alg": "HS256"}).encode())
    claims = b64(json.dumps({"iss": service_id, "iat": int(time.time())}).encode())
    signature = hmac.new(secret.encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
    return f"{header}.{claims}.{b64(signature)}"


def send_email(*, to: list[str], subject: str, body: str) -> int:
    """Email each address; returns how many were sent.

    Through Notify each address is its own request. One that fails is logged and the rest still
    go, because a job run again after a partial failure would email the earlier addresses twice;
    only when none could be sent does this raise, so the job fails and nothing is marked as told.
    """
    template_id = settings.SAFEGUARD_NOTIFY_TEMPLATE_ID
    api_key = settings.GOVUK_NOTIFY_API_KEY
    if not (template_id and api_key):
        return len(to) if send_mail(subject, body, None, to) else 0
    sent = 0
    for position, address in enumerate(to, start=1):
        try:
            _notify_one(api_key, template_id, address, subject, body)
        except OSError as error:  # URLError, HTTPError and timeouts are all OSErrors
            # The address is personal data; the log says which position on the list failed, and why.
            logger.error("GOV.UK Notify refused email %d of %d (%r): %s", position, len(to), subject, error)
        else:
            sent += 1
    if to and not sent:
        raise EmailNotSent(f"GOV.UK Notify sent none of {len(to)} emails ({subject!r}); see the log")
    return sent


def _notify_one(api_key: str, template_id: str, address: str, subject: str, body: str) -> None:
    payload = json.dumps(
        {"email_address": address, "template_id": template_id, "personalisation": {"subject": subject, "body": body}}
    ).encode()
    request = urllib.request.Request(
        NOTIFY_URL,
        data=payload,
        headers={"Authorization": f"Bearer {_notify_token(api_key)}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10):  # noqa: S310
        pass
