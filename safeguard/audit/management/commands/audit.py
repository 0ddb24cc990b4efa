from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguard.audit.chain import Anchor
from safeguard.audit.selectors import verify_chain


class Command(BaseCommand):
    help = (
        "Audit trail tools. `safeguard audit verify` checks the hash chain end to end and prints its head; "
        "keep that line outside the database and pass it back with --anchor to catch a chain cut short or rewritten."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="SEQ:HASH",
            help="an event's number and hash noted earlier (repeat for several)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            anchors = tuple(Anchor.parse(text) for text in options["anchor"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        result = verify_chain(anchors=anchors)
        if result.ok:
            self.stdout.write(self.style.SUCCESS(f"Audit chain verified: {result.checked} events, no breaks."))
            if result.head is not None:
                self.stdout.write(f"Head: {result.head}  (note it outside the database; verify --anchor {result.head})")
            return
        raise CommandError(
            f"Audit chain broken at event {result.first_bad_seq}: {result.problem}. {result.checked} events before it verified."
        )
