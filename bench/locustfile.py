"""Load test: one scenario per role against a partnership built by ``safeguard synth scale``.

    safeguard synth scale --people 1000000          # on PostgreSQL, once
    SAFEGUARD_DEMO=1 safeguard web 127.0.0.1:8000 --allow-unsafe
    locust -f bench/locustfile.py --host http://127.0.0.1:8000 --headless -u 50 -r 5 -t 10m --csv bench/out

Needs the demo logins (``safeguard synth logins``) and ``SAFEGUARD_DEMO=1`` on the server, which
skips the second factor: a load test has no authenticator app. Names stay out of URLs, so searches
are posted, as a browser does. Every request is named by its page, not its URL, so the figures are
per page whatever the ids.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
from typing import Any
from zoneinfo import ZoneInfo

from locust import HttpUser, between, task

PASSWORD = os.environ.get("SAFEGUARD_DEMO_PASSWORD", "demo-safeguard-2017")
SURNAMES = ("Smith", "Jones", "Taylor", "Brown", "Wilson", "Johnson", "Davies", "Khan", "Patel", "Walker")
PERSON_LINK = re.compile(r'href="/people/(\d+)/"')
EPISODE_LINK = re.compile(r"/missing/episodes/(\d+)/")
ALREADY_MISSING = "is already recorded as missing since"
LONDON = ZoneInfo("Europe/London")  # the form's dates and times are the partnership's local time
# Shared by every simulated user of this locust process (they are greenlets in one process).
BUSY: set[str] = set()
MISSING: set[str] = set()


class _Signed(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self) -> None:
        self.client.get("/sign-in/", name="sign in")
        response = self.client.post(
            "/sign-in/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": self._csrf()},
            name="sign in",
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise RuntimeError(f"{self.username} could not sign in: {response.status_code}")

    def _csrf(self) -> str:
        return str(self.client.cookies.get("csrftoken", ""))

    def post(self, path: str, data: dict[str, Any], name: str) -> Any:
        return self.client.post(path, {**data, "csrfmiddlewaretoken": self._csrf()}, name=name, allow_redirects=False)


class Practitioner(_Signed):
    """A social worker: finds a child, opens them, records an episode and the child's return."""

    weight = 4
    username = "social.worker"

    @task(3)
    def search_and_open_a_child(self) -> None:
        self.client.get("/people/", name="people search")
        found = self.post("/people/", {"name": random.choice(SURNAMES)}, name="people search results")
        ids = PERSON_LINK.findall(found.text)
        if ids:
            self.client.get(f"/people/{random.choice(ids[:20])}/", name="a person's page")

    @task(1)
    def record_an_episode_and_a_return(self) -> None:
        found = self.post("/people/", {"name": random.choice(SURNAMES)}, name="people search results")
        # Never a child another simulated practitioner is recording right now, nor one found already missing:
        # the form rightly refuses a second open episode, and that refusal is not what is being measured.
        ids = [pk for pk in PERSON_LINK.findall(found.text)[:20] if pk not in BUSY and pk not in MISSING]
        if not ids:
            return
        person = random.choice(ids)
        BUSY.add(person)
        try:
            self._record(person)
        finally:
            BUSY.discard(person)

    def _record(self, person: str) -> None:
        now = dt.datetime.now(LONDON)
        start = now - dt.timedelta(hours=3)
        self.client.get(f"/missing/record/{person}/", name="record an episode (form)")
        with self.client.post(
            f"/missing/record/{person}/",
            {
                "category": "missing",
                "risk_grade": "medium",
                **_when("started_at", start),
                **_when("reported_at", start + dt.timedelta(hours=1)),
                "last_seen_place": "Town centre",
                "csrfmiddlewaretoken": self._csrf(),
            },
            name="record an episode",
            allow_redirects=False,
            catch_response=True,
        ) as recorded:
            if recorded.status_code == 400 and ALREADY_MISSING in recorded.text:
                # Missing in the data before the test began (the demo's own open episodes): the right answer.
                MISSING.add(person)
                recorded.success()
                return
            if recorded.status_code != 302:
                recorded.failure(f"answered {recorded.status_code}")
                return
            location = recorded.headers.get("Location", "")
        episode = EPISODE_LINK.search(location)
        if episode is None:
            return
        pk = episode.group(1)
        self.client.get(f"/missing/episodes/{pk}/", name="an episode")
        self.post(f"/missing/episodes/{pk}/return/", {**_when("ended_at", now), "found_place": "Home"}, name="a return")

    @task(1)
    def missing_children(self) -> None:
        self.client.get("/missing/", name="missing children list")
        self.client.get("/placements/", name="placements index")


class Analyst(_Signed):
    weight = 2
    username = "analyst"

    @task
    def scorecard(self) -> None:
        self.client.get("/performance/", name="scorecard")

    @task
    def unseen(self) -> None:
        self.client.get("/visits/unseen/", name="unseen list")

    @task
    def review_queue(self) -> None:
        self.client.get("/data-wash/review/", name="review queue")


class Police(_Signed):
    weight = 2
    username = "police"

    @task
    def intelligence_queue(self) -> None:
        self.client.get("/intelligence/queue/", name="intelligence queue")

    @task
    def episodes_shared(self) -> None:
        self.client.get("/missing/shared-with-police/", name="episodes shared with police")


class Board(_Signed):
    weight = 1
    username = "board"

    @task
    def scorecard(self) -> None:
        self.client.get("/performance/", name="scorecard")


def _when(prefix: str, moment: dt.datetime) -> dict[str, Any]:
    return {
        f"{prefix}_date_day": moment.day,
        f"{prefix}_date_month": moment.month,
        f"{prefix}_date_year": moment.year,
        f"{prefix}_time": moment.strftime("%H:%M"),
    }
