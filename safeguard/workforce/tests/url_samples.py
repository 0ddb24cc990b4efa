from __future__ import annotations

from typing import Any

from safeguard.core.testing import World

from .factories import a_return


def samples(world: World) -> dict[str, dict[str, Any]]:
    return {"workforce:return_edit": {"pk": a_return(world.dana).pk}}
