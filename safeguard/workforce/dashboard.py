from __future__ import annotations

from django.utils import timezone

from safeguard.core.registry import Panel
from safeguard.partnership.models import User
from safeguard.partnership.roles import Perm

from . import selectors


def panels(user: User) -> list[Panel]:
    if user.agency is None or not user.can(Perm.SUBMIT_FIGURES):
        return []
    quarter = selectors.shift_quarter(selectors.quarter_start(timezone.localdate()), -1)
    sent = selectors.returns_for_user(user).filter(quarter_start=quarter).count()
    return [
        Panel(
            "Workforce return",
            "workforce/panel.html",
            {"quarter_label": selectors.quarter_label(quarter), "sent": sent},
            order=48,
        )
    ]
