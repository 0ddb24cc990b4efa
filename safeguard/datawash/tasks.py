"""The background task that runs a wash (django-tasks; a database worker in production)."""

from __future__ import annotations

from django_tasks import task

from safeguard.datawash.services import run_execute


@task()
def wash_run_task(run_id: int) -> str:
    run = run_execute(run_id=run_id)
    return str(run.status)
