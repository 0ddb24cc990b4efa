"""Reading sessions and bookings, scoped to the user's partnership; attendance figures for the scorecard."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, ExpressionWrapper, F, IntegerField, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from safeguard.core.figures import Figure, Period, for_periods, period_bounds
from safeguard.core.retention import past_retention
from safeguard.partnership.models import Partnership, User
from safeguard.partnership.roles import Perm
from safeguard.training.models import Attendance, Booking, BookingStatus, TrainingSession


def sessions_for_user(user: User) -> QuerySet[TrainingSession]:
    if user.agency is None or not (user.can(Perm.BOOK_TRAINING) or user.can(Perm.MANAGE_TRAINING)):
        return TrainingSession.objects.none()
    return (
        TrainingSession.objects.filter(partnership_id=user.agency.partnership_id)
        .annotate(
            confirmed=Count("bookings", filter=Q(bookings__status=BookingStatus.CONFIRMED)),
            waiting=Count("bookings", filter=Q(bookings__status=BookingStatus.WAITLISTED)),
        )
        .annotate(places_left=ExpressionWrapper(F("capacity") - F("confirmed"), output_field=IntegerField()))
    )


def get_session_for_user(user: User, pk: int) -> TrainingSession:
    return get_object_or_404(sessions_for_user(user), pk=pk)


def bookings_of(user: User) -> QuerySet[Booking]:
    """The user's own bookings."""
    return Booking.objects.filter(user=user).select_related("session")


def get_booking_for_user(user: User, pk: int) -> Booking:
    """The user's own booking, or any booking of their partnership for someone who runs training."""
    scope = Q(user=user)
    if user.agency is not None and user.can(Perm.MANAGE_TRAINING):
        scope |= Q(session__partnership_id=user.agency.partnership_id)
    return get_object_or_404(Booking.objects.filter(scope).select_related("session", "user", "agency"), pk=pk)


def live_booking(user: User, session: TrainingSession) -> Booking | None:
    return Booking.objects.filter(user=user, session=session).exclude(status=BookingStatus.CANCELLED).first()


def bookings_for_manager(user: User, session: TrainingSession) -> QuerySet[Booking]:
    if (
        user.agency is None
        or not user.can(Perm.MANAGE_TRAINING)
        or session.partnership_id != user.agency.partnership_id
    ):
        return Booking.objects.none()
    return (
        Booking.objects.filter(session=session)
        .exclude(status=BookingStatus.CANCELLED)
        .select_related("user", "agency")
        .order_by("status", "booked_at", "pk")
    )


def upcoming_sessions_for_user(user: User, *, now: dt.datetime) -> QuerySet[TrainingSession]:
    """Sessions the user can book that have not ended and are not cancelled."""
    return sessions_for_user(user).filter(ends_at__gte=now, is_cancelled=False)


def live_bookings_of(user: User) -> QuerySet[Booking]:
    """The user's own bookings that still stand, soonest session first."""
    return bookings_of(user).exclude(status=BookingStatus.CANCELLED).order_by("session__starts_at")


def confirmed_bookings_for_manager(user: User, session: TrainingSession) -> QuerySet[Booking]:
    """The confirmed places on a session: the register."""
    return bookings_for_manager(user, session).filter(status=BookingStatus.CONFIRMED)


def public_sessions(partnership: Partnership) -> QuerySet[TrainingSession]:
    """Sessions for the public calendar feed: titles, times and places only, nobody's name."""
    since = timezone.now() - dt.timedelta(days=90)
    return TrainingSession.objects.filter(partnership=partnership, ends_at__gte=since).order_by("starts_at")


def _attendance_rows(*, partnership: Partnership, period_start: dt.date, period_end: dt.date) -> QuerySet[Booking]:
    period_start, period_end = period_bounds(period_start, period_end)
    start = timezone.make_aware(dt.datetime.combine(period_start, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(period_end + dt.timedelta(days=1), dt.time.min))
    return Booking.objects.filter(
        session__partnership=partnership,
        session__is_cancelled=False,
        session__starts_at__gte=start,
        session__starts_at__lt=end,
        status=BookingStatus.CONFIRMED,
    ).exclude(attendance=Attendance.UNKNOWN)


def _training_attendance_periods(
    *, partnership: Partnership, periods: list[Period], agency_id: int | None = None
) -> dict[Period, Figure]:
    if not periods:
        return {}
    rows = _attendance_rows(
        partnership=partnership,
        period_start=min(start for start, _ in periods),
        period_end=max(end for _, end in periods),
    )
    if agency_id is not None:
        rows = rows.filter(agency_id=agency_id)
    aggregates = {}
    for index, (period_start, period_end) in enumerate(periods):
        start = timezone.make_aware(dt.datetime.combine(period_start, dt.time.min))
        end = timezone.make_aware(dt.datetime.combine(period_end + dt.timedelta(days=1), dt.time.min))
        inside = Q(session__starts_at__gte=start, session__starts_at__lt=end)
        aggregates[f"marked_{index}"] = Count("pk", filter=inside)
        aggregates[f"attended_{index}"] = Count("pk", filter=inside & Q(attendance=Attendance.ATTENDED))
    totals = rows.aggregate(**aggregates)
    return {
        period: Figure(numerator=totals[f"attended_{index}"], denominator=totals[f"marked_{index}"])
        for index, period in enumerate(periods)
    }


@for_periods(_training_attendance_periods)
def figure_training_attendance(
    *, partnership: Partnership, period_start: dt.date, period_end: dt.date, agency_id: int | None = None
) -> Figure:
    """Of the confirmed places on sessions held in the period whose attendance was recorded, how many attended.

    Places not yet marked are left out, so an unrecorded register does not read as absence.
    """
    period = period_bounds(period_start, period_end)
    return _training_attendance_periods(partnership=partnership, periods=[period], agency_id=agency_id)[period]


def training_attendance_by_agency(
    *, partnership: Partnership, period_start: dt.date, period_end: dt.date
) -> list[tuple[str, Figure]]:
    rows = (
        _attendance_rows(partnership=partnership, period_start=period_start, period_end=period_end)
        .values("agency__name")
        .annotate(marked=Count("pk"), attended=Count("pk", filter=Q(attendance=Attendance.ATTENDED)))
        .order_by("agency__name")
    )
    return [(row["agency__name"], Figure(numerator=row["attended"], denominator=row["marked"])) for row in rows]


# --- retention ----------------------------------------------------------------------------------------------


def bookings_past_retention(
    *, partnership: Partnership, trigger: str, before: dt.date, today: dt.date
) -> QuerySet[Booking]:
    """Training bookings past their time, counted from the booking or the end of its session."""
    return past_retention(
        Booking.objects.filter(session__partnership=partnership),
        trigger=trigger,
        before=before,
        today=today,
        created="booked_at",
        closed="session__ends_at",
    )
