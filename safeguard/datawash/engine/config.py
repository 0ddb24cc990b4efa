"""The run's configuration and result types: the contract with the CLI and the web app."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from safeguard.core.safefiles import DEFAULT_LIMITS, Limits

Engine = Literal["duckdb", "spark"]
DEFAULT_START_MODEL = Path(__file__).resolve().parent.parent / "data" / "synthetic_model.json"
"""The model shipped with the project: where EM starts on each run's data, never used unchanged on big data."""
Status = Literal["unseen", "seen", "check"]
RecordKey = tuple[str, str]
"""(source name, record_id) as given in the extract."""


@dataclass(frozen=True)
class SourceSpec:
    name: str
    path: Path


@dataclass(frozen=True)
class Thresholds:
    """Match probabilities that separate a link from a desk check from nothing.

    A pair at or above ``link`` may join two records into one child; a pair between
    ``review`` and ``link`` is only a candidate officers see; from ``check`` up it sends an
    unseen child to a desk check; below ``review`` the pair is ignored. Kept high because a false link can hide an unseen child.
    """

    link: float = 0.995
    review: float = 0.2
    check: float = 0.5
    """A candidate from ``review`` up to this is listed for officers but does not hold back an unseen child: at
    less than an even chance that the other record is the same child, the visit goes ahead (on the project's own
    synthetic data, 200,000 children, every desk check raised by such a candidate was a child truly unseen).
    Unless it has the child's name and date of birth: that is how a child who moved looks."""


@dataclass(frozen=True)
class Resources:
    """Limits for the SQL engine so large runs spill to disk rather than fail."""

    duckdb_memory_limit: str = "1500MB"
    """DuckDB's own memory, beside the records the run holds in Python. Scoring 363,877 records with 1GB spilled
    its joins and took about twice the processor time of 2GB (50 s against 26 s); 1500MB took 35 s. At a million
    records the run's peak was 1.7 GiB with 1GB and 2.4 GiB with 2GB, against a 2.5 GiB target, so 1500MB is the
    middle. Raise it for tens of millions of records, where the joins would otherwise spill more to ``temp_dir``."""
    duckdb_threads: int = 2
    temp_dir: Path | None = None
    spark_master: str = "local[2]"
    spark_driver_memory: str = "4g"


@dataclass(frozen=True)
class Decisions:
    """Officers' review decisions that every later run must honour."""

    confirmed: tuple[tuple[RecordKey, RecordKey], ...] = ()
    rejected: tuple[tuple[RecordKey, RecordKey], ...] = ()


@dataclass(frozen=True)
class WashConfig:
    cohort: SourceSpec
    sources: tuple[SourceSpec, ...]
    as_of: dt.date
    out_dir: Path
    unseen_months: int = 18
    mappings: dict[str, Path] = field(default_factory=dict)
    engine: Engine = "duckdb"
    decisions: Decisions = field(default_factory=Decisions)
    thresholds: Thresholds = field(default_factory=Thresholds)
    resources: Resources = field(default_factory=Resources)
    model_path: Path | None = None
    """A model.json from an earlier run: reuse its parameters instead of training, to repeat a run exactly."""
    start_model_path: Path | None = DEFAULT_START_MODEL
    """A model.json EM starts from when it estimates this run's model from this run's data (and falls back
    to, as it is, when the data are too few or EM does not converge). None: Splink's defaults."""
    file_limits: Limits = DEFAULT_LIMITS
    """How large an extract may be (bytes, rows) before it is refused unread. The defaults are the web upload's
    (and Excel's row limit); a region's extracts on the command line can be larger (``--max-file-mb``, ``--max-rows``)."""
    max_age_years: int = 25
    """Oldest plausible age at ``as_of``; children's services can work with care leavers up to 25."""
    seed: int = 42


@dataclass(frozen=True)
class CohortRow:
    cohort_record_id: str
    person_id: str
    status: Status
    last_seen_date: dt.date | None
    last_seen_by: str
    linked_records: tuple[str, ...]
    linked_sources: tuple[str, ...]
    confidence: float


@dataclass(frozen=True)
class WashResult:
    out_dir: Path
    counts: dict[str, int]
    """rows read, accepted and rejected per source, plus cohort totals (``cohort_unseen`` etc.)."""
    outputs: dict[str, Path]
    cohort: tuple[CohortRow, ...]
    seconds: float
