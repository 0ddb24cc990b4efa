"""Start-up checks: configuration that would otherwise fail on first use fails here."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register


@register()
def field_key_is_set(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if not str(settings.SAFEGUARD_FIELD_KEY).strip():
        return [
            Error(
                "SAFEGUARD_FIELD_KEY is not set.",
                hint="Soft intelligence is encrypted at rest with this key. Generate one with: python -c "
                "'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())'",
                id="safeguard.E001",
            )
        ]
    return []


@register(deploy=True)
def demo_mode_is_off(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if settings.DEMO_MODE:
        return [Warning("SAFEGUARD_DEMO is on: the second factor is not required.", id="safeguard.W001")]
    return []
