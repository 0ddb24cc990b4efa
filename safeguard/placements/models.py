from __future__ import annotations

from django.db import models
from django.utils import timezone

from safeguard.partnership.models import Agency, Partnership, User
from safeguard.people.models import Person


class PlacementKind(models.TextChoices):
    FOSTER = "foster", "Foster care"
    CHILDRENS_HOME = "childrens_home", "Children's home"
    SUPPORTED = "supported", "Supported accommodation"
    OTHER = "other", "Other"


class Distance(models.TextChoices):
    IN_AREA = "in_area", "In the placing authority's area"
    ADJOINING = "adjoining", "Out of area, in an adjoining authority"
    DISTANT = "distant", "Out of area, at a distance (not adjoining)"


class LegalStatus(models.TextChoices):
    S20 = "s20", "Section 20 (accommodated)"
    S31 = "s31", "Section 31 care order"
    S38 = "s38", "Section 38 interim care order"
    OTHER = "other", "Other"


class NoticeKind(models.TextChoices):
    START = "reg13", "Placement made (regulation 13)"
    END = "reg14", "Placement ended (regulation 14)"
    ADMISSION = "reg41_admission", "Children's home admission (regulation 41)"
    DISCHARGE = "reg41_discharge", "Children's home discharge (regulation 41)"
    POLICE = "police", "Local police told of placement (local protocol)"


class Recipient(models.TextChoices):
    """Who a notice goes to: regulation 13(2) lists them, in its order (a)–(i), then 13(4)'s host authority.

    Regulation 14 adds the placement provider or carer for an end. The police are local protocol.
    """

    CHILD = "child", "The child"
    PARENTS = "parents", "Each parent and person with parental responsibility"
    CONTACT = "contact", "People allowed contact under section 34 or a section 8 order"
    PREVIOUS_CARER = "previous_carer", "Whoever cared for the child immediately before"
    ICB_HOME = "icb_home", "Health body (ICB) for the child's home area"
    ICB_PLACEMENT = "icb_placement", "Health body (ICB) for the placement area"
    GP = "gp", "The child's GP"
    GP_NEW = "gp_new", "The GP the child will be registered with"
    SCHOOL = "school", "The child's school or college"
    IRO = "iro", "Independent Reviewing Officer"
    HOST = "host", "Host authority"
    PROVIDER = "provider", "The placement provider or carer"
    POLICE = "police", "Local police"


# Regulation 13(3): the authority may decide not to tell these people, where telling them would put the child at
# risk of significant harm; paragraphs (b) to (e).
MAY_BE_WITHHELD = frozenset({Recipient.PARENTS, Recipient.CONTACT, Recipient.PREVIOUS_CARER})


class SentMethod(models.TextChoices):
    SAFEGUARD = "safeguard", "Through Safeguard"
    SECURE_EMAIL = "secure_email", "Secure email"
    LETTER = "letter", "Letter"
    BY_HAND = "by_hand", "By hand or at a meeting"


class Placement(models.Model):
    """A child placed by one authority, possibly into another authority's area."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="placements")
    placing_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    # The host may belong to another partnership (Durham hosting a Darlington child).
    host_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    # A children's home that uses the system notifies admissions and discharges itself.
    home_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    provider = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=PlacementKind.choices)
    legal_status = models.CharField(max_length=10, choices=LegalStatus.choices, blank=True)
    distance = models.CharField(max_length=20, choices=Distance.choices)
    emergency = models.BooleanField(default=False)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    director_approved_by = models.CharField(max_length=200, blank=True)
    director_approved_on = models.DateField(null=True, blank=True)
    # Regulation 13 names these people; they are mostly outside Safeguard, so by name.
    gp_practice = models.CharField(max_length=200, blank=True)
    school = models.CharField(max_length=200, blank=True)
    iro_name = models.CharField(max_length=200, blank=True)
    iro_contact = models.CharField(max_length=200, blank=True)
    # Regulation 41 asks the children's home to say whether there is an EHC plan.
    has_ehc_plan = models.BooleanField(null=True, blank=True)
    # What the host authority is owed with its notice, besides the needs assessment and care plan.
    suitability_reasons = models.TextField(blank=True)
    # The rest of regulation 13(2)'s list, by name: they are outside Safeguard.
    child_not_told_reason = models.TextField(
        blank=True, help_text="Why the child is not told, given their age and understanding; blank if told"
    )
    parents = models.TextField(blank=True, help_text="Each parent and person with parental responsibility")
    contacts = models.TextField(blank=True, help_text="Anyone allowed contact under section 34 or a section 8 order")
    previous_carer = models.CharField(max_length=200, blank=True)
    new_gp_practice = models.CharField(max_length=200, blank=True)
    # Regulation 13(3): the decision not to tell (b)–(e), its reason and who made it.
    withheld_reason = models.TextField(blank=True)
    withheld_by = models.CharField(max_length=200, blank=True)
    withheld_on = models.DateField(null=True, blank=True)
    # Regulation 14: was the end planned (notice before it ends) or not (within 10 working days after)?
    end_planned = models.BooleanField(null=True, blank=True)
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on"]
        # An agency's placements, newest first, a page at a time: read in index order, not sorted each time.
        indexes = [models.Index(fields=["placing_agency", "-starts_on", "-id"], name="placement_placing_newest")]

    def __str__(self) -> str:
        return f"Placement {self.pk} with {self.provider}"

    @property
    def needs_director_approval(self) -> bool:
        return self.distance == Distance.DISTANT

    @property
    def director_approval_missing(self) -> bool:
        return self.needs_director_approval and not self.director_approved_on


class Notice(models.Model):
    """One notification owed from one agency to another, with its deadline."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    recipient = models.CharField(max_length=20, choices=Recipient.choices, default=Recipient.HOST)
    from_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    # Set when the recipient uses Safeguard (its inbox shows the notice); otherwise
    # ``to_name`` says who it went to, and the sender records how it was sent.
    to_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_name = models.CharField(max_length=200, blank=True)
    due_on = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sent_method = models.CharField(max_length=20, choices=SentMethod.choices, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["placement", "kind", "recipient"], name="notice_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.addressee}"

    @property
    def addressee(self) -> str:
        if self.to_agency is not None:
            return self.to_agency.name if not self.to_name else f"{self.to_name}, {self.to_agency.name}"
        return self.to_name or self.get_recipient_display()

    @property
    def in_safeguard(self) -> bool:
        return self.to_agency_id is not None
