"""Review deadlines on the home page: named reviews for their members, counts without names for the board."""

from __future__ import annotations

from typing import TYPE_CHECKING

from safeguard.core.registry import Panel
from safeguard.reviews import selectors

if TYPE_CHECKING:
    from safeguard.partnership.models import User


def panels(user: User) -> list[Panel]:
    found = []
    # The panel shows references only, never the child: the dashboard is not a review's page.
    deadlines = selectors.open_deadlines_for_member(user)
    if deadlines:
        found.append(Panel("Review deadlines", "reviews/panel_deadlines.html", {"deadlines": deadlines}, order=22))
    counts = selectors.progress_counts(user)
    if counts and counts["open"]:
        found.append(
            Panel("Serious incidents and reviews", "reviews/panel_progress.html", {"counts": counts}, order=23)
        )
    return found
