"""Synthetic training sessions for the demo: the information-sharing awareness sessions, one nearly full."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from safeguard.partnership.models import Partnership, User
from safeguard.partnership.roles import Role
from safeguard.synth.lookups import find_user
from safeguard.training import services
from safeguard.training.models import Attendance


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def load_demo(*, partnership: Partnership) -> None:
    # All or nothing, so a failure part-way leaves no half-told story behind.
    with transaction.atomic():
        _load(partnership)


def _load(partnership: Partnership) -> None:
    admin = find_user(partnership, role=Role.PARTNERSHIP_ADMIN)
    if admin is None:
        return
    bookers = _bookers(partnership=partnership, admin=admin)
    today = timezone.localdate()
    now = timezone.now()
    _past_session(partnership=partnership, admin=admin, bookers=bookers, day=today - dt.timedelta(days=14), now=now)
    _nearly_full_session(
        partnership=partnership, admin=admin, bookers=bookers, day=today + dt.timedelta(days=7), now=now
    )
    _later_session(partnership=partnership, admin=admin, day=today + dt.timedelta(days=35), now=now)


def _bookers(*, partnership: Partnership, admin: User) -> list[User]:
    """Everyone in the partnership who would book multi-agency training, apart from the administrator."""
    return list(
        User.objects.filter(
            agency__partnership=partnership,
            is_active=True,
            role_assignments__role__in=[
                Role.PRACTITIONER,
                Role.ANALYST,
                Role.DATA_OFFICER,
                Role.BOARD_MEMBER,
                Role.POLICE_INTELLIGENCE,
            ],
        )
        .exclude(pk=admin.pk)
        .distinct()
        .order_by("pk")
    )


def _past_session(
    *, partnership: Partnership, admin: User, bookers: list[User], day: dt.date, now: dt.datetime
) -> None:
    """A MAPPA session a fortnight ago: everyone booked, most attended, and some left feedback."""
    past = services.session_create(
        actor=admin,
        partnership=partnership,
        title="MAPPA information sharing awareness",
        audience="Practitioners invited to MAPPA meetings",
        description="What to share at MAPPA meetings, when, and how to record the decision.",
        starts_at=_at(day, 9, 30),
        ends_at=_at(day, 12, 30),
        venue="Town Hall, Feethams, Darlington",
        capacity=20,
        booking_opens_at=_at(day - dt.timedelta(days=40), 0),
        booking_closes_at=_at(day - dt.timedelta(days=1), 0),
    )
    for index, user in enumerate(bookers):
        booking = services.booking_book(actor=user, session=past, now=_at(day - dt.timedelta(days=20), 10))
        mark = Attendance.DID_NOT_ATTEND if index % 4 == 3 else Attendance.ATTENDED
        services.attendance_record(actor=admin, booking=booking, attendance=mark)
        if mark == Attendance.ATTENDED and index % 2 == 0:
            services.feedback_record(
                actor=user, booking=booking, rating=4 + index % 2, comment="Useful worked examples.", now=now
            )


def _nearly_full_session(
    *, partnership: Partnership, admin: User, bookers: list[User], day: dt.date, now: dt.datetime
) -> None:
    """An online session next week that everyone booked, with two of them on the waiting list."""
    # Capacity leaves room for all but two bookers, so the demo shows a waiting list.
    soon = services.session_create(
        actor=admin,
        partnership=partnership,
        title="Information sharing awareness",
        audience="All practitioners",
        description="Sharing to protect children: the seven golden rules, consent, and recording decisions.",
        starts_at=_at(day, 13, 30),
        ends_at=_at(day, 16, 0),
        online_url="https://meet.example.org/info-sharing",
        capacity=max(len(bookers) - 2, 1),
        booking_opens_at=now - dt.timedelta(days=21),
        booking_closes_at=_at(day - dt.timedelta(days=1), 12),
    )
    for user in bookers:
        services.booking_book(actor=user, session=soon)


def _later_session(*, partnership: Partnership, admin: User, day: dt.date, now: dt.datetime) -> None:
    """An exploitation session in five weeks whose booking has just opened."""
    services.session_create(
        actor=admin,
        partnership=partnership,
        title="Recognising adult and child exploitation",
        audience="Children's and adults' workforce",
        starts_at=_at(day, 9, 30),
        ends_at=_at(day, 12, 0),
        venue="Dolphin Centre, Darlington",
        capacity=30,
        booking_opens_at=now - dt.timedelta(days=1),
        booking_closes_at=_at(day - dt.timedelta(days=2), 17),
    )
