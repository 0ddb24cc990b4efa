"""What ``/readyz`` checks. Each check answers (ok, detail); details name no person."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from safeguard.ops.models import Heartbeat

Check = Callable[[], tuple[bool, str]]


def database() -> tuple[bool, str]:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
    return True, "reachable"


def migrations() -> tuple[bool, str]:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if unapplied:
        return False, f"{len(unapplied)} migration(s) not applied: run safeguard migrate"
    return True, "all applied"


def _heartbeat(role: str) -> Check:
    def check() -> tuple[bool, str]:
        latest = Heartbeat.objects.filter(role=role).order_by("-beat_at").values_list("beat_at", flat=True).first()
        if latest is None:
            return False, f"no {role} has ever reported"
        age = (timezone.now() - latest).total_seconds()
        if age > settings.SAFEGUARD_HEARTBEAT_STALE_SECONDS:
            return False, f"last {role} heartbeat {int(age)}s ago"
        return True, f"last heartbeat {int(age)}s ago"

    return check


def disk() -> tuple[bool, str]:
    folder = Path(settings.MEDIA_ROOT)
    folder.mkdir(parents=True, exist_ok=True)
    free_mb = shutil.disk_usage(folder).free // (1024 * 1024)
    if free_mb < settings.SAFEGUARD_MIN_FREE_DISK_MB:
        return False, f"{free_mb} MB free for uploads, below {settings.SAFEGUARD_MIN_FREE_DISK_MB} MB"
    return True, f"{free_mb} MB free"


CHECKS: dict[str, Check] = {
    "database": database,
    "migrations": migrations,
    "worker": _heartbeat("worker"),
    "scheduler": _heartbeat("scheduler"),
    "disk": disk,
}


def readiness() -> dict[str, dict[str, object]]:
    results: dict[str, dict[str, object]] = {}
    for name, check in CHECKS.items():
        if name != "database" and not results["database"]["ok"]:
            results[name] = {"ok": False, "detail": "not checked: no database"}
            continue
        try:
            ok, detail = check()
        except Exception as error:  # a check that cannot run has failed; say how, not with a 500
            ok, detail = False, f"{type(error).__name__}"
        results[name] = {"ok": ok, "detail": detail}
    return results


def now_iso() -> str:
    return timezone.now().astimezone(dt.UTC).isoformat(timespec="seconds")
