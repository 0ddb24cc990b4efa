"""The lists a practitioner works through pass axe with their filters open, with a filter error, and paged."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from safeguard.conftest import assert_accessible, browser_sign_in
from safeguard.core.testing import World
from safeguard.core.tests.test_url_matrix import url_samples
from safeguard.datawash.models import CohortChild
from safeguard.missing.demo import load_demo as load_missing
from safeguard.placements.demo import load_demo as load_placements

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BACKWARDS = "started_from_day=1&started_from_month=6&started_from_year=2026&started_to_day=1&started_to_month=1&started_to_year=2026"


def test_the_filtered_lists_and_their_errors_are_accessible(page: Any, live_server: Any, world: World) -> None:
    load_missing(partnership=world.darlington)
    load_placements(partnership=world.darlington)
    samples = url_samples(world)
    run_pk = samples["datawash:run"]["pk"]
    CohortChild.objects.bulk_create(
        [
            CohortChild(run_id=run_pk, cohort_source="ehe", cohort_record_id=f"U{i:03}", status="unseen")
            for i in range(60)
        ]
    )
    page.set_default_navigation_timeout(60000)

    browser_sign_in(page, live_server, world.charlie)
    for url in [
        reverse("missing:episodes"),
        f"{reverse('missing:episodes')}?state=returned&category=missing",
        f"{reverse('missing:episodes')}?{BACKWARDS}",
        reverse("placements:index"),
        f"{reverse('placements:index')}?state=current",
        f"{reverse('placements:index')}?{BACKWARDS}",
        reverse("missing:episode", kwargs=samples["missing:episode"]),
    ]:
        page.goto(url)
        assert_accessible(page)
    page.goto(f"{reverse('missing:episodes')}?{BACKWARDS}")
    assert page.title().startswith("Error: ")

    page.context.clear_cookies()
    browser_sign_in(page, live_server, world.erin)
    for url in [
        f"{reverse('datawash:run', args=[run_pk])}?status=unseen&page=2",
        f"{reverse('datawash:run', args=[run_pk])}?source=none",
        f"{reverse('datawash:review')}?kind=child",
        reverse("datawash:review_case", kwargs=samples["datawash:review_case"]),
        reverse("performance:scorecard"),
        reverse("workforce:report"),
        reverse("governance:index"),
        reverse("training:index"),
    ]:
        page.goto(url)
        assert_accessible(page)

    page.context.clear_cookies()
    browser_sign_in(page, live_server, world.grace)
    page.goto(f"{reverse('audit:log')}?action=view&since_day=1&since_month=1&since_year=2020")
    assert_accessible(page)
    page.goto(reverse("cookies"))
    assert_accessible(page)
