from __future__ import annotations

from safeguard.core.registry import Panel
from safeguard.partnership.models import User
from safeguard.partnership.roles import Perm
from safeguard.sharing import selectors


def panels(user: User) -> list[Panel]:
    if not user.can(Perm.RECORD_SHARING):
        return []
    context: dict[str, object] = {"can_review": user.can(Perm.REVIEW_SHARING)}
    if user.can(Perm.REVIEW_SHARING):
        counts = selectors.decision_counts(user)
        context.update(overdue=counts.reviews_overdue, due_soon=counts.reviews_due_soon)
    return [Panel("Information sharing", "sharing/dashboard_panel.html", context, order=42)]
