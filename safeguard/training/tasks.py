"""Background work: telling someone on the waiting list that they now have a place."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from safeguard.training.ics import booking_calendar
from safeguard.training.models import Booking, BookingStatus


@task()
def tell_promoted(booking_pk: int) -> bool:
    booking = Booking.objects.select_related("session", "user").get(pk=booking_pk)
    if booking.status != BookingStatus.CONFIRMED or not booking.user.email:
        return False
    session = booking.session
    url = settings.SITE_URL.rstrip("/") + reverse("training:session", kwargs={"pk": session.pk})
    message = EmailMessage(
        subject=f"You have a place: {session.title}",
        body=(
            f"A place has come free and is now yours: {session.title} on "
            f"{timezone.localtime(session.starts_at):%-d %B %Y at %H:%M}.\n\n"
            f"Details, and cancelling if you can no longer come: {url}\n"
        ),
        to=[booking.user.email],
    )
    message.attach("session.ics", booking_calendar(booking), "text/calendar")
    message.send()
    return True


@task()
def tell_session_cancelled(session_pk: int) -> int:
    """Email everyone still booked or waiting; the attached calendar file marks their event cancelled."""
    bookings = (
        Booking.objects.filter(session_id=session_pk)
        .exclude(status=BookingStatus.CANCELLED)
        .select_related("session", "user")
    )
    sent = 0
    for booking in bookings:
        if not booking.user.email:
            continue
        session = booking.session
        message = EmailMessage(
            subject=f"Cancelled: {session.title}",
            body=(
                f"{session.title} on {timezone.localtime(session.starts_at):%-d %B %Y at %H:%M} has been cancelled. "
                "We are sorry for the change. Open the attached file to remove it from your calendar."
            ),
            to=[booking.user.email],
        )
        message.attach("session.ics", booking_calendar(booking), "text/calendar")
        message.send()
        sent += 1
    return sent
