"""``safeguard backup --out DIR``: database, private files and a manifest with checksums and the audit head."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguard.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and private files to a new folder, with a manifest of checksums"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path, help="a new (or empty) folder")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup(out=options["out"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Backed up {summary.files} files to {summary.folder}."))
        if summary.audit_head:
            self.stdout.write(f"Audit chain head: {summary.audit_head}")
        if not summary.audit_ok:
            self.stderr.write("Warning: the audit chain did not verify at backup; run `safeguard audit verify`.")
