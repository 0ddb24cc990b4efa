"""Telling an agency that uses Safeguard that a placement notice is waiting in its inbox.

The email names the kind of notice and who sent it, never the child: the details are
behind sign-in.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from safeguard.core.notify import send_email


@task()
def notify_notice_sent(notice_id: int) -> int:
    """Email the receiving agency's staff who handle placements; returns how many were emailed."""
    from safeguard.partnership.models import User
    from safeguard.partnership.roles import Perm
    from safeguard.placements.models import Notice

    notice = Notice.objects.select_related("from_agency").filter(pk=notice_id).first()
    if notice is None or notice.to_agency_id is None or notice.acknowledged_at is not None:
        return 0
    people = User.objects.filter(agency_id=notice.to_agency_id, is_active=True).exclude(email="")
    recipients = sorted({u.email for u in people if u.can(Perm.RECORD_PLACEMENTS) and not u.is_read_only})
    if not recipients:
        return 0
    link = settings.SITE_URL.rstrip("/") + reverse("placements:inbox")
    return send_email(
        to=recipients,
        subject="A placement notification is waiting for you",
        body=(
            f"{notice.from_agency.name} has sent a notice: {notice.get_kind_display().lower()}.\n\n"
            f"Sign in to see it and acknowledge it: {link}\n"
        ),
    )
