"""A text field encrypted at rest; see ``crypto`` for why and how."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldError
from django.db import models

from safeguard.intelligence.crypto import decrypt, encrypt


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Stores Fernet ciphertext; Python code only ever sees the plaintext.

    Only ``isnull`` can be queried: any other lookup would compare against a
    freshly encrypted value, which never matches, and silently finding nothing
    is worse than an error. Use the link keys to find equal values.
    """

    description = "Text encrypted at rest"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return encrypt(str(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None:
            return None
        return decrypt(value)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name != "isnull":
            raise FieldError(f"{self.name} is encrypted and cannot be searched with '{lookup_name}'")
        return super().get_lookup(lookup_name)
