"""Signed unsubscribe tokens: the link itself is the proof, so no sign-in is needed to leave the list."""

from __future__ import annotations

from django.core import signing

from safeguard.governance.models import Subscriber

_SALT = "safeguard.governance.unsubscribe"


def unsubscribe_token(subscriber: Subscriber) -> str:
    # The email is signed too, so a token stops working if the row is reused for another address.
    # A plain Signer, not dumps(): no timestamp, as the link never expires, and the same link every time.
    return signing.Signer(salt=_SALT).sign_object({"s": subscriber.pk, "e": subscriber.email}, compress=True)


def subscriber_from_token(token: str) -> Subscriber | None:
    """The subscriber the token was made for, or None when it was tampered with or is unknown.

    Tokens do not expire: an unsubscribe link in a years-old email must still work.
    """
    try:
        data = signing.Signer(salt=_SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("s"), int) or not isinstance(data.get("e"), str):
        return None
    return Subscriber.objects.filter(pk=data["s"], email=data["e"]).first()
