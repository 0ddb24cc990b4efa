"""Data protection duties: subject access requests, corrections to a person's details, the retention
schedule and the partnership's privacy notice (UK GDPR Articles 15, 16, 5(1)(e) and 13/14)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from safeguard.partnership.models import Partnership
from safeguard.people.models import Person


class RequestStatus(models.TextChoices):
    OPEN = "open", "Open"
    ANSWERED = "answered", "Answered"


class Exemption(models.TextChoices):
    CRIME = "crime", "DPA 2018 Schedule 2 paragraph 2: crime and taxation"
    SOCIAL_WORK = "social_work", "DPA 2018 Schedule 3 Part 3: social work"
    THIRD_PARTY = "third_party", "DPA 2018 Schedule 2 paragraph 16: third-party data"
    OTHER = "other", "Other (say which)"


class SubjectAccessRequest(models.Model):
    """One request by (or for) a person for the records Safeguard holds about them.

    Article 12(3): answered within one month of receipt, extendable by two further months where the
    request is complex or one of many; the person is told of the extension and why.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    # PROTECT: a person with an open request is not deleted by retention under the requester's feet.
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    requested_by = models.CharField(max_length=200, help_text="Who made the request, if not the person")
    received_on = models.DateField()
    due_on = models.DateField()
    extended_to = models.DateField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    answered_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"Subject access request {self.pk}"

    @property
    def deadline(self) -> dt.date:
        return self.extended_to or self.due_on


class AppliedExemption(models.Model):
    """An exemption applied to part of a bundle, and why: shown in the bundle and kept for the ICO."""

    request = models.ForeignKey(SubjectAccessRequest, on_delete=models.CASCADE, related_name="exemptions")
    exemption = models.CharField(max_length=20, choices=Exemption.choices)
    other = models.CharField(max_length=200, blank=True)
    applies_to = models.CharField(max_length=200, help_text="Which records or passages are withheld")
    reason = models.TextField()
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["applied_at", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.other if self.exemption == Exemption.OTHER else Exemption(self.exemption).label


class Correction(models.Model):
    """Article 16 rectification: the value a correction replaced, who made it, when and why."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    field = models.CharField(max_length=40)
    old_value = models.CharField(max_length=200, blank=True)
    new_value = models.CharField(max_length=200, blank=True)
    reason = models.TextField()
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    corrected_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-corrected_at", "-pk"]

    def __str__(self) -> str:
        return f"Correction of {self.field}"


class RecordKind(models.TextChoices):
    EXTRACT = "extract", "Uploaded extract"
    WASH_RUN = "wash_run", "Data wash run and its results"
    VISIT = "visit", "Joint visit"
    EPISODE = "episode", "Missing episode"
    INTERVIEW = "interview", "Return home interview"
    PROFILE_PHOTO = "profile_photo", "Philomena profile and photo"
    PLACEMENT_NOTICE = "placement_notice", "Placement notice"
    SHARING_DECISION = "sharing_decision", "Information-sharing decision"
    INTELLIGENCE = "intelligence", "Soft intelligence submission"
    AUDIT = "audit", "Audit trail event"
    TRAINING_BOOKING = "training_booking", "Training booking"
    SUBSCRIBER = "subscriber", "Bulletin subscriber"


class Trigger(models.TextChoices):
    CREATED = "created", "after the record was made"
    CLOSED = "closed", "after the record was closed or ended"
    BIRTHDAY_25 = "birthday_25", "after the person's 25th birthday"
    LEFT = "left", "after the person left (unsubscribed or left the agency)"


class Disposal(models.TextChoices):
    DELETE = "delete", "Delete"
    ANONYMISE = "anonymise", "Anonymise"
    REVIEW = "review", "Report only: reviewed by hand"


class RetentionRule(models.Model):
    """How long one kind of record is kept, counted from what.

    The defaults (no partnership) come from a data migration; a partnership's administrator changes
    them for their partnership with a reason (audited), which adds that partnership's own rule.
    """

    partnership = models.ForeignKey(Partnership, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30, choices=RecordKind.choices)
    years = models.PositiveSmallIntegerField(default=0)
    days = models.PositiveSmallIntegerField(default=0)
    trigger = models.CharField(max_length=20, choices=Trigger.choices)
    disposal = models.CharField(max_length=20, choices=Disposal.choices, default=Disposal.DELETE)
    source = models.CharField(max_length=300, blank=True, help_text="Where the period comes from")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "kind"], name="retention_rule_once_per_partnership"),
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(partnership__isnull=True), name="retention_default_once"
            ),
        ]

    def __str__(self) -> str:
        return RecordKind(self.kind).label

    @property
    def period_text(self) -> str:
        parts = []
        if self.years:
            parts.append(f"{self.years} year{'s' if self.years != 1 else ''}")
        if self.days:
            parts.append(f"{self.days} day{'s' if self.days != 1 else ''}")
        return " and ".join(parts) or "no time"


class PrivacyNotice(models.Model):
    """The partnership's privacy notice (Articles 13 and 14), published on a public page."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="+")
    body = models.TextField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Privacy notice of partnership {self.partnership_id}"
