"""Every change to a review: one function each, atomic and audited.

Learning actions are written through governance's services, so the action log has one way in.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.governance import services as governance_services
from safeguard.governance.models import ActionStatus
from safeguard.partnership.models import Group, Partnership, User
from safeguard.partnership.roles import Perm
from safeguard.people.models import Person
from safeguard.reviews import rules
from safeguard.reviews.models import (
    LcsprDecision,
    LearningAction,
    LearningBriefing,
    PublicationKind,
    Review,
    ReviewMember,
)


class ReviewError(ValueError):
    """A change the rules refuse; the message is shown to the user."""


def _refuse_if_closed(review: Review) -> None:
    if review.closed_on is not None:
        raise ReviewError("This review is closed and can no longer be changed")


def _refuse_before(day: dt.date, earlier: dt.date | None, what: str, than: str) -> None:
    if earlier is not None and day < earlier:
        raise ReviewError(f"{what} cannot be before {than} ({earlier:%-d %B %Y})")


def review_open(
    *,
    actor: User,
    partnership: Partnership,
    subject: Person,
    reference: str,
    became_aware_on: dt.date,
    incident_summary: str,
) -> Review:
    """Record a serious incident; the Panel is due to be told within 5 working days of becoming aware.

    The person who records it is its first member, so the child is never on a review no one may open.
    """
    if subject.partnership_id != partnership.pk:
        raise ReviewError("The child must be in this partnership's person index")
    reference = reference.strip()
    if Review.objects.filter(partnership=partnership, reference=reference).exists():
        raise ReviewError(f"There is already a review with the reference {reference}")
    with transaction.atomic():
        review = Review.objects.create(
            partnership=partnership,
            subject=subject,
            reference=reference,
            became_aware_on=became_aware_on,
            notification_due_on=rules.notification_due(became_aware_on),
            incident_summary=incident_summary,
            created_by=actor,
        )
        ReviewMember.objects.create(review=review, user=actor)
        audit_record(
            actor=actor,
            action=Action.CREATE,
            target=review,
            person_id=subject.pk,
            summary=f"Recorded serious incident {reference}",
        )
    return review


def member_add(*, actor: User, review: Review, user: User) -> ReviewMember:
    if not user.can(Perm.WORK_ON_REVIEWS):
        raise ReviewError(f"{user.display_name()} does not hold a role that may work on reviews")
    if user.agency is None or user.agency.partnership_id != review.partnership_id:
        raise ReviewError(f"{user.display_name()} does not work in this partnership")
    if review.members.filter(user=user).exists():
        raise ReviewError(f"{user.display_name()} is already working on this review")
    with transaction.atomic():
        member = ReviewMember.objects.create(review=review, user=user)
        audit_record(
            actor=actor,
            action=Action.SHARE,
            target=review,
            person_id=review.subject_id,
            summary=f"Named {user.get_username()} as working on review {review.reference}",
        )
    return member


def member_join(*, actor: User, review: Review, reason: str) -> ReviewMember:
    """A partnership administrator not named on a review adds themselves to it, saying why.

    Those who record reviews can name anyone else but, unnamed, could not open one to do so: the reason
    goes in the audit trail with the event, so the child's record shows who came in and why.
    """
    if not actor.can(Perm.MANAGE_REVIEWS) or actor.agency is None:
        raise ReviewError("Only those who record serious incidents may add themselves to a review")
    if actor.agency.partnership_id != review.partnership_id:
        raise ReviewError("This review belongs to another partnership")
    if not reason.strip():
        raise ReviewError("Enter why you need to work on this review")
    if review.members.filter(user=actor).exists():
        raise ReviewError("You already work on this review")
    with transaction.atomic():
        member = ReviewMember.objects.create(review=review, user=actor)
        audit_record(
            actor=actor,
            action=Action.SHARE,
            target=review,
            person_id=review.subject_id,
            summary=f"Added themselves to review {review.reference}",
            reason=reason.strip(),
        )
    return member


def notification_record(*, actor: User, review: Review, notified_on: dt.date) -> Review:
    """The Panel was told; the rapid review is now due within 15 working days of that day."""
    _refuse_if_closed(review)
    _refuse_before(notified_on, review.became_aware_on, "The notification", "the day the authority became aware")
    with transaction.atomic():
        review.notified_on = notified_on
        review.rapid_review_due_on = rules.rapid_review_due(notified_on)
        review.save(update_fields=["notified_on", "rapid_review_due_on"])
        audit_record(actor=actor, action=Action.UPDATE, target=review, summary=f"Panel notified of {review.reference}")
    return review


def rapid_review_record(
    *, actor: User, review: Review, sent_on: dt.date, decision: LcsprDecision, reason: str
) -> Review:
    """The rapid review went to the Panel with the partners' decision on a local review, and why."""
    _refuse_if_closed(review)
    if review.notified_on is None:
        raise ReviewError("Record the notification to the Panel before the rapid review")
    _refuse_before(sent_on, review.notified_on, "The rapid review", "the notification")
    if not reason.strip():
        raise ReviewError("Say why a local review is or is not appropriate")
    with transaction.atomic():
        review.rapid_review_sent_on = sent_on
        review.decision = decision
        review.decision_reason = reason
        if decision == LcsprDecision.COMMISSION:
            review.report_due_on = review.report_due_on or rules.lcspr_report_due(sent_on)
        else:
            review.report_due_on = None
        review.save(update_fields=["rapid_review_sent_on", "decision", "decision_reason", "report_due_on"])
        audit_record(
            actor=actor,
            action=Action.DECIDE,
            target=review,
            summary=f"Rapid review of {review.reference} sent: {decision.label}"[:500],
        )
    return review


def lcspr_commission(
    *,
    actor: User,
    review: Review,
    reviewer: str,
    terms_of_reference: str,
    commissioned_on: dt.date,
    report_due_on: dt.date,
) -> Review:
    _refuse_if_closed(review)
    if review.decision != LcsprDecision.COMMISSION:
        raise ReviewError("A local review is commissioned only after the rapid review decided one is appropriate")
    _refuse_before(commissioned_on, review.rapid_review_sent_on, "The commission", "the rapid review")
    _refuse_before(report_due_on, commissioned_on, "The expected report date", "the commission")
    with transaction.atomic():
        review.reviewer = reviewer
        review.terms_of_reference = terms_of_reference
        review.commissioned_on = commissioned_on
        review.report_due_on = report_due_on
        review.save(update_fields=["reviewer", "terms_of_reference", "commissioned_on", "report_due_on"])
        audit_record(
            actor=actor, action=Action.UPDATE, target=review, summary=f"Commissioned local review {review.reference}"
        )
    return review


def publication_record(
    *,
    actor: User,
    review: Review,
    published_on: dt.date,
    kind: PublicationKind,
    summary_reason: str = "",
    sent_to_panel_on: dt.date | None = None,
    sent_to_secretary_of_state_on: dt.date | None = None,
) -> Review:
    """The final report (or a summary, with the reasons for not publishing it in full) and where it was sent."""
    _refuse_if_closed(review)
    if review.commissioned_on is None:
        raise ReviewError("Record the reviewer and terms of reference before the report is published")
    _refuse_before(published_on, review.commissioned_on, "Publication", "the commission")
    if kind == PublicationKind.SUMMARY and not summary_reason.strip():
        raise ReviewError("Say why only a summary is published")
    with transaction.atomic():
        review.published_on = published_on
        review.publication_kind = kind
        review.summary_reason = summary_reason if kind == PublicationKind.SUMMARY else ""
        review.sent_to_panel_on = sent_to_panel_on
        review.sent_to_secretary_of_state_on = sent_to_secretary_of_state_on
        review.save(
            update_fields=[
                "published_on",
                "publication_kind",
                "summary_reason",
                "sent_to_panel_on",
                "sent_to_secretary_of_state_on",
            ]
        )
        audit_record(actor=actor, action=Action.UPDATE, target=review, summary=f"Published review {review.reference}")
    return review


def learning_action_add(
    *,
    actor: User,
    review: Review,
    group: Group,
    finding: str,
    description: str,
    owner: User,
    due_on: dt.date,
) -> LearningAction:
    """A finding becomes an action on the group's log (through governance), owned by the owner's agency."""
    _refuse_if_closed(review)
    if not group.partnerships.filter(pk=review.partnership_id).exists():
        raise ReviewError("That group does not serve this review's partnership")
    with transaction.atomic():
        try:
            action = governance_services.action_create(
                actor=actor,
                group=group,
                description=f"Learning from review {review.reference}: {description}",
                owner=owner,
                due_on=due_on,
            )
        except governance_services.GovernanceError as exc:
            raise ReviewError(str(exc)) from exc
        learning = LearningAction.objects.create(review=review, action=action, finding=finding)
        audit_record(
            actor=actor, action=Action.CREATE, target=learning, summary=f"Learning action from {review.reference}"
        )
    return learning


def learning_action_complete(
    *, actor: User, learning: LearningAction, evidence: str, today: dt.date | None = None
) -> LearningAction:
    """Complete the action on the log, with the evidence that it was done.

    An action already marked complete on the group's action log (by its owner there) only gains its evidence.
    """
    if not evidence.strip():
        raise ReviewError("Give the evidence that the action was completed")
    learning.action.refresh_from_db()
    with transaction.atomic():
        learning.evidence = evidence
        learning.save(update_fields=["evidence"])
        if learning.action.status == ActionStatus.COMPLETE:
            audit_record(actor=actor, action=Action.UPDATE, target=learning, summary="Evidence of completion added")
            return learning
        governance_services.action_update(
            actor=actor,
            action=learning.action,
            text=f"Completed. Evidence: {evidence}",
            status=ActionStatus.COMPLETE,
            today=today,
        )
        audit_record(actor=actor, action=Action.UPDATE, target=learning, summary="Learning action completed")
    return learning


def learning_impact_record(
    *, actor: User, learning: LearningAction, checked_on: dt.date, impact: str
) -> LearningAction:
    """What changed for children, checked after the action was completed."""
    learning.action.refresh_from_db()
    if learning.action.status != ActionStatus.COMPLETE:
        raise ReviewError("Complete the action before checking its impact")
    if learning.action.completed_on is not None:
        _refuse_before(checked_on, learning.action.completed_on, "The impact check", "the action's completion")
    if not learning.evidence.strip():
        raise ReviewError("Add the evidence of completion before checking its impact")
    if not impact.strip():
        raise ReviewError("Say what the check of impact found")
    with transaction.atomic():
        learning.impact_checked_on = checked_on
        learning.impact = impact
        learning.save(update_fields=["impact_checked_on", "impact"])
        audit_record(actor=actor, action=Action.UPDATE, target=learning, summary="Impact of learning action checked")
    return learning


def briefing_publish(
    *, actor: User, review: Review, title: str, summary: str, published_on: dt.date
) -> LearningBriefing:
    with transaction.atomic():
        briefing = LearningBriefing.objects.create(
            review=review, title=title, summary=summary, published_on=published_on
        )
        audit_record(actor=actor, action=Action.CREATE, target=briefing, summary=f"Learning briefing {title!r}")
    return briefing


def review_close(*, actor: User, review: Review, closed_on: dt.date | None = None) -> Review:
    """Close a review once every learning action is complete and its impact checked."""
    _refuse_if_closed(review)
    if review.rapid_review_sent_on is None:
        raise ReviewError("A review closes only after the rapid review")
    if review.decision == LcsprDecision.COMMISSION and review.published_on is None:
        raise ReviewError("Publish the local review's report before closing the review")
    unfinished = review.learning_actions.filter(impact_checked_on__isnull=True).count()
    if unfinished:
        raise ReviewError(f"{unfinished} learning action(s) still need completing and their impact checking")
    with transaction.atomic():
        review.closed_on = closed_on or timezone.localdate()
        review.save(update_fields=["closed_on"])
        audit_record(actor=actor, action=Action.UPDATE, target=review, summary=f"Closed review {review.reference}")
    return review
