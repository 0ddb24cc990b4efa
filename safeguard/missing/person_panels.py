"""The child's missing episodes on their page in the person index, with the RHI clock."""

from __future__ import annotations

from typing import TYPE_CHECKING

from safeguard.core.registry import Panel
from safeguard.missing.selectors import episodes_for_user, with_clocks

if TYPE_CHECKING:
    from safeguard.partnership.models import User
    from safeguard.people.models import Person


def panels(user: User, person: Person) -> list[Panel]:
    episodes = with_clocks(
        episodes_for_user(user).filter(person=person).select_related("person").order_by("-started_at")[:10]
    )
    if not episodes:
        return []
    return [Panel("Missing episodes", "missing/person_panel.html", {"episodes": episodes}, order=20)]
