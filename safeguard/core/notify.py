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
import time
import urllib.request

from django.conf import settings
from django.core.mail import send_mail

NOTIFY_URL = "https://api.notifications.service.gov.uk/v2/notifications/email"


def _notify_token(api_key: str) -> str:
    # Notify keys end with the service id (36 chars) then the secret (36 chars).
    service_id, secret = api_key[-73:-37], api_key[-36:]

    def b64(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    header = b64(json.dumps({"typ": "JWT", "alg": "HS256"}).encode())
    claims = b64(json.dumps({"iss": service_id, "iat": int(time.time())}).encode())
    signature = hmac.new(secret.encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
    return f"{header}.{claims}.{b64(signature)}"


def send_email(*, to: list[str], subject: str, body: str) -> None:
    template_id = settings.SAFEGUARD_NOTIFY_TEMPLATE_ID
    api_key = settings.GOVUK_NOTIFY_API_KEY
    if template_id and api_key:
        for address in to:
            payload = json.dumps(
                {
                    "email_address": address,
                    "template_id": template_id,
                    "personalisation": {"subject": subject, "body": body},
                }
            ).encode()
            request = urllib.request.Request(
                NOTIFY_URL,
                data=payload,
                headers={"Authorization": f"Bearer {_notify_token(api_key)}", "Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=10):  # noqa: S310
                pass
        return
    send_mail(subject, body, None, to)
