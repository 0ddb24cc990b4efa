from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_cache_table(using: str = "default", **kwargs: Any) -> None:
    # Infrastructure, not domain logic: `safeguard migrate` leaves the shared cache's table
    # in place too, so an upgrade is one command. A no-op unless the cache is the database.
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class OpsConfig(AppConfig):
    """Running Safeguard in production: processes, schedules, health, logs and backups."""

    name = "safeguard.ops"
    label = "ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        post_migrate.connect(_create_cache_table, sender=self, dispatch_uid="safeguard-ops-cache-table")
