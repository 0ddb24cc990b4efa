"""A partnership administrator not named on a review adds themselves to it, with a reason (audited)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from safeguard.audit.models import Action, AuditEvent
from safeguard.core.testing import World, signed_in_client
from safeguard.partnership.roles import Role
from safeguard.partnership.services import user_create
from safeguard.reviews import selectors, services
from safeguard.reviews.models import Review

pytestmark = pytest.mark.django_db


def _review_and_second_admin(world: World) -> tuple[Review, object]:
    review = services.review_open(
        actor=world.alice,
        partnership=world.darlington,
        subject=world.child,
        reference="DSP-2017-01",
        became_aware_on=dt.date(2017, 3, 1),
        incident_summary="Serious injury.",
    )
    other = user_create(
        actor=None,
        agency=world.business_unit,
        username="morgan",
        first_name="Morgan",
        last_name="Tester",
        email="morgan@example.org",
        roles={Role.PARTNERSHIP_ADMIN},
        password="correct horse battery staple",
    )
    return review, other


def test_an_administrator_not_named_on_a_review_adds_themselves_with_a_reason_and_it_is_audited(
    world: World,
) -> None:
    review, other = _review_and_second_admin(world)
    assert review not in selectors.reviews_for_member(other)  # type: ignore[arg-type]
    client = signed_in_client(other)  # type: ignore[arg-type]
    assert client.get(reverse("reviews:detail", args=[review.pk])).status_code == 404
    progress = client.get(reverse("reviews:progress")).content.decode()
    assert reverse("reviews:join", args=[review.pk]) in progress and "Amelia" not in progress
    refused = client.post(reverse("reviews:join", args=[review.pk]), {"reason": ""})
    assert refused.status_code == 400
    assert "Enter why you need to work on this review" in refused.content.decode()
    response = client.post(reverse("reviews:join", args=[review.pk]), {"reason": "Covering for Alice on leave"})
    assert response.status_code == 302
    assert client.get(reverse("reviews:detail", args=[review.pk])).status_code == 200
    event = AuditEvent.objects.filter(action=Action.SHARE, summary__startswith="Added themselves").get()
    assert event.actor_username == "morgan" and event.reason == "Covering for Alice on leave"
    assert event.person_id == world.child.pk


def test_only_those_who_record_reviews_in_the_partnership_may_add_themselves(world: World) -> None:
    review, _ = _review_and_second_admin(world)
    for user in (world.charlie, world.frank):
        with pytest.raises(services.ReviewError, match="Only those who record"):
            services.member_join(actor=user, review=review, reason="Curious")
    with pytest.raises(services.ReviewError, match="another partnership"):
        services.member_join(actor=world.heidi, review=review, reason="Curious")
    assert signed_in_client(world.heidi).get(reverse("reviews:join", args=[review.pk])).status_code == 404
    with pytest.raises(services.ReviewError, match="already"):
        services.member_join(actor=world.alice, review=review, reason="Again")
