"""The campaign's numbers on the home page (no names), and an officer's own visits to make."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from safeguard.core.registry import Panel
from safeguard.partnership.roles import Perm
from safeguard.visits import selectors
from safeguard.visits.models import VisitStatus

if TYPE_CHECKING:
    from safeguard.partnership.models import User


def panels(user: User) -> list[Panel]:
    found: list[Panel] = []
    if user.agency is None:
        return found
    if user.can(Perm.VIEW_CAMPAIGN_TOTALS):
        totals = selectors.campaign_totals(partnership=user.agency.partnership)
        if totals.run is not None:
            found.append(
                Panel(
                    title="Unseen children",
                    template="visits/panel.html",
                    context={
                        "unseen": totals.unseen,
                        "planned": totals.planned,
                        "overdue": totals.overdue,
                        "seen": totals.seen,
                        "off_campaign": totals.off_campaign,
                        "off_total": totals.off_total,
                    },
                    order=30,
                )
            )
    if user.can(Perm.RECORD_VISITS):
        mine = list(
            selectors.visits_for_user(user).filter(
                Q(lead_officer=user) | Q(second_officer=user), status=VisitStatus.PLANNED
            )
        )
        if mine:
            found.append(
                Panel(
                    title="Your joint visits",
                    template="visits/panel_mine.html",
                    context={"open": len(mine), "overdue": sum(1 for v in mine if v.is_overdue)},
                    order=25,
                )
            )
    return found
