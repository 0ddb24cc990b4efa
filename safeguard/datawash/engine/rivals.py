"""A register record that fits two children equally must not borrow either one's sighting.

Twins with one first name are often told apart only by a middle name or an identifier. When the
register records neither, the register record fits both twins, and a link to the seen twin's record
would show the unseen twin as seen: the one failure a wash must never make. So when the other
agencies' records show two children with the register record's name and date of birth (different NHS
numbers or UPNs, different middle names, or one agency listing both), and nothing on the register
record favours the child it was linked to, its status may not come from that link: an officer checks.

The same holds the other way round: a sighting record that fits two children (``sightings_fitting_two``), a
twin's record under a misspelt form of her sister's name, makes neither seen.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .rules import Facts, RecordFacts, doubt_reason, fits_without_doubt, tells_apart, two_children

NAME_KEY = ("given_name", "family_name", "date_of_birth")


@dataclass(frozen=True)
class Rival:
    """``other`` fits the register record as well as ``linked`` (in its cluster) does, and they are two children."""

    linked: int
    other: int
    why: str


def _keys(table: pd.DataFrame, columns: tuple[str, ...], required: tuple[str, ...]) -> np.ndarray:
    """One whole number per distinct combination of ``columns``; -1 where any of ``required`` is missing.

    Numbers, not joined strings: keys are built for every record just before the run's memory peaks, and a
    whole number takes 8 bytes where a joined string takes tens."""
    key = np.zeros(len(table), dtype=np.int64)
    present = np.ones(len(table), dtype=bool)
    for column in columns:
        codes, uniques = pd.factorize(table[column], use_na_sentinel=True)
        if column in required:
            present &= codes >= 0
        # Renumbered after each column, so the combined number stays below the number of records.
        key = pd.factorize(key * (len(uniques) + 1) + codes + 1)[0]
    return np.where(present, key, -1)


def _with_keys(keys: np.ndarray, of: Iterable[int]) -> dict[int, list[int]]:
    """Every record by key, for the keys of the records ``of``."""
    wanted = set(keys[sorted(set(of))].tolist()) - {-1}
    found: dict[int, list[int]] = defaultdict(list)
    if wanted:
        chosen = np.flatnonzero(np.isin(keys, list(wanted)))
        for uid, key in zip(chosen.tolist(), keys[chosen].tolist(), strict=True):
            found[key].append(uid)
    return found


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
    keys = _keys(table, NAME_KEY, required=("given_name", "date_of_birth"))
    same_key = _with_keys(keys, (u for label in wanted if len(members[label]) > 1 for u in members[label]))

    found: dict[int, list[Rival]] = {}
    for uid in cohort:
        label = int(labels[uid])
        cluster = [m for m in members[label] if m != uid]
        if not cluster or any((uid, m) in confirmed for m in cluster):
            continue
        register = facts[uid]
        pool: set[int] = set(near[uid])
        for member in (uid, *cluster):
            pool.update(same_key.get(int(keys[member]), ()))
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


@dataclass(frozen=True)
class SightingOfTwo:
    """A sighting record that fits another child, held apart from its own cluster, as well as its own."""

    sighting: int
    other: int
    why: str


SIGHTING_KEY = ("family_name", "date_of_birth")


def sightings_fitting_two(
    table: pd.DataFrame,
    facts: Facts,
    labels: np.ndarray,
    sightings: Iterable[int],
    settled: Iterable[tuple[int, int]] = (),
) -> dict[int, SightingOfTwo]:
    """Of ``sightings`` (records whose sighting would make a register child seen), those that fit a record of
    another child as well as their own cluster's records.

    Look-alike twins are the case: Eva Amelia's police record, written as "Eie Amelia", is linked to her twin
    Evie, since "Eie" is closer to Evie, and Evie (no middle name anywhere) looks seen when she is not. The
    record fits both twins (``fits_without_doubt``, and no rule holds it apart from any record of the other
    twin), the two clusters are two children (``two_children``: different NHS numbers or UPNs, different middle
    names, or one agency listing both), and nothing on the record ties it to its own cluster rather than the
    other (``_ties_to``): so which child was seen is chance, and its sighting does not make either child seen.

    Only records with the sighting's family name and date of birth are looked at, as twins share both: a
    namesake with a date of birth a few days out fits a record no worse by the rules, but the model, which
    weighs the date, tells them apart. ``settled`` are officers' confirmed pairs: a sighting an officer has linked
    to a record of its cluster is that child's.
    """
    wanted = [int(u) for u in sightings]
    if not wanted:
        return {}
    confirmed = {a for pair in settled for a in pair}
    keys = _keys(table, SIGHTING_KEY, required=SIGHTING_KEY)
    same_key = _with_keys(keys, wanted)
    members: dict[int, list[int]] = defaultdict(list)
    pool_of = {uid: same_key.get(int(keys[uid]), []) for uid in wanted}
    labels_wanted = {int(labels[u]) for uid, pool in pool_of.items() for u in (uid, *pool)}
    for uid in np.flatnonzero(np.isin(labels, list(labels_wanted))).tolist():
        members[int(labels[uid])].append(uid)

    found: dict[int, SightingOfTwo] = {}
    for uid in wanted:
        if uid in confirmed:
            continue
        sighting, own = facts[uid], int(labels[uid])
        mine = [m for m in members[own] if m != uid]
        for other in pool_of[uid]:
            theirs = int(labels[other])
            if theirs == own or not fits_without_doubt(sighting, facts[other]):
                continue
            if any(_ties_to(sighting, facts[m], facts[other]) for m in mine):
                continue
            # The other child's records must all take the sighting: one they cannot (an NHS number of its own, a
            # twin's middle name) shows the sighting is not that child's, and the other record only a stray.
            if any(doubt_reason(sighting, facts[m]) for m in members[theirs]):
                continue
            why = _two_children_apart(mine, members[theirs], facts)
            if why:
                found[uid] = SightingOfTwo(uid, other, why)
                break
    return found


def _ties_to(sighting: RecordFacts, mine: RecordFacts, other: RecordFacts) -> bool:
    """Something on the sighting agrees with a record of its own cluster and not with the other child's: an
    identifier or a middle name (``tells_apart``), the given name as written (Harvey, where the other twin is
    Harry) or the address line (namesakes live apart; twins share one, so it ties a twin's record to neither)."""
    if tells_apart(sighting, mine, other):
        return True
    given, address = sighting.given_name, sighting.address
    return bool(
        (given and given == mine.given_name and given != other.given_name)
        or (address and address == mine.address and address != other.address)
    )


def _two_children_apart(mine: list[int], theirs: list[int], facts: Facts) -> str | None:
    """Why the two clusters are two children, or None when nothing shows it (a record the engine could not place
    may be a stray of the same child)."""
    for a in mine:
        for b in theirs:
            why = two_children(facts[a], facts[b])
            if why:
                return why
    return None
