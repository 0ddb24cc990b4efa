"""Each page of the load test runs the same, bounded number of SQL queries for the demo and for the demo grown.

A page whose query count grows with the data (an N+1) is fast in the demo and unusable at council
scale; this catches it on SQLite in seconds, long before a load test would. Every page the locust
scenarios in ``bench/locustfile.py`` visit is here, the writes too, each with a bound: raising a bound
is a decision to make in review, not a number to nudge.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from safeguard.core.testing import signed_in_client
from safeguard.datawash.models import RunStatus, WashRun
from safeguard.missing.models import Episode
from safeguard.missing.selectors import episodes_for_user
from safeguard.partnership.models import Partnership, User
from safeguard.people.models import Person
from safeguard.people.selectors import people_for_user
from safeguard.synth.demo import load_demo
from safeguard.synth.names import BRITISH_SURNAMES
from safeguard.synth.scale import build_scale

SURNAME = BRITISH_SURNAMES[0]

# The most queries each page may run. Most of each is the same for every page: the session, the user and
# their roles, the second factor, the navigation and the audit event of the view (two or three writes).
BOUNDS = {
    "dashboard": 17,
    "people search (form)": 6,
    "people search results": 12,
    "a person's page": 16,
    "record an episode (form)": 12,
    "record an episode": 45,
    "an episode": 17,
    "a return": 40,
    "missing children list": 22,
    "placements index": 14,
    "intelligence queue": 14,
    "episodes shared with police": 12,
    "scorecard": 30,
    "unseen list": 18,
    "wash run results": 18,
    "wash run report": 11,
    "review queue": 15,  # one more for the sources its filter offers (one DISTINCT query, whatever the size)
    "audit log": 13,
}


def _pages() -> list[tuple[str, str, str]]:
    """(page, user, url) for each page read, on the demo's own rows so the same page is measured twice."""
    episode = Episode.objects.order_by("pk").first()
    assert episode is not None, "the demo has missing episodes"
    run = WashRun.objects.filter(status=RunStatus.SUCCEEDED).order_by("-created_at").first()
    assert run is not None, "the demo has a wash run"
    return [
        ("dashboard", "social.worker", reverse("dashboard")),
        ("people search (form)", "social.worker", reverse("people:search") + "?form"),
        ("people search results", "social.worker", reverse("people:search")),
        ("a person's page", "social.worker", reverse("people:detail", kwargs={"pk": episode.person_id})),
        (
            "record an episode (form)",
            "social.worker",
            reverse("missing:record", kwargs={"person_pk": episode.person_id}),
        ),
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


def _client(clients: dict[str, Any], username: str) -> Any:
    if username not in clients:
        clients[username] = signed_in_client(User.objects.get(username=username))
    return clients[username]


def _counts(pages: list[tuple[str, str, str]], *, child: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    clients: dict[str, Any] = {}
    for name, username, url in pages:
        client = _client(clients, username)
        # Searches are posted (names stay out of URLs); a common surname finds many people.
        search = url == reverse("people:search")
        page = url.removesuffix("?form")
        _fetch(client, page, search=search)  # once to warm caches (sessions, permissions), so both runs start alike
        with CaptureQueriesContext(connection) as queries:
            response = _fetch(client, page, search=search)
        assert response.status_code == 200, f"{name} ({url}) answered {response.status_code}"
        counts[name] = len(queries.captured_queries)
    counts.update(_writes(_client(clients, "social.worker"), child))
    return counts


def _fetch(client: Any, url: str, *, search: bool) -> Any:
    return client.post(url, {"name": SURNAME}) if search else client.get(url)


def _when(prefix: str, moment: dt.datetime) -> dict[str, Any]:
    local = timezone.localtime(moment)
    return {
        f"{prefix}_date_day": local.day,
        f"{prefix}_date_month": local.month,
        f"{prefix}_date_year": local.year,
        f"{prefix}_time": local.strftime("%H:%M"),
    }


def _fresh_children(count: int) -> list[int]:
    """Demo children the social worker sees who have never been missing, one for each measurement.

    A different child each time (recording an episode also records the agencies' involvements, so the same
    child is not recorded alike twice), all with the same involvements (agency and reason), so each is
    recorded alike.
    """
    worker = User.objects.get(username="social.worker")
    missing = Episode.objects.values("person_id")
    alike: dict[frozenset[tuple[int, str, dt.datetime | None]], list[int]] = {}
    for person in people_for_user(worker).exclude(pk__in=missing).prefetch_related("involvements").order_by("pk"):
        involved = frozenset((i.agency_id, i.reason, i.ends_at) for i in person.involvements.all())
        found = alike.setdefault(involved, [])
        found.append(person.pk)
        if len(found) == count:
            return found
    raise AssertionError("the social worker sees children alike who have never been missing")


def _writes(client: Any, person_pk: int) -> dict[str, int]:
    """The practitioner's writes, as the load test makes them: an episode for a child not missing, then the return."""
    worker = User.objects.get(username="social.worker")
    person = Person.objects.get(pk=person_pk)
    now = timezone.now().replace(second=0, microsecond=0)
    started = now - dt.timedelta(hours=3)
    data = {
        "category": "missing",
        "risk_grade": "medium",
        **_when("started_at", started),
        **_when("reported_at", started + dt.timedelta(hours=1)),
        "last_seen_place": "Town centre",
    }
    with CaptureQueriesContext(connection) as recording:
        response = client.post(reverse("missing:record", kwargs={"person_pk": person.pk}), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    episode = episodes_for_user(worker).filter(person=person, ended_at__isnull=True).get()
    with CaptureQueriesContext(connection) as returning:
        response = client.post(
            reverse("missing:return", kwargs={"pk": episode.pk}), {**_when("ended_at", now), "found_place": "Home"}
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    return {"record an episode": len(recording.captured_queries), "a return": len(returning.captured_queries)}


@pytest.mark.django_db
def test_no_page_of_the_load_test_runs_more_queries_when_the_partnership_grows() -> None:
    load_demo(password="a-long-synthetic-password", log=lambda _: None)
    pages = _pages()
    first, second = _fresh_children(2)
    small = _counts(pages, child=first)
    added = build_scale(partnership=Partnership.objects.get(slug="darlington"), people=300, log=lambda _: None)
    assert added["missing episodes"] == 60 and added["placements"] == 15 and added["intelligence submissions"] == 6
    large = _counts(pages, child=second)
    assert set(small) == set(BOUNDS), "every page of the load test has a bound"
    grown = {name: (small[name], large[name]) for name in small if large[name] != small[name]}
    assert not grown, f"queries changed with the data (small, large): {grown}"
    over = {name: (large[name], BOUNDS[name]) for name in large if large[name] > BOUNDS[name]}
    assert not over, f"pages over their bound (queries, bound): {over}"
