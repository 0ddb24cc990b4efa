"""Why two records were linked: each comparison's contribution to the match weight (a waterfall in numbers).

Splink 5 returns each comparison's match weight (``mw_<comparison>``, plus ``mw_tf_adj_<comparison>`` for
term-frequency adjustments) but not which level gave it unless every input column is kept too, which
would multiply the size of the scored pairs. So the level is read back from the weight: each level of a
comparison has its own weight, computed here exactly as Splink computes it for the SQL.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

MISSING = "missing on either side"
NOT_LEARNT = "not weighed: the model never saw this column filled"
WEIGHT_TOLERANCE = 1e-3
"""Weights are kept as float32 with the scored pairs; levels closer than this could not be told apart anyway."""


@dataclass(frozen=True)
class Step:
    comparison: str
    level: str
    weight: float
    """log2 Bayes factor this comparison added (including any term-frequency adjustment)."""


@dataclass(frozen=True)
class Explanation:
    prior: float
    steps: tuple[Step, ...]
    total: float
    probability: float


def level_weights(model: dict[str, Any]) -> dict[str, list[tuple[str, float]]]:
    """comparison → (label, match weight) of each level that is not the null level, as Splink scores them
    (Splink's default m or u included where training left a level unset)."""
    from .model import settings

    weights: dict[str, list[tuple[str, float]]] = {}
    for comparison in settings(model).get_settings("duckdb").comparisons:
        levels = [level for level in comparison.comparison_levels if not level.is_null_level]
        weights[str(comparison.output_column_name)] = [
            (str(level.label_for_charts), float(level._match_weight)) for level in levels
        ]
    return weights


def prior_weight(model: dict[str, Any]) -> float:
    p = float(model.get("probability_two_random_records_match", 1e-4))
    return math.log2(p / (1 - p))


def _number(value: object) -> float | None:
    if value is None or isinstance(value, str):
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def _level(weight: float, levels: list[tuple[str, float]]) -> str:
    def close(a: float, b: float) -> bool:
        return abs(a - b) <= WEIGHT_TOLERANCE

    if all(close(level_weight, 0.0) for _, level_weight in levels):
        return NOT_LEARNT
    matches = [label for label, level_weight in levels if close(level_weight, weight)]
    if close(weight, 0.0):
        # The null level weighs nothing too.
        matches.insert(0, MISSING)
    return " or ".join(matches) if matches else f"weight {weight:+.2f}"


class Explainer:
    """Explains scored pairs for one model; the level weights are worked out once, not per pair."""

    def __init__(self, model: dict[str, Any]) -> None:
        self.prior = prior_weight(model)
        self.levels = level_weights(model)

    def __call__(self, row: pd.Series | dict[str, Any]) -> Explanation:
        steps = []
        for name, levels in self.levels.items():
            weight = _number(row.get(f"mw_{name}"))
            if weight is None:
                steps.append(Step(comparison=name, level=MISSING, weight=0.0))
                continue
            adjustment = _number(row.get(f"mw_tf_adj_{name}")) or 0.0
            steps.append(Step(comparison=name, level=_level(weight, levels), weight=round(weight + adjustment, 2)))
        return Explanation(
            prior=round(self.prior, 2),
            steps=tuple(steps),
            total=round(float(row.get("match_weight", 0.0)), 2),
            probability=float(row.get("match_probability", 0.0)),
        )


def explain(row: pd.Series | dict[str, Any], model: dict[str, Any]) -> Explanation:
    return Explainer(model)(row)
