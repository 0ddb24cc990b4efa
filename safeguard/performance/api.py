"""Agency systems send their scorecard figures here, as they would in the workbook.

A batch is all or nothing: one bad figure and nothing is saved, with every
problem listed by its position in the batch.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from safeguard.core.api import ErrorOut, Problem, ProblemsOut, caller_of
from safeguard.partnership.roles import Perm

from . import periods, services
from .models import Indicator, Source

router = Router(tags=["performance"])


class IndicatorOut(Schema):
    code: str
    name: str
    numerator: str
    denominator: str
    unit: str
    frequency: str


class FigureIn(Schema):
    indicator_code: str = Field(min_length=1, max_length=60)
    period: str = Field(description="The period's first month, e.g. 2026-10", max_length=20)
    numerator: Decimal = Field(max_digits=12, decimal_places=2)
    denominator: Decimal | None = Field(default=None, max_digits=12, decimal_places=2)
    commentary: str = Field(default="", max_length=5000)


class FiguresIn(Schema):
    figures: list[FigureIn] = Field(min_length=1, max_length=500)


class SavedOut(Schema):
    indicator_code: str
    period: str
    status: str
    query_reason: str


def _own_indicators(request: HttpRequest) -> dict[str, Indicator]:
    caller = caller_of(request)
    caller.require(Perm.SUBMIT_FIGURES)
    qs = Indicator.objects.filter(owner_agency=caller.agency, source=Source.SUBMITTED, is_active=True)
    return {i.code: i for i in qs}


@router.get("/indicators", response=list[IndicatorOut], summary="The indicators this agency submits")
def indicators(request: HttpRequest) -> list[IndicatorOut]:
    return [
        IndicatorOut(
            code=i.code,
            name=i.name,
            numerator=i.numerator_label,
            denominator=i.denominator_label,
            unit=i.unit,
            frequency=i.frequency,
        )
        for i in _own_indicators(request).values()
    ]


@router.post(
    "/figures",
    response={200: list[SavedOut], 403: ErrorOut, 422: ProblemsOut},
    summary="Submit figures for one or more indicators and periods (all or nothing)",
)
def submit_figures(request: HttpRequest, payload: FiguresIn) -> Status[list[SavedOut]] | Status[ProblemsOut]:
    own = _own_indicators(request)
    problems: list[Problem] = []
    entries: list[services.FigureEntry] = []
    seen: set[tuple[str, dt.date]] = set()
    for index, figure in enumerate(payload.figures):
        indicator = own.get(figure.indicator_code)
        month = periods.parse_month(figure.period)
        if indicator is None:
            problems.append(Problem(index=index, field="indicator_code", reason="not one of your submitted indicators"))
        if month is None:
            problems.append(Problem(index=index, field="period", reason="give the period as YYYY-MM"))
        if indicator is None or month is None:
            continue
        if periods.period_start(month, indicator.frequency) != month:
            problems.append(Problem(index=index, field="period", reason="give the quarter's first month"))
        # Keyed by the month parsed, so "2025-1" and "2025-01" are the same period.
        if (figure.indicator_code, month) in seen:
            problems.append(Problem(index=index, field="period", reason="the same indicator and period twice"))
        seen.add((figure.indicator_code, month))
        for name, reason in services.check_figures(indicator, figure.numerator, figure.denominator):
            problems.append(Problem(index=index, field=name, reason=reason))
        entries.append(services.FigureEntry(indicator, month, figure.numerator, figure.denominator, figure.commentary))
    if problems:
        return Status(422, ProblemsOut(error="Nothing was saved: fix every problem and send again", problems=problems))
    saved = services.figures_submit_by_token(token=caller_of(request).token, entries=entries)
    return Status(
        200,
        [
            SavedOut(
                indicator_code=s.indicator.code,
                period=s.period_start.strftime("%Y-%m"),
                status=s.status,
                query_reason=s.query_reason,
            )
            for s in saved
        ],
    )
