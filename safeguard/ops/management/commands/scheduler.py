"""``safeguard scheduler``: runs the periodic jobs at their configured times.

Two schedulers (say one per server) can run at once: each job's run is claimed in the
database first, so it happens once. See safeguard/ops/schedule.py for the jobs and times.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from safeguard.ops import schedule
from safeguard.ops.heartbeat import start_heartbeat


class Command(BaseCommand):
    help = "Run the periodic jobs (purging extracts, RHI reminders, chasers, overdue actions) at their times"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tick", type=float, default=30.0, help="seconds between looks at the clock")
        parser.add_argument("--once", action="store_true", help="run whatever is due now, then stop")

    def handle(self, *args: Any, **options: Any) -> None:
        jobs = schedule.configured_jobs()  # a bad time stops start-up here, not at 2 a.m.
        for job in jobs:
            self.stdout.write(f"{job}: {settings.SAFEGUARD_SCHEDULE[job]}")
        if options["once"]:
            ran = schedule.run_due_jobs()
            self.stdout.write(f"Ran: {', '.join(ran) or 'nothing due'}")
            return
        stopping = threading.Event()

        def stop(signum: int, frame: FrameType | None) -> None:
            stopping.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        beat = start_heartbeat(role="scheduler", every_seconds=settings.SAFEGUARD_HEARTBEAT_SECONDS)
        try:
            while not stopping.is_set():
                close_old_connections()
                schedule.run_due_jobs()
                stopping.wait(options["tick"])
        finally:
            beat.set()
            self.stdout.write("Scheduler stopped.")
