from __future__ import annotations

import datetime as dt
from typing import Any

from safeguard.core.testing import World
from safeguard.dataprotection import services


def samples(world: World) -> dict[str, dict[str, Any]]:
    sar = services.request_open(
        actor=world.alice,
        partnership=world.darlington,
        person=world.child,
        requested_by="Amelia's mother",
        received_on=dt.date(2020, 3, 1),
    )
    services.privacy_notice_save(actor=world.alice, partnership=world.darlington, body="We hold records.")
    return {
        "dataprotection:new": {"person_pk": world.child.pk},
        "dataprotection:detail": {"pk": sar.pk},
        "dataprotection:extend": {"pk": sar.pk},
        "dataprotection:exemption_add": {"pk": sar.pk},
        "dataprotection:answered": {"pk": sar.pk},
        "dataprotection:bundle": {"pk": sar.pk},
        "dataprotection:correct": {"person_pk": world.child.pk},
        "dataprotection:privacy": {"slug": world.darlington.slug},
    }
