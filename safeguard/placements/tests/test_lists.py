"""The list of an agency's placements pages, filters (state, kind, distance, host, start dates) and exports as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse

from safeguard.audit.models import Action, AuditEvent
from safeguard.core.testing import World, signed_in_client
from safeguard.partnership.models import Agency
from safeguard.placements.models import Distance, Placement, PlacementKind

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)


def _place(
    world: World,
    host: Agency,
    *,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    provider: str = "Meadowfield Children's Home",
    kind: str = PlacementKind.CHILDRENS_HOME,
    distance: str = Distance.ADJOINING,
) -> None:
    Placement.objects.create(
        partnership=world.darlington,
        person=world.child,
        placing_agency=world.childrens,
        host_agency=host,
        provider=provider,
        kind=kind,
        distance=distance,
        starts_on=starts_on,
        ends_on=ends_on,
        recorded_by=world.charlie,
    )


@pytest.fixture
def placed(world: World) -> World:
    with time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC), tick=False):
        _place(world, world.durham_childrens, starts_on=dt.date(2026, 1, 5), provider="Current home")
        _place(
            world,
            world.durham_childrens,
            starts_on=dt.date(2025, 3, 1),
            ends_on=dt.date(2025, 9, 1),
            provider="Ended home",
        )
        _place(
            world,
            world.childrens,
            starts_on=dt.date(2026, 5, 1),
            provider="Foster family",
            kind=PlacementKind.FOSTER,
            distance=Distance.IN_AREA,
        )
    return world


@time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC), tick=False)
def test_the_placements_list_filters_by_state_kind_and_host_and_keeps_the_filters_on_its_links(placed: World) -> None:
    client = signed_in_client(placed.charlie)
    url = reverse("placements:index")

    current = client.get(url, {"state": "current"}).content.decode()
    ended = client.get(url, {"state": "ended"}).content.decode()
    foster = client.get(url, {"kind": "foster"}).content.decode()
    hosted = client.get(url, {"state": "current", "host": str(placed.durham_childrens.pk)}).content.decode()

    assert "Current home" in current and "Foster family" in current and "Ended home" not in current
    assert "Ended home" in ended and "Current home" not in ended
    assert "Foster family" in foster and "Current home" not in foster
    assert "Showing 1 to 1 of 1 placements" in hosted and "Current home" in hosted
    assert f"{reverse('placements:export')}?state=current&amp;host={placed.durham_childrens.pk}" in hosted


@time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC), tick=False)
def test_the_placements_list_filters_by_start_dates_and_names_a_backwards_range_as_an_error(placed: World) -> None:
    client = signed_in_client(placed.charlie)
    url = reverse("placements:index")
    since_may = {"started_from_day": "1", "started_from_month": "5", "started_from_year": "2026"}

    page = client.get(url, since_may).content.decode()
    backwards = client.get(
        url, {**since_may, "started_to_day": "1", "started_to_month": "1", "started_to_year": "2026"}
    )

    assert "Foster family" in page and "Current home" not in page and "Ended home" not in page
    assert backwards.status_code == 400
    assert "<title>Error: " in backwards.content.decode()
    assert "&#x27;Started on or before&#x27; must be on or after" in backwards.content.decode()


def test_a_bare_placements_list_is_not_an_error_and_pages(world: World) -> None:
    for day in range(55):
        _place(world, world.durham_childrens, starts_on=dt.date(2025, 1, 1) + dt.timedelta(days=day))
    client = signed_in_client(world.charlie)
    first = client.get(reverse("placements:index"))
    second = client.get(reverse("placements:index"), {"page": "2"}).content.decode()
    assert first.status_code == 200 and "Showing 1 to 50 of 55 placements" in first.content.decode()
    assert "Showing 51 to 55 of 55 placements" in second and "<title>Error" not in second


@time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC), tick=False)
def test_the_placements_export_is_csv_of_the_filtered_list_and_is_audited(placed: World) -> None:
    Placement.objects.filter(provider="Current home").update(provider="=HYPERLINK(1)")

    response = signed_in_client(placed.charlie).get(reverse("placements:export"), {"state": "current"})

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0][:4] == ["Child", "Date of birth", "Placing authority", "Provider"]
    assert sorted(r[3] for r in rows[1:]) == ["'=HYPERLINK(1)", "Foster family"]
    assert rows[1][0] == "Amelia Hartley" and rows[1][1] == "2011-03-14"
    event = AuditEvent.objects.get(action=Action.EXPORT, object_type="placements.placement")
    assert event.summary == "Exported 2 placements made by their agency as CSV (filters: state current)"


def test_another_agency_exports_none_of_the_placements(placed: World) -> None:
    response = signed_in_client(placed.heidi).get(reverse("placements:export"))
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[1:] == []
