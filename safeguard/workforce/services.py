"""Saving workforce returns: one function, atomic and audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.partnership.models import User
from safeguard.partnership.roles import Perm

from .models import StaffGroup, WorkforceReturn


@dataclass(frozen=True)
class ReturnFigures:
    establishment_fte: Decimal
    filled_fte: Decimal
    vacancies_fte: Decimal
    agency_fte: Decimal
    leavers: Decimal
    sickness_percent: Decimal
    average_caseload: Decimal | None = None
    pressures: str = ""
    mitigations: str = ""
    recruitment: str = ""


def check_figures(figures: ReturnFigures) -> list[tuple[str, str]]:
    """What does not add up, as (field, message)."""
    problems = []
    for name in ("establishment_fte", "filled_fte", "vacancies_fte", "agency_fte", "leavers", "sickness_percent"):
        if getattr(figures, name) < 0:
            problems.append((name, "Enter a number of 0 or more"))
    if figures.filled_fte > figures.establishment_fte:
        problems.append(("filled_fte", "Filled posts cannot be more than the establishment"))
    if figures.vacancies_fte > figures.establishment_fte:
        problems.append(("vacancies_fte", "Vacancies cannot be more than the establishment"))
    if figures.sickness_percent > 100:
        problems.append(("sickness_percent", "Sickness is a percentage of working time: 100 or less"))
    if figures.average_caseload is not None and figures.average_caseload < 0:
        problems.append(("average_caseload", "Enter a caseload of 0 or more"))
    return problems


def workforce_return_save(
    *,
    actor: User,
    quarter_start: dt.date,
    staff_group: StaffGroup,
    figures: ReturnFigures,
    existing: WorkforceReturn | None = None,
) -> WorkforceReturn:
    """Create or change the actor's own agency's return; no agency edits another's."""
    if actor.agency is None or not actor.can(Perm.SUBMIT_FIGURES):
        raise PermissionError("Only an agency's data officers submit its workforce returns")
    if existing is not None and existing.agency_id != actor.agency_id:
        raise PermissionError("An agency changes only its own returns")
    problems = check_figures(figures)
    if problems:
        raise ValueError("; ".join(message for _, message in problems))
    with transaction.atomic():
        values = {**asdict(figures), "submitted_by": actor, "submitted_at": timezone.now()}
        if existing is None:
            saved = WorkforceReturn.objects.create(
                agency=actor.agency, quarter_start=quarter_start, staff_group=staff_group, **values
            )
            action = Action.CREATE
        else:
            saved = existing
            saved.quarter_start, saved.staff_group = quarter_start, staff_group
            for name, value in values.items():
                setattr(saved, name, value)
            saved.save(update_fields=["quarter_start", "staff_group", *values])
            action = Action.UPDATE
        audit_record(
            actor=actor,
            action=action,
            target=saved,
            summary=f"Workforce return: {staff_group.label}, quarter from {quarter_start:%B %Y}",
        )
    return saved
