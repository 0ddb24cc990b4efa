"""Quarterly workforce stability returns, one per agency, quarter and staff group."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from safeguard.partnership.models import Agency, User


class StaffGroup(models.TextChoices):
    SOCIAL_WORKERS = "social_workers", "Social workers"
    SOCIAL_WORK_MANAGERS = "social_work_managers", "Social work team managers"
    HEALTH_VISITORS = "health_visitors", "Health visitors"
    SCHOOL_NURSES = "school_nurses", "School nurses"
    MIDWIVES = "midwives", "Midwives"
    SAFEGUARDING_NURSES = "safeguarding_nurses", "Named and designated safeguarding nurses"
    DOCTORS = "doctors", "Doctors"
    POLICE_OFFICERS = "police_officers", "Police officers"
    POLICE_STAFF = "police_staff", "Police staff"
    EDUCATION_WELFARE = "education_welfare", "Education welfare officers"
    YOUTH_JUSTICE = "youth_justice", "Youth justice workers"
    PROBATION_OFFICERS = "probation_officers", "Probation officers"
    OTHER = "other", "Other safeguarding staff"


class WorkforceReturn(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="workforce_returns")
    quarter_start = models.DateField(help_text="First day of the calendar quarter")
    staff_group = models.CharField(max_length=30, choices=StaffGroup.choices)
    establishment_fte = models.DecimalField(max_digits=8, decimal_places=2)
    filled_fte = models.DecimalField(max_digits=8, decimal_places=2)
    vacancies_fte = models.DecimalField(max_digits=8, decimal_places=2)
    agency_fte = models.DecimalField(max_digits=8, decimal_places=2, help_text="Agency or locum staff covering posts")
    leavers = models.DecimalField(max_digits=8, decimal_places=2, help_text="Leavers in the quarter (FTE)")
    sickness_percent = models.DecimalField(max_digits=5, decimal_places=2, help_text="Working time lost to sickness")
    average_caseload = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    pressures = models.TextField(blank=True)
    mitigations = models.TextField(blank=True)
    recruitment = models.TextField(blank=True)
    submitted_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-quarter_start", "agency__name", "staff_group"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "quarter_start", "staff_group"], name="one_workforce_return_per_group"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.get_staff_group_display()} {self.quarter_start:%Y-%m}"
