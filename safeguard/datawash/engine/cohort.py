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
from dataclasses import dataclass, field
from typing import cast

import numpy as np
import pandas as pd

from .cluster import Clustering, Edge
from .config import CohortRow, Status
from .rivals import Rival, SightingOfTwo
from .rules import Facts, one_name_and_birthday, rests_on_name_alone


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
    check_threshold: float = 0.5
    """A candidate at least this likely holds an otherwise unseen child in a desk check."""
    link_threshold: float = 0.995
    """A sighting makes the child seen only over links at least this sure; over a weaker one, an officer checks."""

    @property
    def cutoff(self) -> pd.Timestamp:
        return pd.Timestamp(self.as_of) - pd.DateOffset(months=self.unseen_months)


def person_ids(records: pd.DataFrame, labels: np.ndarray) -> np.ndarray:
    """Stable ids: a hash of the cluster's alphabetically first (source, record_id), whatever the engine."""
    keys = records["source"].fillna("").astype(str) + "\x1f" + records["record_id"].fillna("").astype(str)
    # Each key's place in sorted order, so the first of each cluster is a minimum of whole numbers, not strings.
    rank, ordered = pd.factorize(keys, sort=True)
    first = pd.Series(rank).groupby(labels).min()
    hashed = [
        "P" + hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:12]
        for key in ordered.take(first.to_numpy()).tolist()
    ]
    return pd.Series(hashed, index=first.index).reindex(labels).to_numpy()


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


def _reach(tree: list[Edge], start: int) -> dict[int, float]:
    """For each record reached from ``start``, the weakest link on its path: how sure the chain is (on a spanning
    tree the path is the only one; on other links it is one path, which is enough to know what is reached)."""
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
    return best


def _tree_bottleneck(tree: list[Edge], start: int, goal: int) -> float:
    """Weakest link on the spanning-tree path between two records: how sure the chain is."""
    return 1.0 if start == goal else _reach(tree, start).get(goal, 0.0)


@dataclass
class _Clusters:
    """What ``decide`` needs to know about the clusters that hold a register record, built once per run."""

    labels: np.ndarray
    latest: pd.DataFrame
    """Per cluster, the latest sighting (see ``_latest_contact``)."""
    seen: set[int]
    """Clusters with a sighting within the window."""
    members: dict[int, list[int]]
    candidates: dict[int, list[Candidate]]
    """Per register cluster, the candidates reaching outside it, strongest first."""
    tree: dict[int, list[Edge]]
    sure_links: dict[int, list[Edge]]
    """Per register cluster, every link inside it at or above the link threshold."""
    own_sighting: np.ndarray
    """Per record, whether the record itself holds a sighting within the window."""
    seen_on: pd.Series
    """Per record, its own sighting's date (NaT for none): for a contact other than the cluster's latest."""
    sources: np.ndarray
    """Per record, its source."""
    identifiers: dict[int, Identifiers]
    """NHS numbers and UPNs held in each register cluster and each cluster a candidate reaches (with facts)."""
    facts: Facts | None = None
    sightings_of_two: dict[int, SightingOfTwo] = field(default_factory=dict)
    """Sightings that fit another child as well as their own cluster (``sightings_fitting_two``): not this child's
    for certain, so never what makes it seen."""

    def label(self, uid: int) -> int:
        return int(self.labels[uid])


@dataclass(frozen=True)
class Identifiers:
    """The NHS numbers and UPNs (temporary UPNs excluded, as in the rules) on one cluster's records."""

    nhs_numbers: frozenset[str]
    upns: frozenset[str]

    def another_child(self, other: Identifiers) -> bool:
        """Both clusters hold an NHS number, or both a UPN, and none is shared: two identified children."""
        return bool(
            (self.nhs_numbers and other.nhs_numbers and self.nhs_numbers.isdisjoint(other.nhs_numbers))
            or (self.upns and other.upns and self.upns.isdisjoint(other.upns))
        )


def _identifiers(labels: np.ndarray, wanted: set[int], facts: Facts | None) -> dict[int, Identifiers]:
    if facts is None or not wanted:
        return {}
    nhs: dict[int, set[str]] = defaultdict(set)
    upn: dict[int, set[str]] = defaultdict(set)
    for uid in np.flatnonzero(np.isin(labels, list(wanted))).tolist():
        record = facts[uid]
        if record.nhs_number:
            nhs[int(labels[uid])].add(record.nhs_number)
        if record.upn:
            upn[int(labels[uid])].add(record.upn)
    return {label: Identifiers(frozenset(nhs[label]), frozenset(upn[label])) for label in wanted}


def sighted_in_window(records: pd.DataFrame, rules: CohortRules) -> np.ndarray:
    """Per record, whether it holds a sighting within the window (on or before ``as_of``)."""
    seen_on = pd.to_datetime(records["last_seen_date"])
    return seen_on.between(rules.cutoff, pd.Timestamp(rules.as_of)).to_numpy()


def _index_clusters(
    records: pd.DataFrame,
    clustering: Clustering,
    candidates: list[Candidate],
    rules: CohortRules,
    facts: Facts | None = None,
    sightings_of_two: dict[int, SightingOfTwo] | None = None,
) -> _Clusters:
    labels = clustering.labels
    latest = _latest_contact(records, labels, rules)
    cohort_clusters = set(labels[np.flatnonzero(records["source"].to_numpy() == rules.cohort_source)].tolist())
    members_of: dict[int, list[int]] = defaultdict(list)
    for member in np.flatnonzero(pd.Series(labels).isin(cohort_clusters).to_numpy()).tolist():
        members_of[int(labels[member])].append(member)

    by_cluster: dict[int, list[Candidate]] = defaultdict(list)
    reached: set[int] = set()
    # Strongest first, and in the same order on every run whatever order the SQL engine returned pairs in.
    for candidate in sorted(candidates, key=lambda c: (-c.probability, c.left, c.right)):
        la, lb = int(labels[candidate.left]), int(labels[candidate.right])
        if la == lb:
            continue
        for mine, theirs in ((la, lb), (lb, la)):
            if mine in cohort_clusters:
                by_cluster[mine].append(candidate)
                reached.update((mine, theirs))

    tree_by_cluster: dict[int, list[Edge]] = defaultdict(list)
    for edge in clustering.tree:
        label = int(labels[edge.left])
        if label in cohort_clusters:
            tree_by_cluster[label].append(edge)
    links_by_cluster: dict[int, list[Edge]] = defaultdict(list)
    for edge in clustering.links:
        label = int(labels[edge.left])
        if label in cohort_clusters and edge.probability >= rules.link_threshold:
            links_by_cluster[label].append(edge)

    seen_on = pd.to_datetime(records["last_seen_date"]).reset_index(drop=True)
    own_sighting = sighted_in_window(records, rules)
    return _Clusters(
        labels=labels,
        latest=latest,
        seen=set(latest.index[latest["seen"] >= rules.cutoff]),
        members=members_of,
        candidates=by_cluster,
        tree=tree_by_cluster,
        sure_links=links_by_cluster,
        own_sighting=own_sighting,
        seen_on=seen_on,
        sources=records["source"].to_numpy(),
        identifiers=_identifiers(labels, reached, facts),
        facts=facts,
        sightings_of_two=sightings_of_two or {},
    )


@dataclass
class _Pending:
    """A register child's candidates that would make it seen: strong enough to check, or not."""

    deciding: list[Candidate]
    near_misses: list[Candidate]


def _sort_candidates(
    label: int,
    cohort_id: str,
    clusters: _Clusters,
    rules: CohortRules,
    facts: Facts | None,
    review: list[tuple[str, Candidate, bool]],
    contested: list[Candidate],
) -> _Pending:
    """Sort the candidates of one register child's cluster; those worth an officer's look go on ``review``
    (``contested`` ones as deciding the status)."""
    is_seen = label in clusters.seen
    pending = _Pending(deciding=[], near_misses=[])
    for candidate in clusters.candidates.get(label, []):
        if candidate in contested:
            review.append((cohort_id, candidate, True))
            continue
        other = _other_end(candidate, label, clusters)
        would_decide = (
            not is_seen
            and clusters.label(other) in clusters.seen
            and not _another_identified_child(label, clusters.label(other), clusters)
        )
        decides = would_decide and (
            candidate.probability >= rules.check_threshold
            or (
                # The same name and date of birth at another address is how a move looks: an officer looks.
                facts is not None
                and candidate.probability >= rules.review_threshold
                and one_name_and_birthday(facts[candidate.left], facts[candidate.right])
            )
        )
        if candidate.probability >= rules.review_threshold:
            review.append((cohort_id, candidate, decides))
        if would_decide:
            (pending.deciding if decides else pending.near_misses).append(candidate)
    return pending


def _other_end(candidate: Candidate, label: int, clusters: _Clusters) -> int:
    """The record of a candidate that is outside cluster ``label``."""
    return candidate.right if clusters.label(candidate.left) == label else candidate.left


def _contested(uid: int, label: int, clusters: _Clusters, rules: CohortRules) -> list[Candidate]:
    """Links as sure as the cluster's own (at or above the link threshold) from a register child's cluster to
    another identified child nobody has seen, when only the cluster's other records make the child seen.

    The cluster's records fit two children held apart by their NHS numbers or UPNs, and clustering could keep only
    one: the register child may be the other. At 5,000,000 records a school record joined by name, date of birth
    and postcode sector to a namesake's health record (seen) was refused the child's own health record at the
    child's address (not seen for years): the child was missed. An officer looks instead. Not when the other
    child is on the register too: it has its own status, and register twins are the rival rules' to weigh; nor once
    an officer has linked the register record to a record of its cluster, as with rivals."""
    if label not in clusters.seen or clusters.own_sighting[uid]:
        return []
    if any(edge.confirmed and uid in (edge.left, edge.right) for edge in clusters.sure_links.get(label, [])):
        return []
    contested = []
    for candidate in clusters.candidates.get(label, []):
        other = clusters.label(_other_end(candidate, label, clusters))
        if (
            candidate.probability >= rules.link_threshold
            and other not in clusters.seen
            and other not in clusters.members  # on the register: a status of its own
            and _another_identified_child(label, other, clusters)
        ):
            contested.append(candidate)
    return contested


def _another_identified_child(label: int, other: int, clusters: _Clusters) -> bool:
    """The candidate's records carry a different NHS number or UPN from this child's own records.

    An NHS number or UPN belongs to one child, so the candidate's cluster is another child, and its
    sighting is that child's, however alike the names: a namesake seen elsewhere, or a twin. The
    register record stays with the records it was confidently linked to, and the child stays unseen
    (an officer visits). This never marks a child seen; at worst a seen child is visited. The pair
    is still listed for officers, only not as deciding the status.
    """
    mine, theirs = clusters.identifiers.get(label), clusters.identifiers.get(other)
    return mine is not None and theirs is not None and mine.another_child(theirs)


def _doubted_rivals(uid: int, label: int, clusters: _Clusters, rivals: dict[int, list[Rival]]) -> list[Rival]:
    """Rivals that are unseen, when the child is seen only through its links (not by its own record)."""
    if label not in clusters.seen or clusters.own_sighting[uid]:
        return []
    return [r for r in rivals.get(uid, []) if clusters.label(r.other) not in clusters.seen]


@dataclass(frozen=True)
class _Verdict:
    status: Status
    confidence: float
    contact: pd.Series | None


def _verdict(
    uid: int,
    label: int,
    clusters: _Clusters,
    pending: _Pending,
    doubted: list[Rival],
    rules: CohortRules,
    contested: list[Candidate],
) -> _Verdict:
    tree = clusters.tree[label]
    # One row per cluster (the latest sighting), so .loc on a label gives a row, never a frame.
    contact = cast(pd.Series, clusters.latest.loc[label]) if label in clusters.latest.index else None
    if doubted:
        # Two children fit equally well, so the link is at best an even chance; and the sighting may be the
        # other child's, so it is not shown as this child's last sighting.
        return _Verdict("check", max(_tree_bottleneck(tree, uid, r.linked) for r in doubted) / 2, None)
    if contested:
        return _Verdict("check", 0.5, None)
    if label in clusters.seen and contact is not None:
        reach = _reach(tree, uid)
        latest = int(str(contact.at["uid"]))
        joined = _surely_joined(uid, label, clusters)
        if latest in joined:
            return _Verdict("seen", reach.get(latest, 0.0), contact)
        surely = _latest_sighting_of(joined, clusters)
        if surely is not None:
            return _Verdict("seen", reach.get(surely, 0.0), _contact(surely, clusters))
        # Every sighting comes over a link the model is unsure of, or over a name and date of birth alone: a
        # namesake seen elsewhere looks just like this, so an officer looks before the child counts as seen.
        return _Verdict("check", reach.get(latest, 0.0), contact)
    if pending.deciding:
        return _Verdict("check", max(c.probability for c in pending.deciding), contact)
    # One minus the strongest scored pair to a record that would have made the child seen.
    return _Verdict("unseen", 1.0 - max((c.probability for c in pending.near_misses), default=0.0), contact)


def _surely_joined(uid: int, label: int, clusters: _Clusters) -> set[int]:
    """The records joined to register record ``uid`` by links at or above the link threshold, leaving out links
    that rest on a name and date of birth alone (``rests_on_name_alone``) and links to a sighting that fits another
    child as well (``sightings_of_two``), unless an officer confirmed them.

    Such a link anywhere on the way carries a namesake's sighting as well as the child's own: a register record
    joined by its UPN to the child's school record, and that record by name and date of birth alone to another
    child's health record at another address, was a missed child at 5,000,000 records."""
    facts, unsure = clusters.facts, clusters.sightings_of_two
    sure = [
        edge
        for edge in clusters.sure_links.get(label, [])
        if edge.confirmed
        or (
            (facts is None or not rests_on_name_alone(facts[edge.left], facts[edge.right]))
            and edge.left not in unsure
            and edge.right not in unsure
        )
    ]
    return set(_reach(sure, uid))


def _latest_sighting_of(joined: set[int], clusters: _Clusters) -> int | None:
    """Of ``joined``, the record with the latest sighting within the window."""
    sighted = [uid for uid in joined if clusters.own_sighting[uid]]
    return max(sighted, key=lambda uid: (clusters.seen_on.iat[uid], uid), default=None)


def _contact(uid: int, clusters: _Clusters) -> pd.Series:
    """A record's own sighting, shaped as a row of ``_latest_contact``."""
    return pd.Series({"seen": clusters.seen_on.iat[uid], "source": clusters.sources[uid], "uid": uid})


def decide(
    records: pd.DataFrame,
    clustering: Clustering,
    candidates: list[Candidate],
    rules: CohortRules,
    rivals: dict[int, list[Rival]] | None = None,
    facts: Facts | None = None,
    sightings_of_two: dict[int, SightingOfTwo] | None = None,
) -> CohortOutcome:
    """Each register child's status; ``rivals`` (from ``rival_children``) are other children who fit a
    register record as well as the one it was linked to: a sighting of the linked child alone does not
    make that register child seen while such a rival is unseen. With ``facts``, a candidate under the check
    threshold still sends the child to a desk check when it has the child's name and date of birth.
    ``sightings_of_two`` (from ``sightings_fitting_two``) are sightings that fit another child as well: never
    what makes a child seen."""
    rivals = rivals or {}
    clusters = _index_clusters(records, clustering, candidates, rules, facts, sightings_of_two)
    ids = person_ids(records, clustering.labels)
    sources = records["source"].to_numpy()
    record_ids = records["record_id"].to_numpy()
    rows: list[CohortRow] = []
    review: list[tuple[str, Candidate, bool]] = []
    members: dict[str, list[int]] = {}
    for uid in np.flatnonzero(sources == rules.cohort_source).tolist():
        label = clusters.label(uid)
        cohort_id = str(record_ids[uid])
        members[cohort_id] = clusters.members[label]
        others = [m for m in clusters.members[label] if m != uid]
        contested = _contested(uid, label, clusters, rules)
        pending = _sort_candidates(label, cohort_id, clusters, rules, facts, review, contested)
        doubted = _doubted_rivals(uid, label, clusters, rivals)
        for rival in doubted:
            sure = _tree_bottleneck(clusters.tree[label], uid, rival.linked)
            review.append((cohort_id, Candidate(uid, rival.linked, sure, _rival_why(records, rival)), True))
        verdict = _verdict(uid, label, clusters, pending, doubted, rules, contested)
        if verdict.status == "check":
            review.extend((cohort_id, pair, True) for pair in _sightings_of_two(uid, label, clusters, records))
        contact = verdict.contact
        rows.append(
            CohortRow(
                cohort_record_id=cohort_id,
                person_id=str(ids[uid]),
                status=verdict.status,
                last_seen_date=contact["seen"].date() if contact is not None else None,
                last_seen_by=str(contact["source"]) if contact is not None else "",
                linked_records=tuple(f"{sources[m]}:{record_ids[m]}" for m in others),
                linked_sources=tuple(sorted({str(sources[m]) for m in others})),
                confidence=round(float(verdict.confidence), 6),
            )
        )
    return CohortOutcome(rows=rows, person_ids=ids, review=review, members=members)


def _rival_why(records: pd.DataFrame, rival: Rival) -> str:
    other = f"{records['source'].iat[rival.other]} {records['record_id'].iat[rival.other]}"
    return (
        f"another child fits this record as well ({other}, unseen; two children: {rival.why}) and nothing on "
        "the register record tells them apart"
    )


def _sightings_of_two(uid: int, label: int, clusters: _Clusters, records: pd.DataFrame) -> list[Candidate]:
    """The sightings in a register child's cluster that fit another child as well, as pairs for an officer (with
    how sure the chain from the register record to the sighting is)."""
    found = []
    for member in clusters.members.get(label, []):
        two = clusters.sightings_of_two.get(member)
        if two is None:
            continue
        other = f"{records['source'].iat[two.other]} {records['record_id'].iat[two.other]}"
        why = (
            f"this sighting fits another child as well ({other}; two children: {two.why}) and nothing on it ties it"
            " to this child"
        )
        sure = _tree_bottleneck(clusters.tree[label], uid, two.sighting)
        found.append(Candidate(two.sighting, two.other, sure, why))
    return found
