from __future__ import annotations

import datetime as dt
import zoneinfo

import holidays
import pytest

from safeguard.missing.clock import NonexistentLocalTime, clock, combine_local, parse_time, rhi_due_at

LONDON = zoneinfo.ZoneInfo("Europe/London")


def local(year: int, month: int, day: int, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def test_a_return_at_half_past_eleven_on_a_friday_before_a_bank_holiday_is_due_on_the_bank_holiday() -> None:
    # 25 May 2026 is the spring bank holiday: the clock counts hours, not working days.
    assert dt.date(2026, 5, 25) in holidays.UK(subdiv="ENG", years=2026)
    due = rhi_due_at(local(2026, 5, 22, 23, 30))
    assert due == local(2026, 5, 25, 23, 30)
    assert due.strftime("%A %H:%M") == "Monday 23:30"


def test_a_return_before_the_clocks_go_back_is_due_72_real_hours_later_an_hour_earlier_on_the_wall() -> None:
    returned = local(2026, 10, 23, 23, 30)  # Friday, BST
    due = rhi_due_at(returned)
    assert (due.astimezone(dt.UTC) - returned.astimezone(dt.UTC)) == dt.timedelta(hours=72)
    assert (due.date(), due.strftime("%H:%M"), due.tzname()) == (dt.date(2026, 10, 26), "22:30", "GMT")


def test_a_return_before_the_clocks_go_forward_is_due_at_half_past_midnight_local_time() -> None:
    returned = local(2026, 3, 27, 23, 30)  # Friday, GMT
    due = rhi_due_at(returned)
    assert due.astimezone(dt.UTC) - returned.astimezone(dt.UTC) == dt.timedelta(hours=72)
    assert (due.date(), due.strftime("%H:%M"), due.tzname()) == (dt.date(2026, 3, 31), "00:30", "BST")


def test_it_refuses_a_naive_return_time() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        rhi_due_at(dt.datetime(2026, 1, 1, 12, 0))


@pytest.mark.parametrize(
    ("hours_left", "status", "text"),
    [
        (71.5, "due", "Due in 71 hours"),
        (25, "due", "Due in 25 hours"),
        (24, "due_soon", "Due in 24 hours"),
        (1, "due_soon", "Due in 1 hour"),
        (0.5, "due_soon", "Due in less than an hour"),
        (-0.2, "overdue", "Overdue by less than an hour"),
        (-3.5, "overdue", "Overdue by 3 hours"),
    ],
)
def test_the_clock_says_how_many_hours_are_left_or_overdue(hours_left: float, status: str, text: str) -> None:
    now = local(2026, 6, 1, 12, 0)
    result = clock(now + dt.timedelta(hours=hours_left), now=now)
    assert (result.status, result.text) == (status, text)


def test_the_clock_counts_real_hours_across_the_october_change() -> None:
    due = rhi_due_at(local(2026, 10, 23, 23, 30))
    now = local(2026, 10, 25, 0, 30)  # BST, before the change: 46 hours on the wall, 47 real hours
    assert clock(due, now=now).hours == 47


def test_a_done_interview_shows_done_whatever_the_time() -> None:
    now = local(2026, 6, 1, 12, 0)
    assert clock(now - dt.timedelta(hours=100), now=now, done=True).text == "Done"


def test_a_time_in_the_spring_gap_does_not_exist() -> None:
    with pytest.raises(NonexistentLocalTime, match="clocks went forward"):
        combine_local(dt.date(2026, 3, 29), dt.time(1, 30))


def test_the_repeated_autumn_hour_is_taken_as_its_first_occurrence() -> None:
    value = combine_local(dt.date(2026, 10, 25), dt.time(1, 30))
    assert value.tzname() == "BST"


@pytest.mark.parametrize(
    ("typed", "expected"), [("23:30", dt.time(23, 30)), ("2330", dt.time(23, 30)), ("9.05", dt.time(9, 5))]
)
def test_it_reads_times_as_people_type_them(typed: str, expected: dt.time) -> None:
    assert parse_time(typed) == expected


@pytest.mark.parametrize("typed", ["25:00", "noon", "12:61", ""])
def test_it_refuses_times_that_are_not_times(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_time(typed)
