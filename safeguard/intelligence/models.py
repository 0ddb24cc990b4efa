"""Soft intelligence: what partners tell the police, how police grade it, and how it links up.

Content columns are ``EncryptedTextField`` (see ``crypto``). What stays in clear
is only what the no-names themes and the queues need: categories, dates, the
postcode district (a district holds thousands of addresses), agency and status.
Link keys are HMACs, so even "this submission is about person 42" is not
readable from the database without the key.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from safeguard.intelligence.fields import EncryptedTextField
from safeguard.partnership.models import Agency, Partnership, User


class Category(models.TextChoices):
    CSE = "cse", "Child sexual exploitation"
    CCE = "cce", "Child criminal exploitation and county lines"
    MODERN_SLAVERY = "modern_slavery", "Modern slavery and trafficking"
    ADULT_EXPLOITATION = "adult_exploitation", "Adult exploitation"
    MISSING = "missing", "Missing"
    DRUGS = "drugs", "Drugs"
    OTHER = "other", "Other"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted to police"
    ASSESSED = "assessed", "Received and assessed by police"


class About(models.TextChoices):
    CHILD = "child", "A child (under 18)"
    ADULT = "adult", "An adult"
    NOT_KNOWN = "not_known", "Not known"


class HowKnown(models.TextChoices):
    SEEN = "seen", "I saw or heard it myself"
    TOLD_BY_SUBJECT = "told_by_subject", "The person it is about told me"
    TOLD_BY_OTHER = "told_by_other", "Someone else told me"
    RECORDS = "records", "From records, documents or online"
    OTHER = "other", "Another way"


class SubjectAware(models.TextChoices):
    YES = "yes", "Yes, they know it is being shared"
    NO = "no", "No, they do not know"
    NOT_KNOWN = "not_known", "Not known"


class SourceGrade(models.TextChoices):
    """Police 3x5x2: how reliable the source is."""

    RELIABLE = "1", "1 – Reliable"
    UNTESTED = "2", "2 – Untested"
    NOT_RELIABLE = "3", "3 – Not reliable"


class InformationGrade(models.TextChoices):
    """Police 3x5x2: how the source knows the information."""

    KNOWN_DIRECTLY = "A", "A – Known directly"
    INDIRECT_CORROBORATED = "B", "B – Known indirectly and corroborated"
    INDIRECT = "C", "C – Known indirectly"
    NOT_KNOWN = "D", "D – Not known"
    SUSPECTED_FALSE = "E", "E – Suspected to be false"


class Handling(models.TextChoices):
    """Police 3x5x2: whether and how it may be shared."""

    PERMITTED = "P", "P – Lawful sharing permitted"
    CONDITIONS = "C", "C – Sharing permitted with conditions"


class Outcome(models.TextChoices):
    LOGGED = "logged", "Logged"
    TASKED = "tasked", "Tasked"
    REFERRED = "referred", "Referred"
    NO_FURTHER_ACTION = "nfa", "No further action"


class EntityKind(models.TextChoices):
    PERSON = "person", "Person"
    VEHICLE = "vehicle", "Vehicle"
    PHONE = "phone", "Phone"
    ACCOUNT = "account", "Online account"
    PLACE = "place", "Place"


class PersonRole(models.TextChoices):
    AT_RISK = "at_risk", "Person at risk"
    SUSPECTED = "suspected", "Suspected of exploiting others"
    ASSOCIATE = "associate", "Associate"
    OTHER = "other", "Other"


class Platform(models.TextChoices):
    SNAPCHAT = "snapchat", "Snapchat"
    INSTAGRAM = "instagram", "Instagram"
    WHATSAPP = "whatsapp", "WhatsApp"
    FACEBOOK = "facebook", "Facebook"
    TIKTOK = "tiktok", "TikTok"
    TELEGRAM = "telegram", "Telegram"
    OTHER = "other", "Other"


class Submission(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    about = models.CharField(max_length=20, choices=About.choices)
    what_happened = EncryptedTextField()
    occurred_on = models.DateField(null=True, blank=True)
    occurred_time = models.TimeField(null=True, blank=True)
    # In clear for themes; the full place and postcode are an encrypted place Entity.
    district = models.CharField(max_length=4, blank=True)
    how_known = models.CharField(max_length=20, choices=HowKnown.choices)
    how_known_detail = EncryptedTextField(blank=True)
    subject_aware = models.CharField(max_length=20, choices=SubjectAware.choices)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["partnership", "status", "submitted_at"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT


class SubmissionCategory(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="categories")
    category = models.CharField(max_length=30, choices=Category.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "category"], name="category_once_per_submission")]

    def __str__(self) -> str:
        return self.get_category_display()


class Entity(models.Model):
    """A person, vehicle, phone, online account or place named in a submission.

    Before submission a submitter may remove one; afterwards they can only be
    appended (``after_submission``), never changed.
    """

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="entities")
    kind = models.CharField(max_length=10, choices=EntityKind.choices)
    # The normalised value: registration, +44 number, account name, place, or the person's name.
    value = EncryptedTextField(blank=True)
    detail = EncryptedTextField(blank=True)
    person_ref = EncryptedTextField(blank=True)
    role = models.CharField(max_length=20, choices=PersonRole.choices, blank=True)
    platform = models.CharField(max_length=20, choices=Platform.choices, blank=True)
    postcode = EncryptedTextField(blank=True)
    district = models.CharField(max_length=4, blank=True)
    # The place where it happened, given in the main form.
    primary = models.BooleanField(default=False)
    link_key = models.CharField(max_length=64, blank=True, db_index=True)
    added_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    after_submission = models.BooleanField(default=False)

    class Meta:
        ordering = ["kind", "added_at", "pk"]
        verbose_name_plural = "entities"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} in {self.submission_id}"


class Addition(models.Model):
    """Something the submitter adds after submitting: appended, never an edit."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="additions")
    text = EncryptedTextField()
    added_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return f"Addition to {self.submission_id}"


class Assessment(models.Model):
    """A police grading. Re-grading adds a new one; the latest is current."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="assessments")
    source_grade = models.CharField(max_length=1, choices=SourceGrade.choices)
    information_grade = models.CharField(max_length=1, choices=InformationGrade.choices)
    handling = models.CharField(max_length=1, choices=Handling.choices)
    handling_conditions = EncryptedTextField(blank=True)
    sanitised_summary = EncryptedTextField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    outcome_detail = EncryptedTextField(blank=True)
    assessed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-assessed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.grading} for {self.submission_id}"

    @property
    def grading(self) -> str:
        return f"{self.source_grade}{self.information_grade}{self.handling}"


class ReferenceCounter(models.Model):
    """The last reference number issued in a year; locked while a new one is taken."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


def entity_label(entity: Entity) -> str:
    """How an entity reads on a page: the normalised value in its usual printed form."""
    from safeguard.intelligence.identifiers import display_phone, display_registration

    if entity.kind == EntityKind.VEHICLE:
        return display_registration(entity.value) if entity.value else "Registration not known"
    if entity.kind == EntityKind.PHONE:
        return display_phone(entity.value)
    if entity.kind == EntityKind.ACCOUNT:
        return f"{entity.get_platform_display()}: {entity.value}"
    if entity.kind == EntityKind.PLACE:
        return ", ".join(part for part in (entity.value, entity.postcode) if part)
    return entity.value


class Release(models.TextChoices):
    RELEASE = "release", "Release it in the subject access bundles of the people it names"
    WITHHOLD = "withhold", "Withhold it (for example DPA 2018 Schedule 2 paragraph 2: crime)"


class ReleaseDecision(models.Model):
    """A police decision whether a submission goes into subject access bundles.

    Soft intelligence is the police's to release: a data protection officer answering a subject access
    request includes a submission only when the latest decision on it is to release. Deciding again adds
    a new decision, so who decided what, when and why stays readable.
    """

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="release_decisions")
    decision = models.CharField(max_length=10, choices=Release.choices)
    reason = EncryptedTextField()
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} for {self.submission_id}"
