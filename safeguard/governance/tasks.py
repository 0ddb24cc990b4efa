"""Background work: emailing a published bulletin to its subscribers, and owners of overdue actions."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from safeguard.core.notify import send_email
from safeguard.governance import selectors, services
from safeguard.governance.models import BulletinIssue
from safeguard.governance.tokens import CONFIRM_DAYS, confirm_token, unsubscribe_token
from safeguard.partnership.models import Partnership


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@task()
def send_bulletin(issue_pk: int) -> int:
    """Send one email per subscriber, each with its own one-click unsubscribe link (RFC 8058)."""
    issue = BulletinIssue.objects.select_related("board", "partnership").get(pk=issue_pk)
    if not issue.is_published:
        return 0
    issue_url = _absolute(
        reverse("governance:bulletin", kwargs={"partnership": issue.partnership.slug, "number": issue.number})
    )
    sections = list(issue.sections.all())
    sent = 0
    with get_connection() as connection:
        for subscriber in selectors.active_subscribers(issue.partnership):
            unsubscribe_url = _absolute(
                reverse("governance:unsubscribe", kwargs={"token": unsubscribe_token(subscriber)})
            )
            context = {
                "issue": issue,
                "sections": sections,
                "issue_url": issue_url,
                "unsubscribe_url": unsubscribe_url,
            }
            message = EmailMultiAlternatives(
                subject=f"{issue.board.name}: bulletin issue {issue.number}",
                body=render_to_string("governance/email/bulletin.txt", context),
                to=[subscriber.email],
                headers={
                    "List-Unsubscribe": f"<{unsubscribe_url}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
                connection=connection,
            )
            message.attach_alternative(render_to_string("governance/email/bulletin.html", context), "text/html")
            message.send()
            sent += 1
    services.bulletin_record_emailed(issue=issue, count=sent)
    return sent


@task()
def send_confirmation(partnership_pk: int, email: str) -> None:
    """Ask the reader to confirm their sign-up; nothing is stored until they do."""
    partnership = Partnership.objects.get(pk=partnership_pk)
    url = _absolute(
        reverse("governance:confirm", kwargs={"token": confirm_token(partnership_id=partnership.pk, email=email)})
    )
    EmailMultiAlternatives(
        subject=f"Confirm your subscription to the {partnership.name} bulletin",
        body=(
            f"Someone, probably you, asked for the {partnership.name} bulletin to be emailed to this address.\n\n"
            f"To confirm, open this link within {CONFIRM_DAYS} days: {url}\n\n"
            "If it was not you, ignore this email and nothing will be sent."
        ),
        to=[email],
    ).send()


def remind_overdue_actions(*, today: dt.date | None = None) -> int:
    """Email each owner of an overdue action how many they have; returns how many owners were emailed.

    Run by ``safeguard scheduler``. The email gives a count and a link, not the actions'
    wording, which can describe a case.
    """
    from safeguard.governance.models import ActionItem

    late = selectors.overdue(ActionItem.objects.filter(owner__is_active=True).select_related("owner"), today=today)
    by_owner: dict[str, int] = {}
    for action in late:
        if action.owner.email:
            by_owner[action.owner.email] = by_owner.get(action.owner.email, 0) + 1
    link = _absolute(reverse("governance:actions"))
    emailed = 0
    for address, count in sorted(by_owner.items()):
        subject = f"You have {count} overdue action{'s' if count != 1 else ''}"
        body = f"{subject} on the partnership's action log.\n\nSign in to update them: {link}\n"
        emailed += 1 if send_email(to=[address], subject=subject, body=body) else 0
    return emailed
