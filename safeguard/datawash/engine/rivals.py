"""A register record that fits two children equally must not borrow either one's sighting.

Twins with one first name are often told apart only by a middle name or an identifier. When the
register records neither, the register record fits both twins, and a link to the seen twin's record
would show the unseen twin as seen: the one failure a wash must never make. So when the other
agencies' records show two children with the register record's name and date of birth (different NHS
numbers or UPNs, different middle names, or one agency listing both), and nothing on the register
record favours the child it was linked to, its status may not come from that link: an officer checks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .rules import Facts, fits_without_doubt, tells_apart, two_children

NAME_KEY = ("given_name", "family_name", "date_of_birth")


@dataclass(frozen=True)
class Rival:
    """``other`` fits the register record as well as ``linked`` (in its cluster) does, and they are two children."""

    linked: int
    other: int
    why: str


def _keys(table: pd.DataFrame) -> pd.Series:
    parts = [table[c].fillna("").astype(str) for c in NAME_KEY]
    key = parts[0] + "\x1f" + parts[1] + "\x1f" + parts[2]
    return key.where(table["given_name"].notna() & table["date_of_birth"].notna(), "")


def rival_children(
    table: pd.DataFrame,
    facts: Facts,
    labels: np.ndarray,
    cohort_uids: Iterable[int],
    neighbours: Iterable[tuple[int, int]],
    settled: Iterable[tuple[int, int]] = (),
) -> dict[int, list[Rival]]:
    """For each register record, the children outside its cluster that fit it no worse than the one inside.

    ``neighbours`` are scored pairs (candidates and refused links) among which a rival may be; records
    with exactly the same name and date of birth as a cluster member are looked at too, scored or not.
    ``settled`` are officers' confirmed pairs: a register record an officer has linked to a record of
    its cluster is not in doubt.
    """
    cohort = [int(u) for u in cohort_uids]
    members: dict[int, list[int]] = defaultdict(list)
    wanted = {int(labels[u]) for u in cohort}
    for uid in np.flatnonzero(np.isin(labels, list(wanted))).tolist():
        members[int(labels[uid])].append(uid)
    confirmed = {(a, b) for a, b in settled} | {(b, a) for a, b in settled}
    near: dict[int, set[int]] = defaultdict(set)
    for a, b in neighbours:
        near[a].add(b)
        near[b].add(a)
    keys = _keys(table)
    interesting = {u for label in wanted if len(members[label]) > 1 for u in members[label]}
    wanted_keys = set(keys.iloc[sorted(interesting)].tolist()) - {""} if interesting else set()
    same_key: dict[str, list[int]] = defaultdict(list)
    if wanted_keys:
        chosen = keys.isin(wanted_keys).to_numpy()
        for uid, key in zip(np.flatnonzero(chosen).tolist(), keys[chosen].tolist(), strict=True):
            same_key[key].append(uid)

    found: dict[int, list[Rival]] = {}
    for uid in cohort:
        label = int(labels[uid])
        cluster = [m for m in members[label] if m != uid]
        if not cluster or any((uid, m) in confirmed for m in cluster):
            continue
        register = facts[uid]
        pool: set[int] = set(near[uid])
        for member in (uid, *cluster):
            pool.update(same_key.get(str(keys.iat[member]), ()))
        rivals: list[Rival] = []
        for other in sorted(pool):
            if int(labels[other]) == label or not fits_without_doubt(register, facts[other]):
                continue
            rival = facts[other]
            if any(tells_apart(register, facts[m], rival) for m in cluster):
                continue
            for linked in cluster:
                why = two_children(facts[linked], rival)
                if why:
                    rivals.append(Rival(linked, other, why))
                    break
        if rivals:
            found[uid] = rivals
    return found
