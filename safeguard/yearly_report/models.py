"""The safeguarding partners' yearly report (Working Together 2023: at least once every 12 months).

Safeguard drafts each section from what it already holds; the figures are frozen when the draft is made, so
the published report says what was true then. The business unit edits each section's text and publishes it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from safeguard.partnership.models import Partnership


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class YearlyReport(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["partnership", "-period_end"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "period_end"], name="yearly_report_once_per_period")
        ]

    def __str__(self) -> str:
        return f"Yearly report {self.period_label}"

    @property
    def period_label(self) -> str:
        return f"{self.period_start:%-d %B %Y} to {self.period_end:%-d %B %Y}"

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED


class ReportSection(models.Model):
    report = models.ForeignKey(YearlyReport, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField()
    key = models.CharField(max_length=40)
    heading = models.CharField(max_length=200)
    # What Safeguard found, one line each, as drafted; never edited, so the text can be checked against it.
    figures = models.JSONField(default=list)
    body = models.TextField(blank=True)

    class Meta:
        ordering = ["report", "order"]
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="yearly_report_section_once")]

    def __str__(self) -> str:
        return self.heading
