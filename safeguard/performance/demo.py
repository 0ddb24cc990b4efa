"""Demo data: a year of scorecard figures, one query, two late returns and a case audit in progress."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from safeguard.partnership.models import Partnership, User
from safeguard.partnership.roles import Perm
from safeguard.synth.lookups import find_user

from . import periods, selectors, services
from .models import AuditGrade, Indicator, Source, Theme

# Rough monthly (numerator share, denominator) shapes per submitted indicator.
SHAPES = {
    "re-referrals": (0.21, 60),
    "assessments-45-days": (0.86, 70),
    "icpc-15-days": (0.78, 12),
    "cp-second-plan": (0.19, 14),
    "cp-two-years": (0.04, 25),
    "three-placements": (0.11, 230),
    "out-of-area": (0.38, 230),
}
# Left unsent from their latest period already past its due date, so the chase list has something in
# it on whatever day the demo is loaded (a month's figures are not late until 15 working days after it).
LATE = {"re-referrals", "cp-second-plan"}


def _latest_overdue_period(indicator: Indicator, last: dt.date, today: dt.date) -> dt.date:
    """The newest period up to ``last`` whose figures were due before ``today``."""
    start = last
    while selectors.due_date(indicator, start) >= today:
        start = periods.shift(start, indicator.frequency, -1)
    return start


def load_demo(*, partnership: Partnership) -> None:
    rng = random.Random(2017)
    admin = find_user(partnership, perm=Perm.MANAGE_INDICATORS)
    services.indicators_seed_standard(actor=admin, partnership=partnership)
    today = timezone.localdate()
    latest_month = selectors.default_month(today)
    for indicator in Indicator.objects.filter(partnership=partnership, source=Source.SUBMITTED):
        submitter = find_user(agency=indicator.owner_agency, perm=Perm.SUBMIT_FIGURES)
        share, size = SHAPES.get(indicator.code, (0.5, 40))
        if submitter is None:
            continue
        last = selectors.period_for_month(indicator, latest_month)
        starts = periods.last_periods(last, indicator.frequency, 12 if indicator.frequency == "monthly" else 5)
        overdue_from = _latest_overdue_period(indicator, last, today)
        for start in starts:
            if indicator.code in LATE and start >= overdue_from:
                continue
            denominator = max(1, round(size * rng.uniform(0.85, 1.15)))
            this_share = share * rng.uniform(0.9, 1.1)
            if indicator.code == "assessments-45-days" and start == last:
                this_share = 0.35  # a slip in recording: the agency must confirm or correct it
            numerator = min(denominator, round(denominator * this_share))
            note = ""
            if start == last:
                note = {
                    "re-referrals": "",
                    "assessments-45-days": "Two social workers left in the month; cases reallocated.",
                    "three-placements": "Placement sufficiency remains the main pressure; two new foster carers approved.",
                    "icpc-15-days": "Delays were waiting for police checks; now resolved.",
                }.get(indicator.code, "")
            services.figures_submit(
                actor=submitter,
                entries=[services.FigureEntry(indicator, start, Decimal(numerator), Decimal(denominator), note)],
            )
    _load_audit(partnership, rng)


def _load_audit(partnership: Partnership, rng: random.Random) -> None:
    runner = find_user(partnership, perm=Perm.MANAGE_INDICATORS)
    if runner is None or not runner.can(Perm.VIEW_PEOPLE):
        return
    auditors = []
    seen_agencies: set[int] = set()
    for user in User.objects.filter(agency__partnership=partnership, is_active=True).order_by("pk"):
        # The programme's runner chairs the panel; the auditors come from the agencies.
        if user == runner or user.is_read_only or not user.can(Perm.VIEW_PEOPLE):
            continue
        if user.agency_id not in seen_agencies:
            auditors.append(user)
            seen_agencies.add(user.agency_id or 0)
    if len(auditors) < 2:
        return
    programme = services.audit_programme_create(
        actor=runner,
        title="Children who go missing: return interviews and information sharing",
        theme=Theme.MISSING,
        scope="Were return home interviews timely, and did what children said reach police and health?",
        auditors=auditors[:4],
        sample_size=6,
    )
    grades = [AuditGrade.GOOD, AuditGrade.REQUIRES_IMPROVEMENT, AuditGrade.REQUIRES_IMPROVEMENT, AuditGrade.INADEQUATE]
    for case, grade in zip(programme.cases.all(), grades, strict=False):
        grader = rng.choice(auditors[:4])
        services.audit_case_grade(actor=grader, case=case, grade=grade, summary="Graded at the audit panel.")
        services.audit_finding_add(
            actor=grader, case=case, text="Return interview notes were not shared with the school nurse."
        )
    today = timezone.localdate()
    owner = auditors[0].agency
    assert owner is not None
    services.audit_action_add(
        actor=runner,
        programme=programme,
        description="Send return interview summaries to the school nursing team within 5 working days",
        owner_agency=owner,
        owner_name="Head of children's social care",
        due_on=today + dt.timedelta(days=21),
    )
    services.audit_action_add(
        actor=runner,
        programme=programme,
        description="Brief police missing persons coordinators on the Philomena Protocol refresh",
        owner_agency=auditors[1].agency or owner,
        owner_name="Missing persons coordinator",
        due_on=today - dt.timedelta(days=3),
    )
