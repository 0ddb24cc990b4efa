"""Signed unsubscribe tokens: the link itself is the proof, so no sign-in is needed to leave the list."""

from __future__ import annotations

from django.core import signing

from safeguard.governance.models import Subscriber

_SALT = "safeguard.governance.unsubscribe"
_CONFIRM_SALT = "safeguard.governance.confirm"
CONFIRM_DAYS = 7


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


def confirm_token(*, partnership_id: int, email: str) -> str:
    """A link proving the reader owns the address, so nobody can sign someone else up."""
    return signing.dumps({"p": partnership_id, "e": email}, salt=_CONFIRM_SALT, compress=True)


def confirmation_from_token(token: str) -> tuple[int, str] | None:
    """The partnership and address of a sign-up, or None when the link is altered or over a week old."""
    try:
        data = signing.loads(token, salt=_CONFIRM_SALT, max_age=CONFIRM_DAYS * 24 * 3600)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict) or not isinstance(data.get("p"), int) or not isinstance(data.get("e"), str):
        return None
    return data["p"], data["e"]
