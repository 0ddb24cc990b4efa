"""Email reminders for return home interviews due within a day; run hourly from cron.

Needed only where the task backend cannot defer a task until a given time.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from safeguard.missing.tasks import send_due_reminders


class Command(BaseCommand):
    help = "Email providers about return home interviews due within 24 hours"

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_due_reminders()
        self.stdout.write(f"Sent {sent} reminder{'s' if sent != 1 else ''}.")
