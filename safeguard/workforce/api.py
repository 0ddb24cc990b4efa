"""Agency systems send their quarterly workforce returns here, as they would in the workbook.

A batch is all or nothing and held to the workbook's rules (``batch.check_rows``): one bad
figure and nothing is saved, with every problem listed by its position in the batch. Sending
the same batch again changes nothing, so a retry after a lost response is safe.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from pydantic import Field

from safeguard.audit.models import Action
from safeguard.audit.services import api_actor, audit_record
from safeguard.core.api import ApiCaller, ErrorOut, Problem, ProblemsOut, caller_of
from safeguard.partnership.roles import Perm

from . import batch, selectors, services
from .models import StaffGroup, WorkforceReturn

router = Router(tags=["workforce"])


class ReturnIn(Schema):
    staff_group: str = Field(description="One of: " + ", ".join(StaffGroup.values), max_length=100)
    establishment_fte: Decimal
    filled_fte: Decimal
    vacancies_fte: Decimal
    agency_fte: Decimal
    leavers: Decimal = Field(description="Leavers in the quarter, FTE")
    sickness_percent: Decimal = Field(description="Working time lost to sickness, a percentage: 4.5 for 4.5%")
    average_caseload: Decimal | None = None
    pressures: str = ""
    mitigations: str = ""
    recruitment: str = ""


class ReturnsIn(Schema):
    quarter_start: dt.date = Field(description="The quarter's first day, e.g. 2026-07-01; the quarter must have ended")
    returns: list[ReturnIn] = Field(min_length=1, max_length=len(StaffGroup))


class ReturnOut(Schema):
    quarter_start: dt.date
    staff_group: str
    establishment_fte: Decimal
    filled_fte: Decimal
    vacancies_fte: Decimal
    agency_fte: Decimal
    leavers: Decimal
    sickness_percent: Decimal
    average_caseload: Decimal | None
    pressures: str
    mitigations: str
    recruitment: str
    submitted_at: dt.datetime


class SavedOut(ReturnOut):
    outcome: str = Field(description="created, updated, or unchanged when the same figures were sent again")


def _caller(request: HttpRequest) -> ApiCaller:
    caller = caller_of(request)
    caller.require(Perm.SUBMIT_FIGURES)
    return caller


def _audit(request: HttpRequest, caller: ApiCaller, summary: str) -> None:
    audit_record(
        actor=None,
        actor_username=api_actor(caller.token),
        agency=caller.agency,
        action=Action.API,
        object_type="workforce.api",
        summary=summary,
        request=request,
    )


def _out(saved: WorkforceReturn) -> ReturnOut:
    return ReturnOut(**{name: getattr(saved, name) for name in ReturnOut.model_fields})


def _quarter_problem(quarter: dt.date) -> str:
    start = selectors.quarter_start(quarter)
    if start != quarter:
        return f"give the first day of a quarter, such as {start:%Y-%m-%d}"
    if start > selectors.latest_quarter():
        return f"{selectors.quarter_label(start)} has not ended: returns are for completed quarters"
    return ""


@router.get(
    "/returns",
    response={200: list[ReturnOut], 403: ErrorOut, 422: ErrorOut},
    summary="This agency's workforce returns for one quarter",
)
def list_returns(request: HttpRequest, quarter: dt.date) -> list[ReturnOut]:
    """``quarter`` is the quarter's first day, e.g. 2026-07-01."""
    caller = _caller(request)
    if selectors.quarter_start(quarter) != quarter:
        raise HttpError(422, f"quarter must be the first day of a quarter, such as {selectors.quarter_start(quarter)}")
    found = selectors.returns_for_token(caller.token).filter(quarter_start=quarter).order_by("staff_group")
    _audit(request, caller, f"Read {caller.agency.name}'s workforce returns for {quarter:%Y-%m}")
    return [_out(r) for r in found]


@router.post(
    "/returns",
    response={200: list[SavedOut], 403: ErrorOut, 422: ProblemsOut},
    summary="Send one quarter's workforce returns, one item per staff group (all or nothing, idempotent)",
)
def submit_returns(request: HttpRequest, payload: ReturnsIn) -> Status[list[SavedOut]] | Status[ProblemsOut]:
    caller = _caller(request)
    if not services.token_may_submit(caller.token):
        raise HttpError(403, "This token holds a read-only role: it cannot send returns")
    why = _quarter_problem(payload.quarter_start)
    if why:
        problems = [Problem(index=None, field="quarter_start", reason=why)]
        checked = batch.Checked()
    else:
        items = [
            (index, {**item.model_dump(), "quarter_start": payload.quarter_start})
            for index, item in enumerate(payload.returns)
        ]
        checked = batch.check_rows(items, latest=selectors.latest_quarter(), name_of_row=lambda n: f"item {n}")
        problems = [Problem(index=p.row, field=p.field, reason=p.reason) for p in batch.in_order(checked.problems)]
    if problems:
        _audit(request, caller, f"Refused {caller.agency.name}'s workforce returns: {len(problems)} problems")
        return Status(422, ProblemsOut(error="Nothing was saved: fix every problem and send again", problems=problems))
    with transaction.atomic():
        saved = services.workforce_returns_save_by_token(token=caller.token, rows=checked.rows)
        counts = {o: sum(1 for s in saved if s.outcome == o) for o in services.Outcome}
        _audit(
            request,
            caller,
            f"Received {caller.agency.name}'s workforce returns for {payload.quarter_start:%Y-%m}: "
            + ", ".join(f"{n} {outcome}" for outcome, n in counts.items()),
        )
    return Status(200, [SavedOut(**_out(s.saved).model_dump(), outcome=s.outcome) for s in saved])
