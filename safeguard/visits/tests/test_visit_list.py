"""The joint visit list pages, filters by status and downloads what it shows."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from safeguard.core.testing import World, signed_in_client
from safeguard.people.models import Person
from safeguard.visits.models import JointVisit, VisitStatus
from safeguard.visits.tests.factories import sample_campaign

pytestmark = pytest.mark.django_db


def _visits(world: World, planned: int, completed: int) -> None:
    """Visits to as many children (one planned visit per child is the rule), assigned to Charlie and Ivan."""
    run, child, _ = sample_campaign(world)
    statuses = [VisitStatus.PLANNED] * planned + [VisitStatus.COMPLETED] * completed
    people = Person.objects.bulk_create(
        [
            Person(partnership=world.darlington, given_name="Child", family_name=f"Number {i}")
            for i in range(len(statuses))
        ]
    )
    JointVisit.objects.bulk_create(
        [
            JointVisit(
                partnership=world.darlington,
                person=person,
                cohort_source=child.cohort_source,
                cohort_record_id=f"R{i}",
                lead_agency=world.childrens,
                lead_officer=world.charlie,
                second_agency=world.health,
                second_officer=world.ivan,
                due_date=run.as_of,
                status=status,
            )
            for i, (person, status) in enumerate(zip(people, statuses, strict=True))
        ]
    )


def test_the_visit_list_pages_and_keeps_its_status_filter(world: World) -> None:
    _visits(world, planned=55, completed=3)
    client = signed_in_client(world.charlie)

    every = client.get(reverse("visits:list")).content.decode()
    planned = client.get(reverse("visits:list"), {"status": "planned"}).content.decode()

    assert "Showing 1 to 50 of 58 visits" in every
    assert "Showing 1 to 50 of 55 visits" in planned and "?status=planned&amp;page=2" in planned


def test_the_visit_download_follows_the_status_filter(world: World) -> None:
    _visits(world, planned=2, completed=3)
    response = signed_in_client(world.erin).get(reverse("visits:export"), {"status": "completed"})
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet is not None and sheet.max_row == 1 + 3
