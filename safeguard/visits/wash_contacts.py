"""What the visits app hands to the data wash: joint visits that saw the child (see datawash.contacts)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from safeguard.visits.selectors import visit_contacts

if TYPE_CHECKING:
    from safeguard.datawash.contacts import Contact
    from safeguard.partnership.models import Partnership


def contacts(*, partnership: Partnership) -> list[Contact]:
    return visit_contacts(partnership=partnership)
