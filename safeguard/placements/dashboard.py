from __future__ import annotations

from typing import TYPE_CHECKING

from safeguard.core.registry import Panel
from safeguard.partnership.roles import Perm
from safeguard.placements import selectors

if TYPE_CHECKING:
    from safeguard.partnership.models import User


def panels(user: User) -> list[Panel]:
    if not user.can(Perm.RECORD_PLACEMENTS):
        return []
    box = selectors.inbox_for_user(user)
    return [
        Panel(
            "Placement notifications",
            "placements/panel.html",
            {
                "waiting": len(box.waiting),
                "overdue_in": len(box.overdue),
                "overdue_out": len(selectors.outgoing_overdue_for_user(user)),
            },
            order=25,
        )
    ]
