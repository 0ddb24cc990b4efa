"""Joint visits to children no service has seen, planned from a wash run's unseen list."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from safeguard.partnership.models import Agency, Partnership, User
from safeguard.people.models import Person


class VisitStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


class Outcome(models.TextChoices):
    SEEN_SAFE = "seen_safe_well", "Seen – safe and well"
    SEEN_CONCERNS = "seen_concerns", "Seen – concerns, referral made"
    NO_ACCESS = "no_access", "Not seen – no access (revisit)"
    MOVED_AWAY = "moved_away", "Family moved away (new area notified)"
    ON_SCHOOL_ROLL = "on_school_roll", "Child now on a school roll"
    REFERRED_CME = "referred_cme", "Referred as child missing education"


# A no-access visit has not seen the child: counting it as contact would hide a child
# still unseen, so it asks for a revisit instead. Every other outcome settles the case.
CONTACT_OUTCOMES = frozenset(set(Outcome) - {Outcome.NO_ACCESS})


class JointVisit(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    # The register entry the visit is for, so later runs can count it as contact with that child.
    cohort_source = models.CharField(max_length=100)
    cohort_record_id = models.CharField(max_length=100)
    lead_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    lead_officer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    second_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    second_officer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField()
    status = models.CharField(max_length=20, choices=VisitStatus.choices, default=VisitStatus.PLANNED)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    outcome_date = models.DateField(null=True, blank=True)
    referred_to = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    planned_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    planned_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["partnership", "status", "due_date"])]
        constraints = [
            # A double submit or two planners at once must not give a child two open visits: the list
            # follows one of them, and the other could never be closed.
            models.UniqueConstraint(
                fields=["partnership", "person"],
                condition=models.Q(status="planned"),
                name="one_planned_visit_per_child",
            )
        ]

    def __str__(self) -> str:
        return f"Joint visit {self.pk} due {self.due_date}"

    @property
    def is_overdue(self) -> bool:
        return self.status == VisitStatus.PLANNED and self.due_date < timezone.localdate()

    @property
    def display_status(self) -> str:
        return "overdue" if self.is_overdue else self.status

    @property
    def counts_as_contact(self) -> bool:
        return self.status == VisitStatus.COMPLETED and self.outcome in CONTACT_OUTCOMES
