from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from safeguard.partnership.models import Agency, Partnership, User
from safeguard.people.models import Person
from safeguard.sharing.models import SharingDecision


class Category(models.TextChoices):
    # For looked-after children the statutory returns separate these two.
    MISSING = "missing", "Missing (whereabouts unknown)"
    AWAY = "away", "Away from placement without authorisation (whereabouts known)"


class RiskGrade(models.TextChoices):
    NO_APPARENT_RISK = "no_apparent_risk", "No apparent risk (absent)"
    VERY_LOW = "very_low", "Very low"
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class RhiOutcome(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    NOT_POSSIBLE = "not_possible", "Not possible"


class ExploitationIndicator(models.TextChoices):
    CSE = "cse", "Child sexual exploitation"
    CCE = "cce", "Child criminal exploitation (including county lines)"
    TRAFFICKING = "trafficking", "Modern slavery or trafficking"
    DRUGS = "drugs", "Drugs or alcohol"
    GANG = "gang", "Gang association"
    ONLINE = "online", "Online grooming"
    OLDER_ASSOCIATES = "older_associates", "Older associates"
    GIFTS = "gifts", "Unexplained money, phones or gifts"


class LocationRisk(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class Episode(models.Model):
    """One missing or away-from-placement episode of one child."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="missing_episodes")
    recording_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Police systems push episodes by their own reference; unique per partnership so a retry
    # finds the same episode instead of making a second one.
    police_reference = models.CharField(max_length=60, blank=True)
    category = models.CharField(max_length=20, choices=Category.choices)
    risk_grade = models.CharField(max_length=20, choices=RiskGrade.choices)
    reported_at = models.DateTimeField()
    started_at = models.DateTimeField()
    last_seen_place = models.CharField(max_length=300, blank=True)
    # Philomena Part 2, added when the child goes missing.
    clothing = models.TextField(blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    found_place = models.CharField(max_length=300, blank=True)
    found_how = models.TextField(blank=True)
    looked_after = models.BooleanField(default=False)
    responsible_authority = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # When police were told, and the sharing decision that says what, with whom and why.
    police_told_at = models.DateTimeField(null=True, blank=True)
    police_decision = models.ForeignKey(
        SharingDecision, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "police_reference"],
                condition=~Q(police_reference=""),
                name="episode_police_reference_unique",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="episode_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["partnership", "started_at"]),
            models.Index(fields=["person", "ended_at"]),
            # The scorecard counts returns by the month they ended in (return home interviews on time).
            models.Index(fields=["partnership", "ended_at"], name="episode_partnership_ended"),
        ]

    def __str__(self) -> str:
        return f"Episode {self.pk} of person {self.person_id}"

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


class AppliedFrom(models.Model):
    """A value an episode held from a time, who said so and why: a history, not a field.

    The episode keeps the latest value in its own field, for lists and figures.
    """

    applied_at = models.DateTimeField()
    applied_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    applied_by_name = models.CharField(max_length=200, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["applied_at", "pk"]


class RiskGradeChange(AppliedFrom):
    """Each risk grade with the time it applied from."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="grade_changes")
    grade = models.CharField(max_length=20, choices=RiskGrade.choices)

    def __str__(self) -> str:
        return f"{self.get_grade_display()} from {self.applied_at:%Y-%m-%d %H:%M}"


class CategoryChange(AppliedFrom):
    """Missing or away, with the time it applied from: an episode can turn from one into the other."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="category_changes")
    category = models.CharField(max_length=20, choices=Category.choices)

    def __str__(self) -> str:
        return f"{self.get_category_display()} from {self.applied_at:%Y-%m-%d %H:%M}"


class ReturnInterview(models.Model):
    """The return home interview owed after an episode ends."""

    episode = models.OneToOneField(Episode, on_delete=models.CASCADE, related_name="rhi")
    provider = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    due_at = models.DateTimeField(db_index=True)
    offered_at = models.DateTimeField(null=True, blank=True)
    offered_by = models.CharField(max_length=200, blank=True)
    outcome = models.CharField(max_length=20, choices=RhiOutcome.choices, blank=True)
    outcome_reason = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.CharField(max_length=200, blank=True)
    independent = models.BooleanField(null=True, blank=True)
    push_factors = models.TextField(blank=True)
    pull_factors = models.TextField(blank=True)
    exploitation_indicators = models.JSONField(default=list, blank=True)
    shared_with_police = models.TextField(blank=True)
    shared_with_others = models.TextField(blank=True)
    due_notified_at = models.DateTimeField(null=True, blank=True)
    reminder_notified_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Return home interview for episode {self.episode_id}"

    @property
    def is_closed(self) -> bool:
        """Nothing more is owed: done, or declined or not possible with a reason."""
        return self.completed_at is not None or self.outcome in {RhiOutcome.DECLINED, RhiOutcome.NOT_POSSIBLE}

    def indicator_labels(self) -> list[str]:
        labels = dict(ExploitationIndicator.choices)
        return [str(labels.get(code, code)) for code in self.exploitation_indicators]


class PoliceShare(models.Model):
    """Information from a return home interview passed to police: what, with whom, why."""

    rhi = models.ForeignKey(ReturnInterview, on_delete=models.PROTECT, related_name="police_shares")
    # The information-sharing decision this share carried out (lawful basis, consent, what, why).
    decision = models.ForeignKey(SharingDecision, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    police_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    information = models.TextField()
    reason = models.TextField()
    shared_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    shared_by_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    shared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-shared_at"]

    def __str__(self) -> str:
        return f"Shared with {self.police_agency} at {self.shared_at:%Y-%m-%d %H:%M}"


def _photo_path(instance: PhilomenaProfile, filename: str) -> str:
    # The stored name says nothing about the child; the original name is discarded.
    return f"philomena/{instance.partnership_id}/{timezone.now():%Y%m%d%H%M%S%f}.jpg"


class PhilomenaProfile(models.Model):
    """Part 1 of the Philomena Protocol, kept by carers before any episode."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="philomena_profile")
    description = models.TextField(blank=True)
    associates = models.TextField(blank=True)
    places = models.TextField(blank=True)
    phones_and_social_media = models.TextField(blank=True)
    medical = models.TextField(blank=True)
    finance = models.TextField(blank=True)
    transport = models.TextField(blank=True)
    earlier_episodes = models.TextField(blank=True)
    photo = models.FileField(upload_to=_photo_path, blank=True)
    photo_uploaded_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return f"Philomena profile of person {self.person_id}"


class RiskLocation(models.Model):
    profile = models.ForeignKey(PhilomenaProfile, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=300, blank=True)
    risk = models.CharField(max_length=10, choices=LocationRisk.choices)
    notes = models.TextField(blank=True)
    assessed_on = models.DateField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class HeldPush(models.Model):
    """A police push whose child could not be matched for certain, waiting for children's services.

    Guessing would attach the episode to the wrong child; adding a second record would hide the
    first's Philomena profile and history. A person who knows the children chooses instead.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    token_name = models.CharField(max_length=100)
    police_reference = models.CharField(max_length=60)
    # The child and the episode as sent, JSON-ready, so the episode is recorded exactly as pushed.
    person_sent = models.JSONField()
    episode_sent = models.JSONField()
    candidates = models.ManyToManyField(Person, blank=True, related_name="+")
    received_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    episode = models.ForeignKey(Episode, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "police_reference"],
                condition=Q(resolved_at__isnull=True),
                name="held_push_once_while_waiting",
            )
        ]

    def __str__(self) -> str:
        return f"Held push {self.police_reference}"
