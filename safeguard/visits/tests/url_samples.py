from __future__ import annotations

import datetime as dt
from typing import Any

from safeguard.core.testing import World
from safeguard.visits.services import visits_plan
from safeguard.visits.tests.factories import sample_campaign


def samples(world: World) -> dict[str, dict[str, Any]]:
    _, child, _ = sample_campaign(world)
    visit = visits_plan(
        actor=world.erin,
        children=[child],
        lead_officer=world.charlie,
        second_officer=world.ivan,
        due_date=dt.date.today() + dt.timedelta(days=7),
    )[0]
    return {"visits:visit": {"pk": visit.pk}}
