"""Scoring pairs of records with Splink.

Training always runs in DuckDB (on a sample when the data is large); scoring runs on the
chosen engine with the same parameters. So DuckDB and Spark apply the very same model, and
a saved model.json repeats a run exactly on either.
"""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from splink import Linker

from .backends import duckdb_api, sql_api
from .config import Engine, Resources
from .model import TrainingPlan, settings, smooth, train

logger = logging.getLogger(__name__)

TRAINING_SAMPLE_RECORDS = 400_000
"""Above this, train on a sample; EM needs pairs of one child, not every child, and its cost grows with pairs."""


@dataclass
class Scored:
    pairs: pd.DataFrame
    """unique_id_l, unique_id_r, match_weight, match_probability and each comparison's match weight (mw_ columns)."""
    model: dict[str, Any]


def training_sample(table: pd.DataFrame, limit: int = TRAINING_SAMPLE_RECORDS) -> pd.DataFrame:
    """A deterministic sample that keeps whole birthdays: records of one child mostly share a date of birth,
    so sampling dates (not records) keeps their pairs together for EM."""
    if len(table) <= limit:
        return table
    keys = table["date_of_birth"].fillna("").map(lambda v: zlib.crc32(v.encode()) % 1000)
    share = max(1, int(1000 * limit / len(table)))
    return table[keys < share].reset_index(drop=True)


def train_model(table: pd.DataFrame, resources: Resources, temp_dir: Path, plan: TrainingPlan) -> dict[str, Any]:
    sample = training_sample(table)
    with duckdb_api(resources, temp_dir) as api:
        linker = Linker(api.register(sample, dataset_display_name="records"), settings(), log_level=logging.WARNING)
        train(linker, sample, plan)
        return smooth(linker.misc.save_model_to_json())


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
    if model_path is not None:
        model = json.loads(model_path.read_text(encoding="utf-8"))
    else:
        step("training the model on the data")
        model = train_model(table, resources, temp_dir, plan)
    step("scoring candidate pairs")
    with sql_api(engine, resources, temp_dir) as api:
        frame = api.register(table, dataset_display_name="records")
        linker = Linker(frame, settings(model), log_level=logging.WARNING)
        predictions = linker.inference.predict(threshold_match_probability=review_floor, warning_mode="never")
        pairs = predictions.as_pandas_dataframe()
    # Each comparison's weight, for the explanations (Splink 5 names them mw_<comparison>).
    keep = [c for c in pairs.columns if c.startswith("mw_")]
    pairs = pairs[["unique_id_l", "unique_id_r", "match_weight", "match_probability", *keep]].copy()
    pairs[keep] = pairs[keep].astype("float32")
    pairs["unique_id_l"] = pairs["unique_id_l"].astype("int64")
    pairs["unique_id_r"] = pairs["unique_id_r"].astype("int64")
    return Scored(pairs=pairs, model=model)
