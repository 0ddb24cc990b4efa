"""The three methods the benchmark compares, each runnable in its own process so its memory can be measured.

* ``engine``: this project's data wash engine (``run_wash``).
* ``generic``: a generic Splink script with library-default comparisons, no domain rules, connected
  components at 0.95: what an analyst would write from the Splink tutorial.
* ``spreadsheet``: exact NHS number, UPN or other identifier, else exact given name + family name + date
  of birth (the look-up method partnerships use today).
* ``engine-no-twins-rule``: a diagnostic for FEBRL4 only (see ``engine_no_twins_rule``).
* ``engine-spark``: the engine scoring on Spark, to check it gives the same statuses as on DuckDB.

Each writes ``links.csv`` (source, record_id, person_id) and, when there is a cohort, ``cohort.csv``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from safeguard.core.safefiles import DEFAULT_LIMITS
from safeguard.datawash.engine import SourceSpec, WashConfig, run_wash
from safeguard.datawash.engine.config import Engine, Resources
from safeguard.datawash.engine.features import build_link_table, side_records
from safeguard.datawash.engine.io import Extract, Mapping, ValidationRules, load_extract
from safeguard.datawash.engine.rules import TWINS_RULE, doubt_reason, facts_from_table

from .evaluate import RuleCeiling


def _specs(spec: dict[str, object]) -> tuple[SourceSpec, tuple[SourceSpec, ...]]:
    cohort_entry: list[str] = list(spec["cohort"])  # type: ignore[call-overload]
    cohort_name, cohort_path = cohort_entry
    sources = tuple(SourceSpec(n, Path(p)) for n, p in spec["sources"])  # type: ignore[attr-defined]
    return SourceSpec(str(cohort_name), Path(str(cohort_path))), sources


def _extracts(spec: dict[str, object]) -> list[Extract]:
    cohort, sources = _specs(spec)
    rules = ValidationRules(as_of=dt.date.fromisoformat(str(spec["as_of"])), max_age_years=int(spec["max_age"]))  # type: ignore[call-overload]
    return [load_extract(s.name, s.path, Mapping(), rules) for s in (cohort, *sources)]


def _components(size: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    parent = np.arange(size)

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in zip(left.tolist(), right.tolist(), strict=True):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return np.array([find(i) for i in range(size)])


def _write(records: pd.DataFrame, labels: np.ndarray, spec: dict[str, object], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    links = pd.DataFrame({"source": records["source"], "record_id": records["record_id"], "person_id": labels})
    links.to_csv(out / "links.csv", index=False)
    as_of = pd.Timestamp(str(spec["as_of"]))
    cutoff = as_of - pd.DateOffset(months=int(spec["unseen_months"]))  # type: ignore[call-overload]
    # Issue 13: last_seen_date is an in-person sighting on every extract, the cohort register's included
    # (the first generator leaves the register's empty, the independent one holds the EHE officer's visit).
    cohort_name = str(spec["cohort"][0])  # type: ignore[index]
    seen = pd.to_datetime(records["last_seen_date"])
    seen = seen.where(seen <= as_of)
    latest = pd.Series(seen.to_numpy(), index=labels).groupby(level=0).max()
    is_cohort = (records["source"] == cohort_name).to_numpy()
    last = latest.reindex(labels[is_cohort]).to_numpy()
    status = np.where(pd.notna(last) & (last >= cutoff.to_datetime64()), "seen", "unseen")
    pd.DataFrame({"cohort_record_id": records.loc[is_cohort, "record_id"].to_numpy(), "status": status}).to_csv(
        out / "cohort.csv", index=False
    )


def _blank_to_none(series: pd.Series) -> pd.Series:
    return pd.Series([v or None for v in series.tolist()], index=series.index, dtype=object)


def spreadsheet(spec: dict[str, object], out: Path) -> None:
    extracts = _extracts(spec)
    records = side_records(extracts)
    frame = pd.DataFrame(
        {
            "uid": np.arange(len(records)),
            "nhs": records["nhs_number"].replace("", np.nan),
            "upn": records["upn"].replace("", np.nan),
            "other_id": records["other_id"].replace("", np.nan),
            "name_dob": (
                records["given_name"].str.lower().str.strip()
                + "|"
                + records["family_name"].str.lower().str.strip()
                + "|"
                + records["date_of_birth"].dt.strftime("%Y-%m-%d")
            ),
        }
    )
    lefts, rights = [], []
    for key in ("nhs", "upn", "other_id", "name_dob"):
        keyed = frame.dropna(subset=[key])
        first = keyed.groupby(key)["uid"].transform("min")
        lefts.append(keyed["uid"].to_numpy())
        rights.append(first.to_numpy())
    labels = _components(len(records), np.concatenate(lefts), np.concatenate(rights))
    _write(records, labels, spec, out)


def generic(spec: dict[str, object], out: Path) -> None:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    extracts = _extracts(spec)
    records = side_records(extracts)
    table = build_link_table(extracts)[["unique_id", "given_name", "family_name", "date_of_birth", "sex", "postcode"]]
    table = table.assign(
        nhs_number=_blank_to_none(records["nhs_number"]),
        upn=_blank_to_none(records["upn"]),
        other_id=_blank_to_none(records["other_id"]),
    )
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("family_name"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True),
            cl.PostcodeComparison("postcode"),
            cl.ExactMatch("nhs_number"),
            cl.ExactMatch("upn"),
            cl.ExactMatch("other_id"),
            cl.ExactMatch("sex"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("date_of_birth"),
            block_on("given_name", "family_name"),
            block_on("postcode"),
            block_on("nhs_number"),
            block_on("upn"),
            block_on("other_id"),
        ],
    )
    linker = Linker(DuckDBAPI().register(table), settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "family_name", "date_of_birth")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("given_name", "family_name"))
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.95).as_pandas_dataframe()
    clusters = clusters.sort_values("unique_id")
    labels = clusters["cluster_id"].astype(str).to_numpy()
    _write(records, labels, spec, out)


BENCH_FILE_LIMITS = replace(DEFAULT_LIMITS, max_bytes=4 * 1024**3, max_rows=20_000_000)


def _resources(spec: dict[str, object]) -> Resources:
    """DuckDB's memory limit and spill folder from the spec (``memory_limit``, ``temp_dir``), else the defaults."""
    defaults = Resources()
    temp_dir = spec.get("temp_dir")
    return replace(
        defaults,
        duckdb_memory_limit=str(spec.get("memory_limit") or defaults.duckdb_memory_limit),
        temp_dir=Path(str(temp_dir)) if temp_dir else None,
    )


def engine(spec: dict[str, object], out: Path, *, on: Engine = "duckdb") -> None:
    cohort, sources = _specs(spec)
    config = WashConfig(
        cohort=cohort,
        sources=sources,
        as_of=dt.date.fromisoformat(str(spec["as_of"])),
        unseen_months=int(spec["unseen_months"]),  # type: ignore[call-overload]
        out_dir=out,
        max_age_years=int(spec["max_age"]),  # type: ignore[call-overload]
        engine=on,
        resources=_resources(spec),
        # The bench's own generated files: a region's 5,000,000 records are beyond the web upload's limits.
        file_limits=BENCH_FILE_LIMITS,
    )
    run_wash(config)


def engine_spark(spec: dict[str, object], out: Path) -> None:
    """The engine scoring pairs on Spark (training stays in DuckDB), for the parity check against DuckDB."""
    engine(spec, out, on="spark")


def engine_no_twins_rule(spec: dict[str, object], out: Path) -> None:
    """A diagnostic, not a way to run a wash: the engine with its twins rule off, to measure what the rule
    costs on FEBRL4, whose corruption replaces given names and so makes one person look like twins."""
    from safeguard.datawash.engine import rules

    rules._looks_like_twins = lambda a, b: False
    engine(spec, out)


def twins_rule_ceiling(spec: dict[str, object], truth_path: Path) -> RuleCeiling:
    """Count the true pairs the engine's twins rule holds apart (vetoed, or sent to an officer).

    Measured with the engine's own rule functions on its own link table, so the count is what the
    engine would do with those pairs whatever weight the model gave them.
    """
    table = build_link_table(_extracts(spec))
    truth = pd.read_csv(truth_path, dtype=str)
    keyed = table[["unique_id", "source", "record_id"]].merge(truth, on=["source", "record_id"])
    pairs = keyed.merge(keyed, on="person_id", suffixes=("_l", "_r"))
    pairs = pairs[pairs["unique_id_l"] < pairs["unique_id_r"]]
    facts = facts_from_table(table)
    held = sharing = 0
    for left, right in zip(pairs["unique_id_l"].tolist(), pairs["unique_id_r"].tolist(), strict=True):
        a, b = facts[left], facts[right]
        reason = doubt_reason(a, b)
        if reason and reason.startswith(TWINS_RULE):
            held += 1
            sharing += bool(a.other_id and a.other_id == b.other_id)
    return RuleCeiling(true_pairs=len(pairs), held_apart=held, sharing_id=sharing)


METHODS: dict[str, Callable[[dict[str, object], Path], None]] = {
    "engine": engine,
    "generic": generic,
    "spreadsheet": spreadsheet,
    "engine-no-twins-rule": engine_no_twins_rule,
    "engine-spark": engine_spark,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run one benchmark method (used by bench.run).")
    parser.add_argument("method", choices=sorted(METHODS))
    parser.add_argument("spec", type=Path, help="JSON: cohort [name, path], sources [[name, path]...], as_of, ...")
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    METHODS[args.method](json.loads(args.spec.read_text()), args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
