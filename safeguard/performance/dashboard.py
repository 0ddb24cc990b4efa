from __future__ import annotations

from collections import Counter

from safeguard.core.registry import Panel
from safeguard.partnership.models import User
from safeguard.partnership.roles import Perm

from . import selectors
from .scoring import Rag


def panels(user: User) -> list[Panel]:
    if user.agency is None:
        return []
    found = []
    if user.can(Perm.VIEW_SCORECARD):
        month = selectors.default_month()
        # One period per indicator: the home page needs the ratings, not the trends.
        rows = selectors.scorecard(partnership=user.agency.partnership, month=month, trend_periods=1)
        if rows:
            counts = Counter(row.rag.value for row in rows)
            found.append(
                Panel(
                    f"Scorecard, {month:%B %Y}",
                    "performance/panel_scorecard.html",
                    {"counts": [(rag.value, rag.label, counts.get(rag.value, 0)) for rag in Rag], "total": len(rows)},
                    order=30,
                )
            )
    if user.can(Perm.SUBMIT_FIGURES):
        owned = selectors.indicators_owned_by(user)
        if owned.exists():
            found.append(
                Panel(
                    "Your scorecard figures",
                    "performance/panel_submit.html",
                    {
                        "overdue": selectors.overdue_for_user(user) if not user.can(Perm.MANAGE_INDICATORS) else [],
                        "queried": selectors.queried_for_user(user).count(),
                        "owned": owned.count(),
                    },
                    order=40,
                )
            )
    if user.can(Perm.MANAGE_INDICATORS):
        found.append(
            Panel(
                "Late scorecard submissions",
                "performance/panel_late.html",
                {"overdue": selectors.overdue_for_user(user)},
                order=45,
            )
        )
    return found
