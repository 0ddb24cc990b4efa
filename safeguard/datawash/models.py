"""Extracts agencies send, wash runs over them, their results and officers' link decisions."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from safeguard.partnership.models import Agency, Partnership, User
from safeguard.people.models import Person


class SourceKind(models.TextChoices):
    EHE_REGISTER = "ehe_register", "Elective home education register"
    CHILDREN_NOT_IN_SCHOOL = "children_not_in_school", "Children not in school register"
    CHILDREN_MISSING_EDUCATION = "children_missing_education", "Children missing education list"
    SCHOOL_CENSUS = "school_census", "School census"
    HEALTH = "health", "Health records"
    POLICE = "police", "Police records"
    SOCIAL_CARE = "social_care", "Social care records"
    OTHER = "other", "Other"


# Registers a run can be about: the children whose contact with services is in question.
COHORT_KINDS = (
    SourceKind.EHE_REGISTER,
    SourceKind.CHILDREN_NOT_IN_SCHOOL,
    SourceKind.CHILDREN_MISSING_EDUCATION,
)

# The engine's canonical columns, as officers see them on the mapping page.
CANONICAL_FIELDS: dict[str, str] = {
    "record_id": "Record ID (required)",
    "given_name": "First name",
    "middle_name": "Middle names",
    "family_name": "Last name",
    "date_of_birth": "Date of birth",
    "sex": "Sex",
    "postcode": "Postcode",
    "address_line": "Address",
    "nhs_number": "NHS number",
    "upn": "Unique pupil number",
    "last_seen_date": "Date last seen by the agency",
    "other_id": "Another ID the agencies share (e.g. local child ID)",
    "registered_on": "Date registered (never counted as seen)",
}


class ExtractStatus(models.TextChoices):
    AWAITING_MAPPING = "awaiting_mapping", "Columns to map"
    VALIDATED = "validated", "Validated"


class ColumnMapping(models.Model):
    """How one agency's export of one kind reads: saved once, reused for every later upload."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    source_kind = models.CharField(max_length=40, choices=SourceKind.choices)
    # Agency header → canonical column.
    columns = models.JSONField(default=dict)
    # Canonical date column → strptime format; empty means the engine's defaults.
    date_formats = models.JSONField(default=dict)
    encoding = models.CharField(max_length=20, default="utf-8")
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "source_kind"], name="mapping_once_per_agency_kind")]

    def __str__(self) -> str:
        return f"{self.agency} {self.source_kind}"


def extract_upload_to(instance: Extract, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "csv"
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    return f"datawash/extracts/{instance.agency_id}/{instance.source_kind}-v{instance.version}-{stamp}.{suffix}"


class Extract(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    source_kind = models.CharField(max_length=40, choices=SourceKind.choices)
    version = models.PositiveIntegerField()
    file = models.FileField(upload_to=extract_upload_to, max_length=300)
    original_name = models.CharField(max_length=255)
    size_bytes = models.PositiveBigIntegerField(default=0)
    encoding = models.CharField(max_length=20, default="utf-8")
    received_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    via_api = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=ExtractStatus.choices, default=ExtractStatus.AWAITING_MAPPING)
    headers = models.JSONField(default=list)
    # A few values per column for the mapping page; deleted with the extract.
    samples = models.JSONField(default=dict)
    mapping = models.JSONField(default=dict)
    date_formats = models.JSONField(default=dict)
    rows_read = models.PositiveIntegerField(default=0)
    rows_accepted = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    values_not_used = models.PositiveIntegerField(default=0)
    # The engine's rejects (row, field, value, reason, outcome), the first REJECTS_KEPT of them.
    rejects = models.JSONField(default=list)
    # What the accepted rows hold, for telling the officer what matching will rely on:
    # canonical column → how many accepted rows have a usable value in it.
    found = models.JSONField(default=dict)
    validated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "source_kind", "version"], name="extract_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.get_source_kind_display()} v{self.version}"

    @property
    def engine_name(self) -> str:
        """The source name given to the engine: stable across versions, so decisions keep applying."""
        return f"{self.source_kind}_{self.agency.code}".replace("-", "_")

    @property
    def is_usable(self) -> bool:
        return self.status == ExtractStatus.VALIDATED

    @property
    def found_text(self) -> str:
        """What the checked file holds and what matching will rely on, in words for the officer."""
        if not self.is_usable:
            return ""
        rows = self.rows_accepted
        children = f"{rows} child{'ren' if rows != 1 else ''}"
        nhs, upn = int(self.found.get("nhs_number", 0)), int(self.found.get("upn", 0))
        if not nhs and not upn:
            text = (
                f"{children}, none with an NHS number or UPN: matching will rely on names, dates of birth "
                "and addresses."
            )
        else:
            text = (
                f"{children}: {nhs or 'none'} with a valid NHS number and {upn or 'none'} with a valid UPN; "
                "the others will be matched on names, dates of birth and addresses."
            )
        seen = int(self.found.get("last_seen_date", 0))
        text += (
            f" {seen} with a date your agency last saw the child, which counts as a sighting."
            if seen
            else " None has a date your agency last saw the child, so this file shows no sightings."
        )
        return text


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


class WashRun(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    cohort_extract = models.ForeignKey(Extract, null=True, on_delete=models.SET_NULL, related_name="+")
    cohort_kind = models.CharField(max_length=40, choices=SourceKind.choices)
    source_extracts = models.ManyToManyField(Extract, related_name="+", blank=True)
    as_of = models.DateField()
    unseen_months = models.PositiveSmallIntegerField(default=18)
    include_visits = models.BooleanField(default=True)
    status = models.CharField(max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    stage = models.CharField(max_length=200, blank=True)
    percent = models.PositiveSmallIntegerField(default=0)
    cancel_requested = models.BooleanField(default=False)
    error = models.TextField(blank=True)
    started_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    # The worker process ("host:pid") running it: a run whose worker stops beating was abandoned.
    worker = models.CharField(max_length=200, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    counts = models.JSONField(default=dict)
    # Where the engine's outputs are kept in the default storage (private).
    output_prefix = models.CharField(max_length=200, blank=True)
    # Source engine names → agency names, for "last seen by".
    source_labels = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Wash run {self.pk} as of {self.as_of}"

    @property
    def is_active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)


class ChildStatus(models.TextChoices):
    UNSEEN = "unseen", "Not seen"
    CHECK = "check", "Check links"
    SEEN = "seen", "Seen"


class CohortChild(models.Model):
    """One child on the cohort register, as one run found them."""

    run = models.ForeignKey(WashRun, on_delete=models.CASCADE, related_name="children")
    cohort_source = models.CharField(max_length=100)
    cohort_record_id = models.CharField(max_length=100)
    person = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=ChildStatus.choices)
    last_seen_date = models.DateField(null=True, blank=True)
    last_seen_by = models.CharField(max_length=200, blank=True)
    confidence = models.FloatField(default=0)
    linked_records = models.JSONField(default=list)

    class Meta:
        ordering = ["status", "cohort_record_id"]
        constraints = [models.UniqueConstraint(fields=["run", "cohort_record_id"], name="cohort_child_once_per_run")]

    def __str__(self) -> str:
        return f"{self.cohort_record_id} ({self.status})"

    @property
    def confidence_text(self) -> str:
        """What the engine's confidence is about, for this status, in words (not a bare "1.000")."""
        percent = f"{round(self.confidence * 100)}%"
        if self.status == ChildStatus.SEEN:
            return f"{percent} sure the record of the sighting is this child's"
        if self.status == ChildStatus.CHECK:
            return f"{percent} likely that a record showing a sighting is this child's: an officer decides"
        return f"{percent} sure no record showing a recent sighting is this child's"


class AgencyRecord(models.Model):
    """An agency's record that the latest run linked to a person in the index."""

    extract = models.ForeignKey(Extract, on_delete=models.CASCADE, related_name="+")
    record_id = models.CharField(max_length=100)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    run = models.ForeignKey(WashRun, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["extract", "record_id"], name="agency_record_once")]

    def __str__(self) -> str:
        return f"{self.extract_id}:{self.record_id} → {self.person_id}"


class Decision(models.TextChoices):
    CONFIRM = "confirm", "Same child"
    REJECT = "reject", "Different children"


class LinkDecision(models.Model):
    """An officer's decision about two records; every later run honours it."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    left_source = models.CharField(max_length=100)
    left_record_id = models.CharField(max_length=100)
    right_source = models.CharField(max_length=100)
    right_record_id = models.CharField(max_length=100)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.left_source}:{self.left_record_id} {self.decision} {self.right_source}:{self.right_record_id}"


class ReviewCase(models.Model):
    """A pair the engine would not link on its own (review.csv), waiting for an officer."""

    run = models.ForeignKey(WashRun, on_delete=models.CASCADE, related_name="review_cases")
    child = models.ForeignKey(CohortChild, null=True, on_delete=models.CASCADE, related_name="review_cases")
    decides_status = models.BooleanField(default=False)
    probability = models.FloatField()
    match_weight = models.FloatField(null=True)
    why = models.CharField(max_length=300)
    left = models.JSONField(default=dict)
    right = models.JSONField(default=dict)
    decision = models.ForeignKey(LinkDecision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-decides_status", "-probability"]

    def __str__(self) -> str:
        return f"Check {self.left.get('record_id')} ~ {self.right.get('record_id')}"
