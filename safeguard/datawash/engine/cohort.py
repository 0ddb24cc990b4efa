"""Turning clusters into a status for each child on the cohort register.

``seen`` needs a sighting dated within the window on the cohort record itself or on a
record joined to it by a confident chain of links. If the child is not seen that way but
an uncertain or refused link points at a record that would make it seen, the child is a
``check``: an officer decides, the engine never guesses ``seen``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .cluster import Clustering, Edge
from .config import CohortRow, Status
from .rivals import Rival


@dataclass(frozen=True)
class Candidate:
    """A link not accepted automatically: uncertain (grey zone) or refused by a veto inside a cluster."""

    left: int
    right: int
    probability: float
    why: str


@dataclass
class CohortOutcome:
    rows: list[CohortRow]
    person_ids: np.ndarray
    """person_id for every unique_id."""
    review: list[tuple[str, Candidate, bool]]
    """(cohort_record_id, candidate pair, whether it decides the child's status)."""
    members: dict[str, list[int]]
    """cohort_record_id → unique_ids of its cluster (for explanations)."""


@dataclass(frozen=True)
class CohortRules:
    cohort_source: str
    as_of: dt.date
    unseen_months: int
    review_threshold: float

    @property
    def cutoff(self) -> pd.Timestamp:
        return pd.Timestamp(self.as_of) - pd.DateOffset(months=self.unseen_months)


def person_ids(records: pd.DataFrame, labels: np.ndarray) -> np.ndarray:
    """Stable ids: a hash of the cluster's alphabetically first (source, record_id), whatever the engine."""
    keys = records["source"].astype(str) + "\x1f" + records["record_id"].astype(str)
    first = pd.Series(keys.to_numpy(), index=labels).groupby(level=0).min()
    hashed = {
        label: "P" + hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:12] for label, key in first.items()
    }
    return pd.Series(labels).map(hashed).to_numpy()


def _latest_contact(records: pd.DataFrame, labels: np.ndarray, rules: CohortRules) -> pd.DataFrame:
    """Per cluster, the most recent sighting on or before ``as_of``: date, source and unique_id.

    ``last_seen_date`` is the date that agency saw the child in person on every extract, the cohort
    register's included (its officer's visit is a sighting). Dates that are not sightings, such as
    when a family registered, arrive in ``registered_on`` and are never read here.
    """
    seen = pd.to_datetime(records["last_seen_date"])
    as_of = rules.as_of
    frame = pd.DataFrame(
        {"cluster": labels, "seen": seen, "source": records["source"].to_numpy(), "uid": np.arange(len(records))}
    )
    frame = frame[frame["seen"].notna() & (frame["seen"] <= pd.Timestamp(as_of))]
    frame = frame.sort_values(["cluster", "seen", "source", "uid"])
    return frame.groupby("cluster").tail(1).set_index("cluster")


def _tree_bottleneck(tree: list[Edge], start: int, goal: int) -> float:
    """Weakest link on the spanning-tree path between two records: how sure the chain is."""
    if start == goal:
        return 1.0
    adjacent: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for edge in tree:
        adjacent[edge.left].append((edge.right, edge.probability))
        adjacent[edge.right].append((edge.left, edge.probability))
    best: dict[int, float] = {start: 1.0}
    stack = [start]
    while stack:
        node = stack.pop()
        for nxt, probability in adjacent[node]:
            if nxt not in best:
                best[nxt] = min(best[node], probability)
                stack.append(nxt)
    return best.get(goal, 0.0)


def decide(
    records: pd.DataFrame,
    clustering: Clustering,
    candidates: list[Candidate],
    rules: CohortRules,
    rivals: dict[int, list[Rival]] | None = None,
) -> CohortOutcome:
    """Each register child's status; ``rivals`` (from ``rival_children``) are other children who fit a
    register record as well as the one it was linked to: a sighting of the linked child alone does not
    make that register child seen while such a rival is unseen."""
    rivals = rivals or {}
    labels = clustering.labels
    ids = person_ids(records, labels)
    latest = _latest_contact(records, labels, rules)
    seen_clusters = set(latest.index[latest["seen"] >= rules.cutoff])
    sources = records["source"].to_numpy()
    record_ids = records["record_id"].to_numpy()
    label_of = pd.Series(labels)

    cohort_uids = np.flatnonzero(sources == rules.cohort_source)
    cohort_clusters = set(labels[cohort_uids].tolist())
    members_of: dict[int, list[int]] = defaultdict(list)
    for member in np.flatnonzero(label_of.isin(cohort_clusters).to_numpy()).tolist():
        members_of[int(labels[member])].append(member)

    by_cluster: dict[int, list[Candidate]] = defaultdict(list)
    # Strongest first, and in the same order on every run whatever order the SQL engine returned pairs in.
    for candidate in sorted(candidates, key=lambda c: (-c.probability, c.left, c.right)):
        la, lb = int(labels[candidate.left]), int(labels[candidate.right])
        if la == lb:
            continue
        for mine in (la, lb):
            if mine in cohort_clusters:
                by_cluster[mine].append(candidate)

    tree_by_cluster: dict[int, list[Edge]] = defaultdict(list)
    for edge in clustering.tree:
        label = int(labels[edge.left])
        if label in cohort_clusters:
            tree_by_cluster[label].append(edge)

    own_sighting = pd.to_datetime(records["last_seen_date"]).between(rules.cutoff, pd.Timestamp(rules.as_of)).to_numpy()
    rows: list[CohortRow] = []
    review: list[tuple[str, Candidate, bool]] = []
    members: dict[str, list[int]] = {}
    for uid in cohort_uids.tolist():
        label = int(labels[uid])
        cohort_id = str(record_ids[uid])
        cluster_members = members_of[label]
        members[cohort_id] = cluster_members
        others = [m for m in cluster_members if m != uid]
        contact = latest.loc[label] if label in latest.index else None
        is_seen = label in seen_clusters

        deciding: list[Candidate] = []
        near_misses: list[Candidate] = []
        for candidate in by_cluster.get(label, []):
            other = candidate.right if int(labels[candidate.left]) == label else candidate.left
            decides = not is_seen and int(labels[other]) in seen_clusters
            uncertain = candidate.probability >= rules.review_threshold
            if uncertain:
                review.append((cohort_id, candidate, decides))
            if decides:
                (deciding if uncertain else near_misses).append(candidate)

        # Seen only through a record that another, unseen child fits as well: an officer decides which child.
        doubted = (
            [r for r in rivals.get(uid, []) if int(labels[r.other]) not in seen_clusters]
            if is_seen and not own_sighting[uid]
            else []
        )
        for rival in doubted:
            sure = _tree_bottleneck(tree_by_cluster[label], uid, rival.linked)
            review.append((cohort_id, Candidate(uid, rival.linked, sure, _rival_why(records, rival)), True))

        status: Status
        if doubted:
            status = "check"
            # Two children fit equally well, so the link is at best an even chance.
            confidence = max(_tree_bottleneck(tree_by_cluster[label], uid, r.linked) for r in doubted) / 2
            # The sighting may be the other child's, so it is not shown as this child's last sighting.
            contact = None
        elif is_seen and contact is not None:
            status = "seen"
            confidence = _tree_bottleneck(tree_by_cluster[label], uid, int(str(contact.at["uid"])))
        elif deciding:
            status = "check"
            confidence = max(c.probability for c in deciding)
        else:
            status = "unseen"
            # One minus the strongest scored pair to a record that would have made the child seen.
            confidence = 1.0 - max((c.probability for c in near_misses), default=0.0)
        rows.append(
            CohortRow(
                cohort_record_id=cohort_id,
                person_id=str(ids[uid]),
                status=status,
                last_seen_date=contact["seen"].date() if contact is not None else None,
                last_seen_by=str(contact["source"]) if contact is not None else "",
                linked_records=tuple(f"{sources[m]}:{record_ids[m]}" for m in others),
                linked_sources=tuple(sorted({str(sources[m]) for m in others})),
                confidence=round(float(confidence), 6),
            )
        )
    return CohortOutcome(rows=rows, person_ids=ids, review=review, members=members)


def _rival_why(records: pd.DataFrame, rival: Rival) -> str:
    other = f"{records['source'].iat[rival.other]} {records['record_id'].iat[rival.other]}"
    return (
        f"another child fits this record as well ({other}, unseen; two children: {rival.why}) and nothing on "
        "the register record tells them apart"
    )
