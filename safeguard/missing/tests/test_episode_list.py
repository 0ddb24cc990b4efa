"""Every missing episode in one list that pages, filters (state, category, risk, dates) and downloads as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse

from safeguard.audit.models import Action, AuditEvent
from safeguard.core.testing import World, signed_in_client
from safeguard.missing.clock import local_zone
from safeguard.missing.models import Category, Episode, RiskGrade

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC)


def _episode(
    world: World,
    day: dt.date,
    *,
    returned: bool,
    place: str,
    category: str = Category.MISSING,
    risk_grade: str = RiskGrade.MEDIUM,
    looked_after: bool = False,
) -> None:
    started = dt.datetime.combine(day, dt.time(10), tzinfo=local_zone())
    Episode.objects.create(
        partnership=world.darlington,
        person=world.child,
        recording_agency=world.childrens,
        recorded_by=world.charlie,
        category=category,
        risk_grade=risk_grade,
        reported_at=started,
        started_at=started,
        ended_at=started + dt.timedelta(hours=8) if returned else None,
        last_seen_place=place,
        looked_after=looked_after,
    )


@pytest.fixture
def episodes(world: World) -> World:
    _episode(world, dt.date(2026, 6, 14), returned=False, place="Bus station", risk_grade=RiskGrade.HIGH)
    _episode(world, dt.date(2026, 5, 2), returned=True, place="Park", category=Category.AWAY, looked_after=True)
    _episode(world, dt.date(2026, 1, 20), returned=True, place="Shops")
    return world


def _ids(html: str) -> set[int]:
    return {ep.pk for ep in Episode.objects.all() if f'href="/missing/episodes/{ep.pk}/"' in html}


@time_machine.travel(NOW, tick=False)
def test_the_episode_list_filters_by_state_category_risk_and_dates(episodes: World) -> None:
    client = signed_in_client(episodes.charlie)
    url = reverse("missing:episodes")
    by_place = {ep.last_seen_place: ep.pk for ep in Episode.objects.all()}

    every = client.get(url).content.decode()
    returned = client.get(url, {"state": "returned"}).content.decode()
    away = client.get(url, {"category": "away"}).content.decode()
    high = client.get(url, {"risk_grade": "high"}).content.decode()
    spring = client.get(
        url,
        {"started_from_day": "1", "started_from_month": "3", "started_from_year": "2026", "looked_after": "on"},
    ).content.decode()

    assert "Showing 1 to 3 of 3 episodes" in every
    assert _ids(returned) == {by_place["Park"], by_place["Shops"]}
    assert _ids(away) == {by_place["Park"]}
    assert _ids(high) == {by_place["Bus station"]}
    assert _ids(spring) == {by_place["Park"]}
    assert "looked_after=on" in spring  # the download link keeps the filters


@time_machine.travel(NOW, tick=False)
def test_a_backwards_date_range_is_an_error_naming_the_field(episodes: World) -> None:
    response = signed_in_client(episodes.charlie).get(
        reverse("missing:episodes"),
        {
            "started_from_day": "1",
            "started_from_month": "6",
            "started_from_year": "2026",
            "started_to_day": "1",
            "started_to_month": "1",
            "started_to_year": "2026",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400 and "<title>Error: Missing episodes" in page
    assert "must be on or after" in page


def test_the_episode_list_pages_and_keeps_its_filters_on_the_page_links(world: World) -> None:
    for day in range(52):
        _episode(world, dt.date(2025, 1, 1) + dt.timedelta(days=day), returned=True, place="Town")
    page = signed_in_client(world.charlie).get(reverse("missing:episodes"), {"state": "returned"}).content.decode()
    assert "Showing 1 to 50 of 52 episodes" in page and "?state=returned&amp;page=2" in page


@time_machine.travel(NOW, tick=False)
def test_the_episode_download_is_csv_of_the_filtered_list_and_is_audited(episodes: World) -> None:
    response = signed_in_client(episodes.charlie).get(reverse("missing:episodes_export"), {"state": "returned"})

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0][:4] == ["Child", "Date of birth", "Category", "Risk grade"]
    assert len(rows) == 3 and rows[1][0] == "Amelia Hartley" and rows[1][1] == "2011-03-14"
    event = AuditEvent.objects.get(action=Action.EXPORT, object_type="missing.episode")
    assert event.summary == "Exported 2 missing episodes as CSV (filters: state returned)"


def test_another_partnership_lists_and_downloads_none_of_the_episodes(episodes: World) -> None:
    client = signed_in_client(episodes.heidi)
    assert "Showing" not in client.get(reverse("missing:episodes")).content.decode()
    rows = list(csv.reader(io.StringIO(client.get(reverse("missing:episodes_export")).getvalue().decode("utf-8-sig"))))
    assert rows[1:] == []
