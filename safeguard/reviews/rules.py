"""The deadlines of chapter 5 of Working Together 2023, as plain functions of dates (no database)."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from safeguard.core.workdays import add_working_days, is_working_day

# The local authority notifies the Child Safeguarding Practice Review Panel within 5 working days of becoming aware.
NOTIFICATION_WORKING_DAYS = 5
# The partners send the rapid review to the Panel within 15 working days of the notification.
RAPID_REVIEW_WORKING_DAYS = 15
# Guidance expects a local review to be completed within about six months of the decision to hold one.
LCSPR_MONTHS = 6
# A deadline this many working days away, or fewer, is "due soon" on the dashboard.
DUE_SOON_WORKING_DAYS = 3


def notification_due(became_aware_on: dt.date) -> dt.date:
    return add_working_days(became_aware_on, NOTIFICATION_WORKING_DAYS)


def rapid_review_due(notified_on: dt.date) -> dt.date:
    return add_working_days(notified_on, RAPID_REVIEW_WORKING_DAYS)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day when it is shorter (31 August + 6 → 28 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def lcspr_report_due(decided_on: dt.date) -> dt.date:
    return add_months(decided_on, LCSPR_MONTHS)


class Timeliness(enum.StrEnum):
    DONE = "done"
    DONE_LATE = "done_late"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    DUE = "due"


LABELS = {
    Timeliness.DONE: ("Done on time", "green"),
    Timeliness.DONE_LATE: ("Done late", "yellow"),
    Timeliness.OVERDUE: ("Overdue", "red"),
    Timeliness.DUE_SOON: ("Due soon", "orange"),
    Timeliness.DUE: ("Not due yet", "grey"),
}


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` is not after ``start``)."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def timeliness(*, due_on: dt.date, done_on: dt.date | None, today: dt.date) -> Timeliness:
    if done_on is not None:
        return Timeliness.DONE if done_on <= due_on else Timeliness.DONE_LATE
    if today > due_on:
        return Timeliness.OVERDUE
    if working_days_between(today, due_on) <= DUE_SOON_WORKING_DAYS:
        return Timeliness.DUE_SOON
    return Timeliness.DUE


@dataclass(frozen=True)
class Deadline:
    label: str
    due_on: dt.date
    done_on: dt.date | None
    state: Timeliness

    @property
    def tag(self) -> str:
        return LABELS[self.state][0]

    @property
    def colour(self) -> str:
        return LABELS[self.state][1]

    @property
    def is_open(self) -> bool:
        return self.state in (Timeliness.OVERDUE, Timeliness.DUE_SOON, Timeliness.DUE)
