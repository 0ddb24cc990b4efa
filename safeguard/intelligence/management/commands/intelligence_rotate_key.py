from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from safeguard.intelligence.services import rotate_key


class Command(BaseCommand):
    help = (
        "Re-encrypt soft intelligence under the first key in SAFEGUARD_FIELD_KEY and recompute link keys. "
        "Put the new key first and the old one after it (comma-separated), run this, then remove the old key."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = rotate_key()
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {count} rows"))
