"""The inbox shows the latest acknowledged notices, says how many there are, and links to all of them, paged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from safeguard.audit.models import Action, AuditEvent
from safeguard.core.testing import World, signed_in_client
from safeguard.placements import selectors
from safeguard.placements.models import Distance, Notice, NoticeKind, Placement, PlacementKind

pytestmark = pytest.mark.django_db


def _acknowledged(world: World, count: int) -> None:
    """``count`` notices to Durham, acknowledged a minute apart: provider "Home 0" the first acknowledged."""
    start = timezone.now() - dt.timedelta(days=1)
    for i in range(count):
        placement = Placement.objects.create(
            partnership=world.darlington,
            person=world.child,
            placing_agency=world.childrens,
            host_agency=world.durham_childrens,
            provider=f"Home {i}",
            kind=PlacementKind.CHILDRENS_HOME,
            distance=Distance.ADJOINING,
            starts_on=dt.date(2026, 1, 5),
            recorded_by=world.charlie,
        )
        Notice.objects.create(
            placement=placement,
            kind=NoticeKind.START,
            from_agency=world.childrens,
            to_agency=world.durham_childrens,
            due_on=dt.date(2026, 1, 4),
            sent_at=start,
            acknowledged_at=start + dt.timedelta(minutes=i),
            acknowledged_by=world.heidi,
        )


def test_the_inbox_says_it_shows_the_latest_20_of_every_acknowledged_notice_and_links_to_them_all(
    world: World,
) -> None:
    _acknowledged(world, 23)

    page = signed_in_client(world.heidi).get(reverse("placements:inbox")).content.decode()

    assert "Showing the latest 20 of 23 acknowledged notifications" in page
    assert reverse("placements:acknowledged") in page
    assert page.count("Acknowledged</strong>") == 20
    latest, total = selectors.latest_acknowledged_for_user(world.heidi)
    assert [n.placement.provider for n in latest][:2] == ["Home 22", "Home 21"]  # the latest first
    assert (len(latest), total) == (20, 23)


def test_an_inbox_with_few_acknowledged_notices_says_it_shows_them_all(world: World) -> None:
    _acknowledged(world, 2)
    page = signed_in_client(world.heidi).get(reverse("placements:inbox")).content.decode()
    assert "Showing all 2 acknowledged notifications" in page
    assert reverse("placements:acknowledged") not in page


def test_every_acknowledged_notice_is_on_a_paged_list_the_latest_first_and_the_view_is_audited(world: World) -> None:
    _acknowledged(world, 55)
    client = signed_in_client(world.heidi)

    first = client.get(reverse("placements:acknowledged")).content.decode()
    second = client.get(reverse("placements:acknowledged"), {"page": "2"}).content.decode()

    assert "Showing 1 to 50 of 55 notifications" in first and "?page=2" in first
    assert "Showing 51 to 55 of 55 notifications" in second
    assert first.count("Acknowledged</strong>") == 50
    assert AuditEvent.objects.filter(
        action=Action.VIEW, summary="Viewed acknowledged placement notifications (5 of 55)"
    ).exists()


def test_the_acknowledged_list_holds_only_notices_sent_to_the_users_own_agency(world: World) -> None:
    _acknowledged(world, 3)
    page = signed_in_client(world.charlie).get(reverse("placements:acknowledged")).content.decode()
    assert "No notifications found" in page
