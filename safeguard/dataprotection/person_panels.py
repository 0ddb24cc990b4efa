"""On a person's page, for those who manage data protection: their corrections and where to make one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from safeguard.core.registry import Panel
from safeguard.dataprotection import selectors
from safeguard.partnership.roles import Perm

if TYPE_CHECKING:
    from safeguard.partnership.models import User
    from safeguard.people.models import Person


def panels(user: User, person: Person) -> list[Panel]:
    if not user.can(Perm.MANAGE_DATA_PROTECTION):
        return []
    context = {"person": person, "corrections": selectors.corrections_for(person)[:10]}
    return [Panel("Data protection", "dataprotection/person_panel.html", context, order=90)]
