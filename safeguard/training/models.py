"""Training and awareness sessions, bookings with a waiting list, attendance and feedback."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from safeguard.partnership.models import Agency, Partnership


class TrainingSession(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="training_sessions")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    audience = models.CharField(max_length=200, help_text="Who the session is for")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField(max_length=300, blank=True)
    online_url = models.URLField(blank=True)
    capacity = models.PositiveIntegerField()
    booking_opens_at = models.DateTimeField()
    booking_closes_at = models.DateTimeField()
    is_cancelled = models.BooleanField(default=False)
    # A stable identity for calendar files, so an updated .ics replaces the event rather than adding one.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(booking_closes_at__gt=models.F("booking_opens_at")),
                name="session_booking_window_forwards",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}, {timezone.localtime(self.starts_at):%-d %B %Y %H:%M}"

    def booking_is_open(self, at: dt.datetime | None = None) -> bool:
        now = at or timezone.now()
        return not self.is_cancelled and self.booking_opens_at <= now < self.booking_closes_at


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Place confirmed"
    WAITLISTED = "waitlisted", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"


class Attendance(models.TextChoices):
    UNKNOWN = "", "Not recorded"
    ATTENDED = "attended", "Attended"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"


class Booking(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.PROTECT, related_name="bookings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_bookings")
    # The agency at the time of booking, so attendance figures by agency survive a change of job.
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=BookingStatus.choices)
    booked_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attendance = models.CharField(max_length=20, choices=Attendance.choices, blank=True, default=Attendance.UNKNOWN)
    feedback_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    feedback_comment = models.TextField(blank=True)
    feedback_at = models.DateTimeField(null=True, blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["session", "booked_at", "pk"]
        constraints = [
            # One live booking per person per session; cancelled ones stay as history.
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=~models.Q(status="cancelled"),
                name="one_live_booking_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.session} ({self.get_status_display()})"
