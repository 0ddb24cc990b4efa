"""The action log's overdue rule and the bulletin's link markup, kept apart from storage so they are easy to test.

Overdue rule (decided with the business unit): an action is due by the end of its
due date; when that date is a weekend or an England and Wales bank holiday the
owner has until the end of the next working day, because nobody can be expected
to report to the board on Christmas Day. From the day after that it is overdue,
in calendar days: the board counts how late an action is as the public would.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from safeguard.core.workdays import is_working_day
from safeguard.governance.models import CLOSED_STATUSES, ActionStatus, MeetingCycle


def effective_due_date(due_on: dt.date) -> dt.date:
    """The due date, moved on to the next working day when it falls on a weekend or bank holiday."""
    day = due_on
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def is_overdue(*, due_on: dt.date, status: str, today: dt.date) -> bool:
    if status in CLOSED_STATUSES:
        return False
    return today > effective_due_date(due_on)


OPEN_STATUSES = tuple(s for s in ActionStatus if s not in CLOSED_STATUSES)


@dataclass(frozen=True)
class Run:
    """A piece of bulletin text: plain words, or a link when ``url`` is set."""

    text: str
    url: str = ""


# [words](https://…) – the only markup the bulletin allows, so nothing else can be injected.
_LINK = re.compile(r"\[([^\[\]\n]+)\]\(((?:https?://|mailto:)[^\s()]+)\)")


def runs_of(paragraph: str) -> list[Run]:
    runs: list[Run] = []
    position = 0
    for match in _LINK.finditer(paragraph):
        if match.start() > position:
            runs.append(Run(paragraph[position : match.start()]))
        runs.append(Run(match.group(1), match.group(2)))
        position = match.end()
    if position < len(paragraph):
        runs.append(Run(paragraph[position:]))
    return runs


def paragraphs_of(text: str) -> list[list[Run]]:
    """Blank lines separate paragraphs; single line breaks inside one are joined."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return [runs_of(" ".join(line.strip() for line in block.splitlines())) for block in blocks if block.strip()]


def links_problem(text: str) -> str:
    """Why the text's link markup is wrong, or an empty string."""
    for match in re.finditer(r"\[([^\[\]\n]*)\]\(([^)]*)\)", text):
        if not _LINK.fullmatch(match.group(0)):
            return (
                f"The link “{match.group(0)[:60]}” must have words and an address starting https://, http:// or mailto:"
            )
    return ""


_CYCLE_MONTHS = {MeetingCycle.MONTHLY: 1, MeetingCycle.BI_MONTHLY: 2, MeetingCycle.QUARTERLY: 3}


def next_meeting_due(*, cycle: str, last_met: dt.date) -> dt.date | None:
    """When the terms of reference say the group should next meet; None when it meets as needed.

    The same day of the month, or the month's last day when it is shorter (31 January + 1 month is 28 or 29 February).
    """
    months = _CYCLE_MONTHS.get(MeetingCycle(cycle)) if cycle in MeetingCycle.values else None
    if months is None:
        return None
    month_index = last_met.month - 1 + months
    year, month = last_met.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(last_met.day, calendar.monthrange(year, month)[1]))
