from __future__ import annotations

from typing import TYPE_CHECKING

from safeguard.core.registry import Panel

if TYPE_CHECKING:
    from safeguard.partnership.models import User


def panels(user: User) -> list[Panel]:
    memberships = list(user.group_memberships.select_related("group").order_by("group__name"))
    if not memberships:
        return []
    return [Panel("Your groups", "core/panel_groups.html", {"memberships": memberships}, order=99)]
