"""Reading reviews. A review names a child, so it is read only by its named members; everyone else with
``VIEW_REVIEW_PROGRESS`` (the board, the business unit, auditors) reads ``ReviewProgress``, which has no names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from safeguard.governance.models import ActionStatus
from safeguard.partnership.models import Group, Partnership, User
from safeguard.partnership.roles import Perm
from safeguard.partnership.selectors import active_users
from safeguard.reviews.models import LcsprDecision, LearningAction, LearningBriefing, Review, ReviewMember, Stage
from safeguard.reviews.rules import Deadline, Timeliness, timeliness


def _partnership_id(user: User, perm: Perm) -> int | None:
    if user.agency is None or not user.can(perm):
        return None
    return user.agency.partnership_id


def reviews_for_member(user: User) -> QuerySet[Review]:
    """The reviews the user is named on, in their own partnership: the only way to a review's child."""
    pid = _partnership_id(user, Perm.WORK_ON_REVIEWS)
    if pid is None:
        return Review.objects.none()
    return Review.objects.filter(partnership_id=pid, members__user=user).select_related("subject").distinct()


def get_review_for_member(user: User, pk: int) -> Review:
    return get_object_or_404(reviews_for_member(user), pk=pk)


def get_review_for_manager(user: User, pk: int) -> Review:
    """A review of the manager's partnership, whether or not they are named on it: for joining it only,
    so what it shows is the reference, never the child (``reviews_for_member`` is still the way in)."""
    pid = _partnership_id(user, Perm.MANAGE_REVIEWS)
    return get_object_or_404(
        Review.objects.filter(partnership_id=pid) if pid is not None else Review.objects.none(), pk=pk
    )


def joinable_review_ids(user: User) -> set[int]:
    """Reviews of the manager's partnership they are not named on, and so may add themselves to."""
    pid = _partnership_id(user, Perm.MANAGE_REVIEWS)
    if pid is None:
        return set()
    return set(Review.objects.filter(partnership_id=pid).exclude(members__user=user).values_list("pk", flat=True))


def get_learning_for_member(user: User, pk: int) -> LearningAction:
    return get_object_or_404(
        LearningAction.objects.filter(review__in=reviews_for_member(user)).select_related(
            "review", "action", "action__owner", "action__owner_agency", "action__group"
        ),
        pk=pk,
    )


def deadlines(review: Review, *, today: dt.date | None = None) -> list[Deadline]:
    """The review's statutory deadlines so far, each with whether it was met."""
    today = today or timezone.localdate()
    found = [
        Deadline(
            "Notify the Panel",
            review.notification_due_on,
            review.notified_on,
            timeliness(due_on=review.notification_due_on, done_on=review.notified_on, today=today),
        )
    ]
    if review.rapid_review_due_on is not None:
        found.append(
            Deadline(
                "Send the rapid review to the Panel",
                review.rapid_review_due_on,
                review.rapid_review_sent_on,
                timeliness(due_on=review.rapid_review_due_on, done_on=review.rapid_review_sent_on, today=today),
            )
        )
    if review.decision == LcsprDecision.COMMISSION and review.report_due_on is not None:
        found.append(
            Deadline(
                "Publish the local review",
                review.report_due_on,
                review.published_on,
                timeliness(due_on=review.report_due_on, done_on=review.published_on, today=today),
            )
        )
    return found


@dataclass(frozen=True)
class LearningRow:
    learning: LearningAction
    tag: str
    colour: str


def learning_rows(review: Review, *, today: dt.date | None = None) -> list[LearningRow]:
    today = today or timezone.localdate()
    rows = []
    for learning in review.learning_actions.select_related("action", "action__owner", "action__owner_agency"):
        action = learning.action
        if learning.impact_checked_on is not None:
            tag, colour = "Impact checked", "green"
        elif action.status == ActionStatus.COMPLETE and not learning.evidence:
            # Completed on the group's action log, where no evidence is asked for.
            tag, colour = "Complete, evidence missing", "yellow"
        elif action.status == ActionStatus.COMPLETE:
            tag, colour = "Complete, impact to check", "blue"
        elif action.due_on < today and not action.is_closed:
            tag, colour = "Overdue", "red"
        else:
            tag, colour = action.get_status_display(), "grey"
        rows.append(LearningRow(learning, tag, colour))
    return rows


@dataclass(frozen=True)
class ReviewProgress:
    """A review as the board sees it: its reference, stage and deadlines, and its learning, without the child."""

    pk: int
    reference: str
    stage: Stage
    became_aware_on: dt.date
    decision: str
    deadlines: list[Deadline]
    actions_total: int
    actions_complete: int
    impact_checked: int
    briefings: list[LearningBriefing]


def _progress(review: Review, today: dt.date) -> ReviewProgress:
    actions = list(review.learning_actions.select_related("action"))
    return ReviewProgress(
        pk=review.pk,
        reference=review.reference,
        stage=review.stage,
        became_aware_on=review.became_aware_on,
        decision=review.get_decision_display(),
        deadlines=deadlines(review, today=today),
        actions_total=len(actions),
        actions_complete=sum(1 for a in actions if a.action.status == ActionStatus.COMPLETE),
        impact_checked=sum(1 for a in actions if a.impact_checked_on is not None),
        briefings=list(review.briefings.all()),
    )


def progress_for_user(user: User, *, today: dt.date | None = None) -> list[ReviewProgress]:
    pid = _partnership_id(user, Perm.VIEW_REVIEW_PROGRESS)
    if pid is None:
        return []
    today = today or timezone.localdate()
    return [_progress(r, today) for r in Review.objects.filter(partnership_id=pid)]


def open_deadlines_for_member(user: User, *, today: dt.date | None = None) -> list[tuple[Review, Deadline]]:
    """Overdue and due-soon deadlines of the reviews the user works on, for their dashboard."""
    today = today or timezone.localdate()
    found = []
    for review in reviews_for_member(user).filter(closed_on__isnull=True):
        for deadline in deadlines(review, today=today):
            if deadline.state in (Timeliness.OVERDUE, Timeliness.DUE_SOON):
                found.append((review, deadline))
    return found


def progress_counts(user: User, *, today: dt.date | None = None) -> dict[str, int] | None:
    """How many open reviews have an overdue or due-soon deadline, for the board's dashboard."""
    if _partnership_id(user, Perm.VIEW_REVIEW_PROGRESS) is None:
        return None
    rows = [p for p in progress_for_user(user, today=today) if p.stage != Stage.CLOSED]
    states = [{d.state for d in p.deadlines} for p in rows]
    return {
        "open": len(rows),
        "overdue": sum(1 for s in states if Timeliness.OVERDUE in s),
        "due_soon": sum(1 for s in states if Timeliness.DUE_SOON in s and Timeliness.OVERDUE not in s),
    }


def action_groups(review: Review) -> QuerySet[Group]:
    """Groups that can carry the review's learning actions: those serving its partnership."""
    return Group.objects.filter(partnerships__id=review.partnership_id, is_active=True).distinct().order_by("name")


def review_members(review: Review) -> QuerySet[ReviewMember]:
    """Who is working on the review, with their agencies for the members table."""
    return review.members.select_related("user", "user__agency")


def possible_members(review: Review) -> list[User]:
    users = active_users(review.partnership_id)
    already = set(review.members.values_list("user_id", flat=True))
    return [u for u in users if u.can(Perm.WORK_ON_REVIEWS) and u.pk not in already]


def get_possible_member(review: Review, pk: int) -> User:
    """One of ``possible_members``, or 404."""
    for user in possible_members(review):
        if user.pk == pk:
            return user
    raise Http404("No such person can join this review")


def possible_owners(review: Review) -> QuerySet[User]:
    return active_users(review.partnership_id)


# Aggregate figures: the public API for other apps (the yearly report). No names, no references to children.


@dataclass(frozen=True)
class ReviewFigures:
    notifications: int
    notified_on_time: int
    rapid_reviews: int
    rapid_reviews_on_time: int
    lcsprs_commissioned: int
    lcsprs_published: int
    learning_actions: int
    learning_actions_complete: int
    learning_impact_checked: int
    briefings: list[tuple[str, dt.date]]


def figure_reviews(*, partnership: Partnership, period_start: dt.date, period_end: dt.date) -> ReviewFigures:
    """Serious incidents of the period (by the day the authority became aware) and what came of them."""
    reviews = list(
        Review.objects.filter(
            partnership=partnership, became_aware_on__gte=period_start, became_aware_on__lte=period_end
        )
    )
    notified = [r for r in reviews if r.notified_on is not None]
    rapid = [r for r in reviews if r.rapid_review_sent_on is not None]
    learning = list(LearningAction.objects.filter(review__in=reviews).select_related("action"))
    briefings = LearningBriefing.objects.filter(
        review__partnership=partnership, published_on__gte=period_start, published_on__lte=period_end
    )
    return ReviewFigures(
        notifications=len(notified),
        notified_on_time=sum(1 for r in notified if r.notified_on and r.notified_on <= r.notification_due_on),
        rapid_reviews=len(rapid),
        rapid_reviews_on_time=sum(
            1
            for r in rapid
            if r.rapid_review_due_on and r.rapid_review_sent_on and r.rapid_review_sent_on <= r.rapid_review_due_on
        ),
        lcsprs_commissioned=sum(1 for r in reviews if r.decision == LcsprDecision.COMMISSION),
        lcsprs_published=sum(1 for r in reviews if r.published_on is not None),
        learning_actions=len(learning),
        learning_actions_complete=sum(1 for la in learning if la.action.status == ActionStatus.COMPLETE),
        learning_impact_checked=sum(1 for la in learning if la.impact_checked_on is not None),
        briefings=[(b.title, b.published_on) for b in briefings.order_by("published_on")],
    )


def people_under_legal_hold() -> set[int]:
    """The subjects of reviews still open: their records are kept whatever the retention schedule says."""
    return set(Review.objects.filter(closed_on__isnull=True).values_list("subject_id", flat=True))
