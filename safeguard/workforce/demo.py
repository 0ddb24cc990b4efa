"""Demo data: four quarters of workforce returns from the agencies that submit figures."""

from __future__ import annotations

import random
from decimal import Decimal

from django.utils import timezone

from safeguard.partnership.models import AgencyKind, Partnership
from safeguard.partnership.roles import Perm
from safeguard.synth.lookups import find_user

from . import selectors
from .models import StaffGroup
from .services import ReturnFigures, workforce_return_save

GROUPS_BY_KIND: dict[str, list[tuple[StaffGroup, int, int | None]]] = {
    AgencyKind.LA_CHILDREN: [(StaffGroup.SOCIAL_WORKERS, 85, 18), (StaffGroup.SOCIAL_WORK_MANAGERS, 12, None)],
    AgencyKind.HEALTH_PROVIDER: [(StaffGroup.HEALTH_VISITORS, 42, 310), (StaffGroup.SCHOOL_NURSES, 16, None)],
    AgencyKind.LA_EDUCATION: [(StaffGroup.EDUCATION_WELFARE, 9, 55)],
    AgencyKind.POLICE: [(StaffGroup.POLICE_OFFICERS, 60, None)],
}
NARRATIVE = {
    StaffGroup.SOCIAL_WORKERS: (
        "Caseloads above 20 in two assessment teams; newly qualified staff need protected caseloads.",
        "Agency social workers cover the long-term teams; a practice supervisor post was created.",
        "Regional recruitment campaign and a 'grow our own' apprenticeship cohort in January.",
    ),
    StaffGroup.HEALTH_VISITORS: (
        "Universal contacts delayed in the west of the town while posts are vacant.",
        "Skill-mix: community nursery nurses take some universal contacts.",
        "Six student health visitors qualify in September.",
    ),
}


def load_demo(*, partnership: Partnership) -> None:
    rng = random.Random(2017)
    latest = selectors.shift_quarter(selectors.quarter_start(timezone.localdate()), -1)
    for agency in partnership.agencies.filter(is_active=True).order_by("pk"):
        submitter = find_user(agency=agency, perm=Perm.SUBMIT_FIGURES)
        if submitter is None:
            continue
        for group, establishment, caseload in GROUPS_BY_KIND.get(agency.kind, []):
            for back in range(3, -1, -1):
                quarter = selectors.shift_quarter(latest, -back)
                vacancy_share = rng.uniform(0.06, 0.2)
                vacancies = Decimal(round(establishment * vacancy_share, 1))
                filled = Decimal(establishment) - vacancies
                pressures, mitigations, recruitment = NARRATIVE.get(group, ("", "", ""))
                workforce_return_save(
                    actor=submitter,
                    quarter_start=quarter,
                    staff_group=group,
                    figures=ReturnFigures(
                        establishment_fte=Decimal(establishment),
                        filled_fte=filled,
                        vacancies_fte=vacancies,
                        agency_fte=Decimal(round(float(vacancies) * rng.uniform(0.4, 0.9), 1)),
                        leavers=Decimal(round(establishment * rng.uniform(0.01, 0.06), 1)),
                        sickness_percent=Decimal(round(rng.uniform(2.5, 6.5), 1)),
                        average_caseload=None
                        if caseload is None
                        else Decimal(round(caseload * rng.uniform(0.9, 1.15))),
                        pressures=pressures if back == 0 else "",
                        mitigations=mitigations if back == 0 else "",
                        recruitment=recruitment if back == 0 else "",
                    ),
                )
