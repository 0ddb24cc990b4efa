"""Scoring pairs of records with Splink.

Training always runs in DuckDB (on a sample when the data is large); scoring runs on the
chosen engine with the same parameters. So DuckDB and Spark apply the very same model, and
a saved model.json repeats a run exactly on either.
"""

from __future__ import annotations

import copy
import json
import logging
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from splink import Linker

# Splink 5 has no public module for its exception classes; SplinkException is the base it raises for bad input.
from splink.internals.exceptions import SplinkException

from .backends import duckdb_api, sql_api
from .config import Engine, Resources
from .errors import BadInput
from .model import (
    MAX_EM_ITERATIONS,
    MIN_LABELLED_PAIRS,
    MIN_TRAINING_RECORDS,
    TrainingPlan,
    cap_swapped_names,
    for_whole_table,
    forget_unlearnt,
    leave_out_earlier_pairs_by_their_keys,
    settings,
    smooth,
    train,
)

logger = logging.getLogger(__name__)

NOT_SCORED = ("source", "record_id")
"""Link table columns no comparison or blocking rule reads."""

TRAINING_SAMPLE_RECORDS = 400_000
"""Above this, train on a sample; EM needs pairs of one child, not every child, and its cost grows with pairs."""


@dataclass
class Scored:
    pairs: pd.DataFrame
    """unique_id_l, unique_id_r, match_weight, match_probability and each comparison's match weight (mw_ columns)."""
    model: dict[str, Any]
    model_note: str = ""
    """Where the model's parameters came from, in a sentence for the report."""


@dataclass(frozen=True)
class Trained:
    model: dict[str, Any]
    note: str
    fell_back: bool = False
    """True when the saved start model was used as it is, rather than estimated from this run's data."""


def training_sample(table: pd.DataFrame, limit: int = TRAINING_SAMPLE_RECORDS) -> pd.DataFrame:
    """A deterministic sample that keeps whole birthdays: records of one child mostly share a date of birth,
    so sampling dates (not records) keeps their pairs together for EM."""
    if len(table) <= limit:
        return table
    keys = table["date_of_birth"].fillna("").map(lambda v: zlib.crc32(v.encode()) % 1000)
    share = max(1, int(1000 * limit / len(table)))
    return table[keys < share].reset_index(drop=True)


def _start_settings(start: dict[str, Any] | None) -> tuple[Any, str]:
    """Settings carrying the start model's parameters, or Splink's defaults when there is none or it does not fit."""
    if start is None:
        return settings(), "Splink's default parameters"
    try:
        return settings(start), "the saved model's parameters"
    except BadInput as error:
        logger.warning("The start model is not used: %s", error)
        return settings(), "Splink's default parameters (the saved start model does not fit this engine)"


def train_model(
    table: pd.DataFrame,
    resources: Resources,
    temp_dir: Path,
    plan: TrainingPlan,
    start: dict[str, Any] | None = None,
    confirmed: list[tuple[int, int]] | None = None,
) -> Trained:
    """Estimate the model from this run's own data by EM, starting from ``start`` (a saved model).

    Guarded: with too few records, or when EM fails or does not converge, the start model is used as it
    is, and the note says so (without a start model, a failure is an error as before).
    """
    sample = training_sample(table)
    labels = _labels_in(sample, confirmed or [])
    fallback = None if start is None else cap_swapped_names(copy.deepcopy(start))
    if fallback is not None and len(sample) < MIN_TRAINING_RECORDS:
        return Trained(
            fallback,
            f"Not estimated: {len(sample):,} records are too few for EM (fewer than {MIN_TRAINING_RECORDS:,}), "
            "so the saved model's parameters were used as they are.",
            fell_back=True,
        )
    start_settings, started_from = _start_settings(start)
    try:
        with duckdb_api(resources, temp_dir) as api:
            linker = Linker(
                api.register(sample, dataset_display_name="records"), start_settings, log_level=logging.WARNING
            )
            unconverged = train(linker, sample, plan, labels=labels)
            model = cap_swapped_names(smooth(forget_unlearnt(linker.misc.save_model_to_json())))
            model = for_whole_table(model, share=len(sample) / len(table))
    except SplinkException as error:
        if fallback is None:
            raise
        logger.warning("EM failed, the saved model is used: %s", error)
        return Trained(
            fallback,
            f"Not estimated: EM failed on this run's data ({error}), so the saved model's parameters were used "
            "as they are.",
            fell_back=True,
        )
    if unconverged and fallback is not None:
        return Trained(
            fallback,
            f"Not estimated: EM did not converge in {MAX_EM_ITERATIONS} iterations (blocked on "
            f"{'; '.join(unconverged)}), so the saved model's parameters were used as they are.",
            fell_back=True,
        )
    if len(labels) >= MIN_LABELLED_PAIRS:
        return Trained(
            model,
            f"Estimated from this run's {len(sample):,} records: u from random pairs, m by EM starting from "
            f"{started_from}, averaged with m from {len(labels):,} pairs officers confirmed as one child.",
        )
    unused = f" ({len(labels)} officer-confirmed pairs: too few to estimate from)" if len(labels) else ""
    return Trained(
        model,
        f"Estimated without labels from this run's {len(sample):,} records{unused}: u from random pairs, m by EM "
        f"starting from {started_from}.",
    )


def _labels_in(sample: pd.DataFrame, confirmed: list[tuple[int, int]]) -> pd.DataFrame:
    """Officer-confirmed pairs whose records are both in the training sample, lower id on the left."""
    present = set(sample["unique_id"].tolist())
    pairs = sorted({(min(a, b), max(a, b)) for a, b in confirmed if a != b and a in present and b in present})
    return pd.DataFrame(pairs, columns=["unique_id_l", "unique_id_r"], dtype="int64")


def score_pairs(
    table: pd.DataFrame,
    *,
    engine: Engine,
    resources: Resources,
    temp_dir: Path,
    review_floor: float,
    model_path: Path | None,
    plan: TrainingPlan,
    start_path: Path | None = None,
    confirmed: list[tuple[int, int]] | None = None,
    step: Callable[[str], None],
) -> Scored:
    """Train (or load) the model and return every blocked pair at or above ``review_floor``.

    ``confirmed`` are pairs of ``unique_id`` officers confirmed as one child: labels for training.
    """
    if model_path is not None:
        # Capped here too, so a model saved before the cap scores as a fresh run would (a capped one is unchanged).
        model = cap_swapped_names(json.loads(model_path.read_text(encoding="utf-8")))
        note = f"Replayed from {model_path.name}, an earlier run's model, so the run repeats exactly."
    else:
        step("training the model on the data")
        start = json.loads(start_path.read_text(encoding="utf-8")) if start_path is not None else None
        trained = train_model(table, resources, temp_dir, plan, start, confirmed)
        model, note = trained.model, trained.note
    step("scoring candidate pairs")
    with sql_api(engine, resources, temp_dir) as api:
        # Only what the model compares and blocks on: the engine copies every registered column into its own
        # tables, and the record's source and id are looked up by unique_id afterwards.
        frame = api.register(table.drop(columns=list(NOT_SCORED)), dataset_display_name="records")
        linker = Linker(frame, settings(model), log_level=logging.WARNING)
        leave_out_earlier_pairs_by_their_keys(linker)
        predictions = linker.inference.predict(threshold_match_probability=review_floor, warning_mode="never")
        # Each comparison's weight, for the explanations (Splink 5 names them mw_<comparison>). Chosen in SQL:
        # the predictions also hold every level, Bayes factor and term frequency, several times what is kept,
        # and fetching them all would copy them into pandas only to drop them.
        keep = [name for name in (c.unquote().name for c in predictions.columns) if name.startswith("mw_")]
        wanted = ", ".join(["unique_id_l", "unique_id_r", "match_weight", "match_probability", *keep])
        query = f"select {wanted} from {predictions.physical_name}"  # noqa: S608 (Splink's own names, no input)
        pairs = linker.misc.query_sql(query, output_type="pandas")
    pairs[keep] = pairs[keep].astype("float32")
    pairs["unique_id_l"] = pairs["unique_id_l"].astype("int64")
    pairs["unique_id_r"] = pairs["unique_id_r"].astype("int64")
    return Scored(pairs=pairs, model=model, model_note=note)
