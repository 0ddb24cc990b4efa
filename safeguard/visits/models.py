"""Joint visits to children no service has seen, planned from a wash run's unseen list."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from safeguard.datawash.models import WashRun
from safeguard.partnership.models import Agency, Group, Partnership, User
from safeguard.people.models import Person


class Campaign(models.Model):
    """The campaign the board watches, started from a chosen wash run by a named lead of the group
    that owns it. A later run changes it only when a lead says so (``CampaignRun``); a test run or a
    rerun of the register never does."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    started_at = models.DateTimeField(default=timezone.now)
    started_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # A lead closes it with what it achieved; the partnership can then start the next one.
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    closing_summary = models.TextField(blank=True)

    class Meta:
        ordering = ["started_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership"],
                condition=models.Q(closed_at__isnull=True),
                name="one_open_campaign_per_partnership",
            )
        ]

    def __str__(self) -> str:
        return self.name


class CampaignRun(models.Model):
    """A run the campaign worked from, from the moment a lead chose it: together, the campaign's history.

    Rows are only ever added, so the burn-down drawn from them and from visits is never rewritten.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="runs")
    run = models.ForeignKey(WashRun, on_delete=models.PROTECT, related_name="+")
    adopted_at = models.DateTimeField(default=timezone.now)
    adopted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["adopted_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "run"], name="campaign_run_once")]

    def __str__(self) -> str:
        return f"{self.campaign} from run {self.run_id}"


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


# Only these are sightings: an officer saw the child in person. They count as seen in every
# figure and go to the next wash as contact.
SIGHTING_OUTCOMES = frozenset({Outcome.SEEN_SAFE, Outcome.SEEN_CONCERNS})
# Nobody saw the child, but the case leaves the campaign with a status of its own, counted apart:
# never "seen", and never passed to a wash as a sighting (the wash shows the child unseen again
# while the register still lists them). A no-access visit is neither: the child waits for a revisit.
OFF_CAMPAIGN_OUTCOMES = frozenset({Outcome.MOVED_AWAY, Outcome.ON_SCHOOL_ROLL, Outcome.REFERRED_CME})
# Outcomes whose date of confirmation the status names ("new authority told on …").
CONFIRMED_OUTCOMES = frozenset({Outcome.MOVED_AWAY, Outcome.ON_SCHOOL_ROLL})

OFF_CAMPAIGN_HEADINGS = {
    Outcome.MOVED_AWAY: "Left the area",
    Outcome.ON_SCHOOL_ROLL: "On a school roll",
    Outcome.REFERRED_CME: "Referred as missing education",
}


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
    # When the new authority was told, or the school confirmed attendance (moved away, on a roll).
    confirmed_on = models.DateField(null=True, blank=True)
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
    def officer_ids(self) -> tuple[int, int]:
        return (self.lead_officer_id, self.second_officer_id)

    @property
    def display_status(self) -> str:
        return "overdue" if self.is_overdue else self.status

    @property
    def tag(self) -> str:
        """The status key the list colours by: only a sighting is green, no access asks for action."""
        if self.is_overdue:
            return "overdue"
        if self.outcome == Outcome.NO_ACCESS:
            return "amber"
        if self.outcome and self.outcome not in SIGHTING_OUTCOMES:
            return "off_campaign"
        return self.status

    @property
    def is_sighting(self) -> bool:
        return self.status == VisitStatus.COMPLETED and self.outcome in SIGHTING_OUTCOMES

    @property
    def takes_off_campaign(self) -> bool:
        return self.status == VisitStatus.COMPLETED and self.outcome in OFF_CAMPAIGN_OUTCOMES

    @property
    def off_campaign_status(self) -> str:
        """The child's own status once off the campaign, in the words the campaign page uses."""
        if not self.takes_off_campaign:
            return ""
        on = self.confirmed_on or self.outcome_date
        when = f" on {on.day} {on:%B %Y}" if on else ""
        if self.outcome == Outcome.MOVED_AWAY:
            who = self.referred_to or "new authority"
            return f"Left the area – {who} told{when}"
        if self.outcome == Outcome.ON_SCHOOL_ROLL:
            school = f"by {self.referred_to}" if self.referred_to else "by the school"
            return f"On a school roll – attendance confirmed {school}{when}"
        return "Referred as missing education" + (f" to {self.referred_to}" if self.referred_to else "")
