from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from safeguard.partnership.roles import READ_ONLY_ROLES, Perm, Role, permissions_for


class AgencyKind(models.TextChoices):
    LA_CHILDREN = "la_children", "Local authority children's services"
    LA_EDUCATION = "la_education", "Local authority education"
    POLICE = "police", "Police"
    ICB = "icb", "Integrated Care Board"
    HEALTH_PROVIDER = "health_provider", "Health provider"
    PUBLIC_HEALTH = "public_health", "Public health"
    HOUSING = "housing", "Housing"
    PROBATION = "probation", "Probation"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    SCHOOL = "school", "School"
    VOLUNTARY = "voluntary", "Voluntary sector"
    BUSINESS_UNIT = "business_unit", "Safeguarding partnership business unit"
    CHILDRENS_HOME = "childrens_home", "Children's home"


class GroupKind(models.TextChoices):
    BOARD = "board", "Board"
    SUB_GROUP = "sub_group", "Sub-group"
    TASK_AND_FINISH = "task_and_finish", "Task and finish group"


class Audience(models.TextChoices):
    CHILDREN = "children", "Children"
    ADULTS = "adults", "Adults"
    ALL_AGES = "all_ages", "Children and adults"


class Partnership(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(unique=True)
    area_name = models.CharField(max_length=200, help_text="The local authority area, e.g. Darlington")
    # Telling local police of out-of-area placements is local protocol, not statute.
    notify_police_of_placements = models.BooleanField(default=True)
    # Many partnerships commission return home interviews from a voluntary-sector
    # provider; without one, children's services offer them.
    rhi_provider = models.ForeignKey("Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BusinessUnit(models.Model):
    """The team that supports one or more boards, possibly across partnerships."""

    name = models.CharField(max_length=200, unique=True)
    phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    partnerships = models.ManyToManyField(Partnership, related_name="business_units")

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="agencies")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=40, choices=AgencyKind.choices)
    code = models.SlugField(max_length=60, help_text="Short code used in extracts and the API")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["partnership__name", "name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "code"], name="agency_code_unique_in_partnership"),
            models.UniqueConstraint(fields=["partnership", "name"], name="agency_name_unique_in_partnership"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_police(self) -> bool:
        return self.kind == AgencyKind.POLICE


class Group(models.Model):
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=30, choices=GroupKind.choices)
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.CHILDREN)
    # A joint group (e.g. Durham and Darlington exploitation group) spans partnerships.
    partnerships = models.ManyToManyField(Partnership, related_name="groups")
    business_unit = models.ForeignKey(BusinessUnit, null=True, blank=True, on_delete=models.SET_NULL)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="sub_groups")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="users")
    job_title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            # Sign-in ignores case, so Alice and alice would be one login for two people.
            models.UniqueConstraint(Lower("username"), name="username_unique_ignoring_case"),
        ]

    @property
    def roles(self) -> frozenset[Role]:
        cached: frozenset[Role] | None = getattr(self, "_roles_cache", None)
        if cached is None:
            if not self.pk:
                return frozenset()
            cached = frozenset(Role(r) for r in self.role_assignments.values_list("role", flat=True))
            self._roles_cache = cached
        return cached

    @property
    def permissions(self) -> frozenset[Perm]:
        return permissions_for(self.roles)

    def can(self, perm: Perm) -> bool:
        if not self.is_active or self.agency_id is None:
            return False
        return perm in self.permissions

    @property
    def is_read_only(self) -> bool:
        return bool(self.roles & READ_ONLY_ROLES)

    @property
    def partnership_id(self) -> int | None:
        return self.agency.partnership_id if self.agency else None

    def display_name(self) -> str:
        return self.get_full_name() or self.username


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=40, choices=Role.choices)
    granted_at = models.DateTimeField(default=timezone.now)
    granted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="role_once_per_user")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class GroupRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice chair"
    LEAD = "lead", "Named lead"
    MEMBER = "member", "Member"
    ADVISER = "adviser", "Adviser"


class GroupMembership(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="group_memberships")
    role = models.CharField(max_length=20, choices=GroupRole.choices, default=GroupRole.MEMBER)
    joined_on = models.DateField(default=timezone.localdate)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="membership_once_per_group")]

    def __str__(self) -> str:
        return f"{self.user} in {self.group}"


class ApiToken(models.Model):
    """A per-agency token for agency systems; scoped like a user of that agency.

    Only a hash is stored: the token is shown once when it is created.
    """

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    # The token acts with the permissions of these roles, scoped to its agency.
    roles = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_token(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @property
    def permissions(self) -> frozenset[Perm]:
        return permissions_for(frozenset(Role(r) for r in self.roles))

    @property
    def is_read_only(self) -> bool:
        """A read-only role makes the whole token read-only, as it does a user."""
        return any(Role(r) in READ_ONLY_ROLES for r in self.roles)
