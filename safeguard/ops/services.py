"""Writes for process bookkeeping. Not audited: see models.py."""

from __future__ import annotations

import datetime as dt
import os
import socket

from django.db import IntegrityError, transaction
from django.utils import timezone

from safeguard.ops.models import Heartbeat, JobRun


def this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def heartbeat_beat(*, role: str, instance: str | None = None, now: dt.datetime | None = None) -> None:
    """Say this process is alive; rows for processes silent for a day are dropped on the way."""
    now = now or timezone.now()
    with transaction.atomic():
        Heartbeat.objects.update_or_create(role=role, instance=instance or this_process(), defaults={"beat_at": now})
        Heartbeat.objects.filter(beat_at__lt=now - dt.timedelta(days=1)).delete()


def job_claim(*, job: str, slot: str, claimed_by: str | None = None, now: dt.datetime | None = None) -> JobRun | None:
    """Claim one run of a job, or None if another scheduler already has it.

    The unique (job, slot) constraint decides: of two schedulers inserting at once,
    the database lets exactly one through, whatever the engine.
    """
    try:
        with transaction.atomic():
            return JobRun.objects.create(
                job=job, slot=slot, claimed_by=claimed_by or this_process(), claimed_at=now or timezone.now()
            )
    except IntegrityError:
        return None


def job_finish(*, run: JobRun, ok: bool, detail: str) -> None:
    with transaction.atomic():
        run.finished_at = timezone.now()
        run.ok = ok
        run.detail = detail[:300]
        run.save(update_fields=["finished_at", "ok", "detail"])
