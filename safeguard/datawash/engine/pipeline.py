"""``run_wash``: the one entry point the CLI, the web app's background task and batch jobs share."""

from __future__ import annotations

import gc
import logging
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from .cluster import Clustering, Edge, cluster
from .cohort import Candidate, CohortOutcome, CohortRules, decide, sighted_in_window
from .config import RecordKey, WashConfig, WashResult
from .errors import BadInput, WashCancelled
from .features import link_table, side_records
from .io import NOT_SIGHTING_COLUMNS, SIGHTING_COLUMN, Extract, Mapping, ValidationRules, load_extract, load_mapping
from .link import Scored, score_pairs
from .model import TrainingPlan
from .report import WashTables, write_outputs
from .rivals import rival_children, sightings_fitting_two
from .rules import (
    REGISTER_LISTS_TWO,
    Facts,
    FactsTable,
    RecordFacts,
    doubt_reason,
    facts_from_table,
    pair_key,
    pairs_needing_rules,
    register_lists_two,
    same_name_and_birthday_nothing_against,
    veto_reason,
)

logger = logging.getLogger(__name__)

Progress = Callable[[str, float], None]
ShouldCancel = Callable[[], bool]

# Pairs scored below this are dropped at once; between it and the review threshold they only inform confidence.
SCORE_FLOOR = 0.01


@dataclass
class _Stages:
    progress: Progress | None
    should_cancel: ShouldCancel | None

    def __call__(self, stage: str, fraction: float) -> None:
        if self.should_cancel is not None and self.should_cancel():
            raise WashCancelled(f"Cancelled before: {stage}")
        logger.info("%s", stage)
        if self.progress is not None:
            self.progress(stage, fraction)


def _check_config(config: WashConfig) -> None:
    names = [config.cohort.name, *(s.name for s in config.sources)]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise BadInput(f"Each source needs its own name; repeated: {', '.join(duplicates)}")
    unknown = sorted(set(config.mappings) - set(names))
    if unknown:
        raise BadInput(f"Mapping given for unknown source(s): {', '.join(unknown)}")
    if config.unseen_months <= 0:
        raise BadInput("--unseen-months must be a positive number of months")
    thresholds = config.thresholds
    if not 0 < thresholds.review <= thresholds.check < thresholds.link < 1:
        raise BadInput("Thresholds must satisfy 0 < review ≤ check < link < 1")
    if config.model_path is not None and not config.model_path.is_file():
        raise BadInput(f"Model file {config.model_path} does not exist")


def _read(config: WashConfig, stages: _Stages) -> list[Extract]:
    mappings = {name: load_mapping(path) for name, path in config.mappings.items()}
    rules = ValidationRules(as_of=config.as_of, max_age_years=config.max_age_years)
    extracts = []
    specs = [config.cohort, *config.sources]
    for index, spec in enumerate(specs):
        stages(f"reading {spec.name}", 0.02 + 0.13 * index / len(specs))
        extracts.append(
            load_extract(spec.name, spec.path, mappings.get(spec.name, Mapping()), rules, config.file_limits)
        )
    if extracts[0].records.empty:
        raise BadInput(f"The cohort file {config.cohort.path} has no usable rows")
    return extracts


def _counted_only(extract: Extract) -> Extract:
    """The extract with only the dates the report counts: its records are all in ``side_records``' frame now, and
    need not be held twice for the rest of the run."""
    return replace(extract, records=extract.records[[SIGHTING_COLUMN, *NOT_SIGHTING_COLUMNS]])


def _decision_pairs(pairs: tuple[tuple[RecordKey, RecordKey], ...], records: pd.DataFrame) -> list[tuple[int, int]]:
    """Officers' decisions as unique_id pairs; decisions about records no longer supplied are skipped."""
    if not pairs:
        return []
    index = pd.MultiIndex.from_arrays([records["source"].astype(str), records["record_id"].astype(str)])
    lookup = pd.Series(np.arange(len(records)), index=index)
    found = []
    for left, right in pairs:
        if left in lookup.index and right in lookup.index:
            found.append(pair_key(int(lookup[left]), int(lookup[right])))
        else:
            logger.info("Decision %s ~ %s skipped: a record is not in this run", left, right)
    return found


@dataclass(frozen=True)
class _Pairs:
    """Scored pairs as arrays: left and right unique_ids, probabilities, and whether a rule may apply to each."""

    left: np.ndarray
    right: np.ndarray
    probability: np.ndarray
    needs_rules: np.ndarray


@dataclass
class _Graph:
    edges: list[Edge]
    candidates: list[Candidate]
    only_candidates: _Pairs
    """Pairs that can never be links (under the link threshold, not one name and date of birth outside the
    register), judged only once clusters are known: a candidate matters only where it reaches a register child's
    cluster (``_candidates_near_register``), and most pairs reach none."""


def _one_child_by_name(a: RecordFacts, b: RecordFacts, cohort: str) -> bool:
    """Two agencies' records of one child by name and date of birth alone, however low the model scores them.

    The model weighs a common name as if any two records sharing it and a birthday could be namesakes, and a
    previous address pulls such a pair far under the link threshold; but namesakes show themselves in the
    extracts (``same_name_and_birthday_nothing_against``), so with no sign of one the score says little.
    Never a register record: a register child may have no other record anywhere, so no extract can show
    that another child has the name and date of birth, and linking it to that child's sighting would hide
    it. Such a pair stays a candidate, which sends the child to an officer."""
    return cohort not in (a.source, b.source) and same_name_and_birthday_nothing_against(a, b)


LINK = "link"
UNCERTAIN = "uncertain match"


def _model_verdict(probability: float, link: float) -> str:
    """What the model alone says of a pair: the verdict of every pair no rule applies to (``pairs_needing_rules``)."""
    return LINK if probability >= link else UNCERTAIN


def pair_verdict(a: RecordFacts, b: RecordFacts, probability: float, *, link: float, cohort: str) -> str | None:
    """``LINK``, the reason a pair is only a candidate, or None when a rule vetoes it."""
    if probability < link and _one_child_by_name(a, b, cohort):
        return LINK
    if veto_reason(a, b):
        return None
    if register_lists_two(a, b, cohort):
        return REGISTER_LISTS_TWO
    doubt = doubt_reason(a, b)
    if doubt:
        return doubt
    return _model_verdict(probability, link)


def _same_name_and_birthday(left: np.ndarray, right: np.ndarray, table: pd.DataFrame) -> np.ndarray:
    """Pairs with one given name, family name and date of birth: the only ones ``_one_child_by_name`` can take."""
    same = np.ones(len(left), dtype=bool)
    for name in ("given_name", "family_name", "date_of_birth"):
        values = table[name].to_numpy(dtype=object)
        same &= pd.notna(values[left]) & (values[left] == values[right])
    return same


def _not_rejected(left: np.ndarray, right: np.ndarray, rejected: set[tuple[int, int]]) -> np.ndarray:
    """Per pair, whether officers have not rejected it (``pair_key`` order, compared as whole numbers)."""
    if not rejected:
        return np.ones(len(left), dtype=bool)
    # 64-bit whatever the caller passed: a product of two 32-bit ids wraps round silently.
    left, right = np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64)
    width = int(max(left.max(initial=0), right.max(initial=0), *(b for _, b in rejected))) + 1
    keys = np.minimum(left, right) * width + np.maximum(left, right)
    return ~np.isin(keys, np.array([a * width + b for a, b in rejected], dtype=np.int64))


def _split_pairs(
    scored: Scored, table: pd.DataFrame, facts: FactsTable, config: WashConfig, rejected: set[tuple[int, int]]
) -> _Graph:
    """Apply vetoes to each pair that could be a link, then sort survivors into links and mere candidates; the
    pairs that could only ever be candidates wait for ``_candidates_near_register``."""
    pairs = scored.pairs
    left_ids = pairs["unique_id_l"].to_numpy()
    right_ids = pairs["unique_id_r"].to_numpy()
    sources = table["source"].to_numpy(dtype=object)
    probabilities = pairs["match_probability"].to_numpy()
    link, cohort = config.thresholds.link, config.cohort.name
    by_name = _same_name_and_birthday(left_ids, right_ids, table)
    # Above the link threshold a same-name pair needs no rule the cheap test has not flagged already.
    checked = (
        pairs_needing_rules(left_ids, right_ids, table, facts.namesakes)
        | (by_name & (probabilities < link))
        | ((sources[left_ids] == cohort) & (sources[right_ids] == cohort))
    )
    may_link = (probabilities >= link) | (by_name & (sources[left_ids] != cohort) & (sources[right_ids] != cohort))
    kept = _not_rejected(left_ids, right_ids, rejected)
    # A pair no rule applies to and that may be a link is one: the model is sure of it.
    links = kept & may_link & ~checked
    candidates: list[Candidate] = []
    judged = np.flatnonzero(kept & may_link & checked)
    for index, left, right, probability in zip(
        judged.tolist(),
        left_ids[judged].tolist(),
        right_ids[judged].tolist(),
        probabilities[judged].tolist(),
        strict=True,
    ):
        verdict = pair_verdict(facts[left], facts[right], probability, link=link, cohort=cohort)
        if verdict == LINK:
            links[index] = True
        elif verdict is not None:
            candidates.append(Candidate(left, right, probability, verdict))
    chosen = np.flatnonzero(links)
    edges = [
        Edge(left, right, probability, checked=True)
        for left, right, probability in zip(
            left_ids[chosen].tolist(), right_ids[chosen].tolist(), probabilities[chosen].tolist(), strict=True
        )
    ]
    later = np.flatnonzero(kept & ~may_link)
    only_candidates = _Pairs(left_ids[later], right_ids[later], probabilities[later], checked[later])
    return _Graph(edges=edges, candidates=candidates, only_candidates=only_candidates)


def _candidates_near_register(
    graph: _Graph, labels: np.ndarray, cohort_uids: np.ndarray, facts: Facts, config: WashConfig
) -> None:
    """Add to ``graph.candidates`` the pairs that could only be candidates and reach a register child's cluster:
    the only candidates the cohort's statuses, its rivals and the review queue read."""
    pairs = graph.only_candidates
    register = np.unique(labels[cohort_uids])
    near = np.flatnonzero(np.isin(labels[pairs.left], register) | np.isin(labels[pairs.right], register))
    link, cohort = config.thresholds.link, config.cohort.name
    for left, right, probability, needs_rules in zip(
        pairs.left[near].tolist(),
        pairs.right[near].tolist(),
        pairs.probability[near].tolist(),
        pairs.needs_rules[near].tolist(),
        strict=True,
    ):
        verdict = (
            pair_verdict(facts[left], facts[right], probability, link=link, cohort=cohort)
            if needs_rules
            else _model_verdict(probability, link)
        )
        if verdict is not None:
            graph.candidates.append(Candidate(left, right, probability, verdict))


def _cluster(
    facts: Facts, graph: _Graph, config: WashConfig, records: pd.DataFrame, rejected: set[tuple[int, int]]
) -> Clustering:
    confirmed = _decision_pairs(config.decisions.confirmed, records)
    result = cluster(len(facts), graph.edges, facts, confirmed=confirmed, rejected=rejected, cohort=config.cohort.name)
    graph.candidates.extend(
        Candidate(edge.left, edge.right, edge.probability, f"strong match refused: {reason}")
        for edge, reason in result.refused
    )
    return result


def _sightings_for_register(records: pd.DataFrame, labels: np.ndarray, rules: CohortRules) -> np.ndarray:
    """Other agencies' records with a sighting in the window, in a register child's cluster: the records that
    could make a register child seen."""
    sources = records["source"].to_numpy()
    register = labels[sources == rules.cohort_source]
    seen = sighted_in_window(records, rules)
    return np.flatnonzero(seen & (sources != rules.cohort_source) & np.isin(labels, register))


def _run(config: WashConfig, work: Path, stages: _Stages, started: float) -> WashResult:
    extracts = _read(config, stages)
    stages("preparing names, dates and postcodes", 0.15)
    records = side_records(extracts)
    extracts = [_counted_only(extract) for extract in extracts]
    table = link_table(records)
    scratch = work / "_scratch"
    confirmed = _decision_pairs(config.decisions.confirmed, records)
    scored = score_pairs(
        table,
        engine=config.engine,
        resources=config.resources,
        temp_dir=scratch,
        review_floor=min(SCORE_FLOOR, config.thresholds.review),
        model_path=config.model_path,
        start_path=config.start_model_path if config.start_model_path and config.start_model_path.is_file() else None,
        plan=TrainingPlan(seed=config.seed),
        confirmed=confirmed,
        step=lambda what: stages(what, 0.25 if what.startswith("training") else 0.5),
    )
    stages("applying domain rules and clustering", 0.75)
    rejected = set(_decision_pairs(config.decisions.rejected, records))
    facts = facts_from_table(table)
    graph = _split_pairs(scored, table, facts, config, rejected)
    clustering = _cluster(facts, graph, config, records, rejected)
    cohort_uids = np.flatnonzero(records["source"].to_numpy() == config.cohort.name)
    _candidates_near_register(graph, clustering.labels, cohort_uids, facts, config)
    stages("deciding each child's status", 0.85)
    rules = CohortRules(
        config.cohort.name,
        config.as_of,
        config.unseen_months,
        config.thresholds.review,
        check_threshold=config.thresholds.check,
        link_threshold=config.thresholds.link,
    )
    rivals = rival_children(
        table,
        facts,
        clustering.labels,
        cohort_uids,
        ((c.left, c.right) for c in graph.candidates),
        settled=confirmed,
    )
    outcome: CohortOutcome = decide(
        records,
        clustering,
        graph.candidates,
        rules,
        rivals,
        facts,
        sightings_fitting_two(
            table,
            facts,
            clustering.labels,
            _sightings_for_register(records, clustering.labels, rules),
            settled=confirmed,
        ),
    )
    stages("writing outputs", 0.92)
    shutil.rmtree(scratch, ignore_errors=True)
    tables = WashTables(
        config=config, extracts=extracts, records=records, scored=scored, clustering=clustering, outcome=outcome
    )
    outputs, counts = write_outputs(tables, work)
    stages("done", 1.0)
    final = {name: config.out_dir / path.name for name, path in outputs.items()}
    return WashResult(
        out_dir=config.out_dir,
        counts=counts,
        outputs=final,
        cohort=tuple(outcome.rows),
        seconds=round(time.monotonic() - started, 2),
    )


def _publish(work: Path, out_dir: Path) -> None:
    """Swap the finished directory into place, so ``out_dir`` is either the old run or the complete new one."""
    if out_dir.exists():
        old = out_dir.with_name(f".{out_dir.name}.old-{uuid.uuid4().hex[:8]}")
        out_dir.rename(old)
        work.rename(out_dir)
        shutil.rmtree(old, ignore_errors=True)
    else:
        work.rename(out_dir)


class _Collections:
    """How many washes are running in this process, and the collector's threshold before the first began."""

    lock = threading.Lock()
    running = 0
    before: tuple[int, int, int] = gc.get_threshold()


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Collect cyclic garbage a hundred times less often while a wash runs.

    Python's collector runs after every 700 new objects, and each of its full runs walks every object alive: with
    a million records' facts and links alive, that was a second of the rules stage and more of deciding. The wash
    makes few reference cycles, so collecting less often costs it no memory to speak of. The threshold is the
    process's, so washes running at once in threads (the immediate task backend) share one change: the first
    to start makes it, the last to finish undoes it."""
    with _Collections.lock:
        if _Collections.running == 0:
            _Collections.before = gc.get_threshold()
            gc.set_threshold(100_000, *_Collections.before[1:])
        _Collections.running += 1
    try:
        yield
    finally:
        with _Collections.lock:
            _Collections.running -= 1
            if _Collections.running == 0:
                gc.set_threshold(*_Collections.before)


def run_wash(
    config: WashConfig,
    *,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
) -> WashResult:
    """Read, validate, link and decide; write outputs to ``config.out_dir`` atomically.

    Raises ``BadInput`` for files or options that cannot be used and ``WashCancelled`` when
    ``should_cancel`` returns True; in both cases ``out_dir`` is left as it was.
    """
    started = time.monotonic()
    _check_config(config)
    out_dir = config.out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.partial-", dir=out_dir.parent))
    stages = _Stages(progress, should_cancel)
    try:
        with _fewer_collections():
            result = _run(config, work, stages, started)
        _publish(work, out_dir)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return result
