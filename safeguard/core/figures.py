"""The shape in which every app hands a figure to the board scorecard.

Apps expose functions named ``figure_<code>(*, partnership, period_start, period_end) -> Figure``
in their ``selectors.py``; the performance app finds them by dotted path, so an
indicator is data and the app that knows the records computes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from safeguard.partnership.models import Partnership


@dataclass(frozen=True)
class Figure:
    numerator: float
    denominator: float | None = None  # None for a count; 0 means "no cases in the period"

    @property
    def value(self) -> float | None:
        if self.denominator is None:
            return self.numerator
        if self.denominator == 0:
            return None
        return self.numerator / self.denominator


FigureFunction = Callable[..., Figure]


def period_bounds(period_start: dt.date, period_end: dt.date) -> tuple[dt.date, dt.date]:
    if period_end < period_start:
        raise ValueError("A period cannot end before it starts")
    return period_start, period_end


Period = tuple[dt.date, dt.date]
ManyFunction = Callable[..., dict[Period, Figure]]


def for_periods(many: ManyFunction) -> Callable[[FigureFunction], FigureFunction]:
    """Give a figure function a way to answer for many periods at once.

    The scorecard shows eight periods of every indicator: asked one period at a time, each figure
    costs eight round trips to the database, so the page's query count grows with the indicators.
    ``many(*, partnership, periods)`` returns every period's figure from a constant number of
    queries; the single-period function should be that same code asked for one period, so the two
    can never disagree.
    """

    def attach(func: FigureFunction) -> FigureFunction:
        func.for_periods = many  # type: ignore[attr-defined]
        return func

    return attach


def figures_for_periods(
    func: FigureFunction, *, partnership: Partnership, periods: list[Period]
) -> dict[Period, Figure]:
    """Each period's figure: in one go when the function can (``for_periods``), else one period at a time."""
    many: ManyFunction | None = getattr(func, "for_periods", None)
    wanted = list(dict.fromkeys(periods))
    if many is not None:
        return many(partnership=partnership, periods=wanted)
    return {(start, end): func(partnership=partnership, period_start=start, period_end=end) for start, end in wanted}


__all__ = ["Figure", "FigureFunction", "Partnership", "Period", "figures_for_periods", "for_periods", "period_bounds"]
