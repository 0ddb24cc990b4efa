"""Reads of process bookkeeping for other apps: which processes are alive."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from safeguard.ops.models import Heartbeat
from safeguard.ops.services import this_process

__all__ = ["live_processes", "this_process"]


def live_processes(*, role: str, now: dt.datetime | None = None) -> set[str]:
    """The ``host:pid`` of each ``role`` process that has beaten within the stale limit."""
    since = (now or timezone.now()) - dt.timedelta(seconds=settings.SAFEGUARD_HEARTBEAT_STALE_SECONDS)
    return set(Heartbeat.objects.filter(role=role, beat_at__gte=since).values_list("instance", flat=True))
