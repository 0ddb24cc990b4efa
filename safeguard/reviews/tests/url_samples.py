from __future__ import annotations

import datetime as dt
from typing import Any

from safeguard.core.testing import World
from safeguard.reviews import services
from safeguard.reviews.models import LcsprDecision


def samples(world: World) -> dict[str, dict[str, Any]]:
    # Alice (business unit) records it and so works on it; no one else from Darlington is named.
    review = services.review_open(
        actor=world.alice,
        partnership=world.darlington,
        subject=world.child,
        reference="DSP-2017-01",
        became_aware_on=dt.date(2017, 3, 1),
        incident_summary="Serious injury.",
    )
    services.notification_record(actor=world.alice, review=review, notified_on=dt.date(2017, 3, 3))
    services.rapid_review_record(
        actor=world.alice,
        review=review,
        sent_on=dt.date(2017, 3, 20),
        decision=LcsprDecision.COMMISSION,
        reason="Learning about information sharing.",
    )
    learning = services.learning_action_add(
        actor=world.alice,
        review=review,
        group=world.board,
        finding="Information was not shared at MAPPA meetings.",
        description="Write a MAPPA briefing",
        owner=world.charlie,
        due_on=dt.date(2017, 6, 30),
    )
    return {
        "reviews:new": {"person_pk": world.child.pk},
        "reviews:detail": {"pk": review.pk},
        "reviews:join": {"pk": review.pk},
        "reviews:member_add": {"pk": review.pk},
        "reviews:notified": {"pk": review.pk},
        "reviews:rapid_review": {"pk": review.pk},
        "reviews:commission": {"pk": review.pk},
        "reviews:publication": {"pk": review.pk},
        "reviews:learning_new": {"pk": review.pk},
        "reviews:briefing_new": {"pk": review.pk},
        "reviews:close": {"pk": review.pk},
        "reviews:learning_complete": {"pk": learning.pk},
        "reviews:learning_impact": {"pk": learning.pk},
    }
