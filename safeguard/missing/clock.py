"""The return home interview clock: 72 elapsed hours from the child's return.

Arithmetic is done in UTC: adding 72 hours to a Europe/London wall-clock time
would give 71 or 73 real hours across a daylight-saving change. Only display
converts back to local time.
"""

from __future__ import annotations

import datetime as dt
import math
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

RHI_HOURS = 72
DUE_SOON_HOURS = 24


def local_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def rhi_due_at(returned_at: dt.datetime) -> dt.datetime:
    if timezone.is_naive(returned_at):
        raise ValueError("The return time must be timezone-aware")
    return (returned_at.astimezone(dt.UTC) + dt.timedelta(hours=RHI_HOURS)).astimezone(local_zone())


@dataclass(frozen=True)
class Clock:
    status: str  # "due", "due_soon", "overdue", "done", or "declined" / "not_possible" (finished, not done)
    hours: int
    due_at: dt.datetime

    @property
    def text(self) -> str:
        if self.status == "done":
            return "Done"
        # Nothing more is owed, but no interview happened: "Done" would hide that from a manager.
        if self.status == "declined":
            return "Declined"
        if self.status == "not_possible":
            return "Not possible"
        unit = "hour" if self.hours == 1 else "hours"
        if self.status == "overdue":
            return f"Overdue by {self.hours} {unit}" if self.hours else "Overdue by less than an hour"
        return f"Due in {self.hours} {unit}" if self.hours else "Due in less than an hour"

    @property
    def tag(self) -> str:
        return {
            "overdue": "red",
            "due_soon": "orange",
            "done": "green",
            "declined": "grey",
            "not_possible": "grey",
        }.get(self.status, "blue")

    @property
    def finished(self) -> bool:
        return self.status in {"done", "declined", "not_possible"}


def clock(due_at: dt.datetime, *, now: dt.datetime | None = None, done: bool = False, outcome: str = "") -> Clock:
    now = now or timezone.now()
    local_due = due_at.astimezone(local_zone())
    if done:
        return Clock(outcome if outcome in {"declined", "not_possible"} else "done", 0, local_due)
    # Subtracting two datetimes that share a zone compares wall clocks; UTC compares real time.
    seconds = (due_at.astimezone(dt.UTC) - now.astimezone(dt.UTC)).total_seconds()
    if seconds < 0:
        # Whole hours past the deadline: one minute late is "less than an hour".
        return Clock("overdue", math.floor(-seconds / 3600), local_due)
    hours = math.floor(seconds / 3600)
    return Clock("due_soon" if seconds <= DUE_SOON_HOURS * 3600 else "due", hours, local_due)


class NonexistentLocalTime(ValueError):
    pass


def combine_local(day: dt.date, time: dt.time) -> dt.datetime:
    """A date and wall-clock time in England as an aware datetime.

    In the autumn hour that happens twice the first occurrence is taken; a time in
    the spring gap (01:00–01:59 on the last Sunday of March) does not exist and is refused.
    """
    zone = local_zone()
    naive = dt.datetime.combine(day, time)
    aware = naive.replace(tzinfo=zone, fold=0)
    round_trip = aware.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None)
    if round_trip != naive:
        raise NonexistentLocalTime(f"{time:%H:%M} did not happen on {day:%-d %B %Y}: the clocks went forward")
    return aware


def parse_time(text: str) -> dt.time:
    """A 24-hour time as typed: 23:30, 2330, 23.30 or 9:05."""
    cleaned = text.strip().replace(".", ":").lower()
    if cleaned.isdigit() and len(cleaned) in (3, 4):
        cleaned = f"{cleaned[:-2]}:{cleaned[-2:]}"
    parts = cleaned.split(":")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise ValueError("Enter a time in 24-hour format, like 09:30 or 23:15")
    hour, minute = int(parts[0]), int(parts[1])
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError("Enter a real time, between 00:00 and 23:59")
    return dt.time(hour, minute)
