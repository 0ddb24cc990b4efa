from __future__ import annotations

from typing import Any

from safeguard.core.testing import World


def samples(world: World) -> dict[str, dict[str, Any]]:
    return {
        "people:detail": {"pk": world.child.pk},
        "people:edit": {"pk": world.child.pk},
        "people:identifier_add": {"pk": world.child.pk},
        "audit:person": {"pk": world.child.pk},
    }
