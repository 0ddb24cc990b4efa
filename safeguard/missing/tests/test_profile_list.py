"""The list of Philomena profiles filters (missing now, not updated since) and downloads as CSV, audited."""

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
from safeguard.missing.services import profile_save
from safeguard.people.models import Sex
from safeguard.people.services import person_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def profiled(world: World) -> World:
    """Amelia's profile is from January and she is missing now; Zoe's is from May and she is at home."""
    zoe = person_create(
        actor=world.charlie,
        partnership=world.darlington,
        agency=world.childrens,
        given_name="Zoe",
        family_name="Ashby",
        date_of_birth=dt.date(2010, 2, 3),
        sex=Sex.FEMALE,
    )
    with time_machine.travel(dt.datetime(2026, 1, 10, 12, tzinfo=dt.UTC), tick=False):
        profile_save(actor=world.charlie, person=world.child, fields={"description": "Freckles"})
    with time_machine.travel(dt.datetime(2026, 5, 10, 12, tzinfo=dt.UTC), tick=False):
        profile_save(actor=world.charlie, person=zoe, fields={"description": "=HYPERLINK(1)"})
    started = dt.datetime(2026, 6, 1, 10, tzinfo=local_zone())
    Episode.objects.create(
        partnership=world.darlington,
        person=world.child,
        recording_agency=world.childrens,
        category=Category.MISSING,
        risk_grade=RiskGrade.HIGH,
        reported_at=started,
        started_at=started,
    )
    return world


def test_the_profiles_filter_to_children_missing_now_and_to_profiles_not_updated_since_a_day(profiled: World) -> None:
    client = signed_in_client(profiled.charlie)
    url = reverse("missing:profiles")

    every = client.get(url).content.decode()
    missing = client.get(url, {"missing_now": "on"}).content.decode()
    stale = client.get(url, {"updated_before_day": "1", "updated_before_month": "3", "updated_before_year": "2026"})

    assert "Showing 1 to 2 of 2 profiles" in every
    assert "Amelia Hartley" in missing and "Zoe Ashby" not in missing
    assert "Amelia Hartley" in stale.content.decode() and "Zoe Ashby" not in stale.content.decode()
    assert "profiles.csv?missing_now=on" in missing


def test_the_profile_list_downloads_as_csv_without_the_profiles_contents_and_is_audited(profiled: World) -> None:
    response = signed_in_client(profiled.charlie).get(reverse("missing:profiles_export"))

    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert response["Content-Type"].startswith("text/csv")
    assert rows[0] == ["Child", "Date of birth", "Missing now", "Last updated", "Updated by", "Photo", "Risk locations"]
    assert [r[:3] for r in rows[1:]] == [["Zoe Ashby", "2010-02-03", "No"], ["Amelia Hartley", "2011-03-14", "Yes"]]
    assert "Freckles" not in response.getvalue().decode("utf-8-sig")
    event = AuditEvent.objects.get(action=Action.EXPORT, object_type="missing.philomenaprofile")
    assert event.summary == "Exported the list of 2 Philomena profiles as CSV"


def test_an_unreal_date_is_an_error_on_the_list_and_downloads_nothing(profiled: World) -> None:
    bad = {"updated_before_day": "31", "updated_before_month": "2", "updated_before_year": "2026"}
    client = signed_in_client(profiled.charlie)
    page = client.get(reverse("missing:profiles"), bad)
    assert page.status_code == 400 and "<title>Error: Philomena profiles" in page.content.decode()
    assert client.get(reverse("missing:profiles_export"), bad).status_code == 302
