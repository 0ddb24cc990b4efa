"""Sightings other capabilities hand to the wash, without the wash importing them.

An app may provide ``wash_contacts.py`` with ``contacts(*, partnership) -> list[Contact]``: each an
in-person sighting of a register child on a date (the visits app's joint visits that saw the child).
The wash counts each as contact with that register entry. So the wash depends on no other app, and
the apps that build on it (visits) hand it what they know.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.apps import apps

if TYPE_CHECKING:
    from safeguard.partnership.models import Partnership


@dataclass(frozen=True)
class Contact:
    """A professional saw a register child in person on a date (never a letter, call or no-access visit)."""

    record_id: str  # unique among all contacts, e.g. "V12" for joint visit 12
    cohort_source: str
    cohort_record_id: str
    given_name: str
    family_name: str
    date_of_birth: dt.date | None
    contact_date: dt.date


def contacts_for(*, partnership: Partnership) -> list[Contact]:
    """Every sighting the partnership's apps hand to the wash."""
    found: list[Contact] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("safeguard."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.wash_contacts")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.wash_contacts":
                raise
            continue
        found.extend(module.contacts(partnership=partnership))
    return found
