from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from safeguard.core.testing import World

from ..services import FigureEntry, figures_submit
from .factories import programme, submitted_indicator


def samples(world: World) -> dict[str, dict[str, Any]]:
    indicator = submitted_indicator(world, code="sample")
    (submission,) = figures_submit(
        actor=world.dana, entries=[FigureEntry(indicator, dt.date(2026, 1, 1), Decimal(3), Decimal(10))]
    )
    audit = programme(world)
    case = audit.cases.first()
    assert case is not None, "the test world's child is sampled"
    action = audit.actions.get()
    return {
        "performance:indicator_edit": {"pk": indicator.pk},
        "performance:submission_confirm": {"pk": submission.pk},
        "performance:audit": {"pk": audit.pk},
        "performance:audit_action_add": {"pk": audit.pk},
        "performance:audit_case": {"pk": case.pk},
        "performance:audit_action_done": {"pk": action.pk},
    }
