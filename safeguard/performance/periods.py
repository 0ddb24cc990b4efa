"""Reporting periods: calendar months and quarters, named by their first day.

A period is stored as its start date, so a month and a quarter never need a
separate key and sorting by date sorts by time.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import models


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"


_MONTHS = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3}
_MONTH_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def months_in(frequency: str) -> int:
    return _MONTHS[Frequency(frequency)]


def period_start(day: dt.date, frequency: str) -> dt.date:
    step = months_in(frequency)
    month = ((day.month - 1) // step) * step + 1
    return dt.date(day.year, month, 1)


def shift(start: dt.date, frequency: str, periods: int) -> dt.date:
    index = start.year * 12 + start.month - 1 + periods * months_in(frequency)
    return dt.date(index // 12, index % 12 + 1, 1)


def period_end(start: dt.date, frequency: str) -> dt.date:
    return shift(start, frequency, 1) - dt.timedelta(days=1)


def last_periods(start: dt.date, frequency: str, count: int) -> list[dt.date]:
    """``count`` period starts ending with ``start``, oldest first."""
    return [shift(start, frequency, -n) for n in range(count - 1, -1, -1)]


def label(start: dt.date, frequency: str) -> str:
    if Frequency(frequency) == Frequency.MONTHLY:
        return start.strftime("%B %Y")
    end = period_end(start, frequency)
    # Quarters are named by their months: "Q1" means April to June in the public sector's
    # financial year but January to March in a calendar year, and boards mix the two.
    return f"{start.strftime('%b')} to {end.strftime('%b %Y')}"


def short_label(start: dt.date, frequency: str) -> str:
    if Frequency(frequency) == Frequency.MONTHLY:
        return start.strftime("%b %y")
    return f"{start.strftime('%b')}–{period_end(start, frequency).strftime('%b %y')}"


def parse_month(text: str) -> dt.date | None:
    """``2026-10`` as the first of that month, or None if it is not a month."""
    match = _MONTH_RE.match(text or "")
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (1 <= month <= 12 and 1900 <= year <= 2999):
        return None
    return dt.date(year, month, 1)
