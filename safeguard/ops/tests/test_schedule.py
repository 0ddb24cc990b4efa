"""The scheduler runs each job once per slot, at its configured time, however many schedulers there are."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from unittest import mock
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.test import SimpleTestCase, TestCase, override_settings

from safeguard.ops import schedule
from safeguard.ops.models import JobRun
from safeguard.ops.schedule import ScheduleError, When

LONDON = ZoneInfo("Europe/London")
ONLY_PURGE = {"purge_extracts": "02:30", "rhi_reminders": "", "chase_late_figures": "", "overdue_actions": ""}


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=LONDON)


class WhenTests(SimpleTestCase):
    def test_a_daily_job_is_due_at_todays_time_once_it_has_passed(self) -> None:
        when = When.parse("02:30", job="x")
        assert when is not None
        assert when.latest_slot(at("2026-12-02 10:00")) == at("2026-12-02 02:30")
        assert when.latest_slot(at("2026-12-02 02:29")) == at("2026-12-01 02:30")

    def test_a_weekly_job_is_due_on_its_day(self) -> None:
        when = When.parse("Mon 09:00", job="x")
        assert when is not None
        # 2 December 2026 is a Wednesday.
        assert when.latest_slot(at("2026-12-02 08:00")) == at("2026-11-30 09:00")
        assert when.latest_slot(at("2026-12-07 09:00")) == at("2026-12-07 09:00")

    def test_an_interval_job_is_due_on_each_boundary(self) -> None:
        when = When.parse("every 15 minutes", job="x")
        assert when is not None
        assert when.latest_slot(at("2026-12-02 10:44")) == at("2026-12-02 10:30")

    def test_an_empty_time_switches_a_job_off_and_a_bad_one_says_which_setting(self) -> None:
        assert When.parse("  ", job="x") is None
        with self.assertRaisesMessage(ScheduleError, "SAFEGUARD_SCHEDULE_PURGE_EXTRACTS is '25:00'"):
            When.parse("25:00", job="purge_extracts")


@override_settings(SAFEGUARD_SCHEDULE=ONLY_PURGE)
class RunDueJobsTests(TestCase):
    def test_two_schedulers_run_a_due_job_once(self) -> None:
        now = at("2026-12-02 03:00")
        with mock.patch.dict(schedule.JOBS, {"purge_extracts": mock.Mock(return_value=4)}):
            first = schedule.run_due_jobs(now=now, instance="server-a:1")
            second = schedule.run_due_jobs(now=now, instance="server-b:1")
            purge = schedule.JOBS["purge_extracts"]
        assert (first, second) == (["purge_extracts"], [])
        assert purge.call_count == 1  # type: ignore[attr-defined]
        run = JobRun.objects.get()
        assert (run.slot, run.claimed_by, run.ok, run.detail) == ("2026-12-02T02:30", "server-a:1", True, "4")

    def test_the_next_slot_runs_again(self) -> None:
        with mock.patch.dict(schedule.JOBS, {"purge_extracts": mock.Mock(return_value=0)}):
            schedule.run_due_jobs(now=at("2026-12-02 03:00"))
            assert schedule.run_due_jobs(now=at("2026-12-03 02:30")) == ["purge_extracts"]

    def test_a_failing_job_is_recorded_as_failed_and_the_scheduler_goes_on(self) -> None:
        boom = mock.Mock(side_effect=RuntimeError("disk on fire"))
        with (
            mock.patch.dict(schedule.JOBS, {"purge_extracts": boom}),
            self.assertLogs("safeguard.ops.schedule", "ERROR"),
        ):
            schedule.run_due_jobs(now=at("2026-12-02 03:00"))
        run = JobRun.objects.get()
        assert (run.ok, run.detail) == (False, "RuntimeError")

    def test_the_real_jobs_run_against_an_empty_database(self) -> None:
        everything = dict.fromkeys(ONLY_PURGE, "every 5 minutes")
        with override_settings(SAFEGUARD_SCHEDULE=everything):
            ran = schedule.run_due_jobs(now=at("2026-12-02 03:00"))
        assert sorted(ran) == sorted(ONLY_PURGE)
        assert list(JobRun.objects.values_list("ok", flat=True)) == ([True] * 4)

    def test_the_scheduler_command_runs_what_is_due_once(self) -> None:
        out = StringIO()
        with mock.patch.dict(schedule.JOBS, {"purge_extracts": mock.Mock(return_value=0)}):
            call_command("scheduler", "--once", stdout=out)
            call_command("scheduler", "--once", stdout=out)
        assert "Ran: purge_extracts" in out.getvalue()
        assert "Ran: nothing due" in out.getvalue()
