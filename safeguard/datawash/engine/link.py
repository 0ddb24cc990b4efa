"""Scoring pairs of records with Splink on the chosen SQL engine."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from splink import Linker

from .backends import sql_api
from .config import Engine, Resources
from .model import TrainingPlan, settings, train

logger = logging.getLogger(__name__)


@dataclass
class Scored:
    pairs: pd.DataFrame
    """unique_id_l, unique_id_r, match_weight, match_probability and per-comparison gamma_/bf_ columns."""
    model: dict[str, Any]


def score_pairs(
    table: pd.DataFrame,
    *,
    engine: Engine,
    resources: Resources,
    temp_dir: Path,
    review_floor: float,
    model_path: Path | None,
    plan: TrainingPlan,
    step: Callable[[str], None],
) -> Scored:
    """Train (or load) the model and return every blocked pair at or above ``review_floor``."""
    with sql_api(engine, resources, temp_dir) as api:
        frame = api.register(table, dataset_display_name="records")
        model_settings: Any = json.loads(model_path.read_text()) if model_path else settings()
        linker = Linker(frame, model_settings, log_level=logging.WARNING)
        if model_path is None:
            step("training the model on the data")
            train(linker, table, plan)
        step("scoring candidate pairs")
        predictions = linker.inference.predict(threshold_match_probability=review_floor, warning_mode="never")
        pairs = predictions.as_pandas_dataframe()
        model = linker.misc.save_model_to_json()
    keep = [c for c in pairs.columns if c.startswith(("gamma_", "bf_", "tf_"))]
    pairs = pairs[["unique_id_l", "unique_id_r", "match_weight", "match_probability", *keep]].copy()
    pairs["unique_id_l"] = pairs["unique_id_l"].astype("int64")
    pairs["unique_id_r"] = pairs["unique_id_r"].astype("int64")
    return Scored(pairs=pairs, model=model)
