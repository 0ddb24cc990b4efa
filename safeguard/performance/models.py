"""Indicators, the figures agencies submit for them, and multi-agency case audits."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils import timezone

from safeguard.partnership.models import Agency, Group, Partnership, User
from safeguard.people.models import Person

from .periods import Frequency

__all__ = ["Frequency"]


class Unit(models.TextChoices):
    PERCENT = "percent", "Percentage"
    COUNT = "count", "Count"
    RATE = "rate", "Rate (numerator per denominator)"
    DAYS = "days", "Days"


class Polarity(models.TextChoices):
    HIGHER_IS_BETTER = "higher", "Higher is better"
    LOWER_IS_BETTER = "lower", "Lower is better"


class Source(models.TextChoices):
    COMPUTED = "computed", "Computed by Safeguard"
    SUBMITTED = "submitted", "Submitted by the owner agency"


class Theme(models.TextChoices):
    EARLY_HELP = "early_help", "Referrals and assessment"
    CHILD_PROTECTION = "child_protection", "Child protection"
    CHILDREN_IN_CARE = "children_in_care", "Children in care"
    MISSING = "missing", "Missing children"
    EDUCATION = "education", "Education"
    WORKFORCE = "workforce", "Workforce"
    TRAINING = "training", "Training"


class Indicator(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="indicators")
    code = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    definition = models.TextField(help_text="Plain English: what is counted and why it matters")
    numerator_label = models.CharField(max_length=300)
    denominator_label = models.CharField(max_length=300, blank=True, help_text="Blank for a count")
    unit = models.CharField(max_length=10, choices=Unit.choices)
    polarity = models.CharField(max_length=10, choices=Polarity.choices)
    # Targets and thresholds are in the unit shown to the board (63 means 63%).
    target = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    green_threshold = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    red_threshold = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="indicators")
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY)
    theme = models.CharField(max_length=30, choices=Theme.choices)
    sub_group = models.ForeignKey(Group, null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators")
    source = models.CharField(max_length=10, choices=Source.choices)
    figure_path = models.CharField(
        max_length=200, blank=True, help_text="For a computed indicator, e.g. safeguard.missing.selectors.figure_x"
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["theme", "code"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "code"], name="indicator_code_unique_in_partnership")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scale(self) -> Decimal:
        """Figures are ratios; a percentage shows them times 100."""
        return Decimal(100) if self.unit == Unit.PERCENT else Decimal(1)


class SubmissionStatus(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    QUERIED = "queried", "Queried"
    CONFIRMED = "confirmed", "Confirmed after query"


class Submission(models.Model):
    """An owner agency's figure for one indicator and period; a resubmission replaces it."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="submissions")
    period_start = models.DateField()
    numerator = models.DecimalField(max_digits=12, decimal_places=2)
    denominator = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    status = models.CharField(max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.ACCEPTED)
    query_reason = models.CharField(max_length=300, blank=True)
    confirmation_note = models.TextField(blank=True)
    submitted_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["indicator", "-period_start"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period_start"], name="one_submission_per_period")]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period_start:%Y-%m}"


class Commentary(models.Model):
    """The owner agency's words beside a figure, computed or submitted."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="commentaries")
    period_start = models.DateField()
    text = models.TextField()
    author = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "commentaries"
        constraints = [models.UniqueConstraint(fields=["indicator", "period_start"], name="one_commentary_per_period")]

    def __str__(self) -> str:
        return f"Commentary on {self.indicator.code} {self.period_start:%Y-%m}"


class AuditGrade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


class ProgrammeStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    RUNNING = "running", "In progress"
    COMPLETE = "complete", "Complete"


class AuditProgramme(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="audit_programmes")
    title = models.CharField(max_length=200)
    theme = models.CharField(max_length=30, choices=Theme.choices)
    scope = models.TextField(blank=True, help_text="What the audit looks at and why")
    status = models.CharField(max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.PLANNED)
    auditors = models.ManyToManyField(User, related_name="audit_programmes", blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class AuditCase(models.Model):
    programme = models.ForeignKey(AuditProgramme, on_delete=models.CASCADE, related_name="cases")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    grade = models.CharField(max_length=25, choices=AuditGrade.choices, blank=True)
    summary = models.TextField(blank=True)
    graded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    graded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["programme", "person"], name="person_once_per_audit")]

    def __str__(self) -> str:
        return f"Case {self.pk} in {self.programme}"


class AuditFinding(models.Model):
    case = models.ForeignKey(AuditCase, on_delete=models.CASCADE, related_name="findings")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    author = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["agency__name", "created_at"]

    def __str__(self) -> str:
        return f"{self.agency} finding on case {self.case_id}"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


class AuditAction(models.Model):
    programme = models.ForeignKey(AuditProgramme, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    owner_name = models.CharField(max_length=200)
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["status", "due_on"]

    def __str__(self) -> str:
        return self.description[:60]
