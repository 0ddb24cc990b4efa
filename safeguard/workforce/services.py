"""Saving workforce returns: atomic and audited, one at a time from the form or many at once from a
workbook or an agency system."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import api_actor, audit_record
from safeguard.core.errors import Refused
from safeguard.partnership.models import Agency, ApiToken, User
from safeguard.partnership.roles import Perm

from . import selectors
from .models import StaffGroup, WorkforceReturn


class WorkforceError(Refused):
    """A return the rules refuse, with a message for the data officer who sent it."""


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
    agency = _submitting_agency(actor)
    if existing is not None and existing.agency_id != agency.pk:
        raise PermissionError("An agency changes only its own returns")
    problems = check_figures(figures)
    if problems:
        raise WorkforceError("; ".join(message for _, message in problems))
    try:
        with transaction.atomic():
            saved = _write(
                agency=agency,
                actor=actor,
                actor_username="",
                row=ReturnRow(quarter_start, staff_group, figures),
                existing=existing,
            )
    except IntegrityError:
        # The view checked first; a second submit or a colleague got there in between.
        raise ReturnExists(
            f"A return for {staff_group.label} that quarter has just been sent: change it instead"
        ) from None
    return saved


class ReturnExists(WorkforceError):
    """The agency already has a return for that staff group and quarter."""

    field = "staff_group"


@dataclass(frozen=True)
class ReturnRow:
    """One staff group's return for one quarter, as a workbook row or an API item gives it."""

    quarter_start: dt.date
    staff_group: StaffGroup
    figures: ReturnFigures


class Outcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    # The same figures sent again: nothing is written, so a retry leaves the stored return as it was.
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class SavedReturn:
    saved: WorkforceReturn
    outcome: Outcome


def workforce_returns_save(*, actor: User, rows: Sequence[ReturnRow]) -> list[SavedReturn]:
    """Save every row for the actor's own agency, or none: each replaces that quarter's return for its group."""
    return _save_rows(agency=_submitting_agency(actor), actor=actor, actor_username="", rows=rows)


def workforce_returns_save_by_token(*, token: ApiToken, rows: Sequence[ReturnRow]) -> list[SavedReturn]:
    """The same for an agency system calling the API with its agency's token."""
    if not token_may_submit(token):
        raise PermissionError("This token does not allow submitting workforce returns")
    return _save_rows(agency=token.agency, actor=None, actor_username=api_actor(token), rows=rows)


def token_may_submit(token: ApiToken) -> bool:
    # A token is refused a write when it holds a read-only role, as a user would be, whatever else it holds.
    return Perm.SUBMIT_FIGURES in token.permissions and not token.is_read_only


def _submitting_agency(actor: User) -> Agency:
    if actor.agency is None or not actor.can(Perm.SUBMIT_FIGURES) or actor.is_read_only:
        raise PermissionError("Only an agency's data officers submit its workforce returns")
    return actor.agency


def _save_rows(
    *, agency: Agency, actor: User | None, actor_username: str, rows: Sequence[ReturnRow]
) -> list[SavedReturn]:
    # Callers check every row first to report problems row by row; these checks are the last line,
    # raised before anything is written so a batch never half-saves.
    seen: set[tuple[dt.date, StaffGroup]] = set()
    for row in rows:
        if selectors.quarter_start(row.quarter_start) != row.quarter_start:
            raise WorkforceError(f"{row.quarter_start} is not the first day of a quarter")
        if (row.quarter_start, row.staff_group) in seen:
            raise WorkforceError(f"{row.staff_group.label} for {row.quarter_start} is in the batch twice")
        seen.add((row.quarter_start, row.staff_group))
        problems = check_figures(row.figures)
        if problems:
            raise WorkforceError(f"{row.staff_group.label}: " + "; ".join(message for _, message in problems))
    results = []
    with transaction.atomic():
        for row in rows:
            existing = _locked(agency, row)
            if existing is None:
                try:
                    # A savepoint: if a retry of this batch running at the same moment created the row
                    # first, only this create is undone and the row is treated as sent again.
                    with transaction.atomic():
                        saved = _write(
                            agency=agency, actor=actor, actor_username=actor_username, row=row, existing=None
                        )
                    results.append(SavedReturn(saved, Outcome.CREATED))
                    continue
                except IntegrityError:
                    existing = _locked(agency, row)
                    if existing is None:
                        raise
            if _figures_of(existing) == row.figures:
                results.append(SavedReturn(existing, Outcome.UNCHANGED))
                continue
            saved = _write(agency=agency, actor=actor, actor_username=actor_username, row=row, existing=existing)
            results.append(SavedReturn(saved, Outcome.UPDATED))
    return results


def _locked(agency: Agency, row: ReturnRow) -> WorkforceReturn | None:
    # Locked so two batches at once do not both change the same return.
    return (
        WorkforceReturn.objects.select_for_update()
        .filter(agency=agency, quarter_start=row.quarter_start, staff_group=row.staff_group)
        .first()
    )


def _figures_of(saved: WorkforceReturn) -> ReturnFigures:
    return ReturnFigures(**{f.name: getattr(saved, f.name) for f in fields(ReturnFigures)})


def _write(
    *,
    agency: Agency,
    actor: User | None,
    actor_username: str,
    row: ReturnRow,
    existing: WorkforceReturn | None,
) -> WorkforceReturn:
    """Create or change one return and audit it; the caller holds the transaction."""
    quarter_start, staff_group = row.quarter_start, row.staff_group
    values = {**asdict(row.figures), "submitted_by": actor, "submitted_at": timezone.now()}
    if existing is None:
        saved = WorkforceReturn.objects.create(
            agency=agency, quarter_start=quarter_start, staff_group=staff_group, **values
        )
        action = Action.CREATE
    else:
        saved = existing
        saved.quarter_start, saved.staff_group = quarter_start, staff_group
        for name, value in values.items():
            setattr(saved, name, value)
        saved.save(update_fields=["quarter_start", "staff_group", *values])
        action = Action.UPDATE
    # Read back so the caller sees figures as stored (40.00, not the 40 sent) whether created, changed or not.
    saved.refresh_from_db()
    audit_record(
        actor=actor,
        actor_username=actor_username,
        agency=agency,
        action=action,
        target=saved,
        summary=f"Workforce return: {staff_group.label}, quarter from {quarter_start:%B %Y}",
    )
    return saved
