"""Tell the police of missing episodes that were open before police were told of every episode.

Run once after upgrading (and safely again): each episode still open that the police were never told of,
and that no one decided to keep from them, is shared as a new one would be, with a sharing decision.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from safeguard.missing.services import open_episodes_share_with_police


class Command(BaseCommand):
    help = "Share with police the open missing episodes recorded before episodes were shared automatically"

    def handle(self, *args: Any, **options: Any) -> None:
        shared = open_episodes_share_with_police()
        self.stdout.write(f"Shared {shared} open episode{'s' if shared != 1 else ''} with police.")
