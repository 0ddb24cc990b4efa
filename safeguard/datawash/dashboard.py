"""Home-page panels: a data officer's latest extracts; an analyst's latest run and the checks waiting."""

from __future__ import annotations

from typing import TYPE_CHECKING

from safeguard.core.registry import Panel
from safeguard.datawash import selectors
from safeguard.partnership.roles import Perm

if TYPE_CHECKING:
    from safeguard.partnership.models import User


def panels(user: User) -> list[Panel]:
    found: list[Panel] = []
    if user.can(Perm.UPLOAD_EXTRACTS):
        found.append(
            Panel(
                title="Your agency's extracts",
                template="datawash/panel_extracts.html",
                context={"extracts": list(selectors.extracts_for_user(user)[:3])},
                order=40,
            )
        )
    if user.can(Perm.RUN_WASH):
        run = selectors.runs_for_user(user).first()
        checks = selectors.open_review_cases_for_user(user).count() if user.can(Perm.REVIEW_LINKS) else 0
        found.append(
            Panel(
                title="Data wash", template="datawash/panel_runs.html", context={"run": run, "checks": checks}, order=41
            )
        )
    return found
