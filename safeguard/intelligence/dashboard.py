from __future__ import annotations

from safeguard.core.registry import Panel
from safeguard.intelligence import selectors
from safeguard.partnership.models import User
from safeguard.partnership.roles import Perm


def panels(user: User) -> list[Panel]:
    if not (user.can(Perm.SUBMIT_INTELLIGENCE) or selectors.is_grader(user)):
        return []
    counts = selectors.dashboard_counts(user)
    context = {
        "drafts": counts["drafts"],
        "awaiting": counts["awaiting"],
        "is_grader": selectors.is_grader(user),
    }
    return [Panel("Soft intelligence", "intelligence/dashboard_panel.html", context, order=40)]
