"""The periodic jobs and when each is due.

A job's time is a setting (``SAFEGUARD_SCHEDULE_<JOB>``) in one of three forms:
``02:30`` (daily), ``mon 09:00`` (weekly) or ``every 15 minutes``; empty switches it off.
Times are the partnership's local time (``TIME_ZONE``).

Each run is for a *slot*, the latest scheduled moment not in the future. A scheduler
that was down runs a missed job once when it comes back, not once per missed slot;
two schedulers each try to claim the slot and the database lets one through.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from safeguard.ops import services

logger = logging.getLogger(__name__)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAILY = re.compile(r"^(?:(?P<day>mon|tue|wed|thu|fri|sat|sun)\s+)?(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)$")
_EVERY = re.compile(r"^every\s+(?P<n>\d+)\s+minutes?$")


class ScheduleError(ValueError):
    pass


@dataclass(frozen=True)
class When:
    minutes: int = 0  # every N minutes, or 0
    weekday: int | None = None  # 0 = Monday, for weekly jobs
    at: dt.time = dt.time(0, 0)

    @classmethod
    def parse(cls, text: str, *, job: str) -> When | None:
        text = " ".join(text.lower().split())
        if not text:
            return None
        if match := _EVERY.match(text):
            minutes = int(match["n"])
            if not 1 <= minutes <= 24 * 60:
                raise ScheduleError(f"SAFEGUARD_SCHEDULE_{job.upper()}: every 1 to 1440 minutes, not {minutes}")
            return cls(minutes=minutes)
        if match := _DAILY.match(text):
            day = WEEKDAYS.index(match["day"]) if match["day"] else None
            return cls(weekday=day, at=dt.time(int(match["h"]), int(match["m"])))
        raise ScheduleError(
            f"SAFEGUARD_SCHEDULE_{job.upper()} is {text!r}: write a time (02:30), a day and time (mon 09:00), "
            "'every 15 minutes', or nothing to switch the job off"
        )

    def latest_slot(self, now: dt.datetime) -> dt.datetime:
        """The latest scheduled moment at or before ``now``, in local time."""
        local = timezone.localtime(now)
        if self.minutes:
            step = self.minutes * 60
            return timezone.localtime(dt.datetime.fromtimestamp(int(local.timestamp()) // step * step, tz=dt.UTC))
        candidate = local.replace(hour=self.at.hour, minute=self.at.minute, second=0, microsecond=0)
        if self.weekday is None:
            return candidate if candidate <= local else candidate - dt.timedelta(days=1)
        candidate -= dt.timedelta(days=(candidate.weekday() - self.weekday) % 7)
        return candidate if candidate <= local else candidate - dt.timedelta(days=7)


# --- The jobs: each finds the existing function in its app and returns a count for the log. ---


def _purge_extracts() -> int:
    from safeguard.datawash.services import extracts_purge

    days = int(settings.SAFEGUARD_EXTRACT_RETENTION_DAYS)
    return extracts_purge(received_before=timezone.now() - dt.timedelta(days=days))


def _rhi_reminders() -> int:
    from safeguard.missing.tasks import send_due_reminders

    return send_due_reminders()


def _chase_late_figures() -> int:
    from safeguard.partnership.models import Partnership
    from safeguard.performance.services import late_submissions_chase

    return sum(late_submissions_chase(actor=None, partnership=p) for p in Partnership.objects.order_by("pk"))


def _overdue_actions() -> int:
    from safeguard.governance.tasks import remind_overdue_actions

    return remind_overdue_actions()


def _apply_retention() -> int:
    from safeguard.dataprotection.retention import retention_apply

    return retention_apply(today=timezone.localdate())


def _abandoned_washes() -> int:
    from safeguard.datawash.services import runs_abandoned_fail

    return runs_abandoned_fail()


JOBS: dict[str, Callable[[], int]] = {
    "purge_extracts": _purge_extracts,
    "rhi_reminders": _rhi_reminders,
    "chase_late_figures": _chase_late_figures,
    "overdue_actions": _overdue_actions,
    "apply_retention": _apply_retention,
    "abandoned_washes": _abandoned_washes,
}


def configured_jobs() -> dict[str, When]:
    """Each switched-on job's time, from ``settings.SAFEGUARD_SCHEDULE``; a bad time stops start-up."""
    found: dict[str, When] = {}
    for job, text in settings.SAFEGUARD_SCHEDULE.items():
        if job not in JOBS:
            raise ScheduleError(f"There is no scheduled job called {job!r}; the jobs are {', '.join(JOBS)}")
        when = When.parse(text, job=job)
        if when is not None:
            found[job] = when
    return found


def run_due_jobs(*, now: dt.datetime | None = None, instance: str | None = None) -> list[str]:
    """Claim and run every job whose latest slot no scheduler has claimed; returns the jobs this one ran."""
    now = now or timezone.now()
    ran = []
    for job, when in configured_jobs().items():
        slot = when.latest_slot(now).strftime("%Y-%m-%dT%H:%M")  # local time: a clock going back runs nothing twice
        run = services.job_claim(job=job, slot=slot, claimed_by=instance)
        if run is None:
            continue
        started = time.monotonic()
        try:
            count = JOBS[job]()
        except Exception as error:  # one failing job must not stop the others or the scheduler
            logger.exception("Scheduled job %s (%s) failed", job, slot)
            services.job_finish(run=run, ok=False, detail=f"{type(error).__name__}")
        else:
            logger.info("Scheduled job %s (%s) done: %s in %.1fs", job, slot, count, time.monotonic() - started)
            services.job_finish(run=run, ok=True, detail=str(count))
        ran.append(job)
    return ran
