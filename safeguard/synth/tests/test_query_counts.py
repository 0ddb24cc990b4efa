"""Each main page runs the same number of SQL queries for the demo and for the demo grown tenfold.

A page whose query count grows with the data (an N+1) is fast in the demo and unusable at
council scale; this catches it on SQLite in seconds, long before a load test would.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguard.core.testing import signed_in_client
from safeguard.datawash.models import RunStatus, WashRun
from safeguard.missing.models import Episode
from safeguard.partnership.models import Partnership, User
from safeguard.synth.demo import load_demo
from safeguard.synth.names import BRITISH_SURNAMES
from safeguard.synth.scale import build_scale

SURNAME = BRITISH_SURNAMES[0]


def _pages() -> list[tuple[str, str, str]]:
    """(page, user, url) for each main page, on the demo's own rows so the same page is measured twice."""
    episode = Episode.objects.order_by("pk").first()
    assert episode is not None, "the demo has missing episodes"
    run = WashRun.objects.filter(status=RunStatus.SUCCEEDED).order_by("-created_at").first()
    assert run is not None, "the demo has a wash run"
    return [
        ("dashboard", "social.worker", reverse("dashboard")),
        ("people search results", "social.worker", reverse("people:search")),
        ("a person's page", "social.worker", reverse("people:detail", kwargs={"pk": episode.person_id})),
        ("missing children list", "social.worker", reverse("missing:index")),
        ("an episode", "social.worker", reverse("missing:episode", kwargs={"pk": episode.pk})),
        ("placements index", "social.worker", reverse("placements:index")),
        ("intelligence queue", "police", reverse("intelligence:queue")),
        ("episodes shared with police", "police", reverse("missing:shared")),
        ("scorecard", "board", reverse("performance:scorecard")),
        ("unseen list", "analyst", reverse("visits:unseen")),
        ("wash run results", "analyst", reverse("datawash:run", kwargs={"pk": run.pk})),
        ("wash run report", "analyst", reverse("datawash:run_report", kwargs={"pk": run.pk})),
        ("review queue", "analyst", reverse("datawash:review")),
        ("audit log", "auditor", reverse("audit:log")),
    ]


def _counts(pages: list[tuple[str, str, str]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    clients: dict[str, Any] = {}
    for name, username, url in pages:
        if username not in clients:
            clients[username] = signed_in_client(User.objects.get(username=username))
        client = clients[username]
        # Searches are posted (names stay out of URLs); a common surname finds many people.
        search = url == reverse("people:search")
        _fetch(client, url, search=search)  # once to warm caches (sessions, permissions), so both runs start alike
        with CaptureQueriesContext(connection) as queries:
            response = _fetch(client, url, search=search)
        assert response.status_code == 200, f"{name} ({url}) answered {response.status_code}"
        counts[name] = len(queries.captured_queries)
    return counts


def _fetch(client: Any, url: str, *, search: bool) -> Any:
    return client.post(url, {"name": SURNAME}) if search else client.get(url)


@pytest.mark.django_db
def test_no_main_page_runs_more_queries_when_the_partnership_grows() -> None:
    load_demo(password="a-long-synthetic-password", log=lambda _: None)
    pages = _pages()
    small = _counts(pages)
    added = build_scale(partnership=Partnership.objects.get(slug="darlington"), people=300, log=lambda _: None)
    assert added["missing episodes"] == 60 and added["placements"] == 15 and added["intelligence submissions"] == 6
    large = _counts(pages)
    grown = {name: (small[name], large[name]) for name in small if large[name] > small[name]}
    assert not grown, f"queries grew with the data (small, large): {grown}"
