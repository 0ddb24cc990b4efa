"""Emails to the RHI provider: when an interview becomes due, and a day before its deadline.

Sent through ``core.notify`` (Django's email backend, or GOV.UK Notify when configured),
with no name or detail of the child.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend, task

from safeguard.core.notify import send_email
from safeguard.missing.clock import DUE_SOON_HOURS

logger = logging.getLogger(__name__)


def schedule_rhi_notifications(rhi_id: int, due_at: dt.datetime) -> None:
    notify_rhi_due.enqueue(rhi_id, "due")
    remind_at = due_at.astimezone(dt.UTC) - dt.timedelta(hours=DUE_SOON_HOURS)
    # The database backend can hold the reminder until a day before the deadline;
    # other backends rely on `safeguard missing_rhi_reminders` run from cron.
    if default_task_backend.supports_defer and remind_at > timezone.now():
        notify_rhi_due.using(run_after=remind_at).enqueue(rhi_id, "reminder")


@task()
def notify_rhi_due(rhi_id: int, kind: str) -> int:
    """Email the provider's practitioners; returns how many were emailed."""
    from safeguard.missing.models import ReturnInterview
    from safeguard.partnership.models import User
    from safeguard.partnership.roles import Perm

    field = "due_notified_at" if kind == "due" else "reminder_notified_at"
    with transaction.atomic():
        rhi = ReturnInterview.objects.select_for_update().select_related("episode").filter(pk=rhi_id).first()
        # Nothing to say once the interview is done, or if this email already went.
        if rhi is None or rhi.is_closed or getattr(rhi, field) is not None:
            return 0
        people = User.objects.filter(agency_id=rhi.provider_id, is_active=True).exclude(email="")
        recipients = sorted({u.email for u in people if u.can(Perm.RECORD_EPISODES)})
        if not recipients:
            logger.warning("No one at agency %s can receive RHI emails", rhi.provider_id)
            return 0
        due = timezone.localtime(rhi.due_at)
        link = settings.SITE_URL.rstrip("/") + reverse("missing:episode", args=[rhi.episode_id])
        if kind == "due":
            subject = "A return home interview is due"
            opening = "A child has returned from a missing episode and a return home interview is now due."
        else:
            subject = "A return home interview is due within 24 hours"
            opening = "A return home interview has not yet been recorded and its deadline is within 24 hours."
        body = f"{opening}\n\nIt should be done by {due:%A %-d %B %Y at %H:%M}.\n\nSign in to see the details: {link}\n"
        sent = send_email(to=recipients, subject=subject, body=body)
        setattr(rhi, field, timezone.now())
        rhi.save(update_fields=[field])
    return sent


def send_due_reminders() -> int:
    """Reminders for every open RHI whose deadline is within a day; for cron without a deferring backend."""
    from safeguard.missing.models import ReturnInterview

    soon = timezone.now() + dt.timedelta(hours=DUE_SOON_HOURS)
    ids = ReturnInterview.objects.filter(
        due_at__lte=soon, completed_at__isnull=True, reminder_notified_at__isnull=True, outcome__in=["", "accepted"]
    ).values_list("pk", flat=True)
    sent = 0
    for rhi_id in ids:
        sent += 1 if notify_rhi_due.call(rhi_id, "reminder") else 0
    return sent
