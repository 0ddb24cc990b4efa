"""Reading governance records, always scoped to the user's partnership in the query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from safeguard.core.figures import Figure, period_bounds
from safeguard.core.registry import report_label
from safeguard.core.retention import past_retention
from safeguard.governance.models import (
    ANONYMISED_DOMAIN,
    CLOSED_STATUSES,
    ActionItem,
    ActionStatus,
    ActionUpdate,
    AgendaItem,
    Attendance,
    BulletinIssue,
    BulletinSection,
    BulletinStatus,
    Meeting,
    MeetingStatus,
    Subscriber,
    TermsOfReference,
)
from safeguard.governance.rules import effective_due_date, is_overdue
from safeguard.intelligence import selectors as intelligence_selectors
from safeguard.partnership.models import Group, GroupKind, Partnership, User
from safeguard.partnership.roles import Perm
from safeguard.performance import selectors as performance_selectors
from safeguard.performance.models import Theme
from safeguard.performance.scoring import Rag
from safeguard.performance.selectors import ScoreRow


def _partnership_id(user: User, perm: Perm) -> int | None:
    if user.agency is None or not user.can(perm):
        return None
    return user.agency.partnership_id


def groups_for_user(user: User) -> QuerySet[Group]:
    """Groups serving the user's partnership, joint groups included."""
    pid = _partnership_id(user, Perm.VIEW_GOVERNANCE)
    if pid is None:
        return Group.objects.none()
    return Group.objects.filter(partnerships__id=pid, is_active=True).distinct().order_by("kind", "name")


def get_group_for_user(user: User, pk: int) -> Group:
    return get_object_or_404(groups_for_user(user), pk=pk)


def meetings_for_user(user: User) -> QuerySet[Meeting]:
    pid = _partnership_id(user, Perm.VIEW_GOVERNANCE)
    if pid is None:
        return Meeting.objects.none()
    ids = Meeting.objects.filter(group__partnerships__id=pid).values("pk")
    return Meeting.objects.filter(pk__in=ids).select_related("group")


def upcoming_meetings(meetings: QuerySet[Meeting], *, now: dt.datetime, limit: int = 10) -> QuerySet[Meeting]:
    return meetings.filter(starts_at__gte=now).order_by("starts_at")[:limit]


def recent_meetings(meetings: QuerySet[Meeting], *, now: dt.datetime, limit: int = 10) -> QuerySet[Meeting]:
    return meetings.filter(starts_at__lt=now).order_by("-starts_at")[:limit]


def group_meetings(group: Group) -> QuerySet[Meeting]:
    """A group the user may see (get_group_for_user) has all its meetings shown, latest first."""
    return Meeting.objects.filter(group=group).order_by("-starts_at")


def last_held_meeting(group: Group) -> Meeting | None:
    return group_meetings(group).filter(status=MeetingStatus.HELD).first()


def get_meeting_for_user(user: User, pk: int) -> Meeting:
    return get_object_or_404(meetings_for_user(user), pk=pk)


def get_agenda_item_for_user(user: User, pk: int) -> AgendaItem:
    return get_object_or_404(AgendaItem.objects.filter(meeting__in=meetings_for_user(user)), pk=pk)


def actions_for_user(user: User) -> QuerySet[ActionItem]:
    pid = _partnership_id(user, Perm.VIEW_GOVERNANCE)
    if pid is None:
        return ActionItem.objects.none()
    ids = ActionItem.objects.filter(group__partnerships__id=pid).values("pk")
    return ActionItem.objects.filter(pk__in=ids).select_related("group", "owner", "owner_agency", "meeting")


def get_action_for_user(user: User, pk: int) -> ActionItem:
    return get_object_or_404(actions_for_user(user), pk=pk)


def open_actions(actions: QuerySet[ActionItem]) -> QuerySet[ActionItem]:
    return actions.exclude(status__in=CLOSED_STATUSES)


def overdue(actions: QuerySet[ActionItem], *, today: dt.date | None = None) -> list[ActionItem]:
    """Overdue actions, by the rule in ``rules.is_overdue`` (a due date on a non-working day moves on)."""
    today = today or timezone.localdate()
    # Narrow in the database (due before today), then apply the working-day rule to the few left.
    candidates = actions.exclude(status__in=CLOSED_STATUSES).filter(due_on__lt=today)
    return [a for a in candidates if is_overdue(due_on=a.due_on, status=a.status, today=today)]


def group_actions_for_user(user: User, group: Group) -> QuerySet[ActionItem]:
    """The group's actions, as far as the user may see actions at all."""
    return actions_for_user(user).filter(group=group)


def actions_owned_by(actions: QuerySet[ActionItem], user: User) -> QuerySet[ActionItem]:
    """Of these actions, the ones the user owns."""
    return actions.filter(owner=user)


def meeting_attendance(meeting: Meeting) -> QuerySet[Attendance]:
    return meeting.attendance.select_related("agency")


def meeting_actions(meeting: Meeting) -> QuerySet[ActionItem]:
    """Actions agreed at this meeting, with their owners for the table."""
    return meeting.actions.select_related("owner", "owner_agency")


def action_updates(action: ActionItem) -> QuerySet[ActionUpdate]:
    return action.updates.select_related("author")


def overdue_actions_owned_by(user: User, *, today: dt.date | None = None) -> list[ActionItem]:
    """The user's own overdue actions, for their dashboard, whatever their role."""
    own = ActionItem.objects.filter(owner=user).select_related("group", "owner_agency")
    return overdue(own, today=today)


def overdue_actions_for_meeting(meeting: Meeting) -> list[ActionItem]:
    """Actions of the meeting's group that will be overdue on the day it meets: its standing agenda item."""
    day = timezone.localtime(meeting.starts_at).date()
    group_actions = ActionItem.objects.filter(group=meeting.group).select_related("owner", "owner_agency")
    return overdue(group_actions, today=day)


def next_meeting(group: Group) -> Meeting | None:
    return (
        Meeting.objects.filter(group=group, status=MeetingStatus.PLANNED, starts_at__gte=timezone.now())
        .order_by("starts_at")
        .first()
    )


def action_status_tag(action: ActionItem, *, today: dt.date | None = None) -> tuple[str, str]:
    """The words and colour code of an action's status tag."""
    today = today or timezone.localdate()
    if is_overdue(due_on=action.due_on, status=action.status, today=today):
        return "Overdue", "overdue"
    if not action.is_closed and effective_due_date(action.due_on) - today <= dt.timedelta(days=7):
        return "Due soon", "due_soon"
    return action.get_status_display(), {"complete": "done", "cancelled": "grey"}.get(action.status, "open")


# The bulletin


def published_issues(partnership: Partnership) -> QuerySet[BulletinIssue]:
    return BulletinIssue.objects.filter(partnership=partnership, status=BulletinStatus.PUBLISHED).select_related(
        "board"
    )


def partnerships_with_bulletins() -> QuerySet[Partnership]:
    """Partnerships with at least one published bulletin: public information."""
    return Partnership.objects.filter(bulletin_issues__status=BulletinStatus.PUBLISHED).distinct()


def partnership_or_none(pk: int) -> Partnership | None:
    return Partnership.objects.filter(pk=pk).first()


def next_section_order(issue: BulletinIssue) -> int:
    """Where a new section goes: after the others, leaving room to move one between."""
    return (issue.sections.count() + 1) * 10


def get_public_issue(user: User | None, *, partnership: Partnership, number: int) -> BulletinIssue:
    """A published issue for anyone; a draft only for a bulletin manager of that partnership, else 404."""
    issue = get_object_or_404(
        BulletinIssue.objects.select_related("board", "partnership"), partnership=partnership, number=number
    )
    if issue.is_published:
        return issue
    if user is not None and _partnership_id(user, Perm.MANAGE_GOVERNANCE) == partnership.pk:
        return issue
    raise Http404("No such bulletin")


def issues_for_manager(user: User) -> QuerySet[BulletinIssue]:
    pid = _partnership_id(user, Perm.MANAGE_GOVERNANCE)
    if pid is None:
        return BulletinIssue.objects.none()
    return BulletinIssue.objects.filter(partnership_id=pid).select_related("board", "partnership")


def get_issue_for_manager(user: User, pk: int) -> BulletinIssue:
    return get_object_or_404(issues_for_manager(user), pk=pk)


def get_section_for_manager(user: User, issue: BulletinIssue, pk: int) -> BulletinSection:
    return get_object_or_404(BulletinSection.objects.filter(issue=issue), pk=pk)


def boards_for_manager(user: User) -> QuerySet[Group]:
    pid = _partnership_id(user, Perm.MANAGE_GOVERNANCE)
    if pid is None:
        return Group.objects.none()
    return Group.objects.filter(partnerships__id=pid, kind="board", is_active=True).distinct()


def active_subscribers(partnership: Partnership) -> QuerySet[Subscriber]:
    return Subscriber.objects.filter(partnership=partnership, unsubscribed_at__isnull=True)


def subscription_of(user: User) -> Subscriber | None:
    if user.agency is None or not user.email:
        return None
    return Subscriber.objects.filter(
        Q(user=user) | Q(email=user.email.lower()), partnership_id=user.agency.partnership_id
    ).first()


def subscriber_count(user: User) -> int:
    pid = _partnership_id(user, Perm.MANAGE_GOVERNANCE)
    if pid is None:
        return 0
    return Subscriber.objects.filter(partnership_id=pid, unsubscribed_at__isnull=True).count()


def figure_governance_actions_overdue(
    *, partnership: Partnership, period_start: dt.date, period_end: dt.date
) -> Figure:
    """Of the actions still open at the end of the period, how many were overdue then.

    An action completed after the period ended counts as open at its end; a cancelled
    one has no date, so it never counts.
    """
    period_start, period_end = period_bounds(period_start, period_end)
    end_of_period = timezone.make_aware(dt.datetime.combine(period_end + dt.timedelta(days=1), dt.time.min))
    ids = ActionItem.objects.filter(group__partnerships=partnership, created_at__lt=end_of_period).values("pk")
    open_at_end = ActionItem.objects.filter(pk__in=ids).filter(
        Q(status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS])
        | Q(status=ActionStatus.COMPLETE, completed_on__gt=period_end)
    )
    late = sum(1 for a in open_at_end if is_overdue(due_on=a.due_on, status=ActionStatus.OPEN, today=period_end))
    return Figure(numerator=late, denominator=open_at_end.count())


# The chair's view: how the partnership is doing, in under a minute


def report_link(item: AgendaItem) -> tuple[str, str]:
    """The link and the plain name of the report an agenda item attaches, or two empty strings."""
    if not item.report_url_name:
        return "", ""
    try:
        url = reverse(item.report_url_name)
    except NoReverseMatch:
        return "", ""
    return (f"{url}?{item.report_query}" if item.report_query else url), report_label(item.report_url_name)


def agenda_with_reports(meeting: Meeting) -> list[tuple[AgendaItem, str, str]]:
    return [(item, *report_link(item)) for item in meeting.agenda_items.select_related("presenter_agency")]


def latest_terms(group: Group) -> list[TermsOfReference]:
    """Every version of the group's terms of reference, newest first."""
    return list(TermsOfReference.objects.filter(group=group))


def terms_review_overdue(terms: TermsOfReference | None, *, today: dt.date | None = None) -> bool:
    return bool(terms and terms.review_by and terms.review_by < (today or timezone.localdate()))


def groups_with_terms_overdue(groups: QuerySet[Group], *, today: dt.date | None = None) -> set[int]:
    """Groups whose current terms of reference are past their review date."""
    today = today or timezone.localdate()
    newest: dict[int, TermsOfReference] = {}
    for terms in TermsOfReference.objects.filter(group__in=groups).order_by("group_id", "-version"):
        newest.setdefault(terms.group_id, terms)
    return {group_id for group_id, terms in newest.items() if terms_review_overdue(terms, today=today)}


@dataclass(frozen=True)
class Headline:
    title: str
    value: str
    detail: str
    url_name: str


@dataclass
class BoardOverview:
    month: dt.date
    attention: list[ScoreRow]
    """Red indicators and any that got worse, red first: what the chair asks about."""
    overdue_actions: list[ActionItem]
    next_meeting: Meeting | None
    papers: list[tuple[AgendaItem, str, str]]
    headlines: list[Headline] = field(default_factory=list)


def _last_quarter(today: dt.date) -> tuple[dt.date, dt.date]:
    this_quarter = dt.date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    start = (this_quarter - dt.timedelta(days=1)).replace(day=1)
    start = start.replace(month=(start.month - 1) // 3 * 3 + 1)
    return start, this_quarter - dt.timedelta(days=1)


def next_board_meeting(user: User) -> Meeting | None:
    """The next planned meeting of a board the user can see (sub-groups have their own pages)."""
    return (
        meetings_for_user(user)
        .filter(group__kind=GroupKind.BOARD, status=MeetingStatus.PLANNED, starts_at__gte=timezone.now())
        .order_by("starts_at")
        .first()
    )


def board_overview(user: User, *, today: dt.date | None = None) -> BoardOverview | None:
    """Aggregate figures only: no child is named, so the chair's page needs no audit of a view."""
    if user.agency is None or not (user.can(Perm.VIEW_SCORECARD) and user.can(Perm.VIEW_GOVERNANCE)):
        return None
    today = today or timezone.localdate()
    partnership = user.agency.partnership
    month = performance_selectors.default_month(today)
    rows = performance_selectors.scorecard(partnership=partnership, month=month, trend_periods=2)
    attention = [row for row in rows if row.rag == Rag.RED or row.direction.worse]
    attention.sort(key=lambda row: (row.rag != Rag.RED, row.indicator.name))
    meeting = next_board_meeting(user)
    headlines = [
        Headline(
            row.indicator.name,
            row.value_text,
            f"{row.period_label}. {row.direction.text}.",
            "performance:scorecard",
        )
        for row in rows
        if row.indicator.theme == Theme.MISSING
    ]
    start, end = _last_quarter(today)
    themes = intelligence_selectors.themes_for_partnership(partnership=partnership, period_start=start, period_end=end)
    biggest = max((cell for cell in themes.by_category if not cell.suppressed), key=lambda c: c.count, default=None)
    headlines.append(
        Headline(
            "Soft intelligence about exploitation",
            themes.total.shown,
            f"Submitted {start:%B} to {end:%B %Y}"
            + (f"; most often {biggest.label.lower()} ({biggest.shown})." if biggest and biggest.count else "."),
            "intelligence:themes",
        )
    )
    return BoardOverview(
        month=month,
        attention=attention,
        overdue_actions=overdue(actions_for_user(user), today=today),
        next_meeting=meeting,
        papers=agenda_with_reports(meeting) if meeting else [],
        headlines=headlines,
    )


# --- retention ----------------------------------------------------------------------------------------------


def subscribers_past_retention(
    *, partnership: Partnership, trigger: str, before: dt.date, today: dt.date
) -> QuerySet[Subscriber]:
    """Bulletin subscribers past their time; one already anonymised is not a candidate again."""
    return past_retention(
        Subscriber.objects.filter(partnership=partnership).exclude(email__endswith=ANONYMISED_DOMAIN),
        trigger=trigger,
        before=before,
        today=today,
        created="subscribed_at",
        closed="unsubscribed_at",
    )
