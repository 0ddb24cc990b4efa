"""Subject access deadlines on the home page of those who answer them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from safeguard.core.registry import Panel
from safeguard.dataprotection import selectors

if TYPE_CHECKING:
    from safeguard.partnership.models import User


def panels(user: User) -> list[Panel]:
    # The panel shows request numbers and deadlines only, never the person: the dashboard is not the request.
    due = selectors.open_requests_due(user)
    if not due:
        return []
    return [Panel("Subject access requests", "dataprotection/panel_due.html", {"due": due}, order=24)]
