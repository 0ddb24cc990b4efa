"""The lists that now page, filter, download or say how many matched pass axe: a register's wash results,
the link review queue, the placement inbox and its acknowledged notices, subject access requests, and
finding a person for a task (more than fifty matches, and past the candidate limit)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from safeguard.conftest import assert_accessible, browser_sign_in
from safeguard.core.testing import World
from safeguard.dataprotection.models import SubjectAccessRequest
from safeguard.datawash.models import CohortChild
from safeguard.datawash.tests.factories import sample_run
from safeguard.people import selectors as people_selectors
from safeguard.people.tests.test_search_count import _amelias
from safeguard.placements.tests.test_inbox import _acknowledged

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _search(page: Any, url: str, name: str) -> None:
    page.goto(url)
    page.fill("#id_name", name)
    with page.expect_navigation():
        page.press("#id_name", "Enter")


def test_the_counted_and_paged_lists_are_accessible(
    page: Any, live_server: Any, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    run, _, _ = sample_run(world)
    assert run.cohort_extract is not None
    CohortChild.objects.bulk_create(
        [CohortChild(run=run, cohort_source="ehe", cohort_record_id=f"U{i:03}", status="unseen") for i in range(60)]
    )
    _acknowledged(world, 23)
    SubjectAccessRequest.objects.bulk_create(
        [
            SubjectAccessRequest(
                partnership=world.darlington,
                person=world.child,
                requested_by="Her mother",
                received_on=dt.date(2026, 1, 1),
                due_on=dt.date(2026, 2, 1),
            )
            for _ in range(55)
        ]
    )
    _amelias(world, 54)
    page.set_default_navigation_timeout(60000)

    def visit(user: Any, *urls: str) -> None:
        page.context.clear_cookies()
        browser_sign_in(page, live_server, user)
        for url in urls:
            page.goto(url)
            assert_accessible(page)

    results = reverse("datawash:extract_results", args=[run.cohort_extract.pk])
    visit(world.dana, f"{results}?status=unseen&page=2", f"{results}?status=seen")
    visit(world.erin, reverse("datawash:review"))
    visit(world.heidi, reverse("placements:inbox"), f"{reverse('placements:acknowledged')}?page=1")
    visit(world.alice, reverse("dataprotection:index"), f"{reverse('dataprotection:index')}?page=2")

    page.context.clear_cookies()
    browser_sign_in(page, live_server, world.charlie)

    _search(page, reverse("placements:find"), "Amelia Hartley")
    assert "Showing the best 50 of 55 matches" in page.content()
    assert_accessible(page)
    monkeypatch.setattr(people_selectors, "CANDIDATE_LIMIT", 20)
    _search(page, reverse("placements:find"), "Amelia Hartley")
    assert "only the first 20 were compared" in page.content()
    assert_accessible(page)
