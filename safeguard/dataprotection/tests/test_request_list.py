"""The list of subject access requests pages, and each request on the page shown is audited as a view."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from safeguard.audit.models import Action, AuditEvent
from safeguard.core.testing import World, signed_in_client
from safeguard.dataprotection.models import SubjectAccessRequest

pytestmark = pytest.mark.django_db


def test_the_subject_access_requests_are_paged_and_only_those_shown_are_recorded_as_viewed(world: World) -> None:
    SubjectAccessRequest.objects.bulk_create(
        [
            SubjectAccessRequest(
                partnership=world.darlington,
                person=world.child,
                requested_by="Her mother",
                received_on=dt.date(2026, 1, 1),
                due_on=dt.date(2026, 2, 1) + dt.timedelta(days=i),
            )
            for i in range(55)
        ]
    )
    client = signed_in_client(world.alice)

    first = client.get(reverse("dataprotection:index")).content.decode()
    listed = AuditEvent.objects.filter(action=Action.VIEW, summary__startswith="Listed subject access request").count()
    second = client.get(reverse("dataprotection:index"), {"page": "2"}).content.decode()

    assert "Showing 1 to 50 of 55 requests" in first and "?page=2" in first
    assert "Showing 51 to 55 of 55 requests" in second
    assert listed == 50
