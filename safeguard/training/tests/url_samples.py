from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from safeguard.core.testing import World
from safeguard.training import services


def samples(world: World) -> dict[str, dict[str, Any]]:
    now = timezone.now()
    session = services.session_create(
        actor=world.alice,
        partnership=world.darlington,
        title="Information sharing awareness",
        audience="Practitioners",
        starts_at=now + dt.timedelta(days=10),
        ends_at=now + dt.timedelta(days=10, hours=3),
        capacity=10,
        booking_opens_at=now - dt.timedelta(days=5),
        booking_closes_at=now + dt.timedelta(days=9),
        venue="Town Hall",
    )
    booking = services.booking_book(actor=world.charlie, session=session)
    return {
        "training:session": {"pk": session.pk},
        "training:book": {"pk": session.pk},
        "training:attendance": {"pk": session.pk},
        "training:session_cancel": {"pk": session.pk},
        "training:cancel": {"pk": booking.pk},
        "training:booking_ics": {"pk": booking.pk},
        "training:feedback": {"pk": booking.pk},
        "training:feed": {"partnership": world.darlington.slug},
    }
