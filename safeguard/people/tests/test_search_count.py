"""People search says how many matched when it shows only the best 50."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from safeguard.core.testing import World, signed_in_client
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
