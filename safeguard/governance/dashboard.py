"""The owner's overdue actions on their home page, whatever their role: the log is only useful if owners see it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from safeguard.core.registry import Panel
from safeguard.governance import selectors
from safeguard.partnership.roles import Perm

if TYPE_CHECKING:
    from safeguard.partnership.models import User


def panels(user: User) -> list[Panel]:
    found = []
    overview = selectors.board_overview(user)
    if overview is not None:
        # First on the page: the chair opens Safeguard to see how the partnership is doing.
        found.append(
            Panel(
                "How the partnership is doing",
                "governance/panel_overview.html",
                {"overview": overview, "can_open_actions": True},
                order=1,
            )
        )
    overdue = selectors.overdue_actions_owned_by(user)
    if not overdue:
        return found
    return [
        *found,
        Panel(
            title="Your overdue actions",
            template="governance/panel_overdue.html",
            context={"actions": overdue, "can_open": user.can(Perm.VIEW_GOVERNANCE)},
            order=20,
        ),
    ]
