"""Reading workforce returns: an agency's own for editing, the partnership's for the board."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from safeguard.core.figures import Figure, Period, for_periods
from safeguard.partnership.models import ApiToken, Partnership, User
from safeguard.partnership.roles import Perm

# Quarters are reckoned the same way as on the scorecard: one implementation, a pure helper.
from safeguard.performance import periods

from . import conf
from .models import WorkforceReturn

QUARTERLY = periods.Frequency.QUARTERLY


def quarter_start(day: dt.date) -> dt.date:
    return periods.period_start(day, QUARTERLY)


def shift_quarter(start: dt.date, quarters: int) -> dt.date:
    return periods.shift(start, QUARTERLY, quarters)


def quarter_label(start: dt.date) -> str:
    return periods.label(start, QUARTERLY)


def latest_quarter() -> dt.date:
    """The last complete quarter: returns come in after a quarter ends."""
    return shift_quarter(quarter_start(timezone.localdate()), -1)


def returns_for_user(user: User) -> QuerySet[WorkforceReturn]:
    """The user's own agency's returns: the only ones it may change."""
    if user.agency is None or not user.can(Perm.SUBMIT_FIGURES):
        return WorkforceReturn.objects.none()
    return WorkforceReturn.objects.filter(agency_id=user.agency.pk).select_related("agency")


def returns_for_quarter(user: User, quarter: dt.date) -> QuerySet[WorkforceReturn]:
    """The returns the user may see for one quarter."""
    return returns_for_user(user).filter(quarter_start=quarter)


def return_already_sent(
    user: User, *, quarter: dt.date, staff_group: str, other_than: WorkforceReturn | None = None
) -> bool:
    """Whether the user's agency already has a return for this staff group and quarter (not counting ``other_than``)."""
    clash = returns_for_quarter(user, quarter).filter(staff_group=staff_group)
    if other_than is not None:
        clash = clash.exclude(pk=other_than.pk)
    return clash.exists()


def returns_for_token(token: ApiToken) -> QuerySet[WorkforceReturn]:
    """An agency system reads only its own agency's returns, as its data officer would."""
    if Perm.SUBMIT_FIGURES not in token.permissions:
        return WorkforceReturn.objects.none()
    return WorkforceReturn.objects.filter(agency_id=token.agency_id).select_related("agency")


def get_return_for_user(user: User, pk: int) -> WorkforceReturn:
    return get_object_or_404(returns_for_user(user), pk=pk)


def returns_for_partnership(user: User) -> QuerySet[WorkforceReturn]:
    if user.agency is None or not user.can(Perm.VIEW_SCORECARD):
        return WorkforceReturn.objects.none()
    return WorkforceReturn.objects.filter(agency__partnership_id=user.agency.partnership_id).select_related("agency")


def _percent(part: Decimal, whole: Decimal, times: int = 1) -> Decimal | None:
    if not whole:
        return None
    return (part * times / whole * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Totals:
    """Summed returns with their rates; ``None`` rates where there is no establishment to divide by."""

    label: str
    establishment: Decimal = Decimal(0)
    filled: Decimal = Decimal(0)
    vacancies: Decimal = Decimal(0)
    agency_staff: Decimal = Decimal(0)
    leavers: Decimal = Decimal(0)
    sickness_weighted: Decimal = Decimal(0)
    caseloads: list[Decimal] = field(default_factory=list)
    returns: list[WorkforceReturn] = field(default_factory=list)

    def add(self, r: WorkforceReturn) -> None:
        self.establishment += r.establishment_fte
        self.filled += r.filled_fte
        self.vacancies += r.vacancies_fte
        self.agency_staff += r.agency_fte
        self.leavers += r.leavers
        self.sickness_weighted += r.sickness_percent * r.filled_fte
        if r.average_caseload is not None:
            self.caseloads.append(r.average_caseload)
        self.returns.append(r)

    @property
    def vacancy_rate(self) -> Decimal | None:
        return _percent(self.vacancies, self.establishment)

    @property
    def agency_rate(self) -> Decimal | None:
        return _percent(self.agency_staff, self.establishment)

    @property
    def turnover_rate(self) -> Decimal | None:
        # Annualised: a quarter's leavers times four over the staff in post.
        return _percent(self.leavers, self.filled, times=4)

    @property
    def sickness_rate(self) -> Decimal | None:
        if not self.filled:
            return None
        return (self.sickness_weighted / self.filled).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def caseload(self) -> Decimal | None:
        if not self.caseloads:
            return None
        return (sum(self.caseloads, Decimal(0)) / len(self.caseloads)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def shortages(self) -> list[str]:
        found = []
        checks = (
            (self.vacancy_rate, conf.VACANCY_PERCENT, "vacancies"),
            (self.agency_rate, conf.AGENCY_STAFF_PERCENT, "agency staff"),
            (self.turnover_rate, conf.TURNOVER_PERCENT, "turnover"),
        )
        for rate, limit, name in checks:
            if rate is not None and rate >= limit:
                found.append(f"{name} {rate}% (threshold {limit}%)")
        return found


@dataclass
class Report:
    quarter: dt.date
    quarter_label: str
    by_agency: list[Totals]
    by_group: list[Totals]
    detail: list[tuple[WorkforceReturn, Totals]]
    trend: list[Totals]
    partnership: Totals


def workforce_report(returns: QuerySet[WorkforceReturn], quarter: dt.date) -> Report:
    """Compare agencies in one quarter and the partnership across recent quarters."""
    first = shift_quarter(quarter, -(conf.TREND_QUARTERS - 1))
    rows = list(returns.filter(quarter_start__gte=first, quarter_start__lte=quarter).order_by("agency__name"))
    agencies: dict[str, Totals] = {}
    groups: dict[str, Totals] = {}
    trend: dict[dt.date, Totals] = defaultdict(lambda: Totals(""))
    partnership = Totals("All agencies")
    detail = []
    for r in rows:
        trend[r.quarter_start].add(r)
        if r.quarter_start != quarter:
            continue
        agencies.setdefault(r.agency.name, Totals(r.agency.name)).add(r)
        groups.setdefault(r.staff_group, Totals(r.get_staff_group_display())).add(r)
        partnership.add(r)
        single = Totals(f"{r.agency.name}: {r.get_staff_group_display()}")
        single.add(r)
        detail.append((r, single))
    trend_rows = []
    for n in range(conf.TREND_QUARTERS):
        start = shift_quarter(first, n)
        totals = trend[start]
        totals.label = quarter_label(start)
        trend_rows.append(totals)
    return Report(
        quarter=quarter,
        quarter_label=quarter_label(quarter),
        by_agency=list(agencies.values()),
        by_group=sorted(groups.values(), key=lambda t: t.label),
        detail=detail,
        trend=trend_rows,
        partnership=partnership,
    )


_SUMMED = {
    "establishment": "establishment_fte",
    "vacancies": "vacancies_fte",
    "agency": "agency_fte",
    "leavers": "leavers",
    "filled": "filled_fte",
}


def _sums_periods(partnership: Partnership, periods: list[Period]) -> dict[Period, dict[str, Decimal]]:
    """Returns for the quarters that start inside each period, summed across agencies, in one query."""
    if not periods:
        return {}
    aggregates = {}
    for index, (start, end) in enumerate(periods):
        inside = Q(quarter_start__gte=start, quarter_start__lte=end)
        for name, column in _SUMMED.items():
            aggregates[f"{name}_{index}"] = Sum(column, filter=inside)
    totals = WorkforceReturn.objects.filter(
        agency__partnership=partnership,
        quarter_start__gte=min(start for start, _ in periods),
        quarter_start__lte=max(end for _, end in periods),
    ).aggregate(**aggregates)
    return {
        period: {name: totals[f"{name}_{index}"] or Decimal(0) for name in _SUMMED}
        for index, period in enumerate(periods)
    }


def _sums(partnership: Partnership, period_start: dt.date, period_end: dt.date) -> dict[str, Decimal]:
    """Returns for the quarters that start inside the period, summed across agencies."""
    return _sums_periods(partnership, [(period_start, period_end)])[(period_start, period_end)]


def _rate_periods(numerator: str, denominator: str) -> Callable[..., dict[Period, Figure]]:
    def many(*, partnership: Partnership, periods: list[Period]) -> dict[Period, Figure]:
        return {
            period: Figure(numerator=float(sums[numerator]), denominator=float(sums[denominator]))
            for period, sums in _sums_periods(partnership, periods).items()
        }

    return many


@for_periods(_rate_periods("vacancies", "establishment"))
def figure_vacancy_rate(*, partnership: Partnership, period_start: dt.date, period_end: dt.date) -> Figure:
    sums = _sums(partnership, period_start, period_end)
    return Figure(numerator=float(sums["vacancies"]), denominator=float(sums["establishment"]))


@for_periods(_rate_periods("agency", "establishment"))
def figure_agency_staff_rate(*, partnership: Partnership, period_start: dt.date, period_end: dt.date) -> Figure:
    sums = _sums(partnership, period_start, period_end)
    return Figure(numerator=float(sums["agency"]), denominator=float(sums["establishment"]))


@for_periods(_rate_periods("leavers", "filled"))
def figure_turnover_rate(*, partnership: Partnership, period_start: dt.date, period_end: dt.date) -> Figure:
    """Leavers over staff in post for the period (not annualised: the period is the indicator's)."""
    sums = _sums(partnership, period_start, period_end)
    return Figure(numerator=float(sums["leavers"]), denominator=float(sums["filled"]))
