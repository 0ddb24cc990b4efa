from __future__ import annotations

from typing import TYPE_CHECKING

from safeguard.core.registry import Panel
from safeguard.missing import selectors
from safeguard.partnership.roles import Perm

if TYPE_CHECKING:
    from safeguard.partnership.models import User


def panels(user: User) -> list[Panel]:
    result: list[Panel] = []
    if user.can(Perm.RECORD_EPISODES):
        work = selectors.rhi_worklist(user)
        result.append(
            Panel(
                "Return home interviews",
                "missing/panel_rhi.html",
                {"overdue": len(work.overdue), "due_soon": len(work.due_soon), "due": len(work.due)},
                order=20,
            )
        )
    if user.can(Perm.VIEW_EPISODES):
        # A count only: the landing page shows no child's name, so opening it needs no audit; the
        # names are one click away on the missing children page, which records who looked.
        threshold, days = selectors.repeat_rule()
        result.append(
            Panel(
                "Repeat missing",
                "missing/panel_repeat.html",
                {"children": selectors.repeat_missing_for_user(user), "threshold": threshold, "days": days},
                order=21,
            )
        )
    return result
