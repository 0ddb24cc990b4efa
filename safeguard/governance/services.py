"""Every change to meetings, the action log and the bulletin: one function each, atomic and audited."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.core.retention import audit_disposal
from safeguard.governance.models import (
    ANONYMISED_DOMAIN,
    ActionItem,
    ActionStatus,
    ActionUpdate,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    BulletinIssue,
    BulletinSection,
    BulletinStatus,
    Decision,
    Headline,
    Meeting,
    MeetingCycle,
    MeetingStatus,
    Subscriber,
    TermsOfReference,
)
from safeguard.partnership.models import Agency, Group, GroupRole, Partnership, User


class GovernanceError(ValueError):
    """A change the rules refuse; the message is shown to the user."""


def terms_agree(
    *,
    actor: User | None,
    group: Group,
    agreed_on: dt.date,
    purpose: str,
    meeting_cycle: MeetingCycle,
    review_by: dt.date | None = None,
) -> TermsOfReference:
    """Record a new version of a group's terms of reference; earlier versions stay as they were."""
    with transaction.atomic():
        # Lock the group so two people agreeing terms at once cannot take the same version number.
        Group.objects.select_for_update().filter(pk=group.pk).first()
        latest = TermsOfReference.objects.filter(group=group).aggregate(v=Max("version"))["v"] or 0
        terms = TermsOfReference.objects.create(
            group=group,
            version=latest + 1,
            agreed_on=agreed_on,
            purpose=purpose,
            meeting_cycle=meeting_cycle,
            review_by=review_by,
            created_by=actor,
        )
        audit_record(actor=actor, action=Action.CREATE, target=terms, summary=f"Agreed {terms}")
    return terms


def meeting_schedule(*, actor: User | None, group: Group, starts_at: dt.datetime, location: str = "") -> Meeting:
    if timezone.is_naive(starts_at):
        raise GovernanceError("A meeting time must include its time zone")
    with transaction.atomic():
        meeting = Meeting.objects.create(group=group, starts_at=starts_at, location=location)
        audit_record(actor=actor, action=Action.CREATE, target=meeting, summary=f"Scheduled {meeting}")
    return meeting


def agenda_item_add(
    *,
    actor: User | None,
    meeting: Meeting,
    title: str,
    presenter: str = "",
    presenter_agency: Agency | None = None,
    paper: UploadedFile | None = None,
    report_url_name: str = "",
    report_query: str = "",
) -> AgendaItem:
    with transaction.atomic():
        order = (meeting.agenda_items.aggregate(o=Max("order"))["o"] or 0) + 1
        item = AgendaItem(
            meeting=meeting,
            order=order,
            title=title,
            presenter=presenter,
            presenter_agency=presenter_agency,
            report_url_name=report_url_name,
            report_query=report_query.lstrip("?"),
        )
        if paper is not None:
            item.paper_name = (paper.name or "paper")[:200]
            item.paper.save(paper.name or "paper", paper, save=False)
        item.save()
        audit_record(actor=actor, action=Action.CREATE, target=item, summary=f"Added agenda item {title!r}")
    return item


def attendance_record(
    *, actor: User | None, meeting: Meeting, agency: Agency, name: str, status: AttendanceStatus
) -> Attendance:
    if not agency.partnership.groups.filter(pk=meeting.group_id).exists():
        raise GovernanceError("That agency is not part of a partnership this group serves")
    with transaction.atomic():
        row = Attendance.objects.create(meeting=meeting, agency=agency, name=name, status=status)
        audit_record(actor=actor, action=Action.CREATE, target=row, summary=f"Recorded attendance: {row}")
    return row


def minutes_record(*, actor: User, meeting: Meeting, minutes: str, agreed_on: dt.date | None = None) -> Meeting:
    with transaction.atomic():
        meeting.minutes = minutes
        meeting.minutes_agreed_on = agreed_on
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["minutes", "minutes_agreed_on", "status"])
        audit_record(actor=actor, action=Action.UPDATE, target=meeting, summary=f"Recorded minutes of {meeting}")
    return meeting


def meeting_mark_held(*, actor: User | None, meeting: Meeting) -> Meeting:
    with transaction.atomic():
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status"])
        audit_record(actor=actor, action=Action.UPDATE, target=meeting, summary=f"Marked {meeting} as held")
    return meeting


def decision_record(*, actor: User | None, meeting: Meeting, text: str) -> Decision:
    with transaction.atomic():
        decision = Decision.objects.create(meeting=meeting, text=text)
        audit_record(actor=actor, action=Action.DECIDE, target=decision, summary=f"Recorded a decision of {meeting}")
    return decision


def headline_agree(*, actor: User | None, meeting: Meeting, title: str, text: str) -> Headline:
    with transaction.atomic():
        order = (meeting.headlines.aggregate(o=Max("order"))["o"] or 0) + 1
        headline = Headline.objects.create(meeting=meeting, order=order, title=title, text=text)
        audit_record(actor=actor, action=Action.CREATE, target=headline, summary=f"Agreed headline {title!r}")
    return headline


def action_create(
    *,
    actor: User | None,
    group: Group,
    description: str,
    owner: User,
    due_on: dt.date,
    meeting: Meeting | None = None,
) -> ActionItem:
    if owner.agency is None:
        raise GovernanceError("The owner must belong to an agency")
    if not group.partnerships.filter(pk=owner.agency.partnership_id).exists():
        raise GovernanceError("The owner must work in a partnership this group serves")
    with transaction.atomic():
        action = ActionItem.objects.create(
            group=group, meeting=meeting, description=description, owner=owner, owner_agency=owner.agency, due_on=due_on
        )
        audit_record(actor=actor, action=Action.CREATE, target=action, summary=f"Logged action for {owner}")
    return action


def action_update(
    *, actor: User | None, action: ActionItem, text: str, status: ActionStatus, today: dt.date | None = None
) -> ActionUpdate:
    """Append an update; the action takes the update's status, and a completion date when it completes."""
    with transaction.atomic():
        update = ActionUpdate.objects.create(action=action, author=actor, text=text, status=status)
        action.status = status
        action.completed_on = (today or timezone.localdate()) if status == ActionStatus.COMPLETE else None
        action.save(update_fields=["status", "completed_on"])
        audit_record(actor=actor, action=Action.UPDATE, target=action, summary=f"Action update: {status.label}"[:500])
    return update


def _default_introduction(board: Group) -> str:
    # The meeting date is a standing line under the introduction, so it is not repeated here.
    return (
        f"Welcome to this bulletin from the {board.name}. The board brings together leaders from the local "
        "authority, police, health, education, housing, probation and voluntary services, who all share a "
        "duty to safeguard children and promote their welfare. It meets every two months to make sure "
        "safeguarding practice is well coordinated and meets the needs of children in the area."
    )


def _chair_of(board: Group) -> str:
    chair = board.memberships.filter(role=GroupRole.CHAIR).select_related("user").first()
    return chair.user.display_name() if chair else ""


def _contact_of(board: Group) -> str:
    unit = board.business_unit
    if unit is None:
        return ""
    parts = [f"The board is supported by the {unit.name}."]
    if unit.phone:
        parts.append(f"For more information call the team on {unit.phone}")
    if unit.website:
        parts.append(
            f"or visit [our website]({unit.website})" if unit.phone else f"Visit [our website]({unit.website})"
        )
    return " ".join(parts) + ("." if unit.phone or unit.website else "")


def bulletin_compose(
    *,
    actor: User | None,
    partnership: Partnership,
    board: Group,
    issue_date: dt.date | None = None,
    number: int | None = None,
) -> BulletinIssue:
    """Start a draft issue from the board's latest held meeting's headlines, with the standing items filled in.

    ``number`` is only for carrying on a numbering begun before Safeguard; by default issues follow on.
    """
    if not board.partnerships.filter(pk=partnership.pk).exists():
        raise GovernanceError("That board does not serve this partnership")
    meeting = Meeting.objects.filter(group=board, status=MeetingStatus.HELD).order_by("-starts_at").first()
    if meeting is None or not meeting.headlines.exists():
        raise GovernanceError("The board has no held meeting with agreed headlines to publish")
    with transaction.atomic():
        # Lock the partnership row so two issues composed at once cannot take the same number.
        Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
        latest = BulletinIssue.objects.filter(partnership=partnership).aggregate(n=Max("number"))["n"] or 0
        if number is not None and number <= latest:
            raise GovernanceError(f"Issue numbers must follow on from issue {latest}")
        number = number or latest + 1
        issue = BulletinIssue.objects.create(
            partnership=partnership,
            board=board,
            meeting=meeting,
            number=number,
            issue_date=issue_date or timezone.localdate(),
            introduction=_default_introduction(board),
            chair_name=_chair_of(board),
            contact_text=_contact_of(board),
        )
        for headline in meeting.headlines.all():
            BulletinSection.objects.create(
                issue=issue, order=headline.order, heading=headline.title, body=headline.text, headline=headline
            )
        audit_record(actor=actor, action=Action.CREATE, target=issue, summary=f"Composed bulletin issue {number}")
    return issue


def _refuse_if_published(issue: BulletinIssue) -> None:
    if issue.is_published:
        raise GovernanceError("This issue has been published and can no longer be changed")


def bulletin_update(
    *,
    actor: User,
    issue: BulletinIssue,
    issue_date: dt.date,
    introduction: str,
    chair_name: str,
    contact_text: str,
) -> BulletinIssue:
    _refuse_if_published(issue)
    with transaction.atomic():
        issue.issue_date = issue_date
        issue.introduction = introduction
        issue.chair_name = chair_name
        issue.contact_text = contact_text
        issue.save(update_fields=["issue_date", "introduction", "chair_name", "contact_text"])
        audit_record(actor=actor, action=Action.UPDATE, target=issue, summary=f"Edited bulletin issue {issue.number}")
    return issue


def bulletin_section_save(
    *,
    actor: User | None,
    issue: BulletinIssue,
    heading: str,
    body: str,
    order: int,
    section: BulletinSection | None = None,
) -> BulletinSection:
    _refuse_if_published(issue)
    with transaction.atomic():
        if section is None:
            section = BulletinSection.objects.create(issue=issue, heading=heading, body=body, order=order)
            verb = Action.CREATE
        else:
            section.heading, section.body, section.order = heading, body, order
            section.save(update_fields=["heading", "body", "order"])
            verb = Action.UPDATE
        audit_record(actor=actor, action=verb, target=section, summary=f"Bulletin {issue.number} section {heading!r}")
    return section


def bulletin_section_delete(*, actor: User, section: BulletinSection) -> None:
    _refuse_if_published(section.issue)
    with transaction.atomic():
        audit_record(actor=actor, action=Action.DELETE, target=section, summary=f"Removed section {section.heading!r}")
        section.delete()


def bulletin_publish(*, actor: User | None, issue: BulletinIssue) -> BulletinIssue:
    """Publish the issue: it becomes public, joins the archive, and is emailed to subscribers after commit."""
    # Imported here because the mailer task records its sends through this module.
    from safeguard.governance.tasks import send_bulletin

    if not issue.sections.exists():
        raise GovernanceError("Add at least one section before publishing")
    with transaction.atomic():
        # Checked on the locked row: two publishes at once (a double click) must email subscribers once.
        _refuse_if_published(BulletinIssue.objects.select_for_update().get(pk=issue.pk))
        issue.status = BulletinStatus.PUBLISHED
        issue.published_at = timezone.now()
        issue.save(update_fields=["status", "published_at"])
        audit_record(
            actor=actor, action=Action.UPDATE, target=issue, summary=f"Published bulletin issue {issue.number}"
        )
        issue_pk = issue.pk
        # Only once the publication is committed: a rolled-back issue must never reach an inbox.
        transaction.on_commit(lambda: send_bulletin.enqueue(issue_pk))
    return issue


def bulletin_record_emailed(*, issue: BulletinIssue, count: int) -> None:
    with transaction.atomic():
        issue.emailed_count = count
        issue.save(update_fields=["emailed_count"])
        audit_record(
            actor=None,
            action=Action.SHARE,
            target=issue,
            actor_username="bulletin mailer",
            summary=f"Emailed bulletin issue {issue.number} to {count} subscribers",
        )


def subscribe(*, actor: User | None, partnership: Partnership, email: str) -> Subscriber:
    email = email.strip().lower()
    with transaction.atomic():
        subscriber, created = Subscriber.objects.select_for_update().get_or_create(
            partnership=partnership, email=email, defaults={"user": actor}
        )
        if not created and subscriber.unsubscribed_at is not None:
            subscriber.unsubscribed_at = None
            subscriber.subscribed_at = timezone.now()
            subscriber.save(update_fields=["unsubscribed_at", "subscribed_at"])
        audit_record(actor=actor, action=Action.CREATE, target=subscriber, summary="Subscribed to the bulletin")
    return subscriber


def unsubscribe(*, subscriber: Subscriber, actor: User | None = None) -> Subscriber:
    with transaction.atomic():
        if subscriber.unsubscribed_at is None:
            subscriber.unsubscribed_at = timezone.now()
            subscriber.save(update_fields=["unsubscribed_at"])
            audit_record(
                actor=actor,
                action=Action.UPDATE,
                target=subscriber,
                actor_username="" if actor else "unsubscribe link",
                summary="Unsubscribed from the bulletin",
            )
    return subscriber


# --- retention ----------------------------------------------------------------------------------------------


def subscriber_retention_delete(*, subscriber: Subscriber, by: str) -> None:
    """Delete a bulletin subscriber past their retention period; audited by kind and id, not address."""
    with transaction.atomic():
        pk = subscriber.pk
        subscriber.delete()
        audit_disposal(by=by, record=subscriber, pk=pk)


def subscriber_retention_anonymise(*, subscriber: Subscriber, by: str) -> None:
    """Strip the address and account of a subscriber past their time; the row stays to count readers."""
    with transaction.atomic():
        subscriber.email = f"removed-{subscriber.pk}{ANONYMISED_DOMAIN}"
        subscriber.user = None
        subscriber.save(update_fields=["email", "user"])
        audit_disposal(by=by, record=subscriber, pk=subscriber.pk, anonymised=True)
