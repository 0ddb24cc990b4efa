"""A story for the demo: placements across the Darlington–Durham border, one notice overdue."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from safeguard.core.workdays import add_working_days
from safeguard.partnership.models import Agency, AgencyKind, Partnership, User
from safeguard.partnership.roles import Perm
from safeguard.people.models import Person, Sex
from safeguard.people.services import person_create
from safeguard.placements import services
from safeguard.placements.models import Distance, LegalStatus, PlacementKind, SentMethod
from safeguard.synth.lookups import find_agency, find_user


def _placer(partnership: Partnership) -> tuple[Agency, User] | None:
    agency = find_agency(partnership, kind=AgencyKind.LA_CHILDREN)
    user = find_user(agency=agency, perm=Perm.RECORD_PLACEMENTS) if agency else None
    return (agency, user) if agency and user else None


def _child(given: str, family: str, dob: dt.date, sex: Sex, agency: Agency, actor: User) -> Person:
    return person_create(
        actor=actor,
        partnership=agency.partnership,
        agency=agency,
        given_name=given,
        family_name=family,
        date_of_birth=dob,
        sex=sex,
        reason="Demo data",
    )


def _planned_on_time(*, worker: User, home_la: Agency, host_la: Agency, today: dt.date) -> None:
    """Planned, notice given on time; the host has not yet acknowledged it."""
    kacey = _child("Kacey", "Robson", dt.date(2010, 1, 21), Sex.FEMALE, home_la, worker)
    planned = services.placement_record(
        actor=worker,
        person=kacey,
        data=services.PlacementInput(
            placing_agency=home_la,
            host_agency=host_la,
            provider="Hillside Foster Care",
            kind=PlacementKind.FOSTER,
            legal_status=LegalStatus.S31,
            distance=Distance.ADJOINING,
            emergency=False,
            starts_on=today - dt.timedelta(days=6),
            suitability_reasons="Long-term carers matched to Kacey; she can stay at her school.",
            iro_name="Helen Ward",
            iro_contact="helen.ward@example.org",
            gp_practice="Denmark Street Surgery",
            school="Hummersknott Academy",
            has_ehc_plan=False,
        ),
    )
    for notice in planned.notices.select_related("to_agency"):
        method = SentMethod.SAFEGUARD if notice.in_safeguard else SentMethod.SECURE_EMAIL
        services.notice_send(actor=worker, notice=notice, sent_at=timezone.now() - dt.timedelta(days=8), method=method)


def _emergency_overdue(*, worker: User, home_la: Agency, host_la: Agency, today: dt.date) -> None:
    """An emergency placement whose notice is now past its five working days."""
    starts = today - dt.timedelta(days=1)
    while add_working_days(starts, services.EMERGENCY_WORKING_DAYS) >= today:
        starts -= dt.timedelta(days=1)
    services.placement_record(
        actor=worker,
        person=_child("Callum", "Hewitt", dt.date(2009, 9, 2), Sex.MALE, home_la, worker),
        data=services.PlacementInput(
            placing_agency=home_la,
            host_agency=host_la,
            provider="Oak Lodge Children's Home",
            kind=PlacementKind.CHILDRENS_HOME,
            legal_status=LegalStatus.S20,
            distance=Distance.ADJOINING,
            emergency=True,
            starts_on=starts,
            suitability_reasons="The only emergency bed in the region that evening.",
            iro_name="Helen Ward",
            school="Longfield Academy",
        ),
    )


def _placed_into_our_area(*, host_worker: User, host_la: Agency, home_la: Agency, today: dt.date) -> None:
    """A child placed into our area by the neighbouring authority, waiting for our acknowledgement."""
    incoming = services.placement_record(
        actor=host_worker,
        person=_child("Ruby", "Nixon", dt.date(2011, 5, 8), Sex.FEMALE, host_la, host_worker),
        data=services.PlacementInput(
            placing_agency=host_la,
            host_agency=home_la,
            provider="Brinkburn Road Foster Care",
            kind=PlacementKind.FOSTER,
            legal_status=LegalStatus.S31,
            distance=Distance.ADJOINING,
            emergency=False,
            starts_on=today + dt.timedelta(days=3),
            suitability_reasons="Near her grandmother, who is her main support.",
            iro_name="Mark Dobson",
            gp_practice="Whinfield Medical Practice",
        ),
    )
    for notice in incoming.notices.select_related("to_agency"):
        method = SentMethod.SAFEGUARD if notice.in_safeguard else SentMethod.LETTER
        services.notice_send(actor=host_worker, notice=notice, method=method)


def load_demo(*, partnership: Partnership) -> None:
    ours = _placer(partnership)
    neighbour = next(
        (found for other in Partnership.objects.exclude(pk=partnership.pk).order_by("pk") if (found := _placer(other))),
        None,
    )
    if ours is None or neighbour is None:
        return
    (home_la, worker), (host_la, host_worker) = ours, neighbour
    today = timezone.localdate()
    _planned_on_time(worker=worker, home_la=home_la, host_la=host_la, today=today)
    _emergency_overdue(worker=worker, home_la=home_la, host_la=host_la, today=today)
    _placed_into_our_area(host_worker=host_worker, host_la=host_la, home_la=home_la, today=today)
