"""Every change to training sessions and bookings: one function each, atomic and audited."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.core.retention import audit_disposal
from safeguard.partnership.models import Partnership, User
from safeguard.training.models import Attendance, Booking, BookingStatus, TrainingSession
from safeguard.training.tasks import tell_promoted, tell_session_cancelled


class TrainingError(ValueError):
    """A booking or change the rules refuse; the message is shown to the user."""


def session_create(
    *,
    actor: User | None,
    partnership: Partnership,
    title: str,
    audience: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
    booking_opens_at: dt.datetime,
    booking_closes_at: dt.datetime,
    venue: str = "",
    online_url: str = "",
    description: str = "",
) -> TrainingSession:
    if any(timezone.is_naive(t) for t in (starts_at, ends_at, booking_opens_at, booking_closes_at)):
        raise TrainingError("Session times must include their time zone")
    if ends_at <= starts_at:
        raise TrainingError("The session must end after it starts")
    if booking_closes_at <= booking_opens_at:
        raise TrainingError("Booking must close after it opens")
    if booking_closes_at > starts_at:
        raise TrainingError("Booking must close before the session starts")
    if not venue and not online_url:
        raise TrainingError("Give a venue or an online link")
    if capacity < 1:
        raise TrainingError("A session needs at least one place")
    with transaction.atomic():
        session = TrainingSession.objects.create(
            partnership=partnership,
            title=title,
            description=description,
            audience=audience,
            starts_at=starts_at,
            ends_at=ends_at,
            venue=venue,
            online_url=online_url,
            capacity=capacity,
            booking_opens_at=booking_opens_at,
            booking_closes_at=booking_closes_at,
        )
        audit_record(actor=actor, action=Action.CREATE, target=session, summary=f"Created training session {session}")
    return session


def booking_book(*, actor: User, session: TrainingSession, now: dt.datetime | None = None) -> Booking:
    """Book the actor a place, or a place on the waiting list when the session is full.

    The session row is locked while confirmed places are counted, so two people
    booking the last place at once cannot both get it: the second waits for the
    first's transaction and then sees the session full.
    """
    if actor.agency is None:
        raise TrainingError("You need to belong to an agency to book")
    now = now or timezone.now()
    with transaction.atomic():
        locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
        if not locked.booking_is_open(now):
            raise TrainingError("Booking for this session is not open")
        live = Booking.objects.filter(session=locked, user=actor).exclude(status=BookingStatus.CANCELLED)
        if live.exists():
            raise TrainingError("You have already booked this session")
        confirmed = Booking.objects.filter(session=locked, status=BookingStatus.CONFIRMED).count()
        has_place = confirmed < locked.capacity
        booking = Booking.objects.create(
            session=locked,
            user=actor,
            agency=actor.agency,
            status=BookingStatus.CONFIRMED if has_place else BookingStatus.WAITLISTED,
            booked_at=now,
            confirmed_at=now if has_place else None,
        )
        audit_record(actor=actor, action=Action.CREATE, target=booking, summary=f"Booked: {booking}"[:500])
    return booking


def booking_cancel(*, actor: User, booking: Booking, now: dt.datetime | None = None) -> Booking | None:
    """Cancel a booking; a confirmed place goes to the first person on the waiting list, who is returned."""
    now = now or timezone.now()
    with transaction.atomic():
        session = TrainingSession.objects.select_for_update().get(pk=booking.session_id)
        booking.refresh_from_db()
        if booking.status == BookingStatus.CANCELLED:
            raise TrainingError("This booking is already cancelled")
        if session.starts_at <= now:
            raise TrainingError("The session has started; it can no longer be cancelled")
        # A place freed on a cancelled session goes to no one: nobody is promoted onto a session not running.
        freed = booking.status == BookingStatus.CONFIRMED and not session.is_cancelled
        booking.status = BookingStatus.CANCELLED
        booking.cancelled_at = now
        booking.save(update_fields=["status", "cancelled_at"])
        audit_record(actor=actor, action=Action.UPDATE, target=booking, summary="Cancelled a training booking")
        promoted = None
        if freed:
            promoted = (
                Booking.objects.filter(session=session, status=BookingStatus.WAITLISTED)
                .order_by("booked_at", "pk")
                .first()
            )
        if promoted is not None:
            promoted.status = BookingStatus.CONFIRMED
            promoted.confirmed_at = now
            promoted.save(update_fields=["status", "confirmed_at"])
            audit_record(
                actor=actor,
                action=Action.UPDATE,
                target=promoted,
                summary=f"Gave a cancelled place to {promoted.user} from the waiting list"[:500],
            )
            promoted_pk = promoted.pk
            transaction.on_commit(lambda: tell_promoted.enqueue(promoted_pk))
    return promoted


def attendance_record(*, actor: User, booking: Booking, attendance: Attendance) -> Booking:
    if booking.status != BookingStatus.CONFIRMED:
        raise TrainingError("Only confirmed places can be marked as attended")
    with transaction.atomic():
        booking.attendance = attendance
        booking.save(update_fields=["attendance"])
        audit_record(actor=actor, action=Action.UPDATE, target=booking, summary=f"Attendance: {attendance.label}"[:500])
    return booking


def feedback_record(
    *, actor: User, booking: Booking, rating: int, comment: str = "", now: dt.datetime | None = None
) -> Booking:
    now = now or timezone.now()
    if booking.user_id != actor.pk:
        raise TrainingError("Only the person who attended can give feedback")
    if booking.session.ends_at > now:
        raise TrainingError("Feedback opens when the session has finished")
    if booking.status != BookingStatus.CONFIRMED or booking.attendance == Attendance.DID_NOT_ATTEND:
        raise TrainingError("Only people who attended can give feedback")
    if not 1 <= rating <= 5:
        raise TrainingError("Rate the session from 1 to 5")
    with transaction.atomic():
        booking.feedback_rating = rating
        booking.feedback_comment = comment
        booking.feedback_at = now
        booking.save(update_fields=["feedback_rating", "feedback_comment", "feedback_at"])
        audit_record(actor=actor, action=Action.UPDATE, target=booking, summary="Gave feedback on a session")
    return booking


def session_cancel(*, actor: User, session: TrainingSession, now: dt.datetime | None = None) -> TrainingSession:
    """Cancel a session; everyone booked or waiting is told, with a calendar file that removes the event."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
        if locked.is_cancelled:
            raise TrainingError("This session is already cancelled")
        if locked.starts_at <= now:
            raise TrainingError("The session has started; it can no longer be cancelled")
        locked.is_cancelled = True
        locked.save(update_fields=["is_cancelled"])
        audit_record(actor=actor, action=Action.UPDATE, target=locked, summary=f"Cancelled training session {locked}")
        session_pk = locked.pk
        transaction.on_commit(lambda: tell_session_cancelled.enqueue(session_pk))
    session.is_cancelled = True
    return locked


# --- retention ----------------------------------------------------------------------------------------------


def booking_retention_delete(*, booking: Booking, by: str) -> None:
    """Delete a training booking (and its attendance) past its retention period; audited by kind and id."""
    with transaction.atomic():
        pk = booking.pk
        booking.delete()
        audit_disposal(by=by, record=booking, pk=pk)
