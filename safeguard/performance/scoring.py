"""The arithmetic of the scorecard: values, RAG ratings, direction of travel and outliers.

Pure functions over numbers and an indicator's settings, so the rules can be
tested on fixed data without a database.
"""

from __future__ import annotations

import importlib
import logging
import re
import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db import models

from safeguard.core.figures import Figure, FigureFunction

if TYPE_CHECKING:
    from .models import Indicator

log = logging.getLogger(__name__)

# An indicator row names code to run: only functions called figure_* inside the
# project's own packages may be named, so a row can never import arbitrary code.
FIGURE_PATH = re.compile(r"^safeguard(\.[a-z_][a-z0-9_]*)+\.figure_[a-z0-9_]+$")


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    NONE = "none", "No rating"


class State(models.TextChoices):
    VALUE = "value", "Value"
    NO_CASES = "no_cases", "No cases in the period"
    NOT_AVAILABLE = "not_available", "Not yet available"
    NOT_SUBMITTED = "not_submitted", "Not submitted"


@dataclass(frozen=True)
class Measure:
    state: State
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    value: Decimal | None = None  # in the unit shown to the board


def is_allowed_figure_path(path: str) -> bool:
    return bool(FIGURE_PATH.match(path))


def resolve_figure(path: str) -> FigureFunction | None:
    """The figure function a dotted path names, or None while it does not exist yet.

    Other apps add their figure functions as they land; until then the
    indicator shows "Not yet available" rather than breaking the scorecard.
    """
    if not is_allowed_figure_path(path):
        return None
    module_name, _, func_name = path.rpartition(".")
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    func = getattr(module, func_name, None)
    return func if callable(func) else None


def measure_of(indicator: Indicator, numerator: Decimal | float, denominator: Decimal | float | None) -> Measure:
    num = Decimal(str(numerator))
    den = None if denominator is None else Decimal(str(denominator))
    if den is None:
        return Measure(State.VALUE, num, None, num)
    if den == 0:
        # An empty denominator means nothing happened to measure, which is not a zero.
        return Measure(State.NO_CASES, num, den, None)
    # Half up, as a reader rounding by hand would: 2.25 shows as 2.3.
    value = (num / den * indicator.scale).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Measure(State.VALUE, num, den, value)


def measure_figure(indicator: Indicator, figure: Figure) -> Measure:
    # A count is its numerator. A figure may still carry a denominator for other readers (the yearly report
    # gives "3 of the 120 on the register"), and dividing by it would show the board 0.025 children.
    if indicator.unit == "count":
        return measure_of(indicator, figure.numerator, None)
    return measure_of(indicator, figure.numerator, figure.denominator)


def rag_for(indicator: Indicator, value: Decimal | None) -> Rag:
    """Green at or beyond the green threshold, red beyond the red one, amber between."""
    if value is None or indicator.green_threshold is None or indicator.red_threshold is None:
        return Rag.NONE
    if indicator.polarity == "higher":
        if value >= indicator.green_threshold:
            return Rag.GREEN
        return Rag.RED if value < indicator.red_threshold else Rag.AMBER
    if value <= indicator.green_threshold:
        return Rag.GREEN
    return Rag.RED if value > indicator.red_threshold else Rag.AMBER


@dataclass(frozen=True)
class Direction:
    arrow: str  # "up", "down", "same" or "" when there is nothing to compare
    text: str

    worse: bool = False

    @property
    def symbol(self) -> str:
        return {"up": "↑", "down": "↓", "same": "→"}.get(self.arrow, "")


def direction_of(indicator: Indicator, current: Decimal | None, previous: Decimal | None) -> Direction:
    if current is None or previous is None:
        return Direction("", "No comparison with the previous period")
    if current == previous:
        return Direction("same", "No change from the previous period")
    up = current > previous
    better = up == (indicator.polarity == "higher")
    return Direction(
        "up" if up else "down",
        f"{'Up' if up else 'Down'} from {format_value(indicator, previous)}: {'better' if better else 'worse'}",
        worse=not better,
    )


def format_value(indicator: Indicator, value: Decimal | None) -> str:
    if value is None:
        return ""
    if indicator.unit == "percent":
        return f"{value.normalize():f}%"
    if indicator.unit == "days":
        return f"{value.normalize():f} days"
    return f"{value.normalize():f}"


def outlier_reason(value: Decimal | None, history: list[Decimal], *, sd_limit: int, percent_limit: int) -> str:
    """Why a figure looks far outside its history, or "" when it does not.

    Three earlier values at least, or a single odd month would query everything after it.
    """
    if value is None or len(history) < 3:
        return ""
    floats = [float(h) for h in history]
    mean = statistics.fmean(floats)
    sd = statistics.pstdev(floats)
    distance = abs(float(value) - mean)
    if sd > 0 and distance > sd_limit * sd:
        return f"{value:f} is more than {sd_limit} standard deviations from the recent average of {mean:.1f}"
    if mean != 0 and distance / abs(mean) * 100 > percent_limit:
        return f"{value:f} is more than {percent_limit}% away from the recent average of {mean:.1f}"
    return ""
