"""One yearly report in draft for the demo: the 12 months to the end of last month, drafted from the demo's
figures (so it loads after them), with every section's text written as the business unit would, ready for
the business unit to read, change and publish beside the bulletin. All of it is invented.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from safeguard.partnership.models import Partnership, User
from safeguard.partnership.roles import Role
from safeguard.yearly_report import services
from safeguard.yearly_report.models import YearlyReport

# What the business unit wrote in each drafted section, by the section's key.
TEXT = {
    "introduction": (
        "This is the yearly report of the Darlington safeguarding partners: the council, the integrated care "
        "board and Durham Constabulary. It says what we did this year to keep children safe, what we learned "
        "and what we will do next, as Working Together to Safeguard Children 2023 asks of us."
    ),
    "scorecard": (
        "Most of the scorecard held steady. Return home interviews offered within 72 hours improved after the "
        "new provider started; the timeliness of initial health assessments for children in care did not, and "
        "the health sub-group is carrying an action on it into next year."
    ),
    "case_audits": (
        "The multi-agency audits this year looked at neglect and at children missing education. Most cases "
        "were graded good; where they were not, the common thread was a referral closed without anyone "
        "having seen the child."
    ),
    "unseen_children": (
        "Two data washes across children's services, health and education found children no agency had seen "
        "in the last year. Each was visited jointly by two agencies; every child was seen, and the visits' "
        "findings went to the children's social care front door where needed."
    ),
    "missing": (
        "Episodes of children missing from home and care fell slightly. A small number of children went "
        "missing repeatedly; the exploitation sub-group reviewed each of them with the police."
    ),
    "training": (
        "The multi-agency training programme reached practitioners from every partner agency. Information "
        "sharing awareness was the most booked course, after the learning from the Durham review."
    ),
    "reviews": (
        "One serious incident was notified to the national panel within five working days. The rapid review "
        "found learning about information sharing at MAPPA meetings, already known from a review in Durham, "
        "so no local review was commissioned; the learning briefing went out with the July bulletin."
    ),
    "workforce": (
        "Social worker vacancies and the use of agency staff both fell, which gives children fewer changes of "
        "worker. Health visiting caseloads remain high."
    ),
    "next_year": (
        "Next year the partners will focus on children at risk of exploitation outside the home, on the "
        "timeliness of health assessments for children in care, and on hearing more from children themselves."
    ),
}


def _period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The 12 months to the end of last month."""
    end = today.replace(day=1) - dt.timedelta(days=1)
    start = end.replace(year=end.year - 1) + dt.timedelta(days=1)
    return start, end


def load_demo(*, partnership: Partnership) -> None:
    with transaction.atomic():
        _load(partnership)


def _load(partnership: Partnership) -> None:
    start, end = _period(timezone.localdate())
    if YearlyReport.objects.filter(partnership=partnership, period_end=end).exists():
        return
    admin = (
        User.objects.filter(agency__partnership=partnership, role_assignments__role=Role.PARTNERSHIP_ADMIN)
        .order_by("pk")
        .first()
    )
    if admin is None:
        return
    report = services.report_draft(actor=admin, partnership=partnership, period_start=start, period_end=end)
    for section in report.sections.all():
        if section.key in TEXT:
            services.section_update(actor=admin, section=section, heading=section.heading, body=TEXT[section.key])
