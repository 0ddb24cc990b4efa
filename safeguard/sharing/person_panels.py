"""Information-sharing decisions about a person, on their page in the person index."""

from __future__ import annotations

from typing import TYPE_CHECKING

from safeguard.core.registry import Panel
from safeguard.sharing.selectors import current_decisions, decisions_for_user

if TYPE_CHECKING:
    from safeguard.partnership.models import User
    from safeguard.people.models import Person


def panels(user: User, person: Person) -> list[Panel]:
    decisions = list(current_decisions(decisions_for_user(user).filter(person=person)).order_by("-recorded_at")[:10])
    if not decisions:
        return []
    return [Panel("Information-sharing decisions", "sharing/person_panel.html", {"decisions": decisions}, order=40)]
