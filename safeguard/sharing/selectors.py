"""Reading sharing decisions (scoped to the user's agency) and briefings (to their partnership)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Model, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from safeguard.core.figures import Figure, period_bounds
from safeguard.core.retention import past_retention
from safeguard.partnership.models import Partnership, User
from safeguard.partnership.roles import Perm
from safeguard.people.models import Person
from safeguard.sharing.models import Briefing, BriefingStatus, Consent, Decision, DecisionReview, SharingDecision


def decisions_for_user(user: User) -> QuerySet[SharingDecision]:
    """A practitioner's agency's decisions; decisions are the agency's record, not the individual's."""
    if user.agency is None or not (user.can(Perm.RECORD_SHARING) or user.can(Perm.REVIEW_SHARING)):
        return SharingDecision.objects.none()
    return SharingDecision.objects.filter(agency=user.agency).select_related(
        "person", "recorded_by", "agency", "supersedes", "guidance"
    )


def get_decision_for_user(user: User, pk: int) -> SharingDecision:
    return get_object_or_404(decisions_for_user(user), pk=pk)


def current_decisions(scope: QuerySet[SharingDecision]) -> QuerySet[SharingDecision]:
    return scope.filter(superseded_by__isnull=True)


@dataclass(frozen=True)
class DecisionCounts:
    total: int
    shared: int
    not_shared: int
    consent_not_sought: int
    reviews_overdue: int
    reviews_due_soon: int
    superseded: int


def decision_counts(user: User) -> DecisionCounts:
    """Counts for a manager: their agency's current decisions and reviews due."""
    scope = decisions_for_user(user)
    current = current_decisions(scope)
    today = timezone.localdate()
    by_decision = dict(current.values_list("decision").annotate(n=Count("pk")).values_list("decision", "n"))
    return DecisionCounts(
        total=current.count(),
        shared=by_decision.get(Decision.SHARE, 0),
        not_shared=by_decision.get(Decision.NOT_SHARE, 0),
        consent_not_sought=current.filter(consent=Consent.NOT_SOUGHT).count(),
        reviews_overdue=current.filter(review_on__lt=today).count(),
        reviews_due_soon=current.filter(review_on__gte=today, review_on__lte=today + dt.timedelta(days=14)).count(),
        superseded=scope.filter(superseded_by__isnull=False).count(),
    )


def reviews_due(user: User, *, within_days: int = 14) -> QuerySet[SharingDecision]:
    today = timezone.localdate()
    return (
        current_decisions(decisions_for_user(user))
        .filter(review_on__lte=today + dt.timedelta(days=within_days))
        .order_by("review_on")
    )


def decision_history(decision: SharingDecision) -> list[SharingDecision]:
    """The chain this decision belongs to, earliest first."""
    chain = [decision]
    while chain[0].supersedes_id is not None:
        earlier = SharingDecision.objects.select_related("recorded_by").get(pk=chain[0].supersedes_id)
        chain.insert(0, earlier)
    current = decision
    while (later := SharingDecision.objects.filter(supersedes=current).first()) is not None:
        chain.append(later)
        current = later
    return chain


def decision_reviews(decision: SharingDecision) -> QuerySet[DecisionReview]:
    """The managers' reviews recorded beside a decision, with who reviewed it."""
    return decision.reviews.select_related("reviewer")


def briefings_for_user(user: User) -> QuerySet[Briefing]:
    """Published briefings of the user's partnership."""
    if user.agency is None:
        return Briefing.objects.none()
    return Briefing.objects.filter(partnership_id=user.agency.partnership_id, status=BriefingStatus.PUBLISHED)


def get_briefing_for_user(user: User, slug: str) -> Briefing:
    return get_object_or_404(briefings_for_user(user), slug=slug)


def briefings_for_editor(user: User) -> QuerySet[Briefing]:
    if user.agency is None or not user.can(Perm.MANAGE_GOVERNANCE):
        return Briefing.objects.none()
    return Briefing.objects.filter(partnership_id=user.agency.partnership_id)


def get_briefing_for_editor(user: User, pk: int) -> Briefing:
    return get_object_or_404(briefings_for_editor(user), pk=pk)


def figure_sharing_decisions_recorded(
    *, partnership: Partnership, period_start: dt.date, period_end: dt.date
) -> Figure:
    """Information-sharing decisions recorded in the period, to share or not (a count)."""
    period_bounds(period_start, period_end)
    return Figure(
        numerator=SharingDecision.objects.filter(
            partnership=partnership, decided_on__gte=period_start, decided_on__lte=period_end
        ).count()
    )


def figure_sharing_reviews_on_time(*, partnership: Partnership, period_start: dt.date, period_end: dt.date) -> Figure:
    """Of current decisions whose review date fell in the period, how many had a review by then."""
    period_bounds(period_start, period_end)
    due = SharingDecision.objects.filter(
        partnership=partnership, superseded_by__isnull=True, review_on__gte=period_start, review_on__lte=period_end
    )
    on_time = sum(
        1
        for decision in due.prefetch_related("reviews")
        if any(timezone.localdate(r.reviewed_at) <= decision.review_on for r in decision.reviews.all())
    )
    return Figure(numerator=on_time, denominator=due.count())


def records_for_subject(person: Person) -> list[Model]:
    """The information-sharing decisions about the person and their reviews, for a subject access bundle."""
    found: list[Model] = []
    for decision in SharingDecision.objects.filter(person=person).select_related("agency", "recorded_by"):
        found.append(decision)
        found.extend(decision.reviews.all())
    return found


# --- retention ----------------------------------------------------------------------------------------------


def decisions_past_retention(
    *, partnership: Partnership, trigger: str, before: dt.date, today: dt.date
) -> QuerySet[SharingDecision]:
    """Information-sharing decisions past their time, counted from when they were recorded."""
    return past_retention(
        SharingDecision.objects.filter(partnership=partnership),
        trigger=trigger,
        before=before,
        today=today,
        created="recorded_at",
        person="person",
    )
