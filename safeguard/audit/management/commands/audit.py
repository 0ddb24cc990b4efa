from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguard.audit.selectors import verify_chain


class Command(BaseCommand):
    help = "Audit trail tools. `safeguard audit verify` checks the hash chain end to end."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if result.ok:
            self.stdout.write(self.style.SUCCESS(f"Audit chain verified: {result.checked} events, no breaks."))
            return
        raise CommandError(
            f"Audit chain broken at event {result.first_bad_seq}: {result.problem}. {result.checked} events before it verified."
        )
