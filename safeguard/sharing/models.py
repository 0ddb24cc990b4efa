"""Information-sharing decisions and the briefings that guide them.

Following "Information sharing: advice for practitioners" (HM Government):
record every decision, to share or not, with reasons — and if shared, what,
with whom and why. A decision is never deleted or edited: a later decision
supersedes it, pointing back at it with the reason.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from safeguard.partnership.models import Agency, Partnership, User
from safeguard.people.models import Person


class Decision(models.TextChoices):
    SHARE = "share", "Share"
    NOT_SHARE = "not_share", "Not share"


class Consent(models.TextChoices):
    GIVEN = "given", "Sought and given"
    REFUSED = "refused", "Sought and refused"
    NOT_SOUGHT = "not_sought", "Not sought"


class NoConsentReason(models.TextChoices):
    RISK_TO_CHILD = "risk_to_child", "Seeking consent would place a child at risk of significant harm"
    RISK_TO_ADULT = "risk_to_adult", "Seeking consent would place an adult at risk of serious harm"
    PREJUDICE_CRIME = "prejudice_crime", "It would prejudice the prevention or detection of a crime"
    UNDUE_DELAY = "undue_delay", "It would cause undue delay in protecting someone"
    CANNOT_CONSENT = "cannot_consent", "The person cannot give consent"
    NOT_CONTACTABLE = "not_contactable", "The person could not be contacted in time"
    OTHER = "other", "Another reason (explain below)"


class LawfulBasis(models.TextChoices):
    PUBLIC_TASK = "art6_1_e", "UK GDPR Article 6(1)(e): public task"
    LEGAL_OBLIGATION = "art6_1_c", "UK GDPR Article 6(1)(c): legal obligation"
    VITAL_INTERESTS = "art6_1_d", "UK GDPR Article 6(1)(d): vital interests"
    LAW_ENFORCEMENT = "dpa_part3", "Data Protection Act 2018 Part 3: law enforcement purposes (police)"


class SpecialCondition(models.TextChoices):
    NONE = "none", "No special category data is shared"
    SAFEGUARDING = (
        "art9_2_g_sch1_18",
        "UK GDPR Article 9(2)(g) with DPA 2018 Schedule 1 paragraph 18: safeguarding of children and individuals at risk",
    )
    POLICE_SAFEGUARDING = (
        "sch8_4",
        "DPA 2018 Schedule 8 paragraph 4 (police): safeguarding of children and individuals at risk",
    )
    VITAL_INTERESTS = "art9_2_c", "UK GDPR Article 9(2)(c): vital interests"


class ReviewOutcome(models.TextChoices):
    AGREED = "agreed", "Agree with the decision"
    NEW_DECISION_NEEDED = "new_decision", "A new decision is needed"


class BriefingStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Briefing(models.Model):
    """Guidance published as a page, e.g. the MAPPA information-sharing briefing."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=500)
    # Plain text: blank lines separate paragraphs, "## " starts a heading, "- " a bullet.
    body = models.TextField()
    status = models.CharField(max_length=20, choices=BriefingStatus.choices, default=BriefingStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["title"]
        constraints = [models.UniqueConstraint(fields=["partnership", "slug"], name="briefing_slug_unique")]

    def __str__(self) -> str:
        return self.title


class SharingDecision(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    # None for a decision made by a rule on the agency's behalf (an agency system's push, a catch-up job):
    # ``recorded_by_name`` then says which.
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_by_name = models.CharField(max_length=150, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    # Free text for now: the meeting may be held in another system, e.g. "MAPPA level 2, 12 October 2017".
    meeting_description = models.CharField(max_length=200, blank=True)
    guidance = models.ForeignKey(Briefing, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    concern = models.TextField()
    necessary_and_proportionate = models.BooleanField()
    necessity_reasons = models.TextField()
    consent = models.CharField(max_length=20, choices=Consent.choices)
    no_consent_reason = models.CharField(max_length=20, choices=NoConsentReason.choices, blank=True)
    consent_detail = models.TextField(blank=True)
    lawful_basis = models.CharField(max_length=20, choices=LawfulBasis.choices)
    special_condition = models.CharField(max_length=30, choices=SpecialCondition.choices)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    decision_reasons = models.TextField()
    what_shared = models.TextField(blank=True)
    shared_with_agencies = models.ManyToManyField(Agency, blank=True, related_name="+")
    shared_with_other = models.CharField(max_length=300, blank=True)
    purpose = models.TextField(blank=True)
    shared_on = models.DateField(null=True, blank=True)
    decided_by_name = models.CharField(max_length=200)
    decided_by_role = models.CharField(max_length=200, blank=True)
    decided_on = models.DateField()
    review_on = models.DateField()
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    supersede_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-decided_on", "-recorded_at"]
        indexes = [models.Index(fields=["agency", "review_on"])]

    def __str__(self) -> str:
        return f"Decision {self.pk}: {self.get_decision_display()}"

    @property
    def recorder(self) -> str:
        return self.recorded_by.display_name() if self.recorded_by is not None else self.recorded_by_name


class DecisionReview(models.Model):
    """A manager's review: added beside the decision, which itself stays as recorded."""

    decision = models.ForeignKey(SharingDecision, on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=20, choices=ReviewOutcome.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-reviewed_at"]

    def __str__(self) -> str:
        return f"Review of {self.decision_id}"
