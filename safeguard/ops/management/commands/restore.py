"""``safeguard restore DIR``: checks every checksum, then replaces the database and private files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguard.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `safeguard backup` (stop web, worker and scheduler first)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore(folder=options["folder"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored the backup of {manifest['created_at']}."))
        if manifest["audit_head"]:
            self.stdout.write(f"Audit chain verified up to the backup's head {manifest['audit_head']}.")
