"""Where each capability plugs into the shared pages.

An app may provide ``nav.py`` with ``NAV: list[NavItem]`` (service navigation) and ``REPORTS: list[NavItem]``
(aggregate pages a board agenda item can attach),
``dashboard.py`` with ``panels(user) -> list[Panel]`` (its part of the
signed-in home page) and ``person_panels.py`` with ``panels(user, person) ->
list[Panel]`` (what it holds about a person, on the person's page). Core never imports an app's models: the app decides what
its panel shows, through its own selectors, for the user it is given.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.urls import reverse

from safeguard.partnership.roles import Perm

if TYPE_CHECKING:
    from safeguard.partnership.models import User


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    perm: Perm | None
    order: int = 50


@dataclass
class Panel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50


@cache
def _modules(name: str) -> tuple[ModuleType, ...]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("safeguard."):
            continue
        try:
            found.append(importlib.import_module(f"{config.name}.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{name}":
                raise
    return tuple(found)


def nav_items_for(user: User, current_path: str) -> list[dict[str, Any]]:
    items: list[NavItem] = []
    for module in _modules("nav"):
        items.extend(getattr(module, "NAV", []))
    visible = [item for item in items if item.perm is None or user.can(item.perm)]
    visible.sort(key=lambda item: (item.order, item.label))
    result = []
    for item in visible:
        url = reverse(item.url_name)
        active = current_path == url if url == "/" else current_path.startswith(url)
        result.append({"label": item.label, "url": url, "active": active})
    return result


def board_reports() -> list[NavItem]:
    """Pages fit to attach to a board agenda: figures without names, declared as ``REPORTS`` in an app's nav.py."""
    found: list[NavItem] = []
    for module in _modules("nav"):
        found.extend(getattr(module, "REPORTS", []))
    found.sort(key=lambda item: (item.order, item.label))
    return found


def report_label(url_name: str) -> str:
    """The name a board paper shows for a report, never the page's internal name."""
    return next((item.label for item in board_reports() if item.url_name == url_name), "Safeguard report")


def dashboard_panels_for(user: User) -> list[Panel]:
    panels: list[Panel] = []
    for module in _modules("dashboard"):
        panels.extend(module.panels(user))
    panels.sort(key=lambda panel: panel.order)
    return panels


def person_panels_for(user: User, person: Any) -> list[Panel]:
    """Each capability's records about one person, as the user may see them."""
    panels: list[Panel] = []
    for module in _modules("person_panels"):
        panels.extend(module.panels(user, person))
    panels.sort(key=lambda panel: panel.order)
    return panels
