"""Constrained clustering of records into children.

Strong links are added from the most to the least certain (like Kruskal's algorithm).
Two clusters merge only if no pair of their members is vetoed, so a chain of links
cannot pull a twin or a sibling into a child's cluster. A refused merge is kept: if it
would have changed a cohort child's status, the child goes to a desk check.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from .rules import REGISTER_LISTS_TWO, Facts, doubt_reason, pair_key, register_lists_two

TIE = 1e-9
"""Two links this close in probability are a tie: the model cannot tell which child the record belongs to."""

FITS_TWO_CHILDREN = "fits two different children equally well"

MAX_CLUSTER_SIZE = 60
"""No child has this many records across a partnership's extracts; bigger means junk values (e.g. 'Unknown')."""


class Edge(NamedTuple):
    """A link between two records. A named tuple, not a dataclass: a million records make half a million of
    them, and a frozen dataclass took a second longer to build them."""

    left: int
    right: int
    probability: float
    checked: bool = False
    """The rules have already cleared this pair, so joining two lone records on it needs no second look."""
    confirmed: bool = False
    """An officer confirmed the pair as one child."""


@dataclass
class Clustering:
    labels: np.ndarray
    """Cluster label for each unique_id: the smallest unique_id in the cluster."""
    tree: list[Edge]
    """The edges that joined clusters; within a cluster they form a spanning tree."""
    refused: list[tuple[Edge, str]] = field(default_factory=list)
    links: list[Edge] = field(default_factory=list)
    """Every accepted link inside a cluster, the tree's and the others': a record may be surely joined to another
    by a path the spanning tree does not take."""


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))
        self.members: dict[int, list[int]] = {}

    def find(self, item: int) -> int:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:  # path compression keeps later finds O(1)
            self.parent[item], item = root, self.parent[item]
        return root

    def members_of(self, root: int) -> list[int]:
        return self.members.get(root, [root])

    def union(self, a: int, b: int) -> None:
        of_a = self.members.pop(a, None) or [a]
        of_b = self.members.pop(b, None) or [b]
        small, large, merged, joining = (a, b, of_b, of_a) if len(of_a) <= len(of_b) else (b, a, of_a, of_b)
        merged.extend(joining)  # in place: copying the larger list at every join made clustering quadratic-ish
        self.parent[small] = large
        self.members[large] = merged


def _conflict(
    left: list[int], right: list[int], facts: Facts, rejected: set[tuple[int, int]], cohort: str | None
) -> str | None:
    if len(left) + len(right) > MAX_CLUSTER_SIZE:
        return f"would make a cluster of more than {MAX_CLUSTER_SIZE} records"
    for a in left:
        for b in right:
            if rejected and pair_key(a, b) in rejected:
                return "rejected by an officer"
            reason = doubt_reason(facts[a], facts[b])
            if reason:
                return reason
            if register_lists_two(facts[a], facts[b], cohort):
                return REGISTER_LISTS_TWO
    return None


def cluster(
    size: int,
    edges: Iterable[Edge],
    facts: Facts,
    *,
    confirmed: Iterable[tuple[int, int]] = (),
    rejected: set[tuple[int, int]] | None = None,
    cohort: str | None = None,
) -> Clustering:
    """Cluster ``size`` records; ``edges`` need not be sorted. Confirmed pairs join first and bypass vetoes.

    ``cohort`` names the register's source: its records' ties are left to the cohort's rival rule, which also
    knows when every child the record fits was seen."""
    rejected = rejected or set()
    sets = _UnionFind(size)
    edges = list(edges)
    accepted = [Edge(a, b, 1.0, confirmed=True) for a, b in confirmed]
    left, right, probability = _as_arrays(edges)
    order = _strongest_first(left, right, probability)
    alone = _pairs_alone(size, edges, accepted, left, right)
    tied = {
        id(edge)
        for edge in _tied_between_children([e for e, a in zip(edges, alone, strict=True) if not a], facts, cohort)
    }
    refused: list[tuple[Edge, str]] = [(edge, FITS_TWO_CHILDREN) for edge in edges if id(edge) in tied]
    tree_edges: list[Edge] = []
    for edge in accepted:
        ra, rb = sets.find(edge.left), sets.find(edge.right)
        if ra != rb:
            sets.union(ra, rb)
            tree_edges.append(edge)
    joined = sets.members  # roots of clusters of two or more records
    in_tree = alone.copy()
    for index in order[~alone[order]].tolist():
        edge = edges[index]
        if id(edge) in tied:
            continue
        ra, rb = sets.find(edge.left), sets.find(edge.right)
        if ra == rb:
            continue
        # Most joins are of two lone records on a pair the rules already cleared: nothing more to check.
        if not (edge.checked and ra not in joined and rb not in joined):
            reason = _conflict(sets.members_of(ra), sets.members_of(rb), facts, rejected, cohort)
            if reason:
                refused.append((edge, reason))
                continue
        sets.union(ra, rb)
        in_tree[index] = True
    labels = np.arange(size, dtype=np.int64)
    for members in sets.members.values():
        labels[members] = min(members)
    labels[left[alone]] = labels[right[alone]] = np.minimum(left[alone], right[alone])
    tree_edges += (edges[index] for index in order[in_tree[order]].tolist())
    links = [edge for edge in accepted if labels[edge.left] == labels[edge.right]]
    inside = np.flatnonzero(labels[left] == labels[right]).tolist()
    links += (edges[index] for index in inside if id(edges[index]) not in tied)
    return Clustering(labels=labels, tree=tree_edges, refused=refused, links=links)


def _pairs_alone(
    size: int, edges: list[Edge], confirmed: list[Edge], left: np.ndarray, right: np.ndarray
) -> np.ndarray:
    """Per edge, whether it is its two records' only link (confirmed pairs counted) and the rules cleared it: such
    a pair is a cluster of two that no veto, tie or chain can touch, so it needs no union-find and no check. Three
    quarters of a million records' links are such pairs."""
    ends = [left, right, *(np.array([(e.left, e.right) for e in confirmed], dtype=np.int64).reshape(-1, 2).T)]
    links = np.bincount(np.concatenate(ends), minlength=size)
    checked = np.fromiter((e.checked for e in edges), dtype=bool, count=len(edges))
    return checked & (links[left] == 1) & (links[right] == 1)


def _as_arrays(edges: list[Edge]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The edges' left records, right records and probabilities, for sorting and grouping them with numpy."""
    left = np.fromiter((e.left for e in edges), dtype=np.int64, count=len(edges))
    right = np.fromiter((e.right for e in edges), dtype=np.int64, count=len(edges))
    probability = np.fromiter((e.probability for e in edges), dtype=np.float64, count=len(edges))
    return left, right, probability


def _strongest_first(left: np.ndarray, right: np.ndarray, probability: np.ndarray) -> np.ndarray:
    """Indices of the edges (as ``_as_arrays`` gives them) by probability, strongest first, then by record ids: one
    order on every run."""
    return np.lexsort((right, left, -probability))


def _tied_between_children(edges: list[Edge], facts: Facts, cohort: str | None) -> set[Edge]:
    """Links of one record to two records of different children (vetoed or doubted as one), equally strong.

    The order of equal links is only the order of record ids, so whichever child such a record joined would
    be chance; with twins that chance can mark an unseen twin seen. Neither link is made: both go to an
    officer, and the record stays on its own (or with its other links).
    """
    by_record: dict[int, list[Edge]] = defaultdict(list)
    for index in _with_equal_links(edges).tolist():
        edge = edges[index]
        by_record[edge.left].append(edge)
        by_record[edge.right].append(edge)
    tied: set[Edge] = set()
    for record, linked in by_record.items():
        if len(linked) < 2 or (cohort is not None and facts[record].source == cohort):
            continue
        linked.sort(key=lambda e: -e.probability)
        start = 0
        for end in range(1, len(linked) + 1):
            if end < len(linked) and linked[start].probability - linked[end].probability <= TIE:
                continue
            tied.update(_apart(record, linked[start:end], facts))
            start = end
    return tied


def _with_equal_links(edges: list[Edge]) -> np.ndarray:
    """Indices of the edges touching a record that has two links within ``TIE`` of each other: the only records
    ``_tied_between_children`` can find a tie at (found with arrays, as most records have one link or none)."""
    if len(edges) < 2:
        return np.arange(len(edges))
    left, right, probability = _as_arrays(edges)
    record = np.concatenate([left, right])
    strength = np.concatenate([probability, probability])
    order = np.lexsort((-strength, record))
    record, strength = record[order], strength[order]
    close = (record[1:] == record[:-1]) & (strength[:-1] - strength[1:] <= TIE)
    records = np.unique(np.concatenate([record[1:][close], record[:-1][close]]))
    touching = np.isin(left, records) | np.isin(right, records)
    return np.flatnonzero(touching)


def _apart(record: int, equal: list[Edge], facts: Facts) -> set[Edge]:
    """Of one record's equally strong links, those reaching two records the rules hold to be different children."""
    found: set[Edge] = set()
    for first, second in itertools.combinations(equal, 2):
        one = first.right if first.left == record else first.left
        other = second.right if second.left == record else second.left
        if one != other and doubt_reason(facts[one], facts[other]):
            found.update((first, second))
    return found
