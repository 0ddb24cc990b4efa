"""Serious incidents, rapid reviews, local child safeguarding practice reviews and their learning.

Working Together to Safeguard Children 2023, chapter 5. A review names a child, so it is read only by the
people named on it (``ReviewMember``); the board sees its progress through the progress page, without names.
Learning actions are lines of governance's action log, so a sub-group carries them like any other action.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from safeguard.governance.models import ActionItem
from safeguard.partnership.models import Partnership
from safeguard.people.models import Person


class LcsprDecision(models.TextChoices):
    COMMISSION = "commission", "A local child safeguarding practice review is appropriate"
    NO_REVIEW = "no_review", "A local review is not appropriate"


class PublicationKind(models.TextChoices):
    FULL = "full", "The full report"
    SUMMARY = "summary", "A summary of the findings"


class Stage(models.TextChoices):
    NOTIFICATION = "notification", "Notifying the Panel"
    RAPID_REVIEW = "rapid_review", "Rapid review"
    LCSPR = "lcspr", "Local review under way"
    LEARNING = "learning", "Learning into practice"
    CLOSED = "closed", "Closed"


class Review(models.Model):
    """One serious incident and everything that follows from it, from notification to learning."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    # The reference is all that identifies the review outside its members: it must not name the child.
    reference = models.CharField(max_length=40)
    subject = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    incident_summary = models.TextField()
    # Serious incident notification: 5 working days from the local authority becoming aware.
    became_aware_on = models.DateField()
    notification_due_on = models.DateField()
    notified_on = models.DateField(null=True, blank=True)
    # Rapid review: sent to the Panel within 15 working days of the notification.
    rapid_review_due_on = models.DateField(null=True, blank=True)
    rapid_review_sent_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=20, choices=LcsprDecision.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    # The local review (LCSPR), when one is commissioned.
    reviewer = models.CharField(max_length=200, blank=True)
    terms_of_reference = models.TextField(blank=True)
    commissioned_on = models.DateField(null=True, blank=True)
    report_due_on = models.DateField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    publication_kind = models.CharField(max_length=20, choices=PublicationKind.choices, blank=True)
    summary_reason = models.TextField(blank=True)
    sent_to_panel_on = models.DateField(null=True, blank=True)
    sent_to_secretary_of_state_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-became_aware_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "reference"], name="review_reference_unique_in_partnership")
        ]

    def __str__(self) -> str:
        return f"Review {self.reference}"

    @property
    def stage(self) -> Stage:
        if self.closed_on is not None:
            return Stage.CLOSED
        if self.notified_on is None:
            return Stage.NOTIFICATION
        if self.rapid_review_sent_on is None:
            return Stage.RAPID_REVIEW
        if self.decision == LcsprDecision.COMMISSION and self.published_on is None:
            return Stage.LCSPR
        return Stage.LEARNING


class ReviewMember(models.Model):
    """Someone working on the review: only they see the child it is about."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_memberships")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["review", "user__last_name", "user__first_name"]
        constraints = [models.UniqueConstraint(fields=["review", "user"], name="review_member_once")]

    def __str__(self) -> str:
        return f"{self.user} on {self.review}"


class LearningAction(models.Model):
    """A finding of the review turned into an action on a group's action log, with evidence and impact."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="learning_actions")
    action = models.OneToOneField(ActionItem, on_delete=models.PROTECT, related_name="learning")
    finding = models.TextField()
    evidence = models.TextField(blank=True)
    impact_checked_on = models.DateField(null=True, blank=True)
    impact = models.TextField(blank=True)

    class Meta:
        ordering = ["review", "action__due_on", "pk"]

    def __str__(self) -> str:
        return f"Learning from {self.review}: {self.finding[:40]}"


class LearningBriefing(models.Model):
    """A briefing that spreads a review's learning to practitioners (the bulletin's MAPPA briefing is one)."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="briefings")
    title = models.CharField(max_length=200)
    summary = models.TextField()
    published_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published_on", "pk"]

    def __str__(self) -> str:
        return self.title
