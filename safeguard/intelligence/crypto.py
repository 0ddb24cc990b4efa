"""Encryption at rest for soft intelligence.

Soft intelligence is more sensitive than anything else the service holds (who
is suspected of exploiting whom, and who told the police), so its content is
encrypted in the database with Fernet (AES-128-CBC with HMAC-SHA256) under
``settings.SAFEGUARD_FIELD_KEY``. A copy of the database, a backup or a stray
SQL console shows only ciphertext.

Fernet tokens are deliberately different each time the same text is
encrypted, so encrypted columns cannot be searched or compared. Linking needs
equality ("the same vehicle"), so each linkable value also gets a *link key*:
an HMAC of its normalised form under a key derived from the same secret. Equal
values give equal link keys, but without the secret a link key cannot be
reversed or tested against guesses (a plain hash of a registration could be
brute-forced from the few million possible plates).

The key may list several comma-separated keys to rotate: the first encrypts,
any may decrypt. Link keys always use the first key, so a rotation must also
recompute them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_LINK_CONTEXT = b"safeguard.intelligence.link-key.v1"


class FieldKeyMissing(ImproperlyConfigured):
    """Raised when intelligence is used without a usable key: fail loudly, never store plaintext."""


def _configured_key() -> str:
    key = str(getattr(settings, "SAFEGUARD_FIELD_KEY", "") or "").strip()
    if not key:
        raise FieldKeyMissing(
            "SAFEGUARD_FIELD_KEY is not set. Soft intelligence is encrypted at rest and cannot be "
            "stored or read without it: set it to a urlsafe-base64 32-byte key "
            "(python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')."
        )
    return key


@lru_cache(maxsize=8)
def _keys_for(configured: str) -> tuple[MultiFernet, bytes]:
    try:
        fernets = [Fernet(part.strip().encode()) for part in configured.split(",") if part.strip()]
    except (ValueError, TypeError) as exc:
        raise FieldKeyMissing("SAFEGUARD_FIELD_KEY is not a valid Fernet key (urlsafe-base64, 32 bytes)") from exc
    first = base64.urlsafe_b64decode(configured.split(",")[0].strip().encode())
    # A separate key for link keys, so the encryption key itself is never used for hashing.
    link_key = hmac.new(first, _LINK_CONTEXT, hashlib.sha256).digest()
    return MultiFernet(fernets), link_key


def encrypt(text: str) -> str:
    fernet, _ = _keys_for(_configured_key())
    return fernet.encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    fernet, _ = _keys_for(_configured_key())
    try:
        return fernet.decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise FieldKeyMissing(
            "Stored intelligence cannot be decrypted with SAFEGUARD_FIELD_KEY: the key has changed or the data is damaged"
        ) from exc


def link_key(kind: str, normalised: str) -> str:
    """The searchable stand-in for an encrypted value: equal inputs, equal keys."""
    if not normalised:
        return ""
    _, key = _keys_for(_configured_key())
    return hmac.new(key, f"{kind}:{normalised}".encode(), hashlib.sha256).hexdigest()


def require_key() -> None:
    """Check the key before any intelligence page or service runs."""
    _keys_for(_configured_key())
