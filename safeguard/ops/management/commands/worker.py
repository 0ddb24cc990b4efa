"""``safeguard worker``: the background task worker (django-tasks' database worker).

Runs django-tasks-db's ``db_worker`` on every queue, with a heartbeat thread that
``/readyz`` reads. Run as many as the work needs: each task is claimed by one.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from safeguard.ops.heartbeat import start_heartbeat


class Command(BaseCommand):
    help = "Run the background task worker"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between looks for new tasks")
        parser.add_argument("--queue-name", default="*", help="queues to take tasks from (default: all)")

    def handle(self, *args: Any, **options: Any) -> None:
        stop = start_heartbeat(role="worker", every_seconds=settings.SAFEGUARD_HEARTBEAT_SECONDS)
        # A wash left "running" by a worker that was killed is failed now, not at the scheduler's next look.
        from safeguard.datawash.services import runs_abandoned_fail, work_folders_abandoned_remove

        if failed := runs_abandoned_fail():
            self.stdout.write(f"Marked {failed} wash run(s) failed: their worker had stopped.")
        # And the files a killed worker was part way through writing go, so nothing half-written is left.
        if removed := work_folders_abandoned_remove():
            self.stdout.write(f"Removed {removed} working folder(s) of wash workers that had stopped.")
        try:
            call_command(
                "db_worker",
                queue_name=options["queue_name"],
                interval=options["interval"],
                reload=False,
                verbosity=options["verbosity"],
            )
        finally:
            stop.set()
