"""The audit log pages keep its filters and can be narrowed to a date range."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse

from safeguard.audit.models import Action, AuditEvent
from safeguard.audit.services import audit_record
from safeguard.core.testing import World, signed_in_client

pytestmark = pytest.mark.django_db


def _exports_on(world: World, day: dt.date, count: int) -> None:
    with time_machine.travel(dt.datetime.combine(day, dt.time(12, 0), tzinfo=dt.UTC), tick=False):
        for i in range(count):
            audit_record(actor=world.erin, action=Action.EXPORT, object_type="test.thing", summary=f"Export {day} {i}")


def test_the_audit_logs_page_links_keep_its_filters(world: World) -> None:
    _exports_on(world, dt.date(2026, 3, 2), 60)
    client = signed_in_client(world.grace)

    page = client.get(reverse("audit:log"), {"action": "export", "user": "erin"}).content.decode()

    assert "Showing 1 to 50 of 60 events" in page
    assert "?action=export&amp;user=erin&amp;page=2" in page
    second = client.get(reverse("audit:log"), {"action": "export", "user": "erin", "page": "2"}).content.decode()
    assert "Showing 51 to 60 of 60 events" in second


def test_the_audit_log_can_be_narrowed_to_a_date_range(world: World) -> None:
    _exports_on(world, dt.date(2026, 3, 2), 2)
    _exports_on(world, dt.date(2026, 3, 9), 53)
    _exports_on(world, dt.date(2026, 3, 16), 4)
    client = signed_in_client(world.grace)
    week = {
        "action": "export",
        **{"since_day": "5", "since_month": "3", "since_year": "2026"},
        **{"until_day": "10", "until_month": "3", "until_year": "2026"},
    }

    page = client.get(reverse("audit:log"), week).content.decode()

    assert "of 53 events" in page and "Export 2026-03-09 " in page and "Export 2026-03-02" not in page
    assert "since_day=5" in page and "until_year=2026" in page  # the range survives the page links too
    only_since = client.get(
        reverse("audit:log"), {"action": "export", "since_day": "9", "since_month": "3", "since_year": "2026"}
    )
    assert "of 57 events" in only_since.content.decode()


def test_a_range_that_ends_before_it_starts_says_so(world: World) -> None:
    response = signed_in_client(world.grace).get(
        reverse("audit:log"),
        {
            "since_day": "10",
            "since_month": "3",
            "since_year": "2026",
            "until_day": "1",
            "until_month": "3",
            "until_year": "2026",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "The &#x27;to&#x27; date must be on or after the &#x27;from&#x27; date" in page or "must be on or after" in page
    )
    assert "<title>Error: " in page


def test_the_audit_log_downloads_its_filtered_events_as_csv_and_records_the_download(world: World) -> None:
    _exports_on(world, dt.date(2026, 3, 2), 3)
    _exports_on(world, dt.date(2026, 3, 9), 2)
    audit_record(actor=world.erin, action=Action.VIEW, object_type="test.thing", summary="=HYPERLINK(1)")
    client = signed_in_client(world.grace)
    since = {"since_day": "5", "since_month": "3", "since_year": "2026", "action": "export"}

    page = client.get(reverse("audit:log"), since).content.decode()
    response = client.get(reverse("audit:log_export"), since)

    assert "log.csv?since_day=5&amp;since_month=3&amp;since_year=2026&amp;action=export" in page
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0][:3] == ["Sequence", "When", "Who"]
    assert [r[5] for r in rows[1:]] == ["Export 2026-03-09 1", "Export 2026-03-09 0"]
    recorded = AuditEvent.objects.filter(action=Action.EXPORT, object_type="audit.auditevent").get()
    assert recorded.summary == "Exported 2 audit events as CSV (action=export, user=any, from=2026-03-05, to=any)"


def test_a_formula_in_an_audit_summary_is_exported_as_text(world: World) -> None:
    audit_record(actor=world.erin, action=Action.VIEW, object_type="test.thing", summary="=HYPERLINK(1)")
    response = signed_in_client(world.grace).get(reverse("audit:log_export"), {"action": "view", "user": "erin"})
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert [r[5] for r in rows[1:]] == ["'=HYPERLINK(1)"]


def test_a_backwards_date_range_downloads_nothing_and_shows_the_error_on_the_log(world: World) -> None:
    backwards = {"since_day": "9", "since_month": "3", "since_year": "2026", "until_day": "1", "until_month": "3"}
    response = signed_in_client(world.grace).get(reverse("audit:log_export"), {**backwards, "until_year": "2026"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("audit:log"))
