"""People search, and finding the person for a task, say how many matched when they show only the best 50,
and that the count is a floor when the search stopped at its candidate limit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from safeguard.audit.models import Action, AuditEvent
from safeguard.core.testing import World, signed_in_client
from safeguard.people import selectors
from safeguard.people.services import person_create

pytestmark = pytest.mark.django_db


def test_a_search_matching_more_than_fifty_says_how_many_matched(world: World) -> None:
    for i in range(54):
        person_create(
            actor=world.charlie,
            partnership=world.darlington,
            agency=world.childrens,
            given_name="Amelia",
            family_name=f"Hartley{chr(97 + i % 26)}{chr(97 + i // 26)}",
            date_of_birth=dt.date(2012, 5, 1),
        )

    page = signed_in_client(world.charlie).post(reverse("people:search"), {"name": "Amelia Hartley"}).content.decode()

    assert "55 results" in page
    assert "Showing the best 50 of 55 matches" in page


def test_a_search_with_few_matches_does_not_speak_of_the_best_fifty(world: World) -> None:
    page = signed_in_client(world.charlie).post(reverse("people:search"), {"name": "Amelia Hartley"}).content.decode()
    assert "1 result" in page and "Showing the best" not in page


def _amelias(world: World, count: int) -> None:
    for i in range(count):
        person_create(
            actor=world.charlie,
            partnership=world.darlington,
            agency=world.childrens,
            given_name="Amelia",
            family_name=f"Hartley{chr(97 + i % 26)}{chr(97 + i // 26)}",
            date_of_birth=dt.date(2012, 5, 1),
        )


def test_finding_the_child_for_a_task_says_how_many_matched_when_it_shows_only_the_best_fifty(world: World) -> None:
    _amelias(world, 54)

    page = signed_in_client(world.charlie).post(reverse("placements:find"), {"name": "Amelia Hartley"}).content.decode()

    assert "Showing the best 50 of 55 matches" in page
    assert "55 results, the best 50 shown" in page
    assert AuditEvent.objects.filter(action=Action.SEARCH, summary__endswith="(55 found, 50 shown)").exists()


def test_finding_the_child_for_a_task_with_few_matches_does_not_speak_of_the_best_fifty(world: World) -> None:
    page = signed_in_client(world.charlie).post(reverse("placements:find"), {"name": "Amelia Hartley"}).content.decode()
    assert "1 result</caption>" in page and "Showing the best" not in page


def test_a_search_past_the_candidate_limit_says_the_count_is_only_a_floor(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "CANDIDATE_LIMIT", 20)
    _amelias(world, 30)
    client = signed_in_client(world.charlie)

    find = client.post(reverse("placements:find"), {"name": "Amelia Hartley"}).content.decode()
    search = client.post(reverse("people:search"), {"name": "Amelia Hartley"}).content.decode()

    said = "Showing the best 20 of at least 20 matches: more than 20 people could match, and only the first 20 were compared"
    assert said in find and said in search
    assert "At least 20 results" in find and "At least 20 results" in search
    assert AuditEvent.objects.filter(action=Action.SEARCH, summary__endswith="(at least 20 found, 20 shown)").exists()
