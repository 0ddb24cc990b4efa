"""Why two records were linked: each comparison's contribution to the match weight (a waterfall in numbers)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd


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


def level_labels(model: dict[str, Any]) -> dict[str, dict[int, str]]:
    """comparison → gamma value → level label, following Splink's numbering (null −1, else 0, best highest)."""
    labels: dict[str, dict[int, str]] = {}
    for comparison in model.get("comparisons", []):
        levels = comparison.get("comparison_levels", [])
        non_null = [lvl for lvl in levels if not lvl.get("is_null_level")]
        mapping = {-1: "missing on either side"}
        for index, level in enumerate(non_null):
            mapping[len(non_null) - 1 - index] = str(level.get("label_for_charts", ""))
        labels[str(comparison.get("output_column_name"))] = mapping
    return labels


def prior_weight(model: dict[str, Any]) -> float:
    p = float(model.get("probability_two_random_records_match", 1e-4))
    return math.log2(p / (1 - p))


def explain(row: pd.Series | dict[str, Any], model: dict[str, Any]) -> Explanation:
    labels = level_labels(model)
    steps = []
    for name, mapping in labels.items():
        gamma = int(row.get(f"gamma_{name}", -1))
        bf = float(row.get(f"bf_{name}", 1.0) or 1.0)
        tf = row.get(f"bf_tf_adj_{name}")
        weight = math.log2(bf) if bf > 0 else -math.inf
        if tf is not None and not pd.isna(tf) and float(tf) > 0:
            weight += math.log2(float(tf))
        steps.append(Step(comparison=name, level=mapping.get(gamma, str(gamma)), weight=round(weight, 2)))
    return Explanation(
        prior=round(prior_weight(model), 2),
        steps=tuple(steps),
        total=round(float(row.get("match_weight", 0.0)), 2),
        probability=float(row.get("match_probability", 0.0)),
    )
