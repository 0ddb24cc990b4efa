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


__all__ = ["Figure", "FigureFunction", "Partnership", "period_bounds"]
