"""Reading yearly reports: drafts for the partnership's business unit, published ones for anyone."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from safeguard.partnership.models import Partnership, User
from safeguard.partnership.roles import Perm
from safeguard.yearly_report.models import ReportSection, ReportStatus, YearlyReport


def _partnership_id(user: User | None) -> int | None:
    if user is None or user.agency is None or not user.can(Perm.MANAGE_GOVERNANCE):
        return None
    return user.agency.partnership_id


def reports_for_manager(user: User) -> QuerySet[YearlyReport]:
    pid = _partnership_id(user)
    if pid is None:
        return YearlyReport.objects.none()
    return YearlyReport.objects.filter(partnership_id=pid)


def get_report_for_manager(user: User, pk: int) -> YearlyReport:
    return get_object_or_404(reports_for_manager(user), pk=pk)


def get_section_for_manager(user: User, pk: int) -> ReportSection:
    return get_object_or_404(ReportSection.objects.filter(report__in=reports_for_manager(user)), pk=pk)


def published_reports(partnership: Partnership) -> QuerySet[YearlyReport]:
    return YearlyReport.objects.filter(partnership=partnership, status=ReportStatus.PUBLISHED)


def get_public_report(user: User | None, *, partnership: Partnership, pk: int) -> YearlyReport:
    """A published report for anyone; a draft only for its partnership's business unit, else 404."""
    report = get_object_or_404(YearlyReport.objects.select_related("partnership"), partnership=partnership, pk=pk)
    if report.is_published or _partnership_id(user) == partnership.pk:
        return report
    raise Http404("No such report")
