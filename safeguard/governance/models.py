"""Boards and groups at work: terms of reference, meetings, the action log and the bulletin.

Groups themselves (board, sub-groups, task-and-finish groups, joint groups) and
their memberships belong to the partnership app; this app records what they do.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from safeguard.partnership.models import Agency, Group, Partnership


class MeetingCycle(models.TextChoices):
    MONTHLY = "monthly", "Every month"
    BI_MONTHLY = "bi_monthly", "Every two months"
    QUARTERLY = "quarterly", "Every three months"
    AS_NEEDED = "as_needed", "As needed"


class TermsOfReference(models.Model):
    """One agreed version of a group's terms of reference; a new version never edits an old one."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="terms_of_reference")
    version = models.PositiveIntegerField()
    agreed_on = models.DateField()
    purpose = models.TextField()
    meeting_cycle = models.CharField(max_length=20, choices=MeetingCycle.choices, default=MeetingCycle.BI_MONTHLY)
    review_by = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["group", "-version"]
        constraints = [models.UniqueConstraint(fields=["group", "version"], name="terms_version_unique_per_group")]

    def __str__(self) -> str:
        return f"{self.group} terms of reference v{self.version}"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Meeting(models.Model):
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    minutes = models.TextField(blank=True)
    minutes_agreed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.group} – {timezone.localtime(self.starts_at):%d %B %Y}"


class AgendaItem(models.Model):
    """An item on the agenda; its paper is either an uploaded file or a Safeguard report by reference."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    presenter = models.CharField(max_length=200, blank=True)
    presenter_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Papers are stored privately and only served through an access-checked view.
    paper = models.FileField(upload_to="governance/papers/%Y/%m/", blank=True)
    paper_name = models.CharField(max_length=200, blank=True)
    # A report kept by reference, so the board sees the figures as they stand, not a stale copy.
    report_url_name = models.CharField(max_length=100, blank=True)
    report_query = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent without apologies"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)

    class Meta:
        ordering = ["agency__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency}): {self.get_status_display()}"


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Headline(models.Model):
    """A message the group agreed to publish to practitioners; the bulletin is composed from these."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="headlines")
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    text = models.TextField()

    class Meta:
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"
    CANCELLED = "cancelled", "Cancelled"


CLOSED_STATUSES = frozenset({ActionStatus.COMPLETE, ActionStatus.CANCELLED})


class ActionItem(models.Model):
    """One line of the action log. Named ActionItem so it is not confused with audit actions."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="actions")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="governance_actions")
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


class ActionUpdate(models.Model):
    """Updates are appended, never edited, so the log shows how an action progressed."""

    action = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    text = models.TextField()
    status = models.CharField(max_length=20, choices=ActionStatus.choices)

    class Meta:
        ordering = ["action", "at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class BulletinStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class BulletinIssue(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="bulletin_issues")
    board = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="bulletin_issues")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    number = models.PositiveIntegerField()
    issue_date = models.DateField()
    introduction = models.TextField()
    chair_name = models.CharField(max_length=200, blank=True)
    contact_text = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=BulletinStatus.choices, default=BulletinStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    emailed_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["partnership", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name="bulletin_number_unique_in_partnership")
        ]

    def __str__(self) -> str:
        return f"{self.title} – issue {self.number}"

    @property
    def title(self) -> str:
        return f"Messages bulletin from the {self.board.name}"

    @property
    def is_published(self) -> bool:
        return self.status == BulletinStatus.PUBLISHED


class BulletinSection(models.Model):
    """A section of an issue. Links are written in the text as [words](https://…)."""

    issue = models.ForeignKey(BulletinIssue, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField(default=0)
    heading = models.CharField(max_length=200)
    body = models.TextField()
    headline = models.ForeignKey(Headline, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["issue", "order", "pk"]

    def __str__(self) -> str:
        return self.heading


# The address an anonymised subscriber is left with: not deliverable (RFC 2606), and marks it done.
ANONYMISED_DOMAIN = "@anonymised.invalid"


class Subscriber(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="bulletin_subscribers")
    email = models.EmailField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subscribed_at = models.DateTimeField(default=timezone.now)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["email"]
        constraints = [models.UniqueConstraint(fields=["partnership", "email"], name="subscriber_once_per_partnership")]

    def __str__(self) -> str:
        return self.email

    @property
    def is_active(self) -> bool:
        return self.unsubscribed_at is None
