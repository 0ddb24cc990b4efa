"""Operational bookkeeping: which processes are alive and which scheduled jobs have run.

Neither holds personal data. Heartbeats are not audited (one every few seconds would
drown the trail); the jobs a scheduler runs audit their own changes.
"""

from __future__ import annotations

from django.db import models


class Heartbeat(models.Model):
    """The last sign of life from one worker or scheduler process."""

    role = models.CharField(max_length=20)
    instance = models.CharField(max_length=200, help_text="host and process id")
    beat_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["role", "instance"], name="ops_one_heartbeat_per_process")]

    def __str__(self) -> str:
        return f"{self.role} {self.instance}"


class JobRun(models.Model):
    """One claimed run of a scheduled job. The unique (job, slot) is what stops two schedulers both running it."""

    job = models.CharField(max_length=60)
    slot = models.CharField(max_length=40, help_text="the scheduled time this run is for")
    claimed_by = models.CharField(max_length=200)
    claimed_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    ok = models.BooleanField(null=True)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="ops_one_run_per_job_slot")]
        ordering = ["-claimed_at"]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot}"
