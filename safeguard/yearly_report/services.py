"""Drafting, editing and publishing the yearly report: one function each, atomic and audited."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.core.errors import Refused
from safeguard.partnership.models import Partnership, User
from safeguard.yearly_report.drafting import draft_sections
from safeguard.yearly_report.models import ReportSection, ReportStatus, YearlyReport

# Working Together: the partners report at least once every 12 months, so a report covers at most a year.
MAX_PERIOD_DAYS = 366


class ReportError(Refused):
    """A change the rules refuse; the message is shown to the user."""


def report_draft(
    *, actor: User | None, partnership: Partnership, period_start: dt.date, period_end: dt.date
) -> YearlyReport:
    if period_end < period_start:
        raise ReportError("The period must end after it starts")
    if (period_end - period_start).days >= MAX_PERIOD_DAYS:
        raise ReportError("A yearly report covers at most 12 months")
    if YearlyReport.objects.filter(partnership=partnership, period_end=period_end).exists():
        raise ReportError(f"There is already a report for the period ending {period_end:%-d %B %Y}")
    drafts = draft_sections(partnership=partnership, period_start=period_start, period_end=period_end)
    with transaction.atomic():
        report = YearlyReport.objects.create(
            partnership=partnership, period_start=period_start, period_end=period_end, created_by=actor
        )
        for order, draft in enumerate(drafts, start=1):
            ReportSection.objects.create(
                report=report, order=order, key=draft.key, heading=draft.heading, figures=draft.figures, body=draft.body
            )
        audit_record(actor=actor, action=Action.CREATE, target=report, summary=f"Drafted {report}")
    return report


def _refuse_if_published(report: YearlyReport) -> None:
    if report.is_published:
        raise ReportError("This report has been published and can no longer be changed")


def section_update(*, actor: User, section: ReportSection, heading: str, body: str) -> ReportSection:
    _refuse_if_published(section.report)
    with transaction.atomic():
        section.heading, section.body = heading, body
        section.save(update_fields=["heading", "body"])
        audit_record(actor=actor, action=Action.UPDATE, target=section, summary=f"Edited section {heading!r}"[:500])
    return section


def report_publish(*, actor: User, report: YearlyReport) -> YearlyReport:
    with transaction.atomic():
        # Checked on the locked row, so a double click publishes once.
        _refuse_if_published(YearlyReport.objects.select_for_update().get(pk=report.pk))
        report.status = ReportStatus.PUBLISHED
        report.published_at = timezone.now()
        report.save(update_fields=["status", "published_at"])
        audit_record(actor=actor, action=Action.UPDATE, target=report, summary=f"Published {report}")
    return report
