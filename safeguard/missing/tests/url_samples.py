from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from safeguard.core.testing import World
from safeguard.missing.models import Category, LocationRisk, PoliceShare, RiskGrade
from safeguard.missing.services import (
    EpisodeInput,
    episode_record,
    location_add,
    profile_save,
    push_hold,
    rhi_share_with_police,
)


def samples(world: World) -> dict[str, dict[str, Any]]:
    now = timezone.now()
    episode = episode_record(
        actor=world.charlie,
        agency=world.childrens,
        person=world.child,
        data=EpisodeInput(
            category=Category.MISSING,
            risk_grade=RiskGrade.MEDIUM,
            reported_at=now - dt.timedelta(hours=30),
            started_at=now - dt.timedelta(hours=32),
            ended_at=now - dt.timedelta(hours=10),
        ),
    )
    still_missing = episode_record(
        actor=world.charlie,
        agency=world.childrens,
        person=world.child,
        data=EpisodeInput(
            category=Category.MISSING,
            risk_grade=RiskGrade.HIGH,
            reported_at=now - dt.timedelta(hours=3),
            started_at=now - dt.timedelta(hours=4),
        ),
    )
    profile = profile_save(actor=world.charlie, person=world.child, fields={"description": "Tall, dark hair"})
    location = location_add(
        actor=world.charlie,
        profile=profile,
        name="Bus station",
        address="",
        risk=LocationRisk.HIGH,
        notes="",
        assessed_on=dt.date(2026, 1, 5),
    )
    shares: list[PoliceShare] = rhi_share_with_police(
        actor=world.charlie, rhi=episode.rhi, information="Seen with older males", reason="Exploitation risk"
    )
    held, _ = push_hold(
        agency=world.police,
        token_name="Niche",
        police_reference="DC-HELD-1",
        person_sent={"given_name": "Amelia", "family_name": "Hartley", "date_of_birth": "2011-03-14"},
        episode_sent={"category": "missing", "risk_grade": "high"},
        candidates=[world.child],
    )
    episode_pk = {"pk": episode.pk}
    person_pk = {"person_pk": world.child.pk}
    return {
        "missing:record": person_pk,
        "missing:episode": episode_pk,
        "missing:return": {"pk": still_missing.pk},
        "missing:reopen": episode_pk,
        "missing:held_push": {"pk": held.pk},
        "missing:regrade": episode_pk,
        "missing:recategorise": episode_pk,
        "missing:rhi": episode_pk,
        "missing:rhi_provider": episode_pk,
        "missing:share": episode_pk,
        "missing:shared_detail": {"pk": shares[0].pk},
        "missing:profile": person_pk,
        "missing:profile_edit": person_pk,
        "missing:profile_photo": person_pk,
        "missing:profile_photo_image": person_pk,
        "missing:location_add": person_pk,
        "missing:location_remove": {"person_pk": world.child.pk, "pk": location.pk},
    }
