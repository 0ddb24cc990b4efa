from __future__ import annotations

import datetime as dt
from decimal import Decimal

from safeguard.partnership.models import User

from ..models import StaffGroup, WorkforceReturn
from ..services import ReturnFigures, workforce_return_save


def figures(**overrides: object) -> ReturnFigures:
    values: dict[str, object] = {
        "establishment_fte": Decimal(40),
        "filled_fte": Decimal(32),
        "vacancies_fte": Decimal(8),
        "agency_fte": Decimal(6),
        "leavers": Decimal(2),
        "sickness_percent": Decimal("4.5"),
        "average_caseload": Decimal(18),
        "pressures": "Court work rising",
        "mitigations": "Agency cover",
        "recruitment": "Overseas campaign",
    }
    values.update(overrides)
    return ReturnFigures(**values)  # type: ignore[arg-type]


def a_return(
    actor: User,
    quarter: dt.date = dt.date(2026, 4, 1),
    group: StaffGroup = StaffGroup.HEALTH_VISITORS,
    **overrides: object,
) -> WorkforceReturn:
    return workforce_return_save(actor=actor, quarter_start=quarter, staff_group=group, figures=figures(**overrides))
