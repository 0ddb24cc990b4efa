from __future__ import annotations

from typing import Any

from safeguard.core.testing import World


def samples(world: World) -> dict[str, dict[str, Any]]:
    return {"password_reset_confirm": {"uidb64": "MQ", "token": "not-a-real-token"}}
