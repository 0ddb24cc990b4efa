"""Delete extracts older than the retention period (SAFEGUARD_EXTRACT_RETENTION_DAYS), each deletion audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from safeguard.datawash.services import extracts_purge


class Command(BaseCommand):
    help = "Delete agency extracts (files and rows) received before the retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep extracts this many days (default: SAFEGUARD_EXTRACT_RETENTION_DAYS)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"] if options["days"] is not None else int(settings.SAFEGUARD_EXTRACT_RETENTION_DAYS)
        if days < 1:
            self.stderr.write("--days must be 1 or more")
            return
        cutoff = timezone.now() - dt.timedelta(days=days)
        count = extracts_purge(received_before=cutoff)
        self.stdout.write(f"Deleted {count} extract{'s' if count != 1 else ''} received before {cutoff:%Y-%m-%d}.")
