from __future__ import annotations

from django.db import models
from django.utils import timezone

from safeguard.partnership.models import Agency, Partnership, User


class PersonKind(models.TextChoices):
    CHILD = "child", "Child"
    ADULT = "adult", "Adult"


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Not known"


class IdentifierKind(models.TextChoices):
    NHS_NUMBER = "nhs_number", "NHS number"
    UPN = "upn", "Unique pupil number"
    LOCAL = "local", "Local case number"
    POLICE = "police", "Police reference"


class InvolvementReason(models.TextChoices):
    CREATED = "created", "Added to the index by this agency"
    CASE = "case", "Open case or record"
    EXTRACT = "extract", "Matched to this agency's extract"
    VISIT = "visit", "Assigned a joint visit"
    TRACE = "trace", "Traced by identifier"
    SHARED = "shared", "Information shared with this agency"
    EPISODE = "episode", "Missing episode"
    PLACEMENT = "placement", "Placement notification"


class Person(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="people")
    kind = models.CharField(max_length=10, choices=PersonKind.choices, default=PersonKind.CHILD)
    given_name = models.CharField(max_length=100)
    middle_names = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=100)
    known_as = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    # Search keys are phonetic codes kept beside the names so a typo-tolerant search
    # can use an index instead of scanning; services keep them in step with the names.
    given_key = models.CharField(max_length=16, blank=True, db_index=True)
    family_key = models.CharField(max_length=16, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["partnership", "date_of_birth"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.middle_names, self.family_name) if part)


class Address(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    line1 = models.CharField(max_length=200)
    line2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True, db_index=True)
    from_date = models.DateField(null=True, blank=True)
    to_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-from_date"]
        verbose_name_plural = "addresses"

    def __str__(self) -> str:
        return ", ".join(part for part in (self.line1, self.line2, self.town, self.postcode) if part)

    @property
    def is_current(self) -> bool:
        return self.to_date is None


class Identifier(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(max_length=20, choices=IdentifierKind.choices)
    value = models.CharField(max_length=40, db_index=True)
    issuer = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "kind", "value"], name="identifier_once_per_person")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value}"


class Involvement(models.Model):
    """An agency's legitimate reason to see a person. Scoping starts here.

    A practitioner sees a person only when their agency has an involvement (or the
    user's role sees the whole partnership). Each app adds one when it gives an
    agency a reason, e.g. a visit assigned or information shared with police.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="involvements")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="involvements")
    reason = models.CharField(max_length=20, choices=InvolvementReason.choices)
    created_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "agency", "reason"], name="involvement_once_per_reason")
        ]

    def __str__(self) -> str:
        return f"{self.agency} – {self.person_id} ({self.reason})"
