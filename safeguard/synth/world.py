"""The synthetic world in memory: a population, the home-education cohort, who saw whom and when, and the truth.

``build_world`` plants the cohort's hard cases (twins, similar siblings, namesakes), the contacts
that make a child seen, and recomputes the truth from the records actually made.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from safeguard.synth import names
from safeguard.synth.population import generate_population
from safeguard.synth.sources import (
    COHORT_SOURCE,
    DEFAULT_PROFILES,
    ONE_DAY,
    SOURCES,
    Columns,
    RecordSink,
    SourceProfile,
    add_duplicates,
    population_columns,
    register_dates,
    school_start_dates,
    source_records,
    with_source_columns,
)

# Planted dates keep this far from the unseen cut-off so "18 months" read as 548 days or as
# calendar months gives the same answer.
_CUTOFF_MARGIN_DAYS = 21


@dataclass(frozen=True)
class HardCases:
    """How many deliberately hard cohort cases to plant (as shares of the cohort, at least one each)."""

    twin_pairs: float = 0.03  # both twins on the register, one seen and one not
    similar_sibling_pairs: float = 0.02  # siblings with look-alike names, one seen and one not
    namesakes: float = 0.05  # of unseen children, share with a seen same-name same-DOB child elsewhere
    dissimilar_twins: bool = False  # the demo wants twins that a careful engine separates easily


@dataclass
class World:
    """A population, its cohort and every agency's records, before anything is written."""

    population: pd.DataFrame
    seed: int
    as_of: date
    children: int
    cutoff: np.datetime64
    unseen_months: int
    sources: tuple[str, ...]
    profiles: Mapping[str, SourceProfile]
    hard_cases: HardCases
    cohort: pd.DataFrame  # person index, planned unseen flag, hard-case label
    tables: dict[str, pd.DataFrame]  # source -> formatted records (canonical + extra columns)
    truth: dict[str, np.ndarray]  # source -> person_id per record, aligned with tables
    noise: dict[str, np.ndarray]  # source -> kinds of noise applied per record ("nickname;old_address")
    cohort_truth: pd.DataFrame


def build_world(
    *,
    children: int,
    seed: int,
    as_of: date,
    cohort_size: int | None = None,
    unseen_count: int | None = None,
    unseen_months: int = 18,
    sources: tuple[str, ...] = SOURCES,
    profiles: Mapping[str, SourceProfile] | None = None,
    hard_cases: HardCases | None = None,
    population: pd.DataFrame | None = None,
    sink: RecordSink | None = None,
) -> World:
    """Everything ``write_extracts`` writes, in memory (the demo and the tests use this directly).

    With a ``sink``, each source's records are handed over as soon as they are made and not kept
    (``World.tables`` then holds only the cohort register), so a million children fit in memory.
    """
    profiles = _profiles_for(sources, profiles)
    hard = hard_cases or HardCases()
    if population is None:
        population = generate_population(children=children, seed=seed, as_of=as_of, object_strings=True)
    pop = population.copy()
    as_of_d = np.datetime64(as_of, "D")
    cutoff = np.datetime64(_months_before(as_of, unseen_months), "D")
    size, unseen = _cohort_sizes(children, cohort_size, unseen_count)

    cohort = _choose_cohort(pop, size, unseen, hard, _stream(seed, "cohort"))
    pop = _plant_namesakes(pop, cohort, hard, _stream(seed, "namesakes"))
    contacts = _contacts(pop, cohort, sources, as_of_d, cutoff, _stream(seed, "contacts"))
    records = _all_records(pop, cohort, contacts, sources, profiles, seed=seed, as_of=as_of_d, sink=sink)
    return World(
        population=pop,
        seed=seed,
        as_of=as_of,
        children=children,
        cutoff=cutoff,
        unseen_months=unseen_months,
        sources=tuple(sources),
        profiles=profiles,
        hard_cases=hard,
        cohort=cohort,
        tables=records.tables,
        truth=records.truth,
        noise=records.noise,
        cohort_truth=_checked_cohort_truth(pop, cohort, records, cutoff),
    )


def _profiles_for(sources: tuple[str, ...], profiles: Mapping[str, SourceProfile] | None) -> dict[str, SourceProfile]:
    """The default profiles with the caller's replacements, once the sources are known to exist."""
    unknown = set(sources) - set(SOURCES)
    if unknown:
        raise ValueError(f"unknown sources: {sorted(unknown)}; choose from {SOURCES}")
    return {**DEFAULT_PROFILES, **(profiles or {})}


def _cohort_sizes(children: int, cohort_size: int | None, unseen_count: int | None) -> tuple[int, int]:
    """How many children are on the register and how many of them are unseen (0.5% and 55% unless given)."""
    size = max(1, round(children * 0.005)) if cohort_size is None else cohort_size
    unseen = round(size * 0.55) if unseen_count is None else unseen_count
    if not 0 <= unseen <= size:
        raise ValueError("unseen_count must be between 0 and the cohort size")
    return size, unseen


@dataclass(frozen=True)
class _RecordInputs:
    """What every source's records are drawn from."""

    pop: pd.DataFrame
    people: Columns
    cohort_people: np.ndarray
    reg_dates: np.ndarray
    seed: int
    as_of: np.datetime64


@dataclass
class _Records:
    """The records kept in memory, and each cohort child's latest contact across every source."""

    tables: dict[str, pd.DataFrame]
    truth: dict[str, np.ndarray]
    noise: dict[str, np.ndarray]
    last_seen: np.ndarray  # per cohort child; a sentinel long before ``as_of`` when never seen
    last_seen_by: np.ndarray  # per cohort child, the source of that contact ("" when never seen)


def _all_records(
    pop: pd.DataFrame,
    cohort: pd.DataFrame,
    contacts: dict[str, tuple[np.ndarray, np.ndarray]],
    sources: tuple[str, ...],
    profiles: Mapping[str, SourceProfile],
    *,
    seed: int,
    as_of: np.datetime64,
    sink: RecordSink | None,
) -> _Records:
    """Make the register's records, then each source's, folding each source into the cohort's latest contact."""
    cohort_people = cohort["person"].to_numpy()
    people = population_columns(pop)
    reg_dates = register_dates(pop, cohort_people, as_of, _stream(seed, "register"))
    inputs = _RecordInputs(pop, people, cohort_people, reg_dates, seed, as_of)
    never = np.full(len(cohort), as_of - 10_000 * ONE_DAY)
    records = _Records({}, {}, {}, last_seen=never, last_seen_by=np.full(len(cohort), "", dtype=object))
    # The register holds every cohort child and no visits: registration is never a sighting.
    planned = {COHORT_SOURCE: (cohort_people, np.full(len(cohort), np.datetime64("NaT"), "M8[D]")), **contacts}
    for source in (COHORT_SOURCE, *sources):
        persons, seen, table, tags = _source_table(source, *planned[source], profiles[source], inputs)
        if sink is not None:
            sink(source, table, people["person_id"][persons], tags)
        if sink is None or source == COHORT_SOURCE:
            records.tables[source] = table
            records.truth[source] = people["person_id"][persons]
            records.noise[source] = tags
        del table
        if source != COHORT_SOURCE:
            _update_last_seen(cohort_people, persons, seen, source, records.last_seen, records.last_seen_by)
    return records


def _source_table(
    source: str, persons: np.ndarray, seen: np.ndarray, profile: SourceProfile, inputs: _RecordInputs
) -> tuple[np.ndarray, np.ndarray, pd.DataFrame, np.ndarray]:
    """One source's records, duplicates and noise included, shuffled; with who each record is and when seen."""
    persons, seen, copies = add_duplicates(
        persons, seen, inputs.pop, profile.noise, _stream(inputs.seed, f"dup-{source}")
    )
    rng = _stream(inputs.seed, f"noise-{source}")
    order = rng.permutation(len(persons))
    persons, seen, copies = persons[order], seen[order], copies[order]
    people = inputs.people
    columns, tags = source_records(people, persons, seen, copies, profile, rng)
    columns = with_source_columns(
        columns, source, people, persons, seen, inputs.as_of, inputs.reg_dates, inputs.cohort_people, rng
    )
    # Object columns: the values go straight to the CSV writer without an Arrow round trip.
    return persons, seen, pd.DataFrame(columns, dtype=object), tags


def _stream(seed: int, name: str) -> np.random.Generator:
    """An independent random stream per purpose, so changing one source's noise leaves the others alone."""
    return np.random.default_rng([seed, zlib.crc32(name.encode())])


def _months_before(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    # Clamp the day: 31 August minus six months is 28 (or 29) February.
    for d in range(day.day, 27, -1):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    return date(year, month, min(day.day, 28))


def _choose_cohort(
    pop: pd.DataFrame, size: int, unseen: int, hard: HardCases, rng: np.random.Generator
) -> pd.DataFrame:
    """Pick home-educated children of compulsory school age, planting hard cases first.

    Returns person (row index), unseen (planned), hard_case (label or "").
    """
    is_child = pop["kind"].to_numpy() == "child"
    nc = pop["nc_year"].to_numpy()
    eligible = is_child & (nc >= 1) & (nc <= 11)
    if eligible.sum() < size:
        raise ValueError(f"only {eligible.sum()} school-age children; cannot pick a cohort of {size}")
    index_of = pd.Series(np.arange(len(pop)), index=pop["person_id"].to_numpy())
    picked = _Picked()
    want = _pair_count(hard.twin_pairs, size, size - unseen, unseen, picked)
    _take_pairs(pop, eligible, index_of, picked, column="twin_of", tag="twin", want=want, hard=hard, rng=rng)
    n_unseen = sum(picked.unseen)
    seen_left, unseen_left = size - unseen - (len(picked.people) - n_unseen), unseen - n_unseen
    want = _pair_count(hard.similar_sibling_pairs, size, seen_left, unseen_left, picked)
    _take_pairs(
        pop, eligible, index_of, picked, column="similar_name_of", tag="similar_sibling", want=want, hard=hard, rng=rng
    )
    _take_families(pop, eligible, picked, size - len(picked.people), rng)
    return _with_unseen_flags(picked, unseen, rng)


@dataclass
class _Picked:
    """The cohort so far, in the order picked: row index, planned unseen flag and hard-case label of each child."""

    people: list[int] = field(default_factory=list)
    unseen: list[bool] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    def add(self, person: int, *, unseen: bool, label: str) -> None:
        self.people.append(person)
        self.unseen.append(unseen)
        self.labels.append(label)


def _pair_count(share: float, size: int, budget_seen: int, budget_unseen: int, picked: _Picked) -> int:
    """How many pairs of a hard case to plant: the share of the cohort, at least one, within what is left."""
    at_least_one = 1 if share > 0 and size >= 4 else 0
    return min(max(at_least_one, round(size * share)), budget_seen, budget_unseen, (size - len(picked.people)) // 2)


def _take_pairs(
    pop: pd.DataFrame,
    eligible: np.ndarray,
    index_of: pd.Series,
    picked: _Picked,
    *,
    column: str,
    tag: str,
    want: int,
    hard: HardCases,
    rng: np.random.Generator,
) -> None:
    """Add ``want`` pairs (twins, or siblings with look-alike names) to the cohort: one seen, one not."""
    if want <= 0:
        return
    partner = pop[column].to_numpy()
    has = np.flatnonzero(eligible & (partner != ""))
    other = index_of.reindex(partner[has]).to_numpy()
    ok = eligible[other] & (has < other)
    if tag == "similar_sibling":
        ok &= pop["twin_of"].to_numpy()[has] == ""  # twins with look-alike names are the twin case
    if tag == "twin" and hard.dissimilar_twins:
        given = pop["given_name"].to_numpy()
        ok &= np.array([not names_related(str(given[i]), str(given[j])) for i, j in zip(has, other, strict=True)])
    a, b = has[ok], other[ok]
    taken = set(picked.people)
    free = np.array([i for i in range(len(a)) if a[i] not in taken and b[i] not in taken], dtype=np.int64)
    for i in rng.permutation(free)[:want]:
        seen_first = rng.random() < 0.5
        picked.add(int(a[i]), unseen=not seen_first, label=f"{tag}_seen" if seen_first else f"{tag}_unseen")
        picked.add(int(b[i]), unseen=seen_first, label=f"{tag}_unseen" if seen_first else f"{tag}_seen")


def _take_families(
    pop: pd.DataFrame, eligible: np.ndarray, picked: _Picked, rest: int, rng: np.random.Generator
) -> None:
    """Fill the cohort with whole families, as home education usually covers every school-age child in a household."""
    if not rest:
        return
    taken_mask = np.zeros(len(pop), dtype=bool)
    taken_mask[picked.people] = True
    candidates = np.flatnonzero(eligible & ~taken_mask & (pop["twin_of"].to_numpy() == ""))
    household = pop["household_id"].to_numpy()[candidates]
    houses = pd.unique(household)
    house_rank = pd.Series(rng.permutation(len(houses)), index=houses)
    order = np.lexsort((candidates, house_rank.reindex(household).to_numpy()))
    for person in candidates[order][:rest]:
        picked.add(int(person), unseen=False, label="")


def _with_unseen_flags(picked: _Picked, unseen: int, rng: np.random.Generator) -> pd.DataFrame:
    """The cohort as a frame, with children outside the hard cases flagged unseen at random to make up ``unseen``."""
    flags = np.array(picked.unseen, dtype=bool)
    free_slots = np.flatnonzero(np.array(picked.labels, dtype=object) == "")
    need = unseen - int(flags.sum())
    flags[rng.permutation(free_slots)[:need]] = True
    return pd.DataFrame(
        {
            "person": np.array(picked.people, dtype=np.int64),
            "unseen": flags,
            "hard_case": np.array(picked.labels, dtype=object),
        }
    )


def names_related(first: str, second: str) -> bool:
    """True when two given names could be the same child's: same initial, or one a short form of the other."""
    if not first or not second or first[0].upper() == second[0].upper():
        return True
    forms_a = {first, *names.NICKNAMES.get(first, ())}
    forms_b = {second, *names.NICKNAMES.get(second, ())}
    return bool(forms_a & forms_b)


def _same_text_dtype(values: np.ndarray, like: pd.Series) -> pd.Series:
    """A text column in the same dtype as ``like`` (object stays object; no silent Arrow conversion)."""
    return pd.Series(values, index=like.index, dtype=like.dtype)


def _plant_namesakes(
    pop: pd.DataFrame, cohort: pd.DataFrame, hard: HardCases, rng: np.random.Generator
) -> pd.DataFrame:
    """Give some unseen cohort children a namesake: same names and DOB, another household, seen recently.

    The namesake is an only child (so no sibling's dates clash); their household takes the surname.
    """
    pop["namesake_of"] = _same_text_dtype(np.full(len(pop), "", dtype=object), pop["person_id"])
    unseen_people = cohort.loc[cohort["unseen"] & (cohort["hard_case"] == ""), "person"].to_numpy()
    want = round(len(unseen_people) * hard.namesakes)
    if hard.namesakes > 0 and len(unseen_people) >= 10:
        want = max(1, want)
    if want == 0:
        return pop
    targets = rng.permutation(unseen_people)[:want]
    hosts = rng.permutation(_namesake_hosts(pop, cohort))[: len(targets)]
    targets = targets[: len(hosts)]
    _copy_identity(pop, hosts, targets)
    cohort_label = cohort["hard_case"].to_numpy(dtype=object).copy()
    cohort_label[np.isin(cohort["person"].to_numpy(), targets)] = "namesake_seen_elsewhere"
    cohort["hard_case"] = cohort_label
    return pop


def _namesake_hosts(pop: pd.DataFrame, cohort: pd.DataFrame) -> np.ndarray:
    """Children who could become a namesake: school-age only children, not twins, outside the cohort's households."""
    household = pop["household_id"].to_numpy()
    is_child = pop["kind"].to_numpy() == "child"
    child_households = pd.Series(household[is_child]).value_counts()
    only_child_houses = child_households.index[child_households == 1].to_numpy()
    cohort_houses = household[cohort["person"].to_numpy()]
    return np.flatnonzero(
        is_child
        & (pop["nc_year"].to_numpy() >= 1)
        # pandas isin hashes; numpy's isin on object arrays compares pairwise and takes seconds.
        & pd.Series(household).isin(only_child_houses).to_numpy()
        & ~pd.Series(household).isin(cohort_houses).to_numpy()
        & (pop["twin_of"].to_numpy() == "")
    )


def _copy_identity(pop: pd.DataFrame, hosts: np.ndarray, targets: np.ndarray) -> None:
    """Give each host child its target's given name, sex and date of birth, and its household the target's surname."""
    household = pop["household_id"].to_numpy()
    given = pop["given_name"].to_numpy(dtype=object).copy()
    sex = pop["sex"].to_numpy(dtype=object).copy()
    family = pop["family_name"].to_numpy(dtype=object).copy()
    previous = pop["previous_family_name"].to_numpy(dtype=object).copy()
    dob = pop["date_of_birth"].to_numpy().copy()
    nc = pop["nc_year"].to_numpy().copy()
    namesake_of = np.full(len(pop), "", dtype=object)
    given[hosts] = given[targets]
    sex[hosts] = sex[targets]
    dob[hosts] = dob[targets]
    nc[hosts] = nc[targets]
    namesake_of[hosts] = pop["person_id"].to_numpy(dtype=object)[targets]
    # The whole household (adults too) takes the surname, so the namesake's family still looks coherent.
    surname_for_house = pd.Series(family[targets], index=household[hosts])
    in_host_house = pd.Series(household).isin(surname_for_house.index).to_numpy()
    family[in_host_house] = surname_for_house.reindex(household[in_host_house]).to_numpy()
    previous[in_host_house] = ""
    text = {
        "given_name": given,
        "sex": sex,
        "family_name": family,
        "previous_family_name": previous,
        "namesake_of": namesake_of,
    }
    for name, values in text.items():
        pop[name] = _same_text_dtype(values, pop.get(name, pop["person_id"]))
    pop["date_of_birth"] = dob
    pop["nc_year"] = nc


def _contacts(
    pop: pd.DataFrame,
    cohort: pd.DataFrame,
    sources: tuple[str, ...],
    as_of: np.datetime64,
    cutoff: np.datetime64,
    rng: np.random.Generator,
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """For each source, which children it holds (row indices) and when it last saw each."""
    is_child = pop["kind"].to_numpy() == "child"
    dob = pop["date_of_birth"].to_numpy().astype("datetime64[D]")
    age_days = (as_of - dob).astype(np.int64)
    n = len(pop)
    in_cohort = np.zeros(n, dtype=bool)
    in_cohort[cohort["person"].to_numpy()] = True
    on_roll = pop["school"].to_numpy() != ""
    namesake = pop["namesake_of"].to_numpy() != ""
    u = rng.random((4, n))

    base: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    # Health: nearly every child is registered with a GP; contacts are frequent when young.
    has = (is_child & (u[0] < 0.96)) | namesake
    days = np.minimum(rng.exponential(240, n).astype(np.int64), age_days)
    # Namesakes of unseen cohort children are seen recently: that is what makes them a trap.
    recent_limit = max(1, min(120, int((as_of - cutoff).astype(np.int64)) - _CUTOFF_MARGIN_DAYS))
    days[namesake] = rng.integers(0, recent_limit, size=int(namesake.sum()))
    base["health"] = (has, days)
    # School census: every child on a roll, seen in the last fortnight of term.
    base["school_census"] = (is_child & on_roll, rng.integers(0, 14, n))
    # Police: few children, mostly teenagers (victims, witnesses, missing episodes).
    police_rate = np.where(age_days > 10 * 365, 0.06, 0.01)
    base["police"] = (is_child & (u[2] < police_rate), np.minimum(rng.integers(0, 3 * 365, n), age_days))
    # Social care: referrals and assessments over several years.
    base["social_care"] = (is_child & (u[3] < 0.05), np.minimum(rng.integers(0, 5 * 365, n), age_days))

    planned = _cohort_contacts(pop, cohort, sources, as_of, cutoff, rng)
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for source in sources:
        has, days = base[source]
        has = has & ~in_cohort
        persons = np.flatnonzero(has)
        seen = as_of - days[persons].astype("timedelta64[D]")
        c_persons, c_seen = planned[source]
        out[source] = (np.r_[persons, c_persons].astype(np.int64), np.r_[seen, c_seen].astype("datetime64[D]"))
    return out


# The cohort's records per source, in this order: the share of seen children it saw recently, the share
# of all cohort children with an older record, and how many days before the cut-off that record can go back.
_COHORT_PLANS: tuple[tuple[str, float, float, int], ...] = (
    ("health", 0.75, 0.7, 5 * 365),
    ("school_census", 0.35, 0.6, 4 * 365),
    ("social_care", 0.08, 0.06, 5 * 365),
    ("police", 0.05, 0.03, 3 * 365),
)

# A seen child whom no written source saw recently is seen by the first of these that is written.
_FALLBACK_SOURCES = ("health", "social_care", "police", "school_census")


def _cohort_contacts(
    pop: pd.DataFrame,
    cohort: pd.DataFrame,
    sources: tuple[str, ...],
    as_of: np.datetime64,
    cutoff: np.datetime64,
    rng: np.random.Generator,
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Plant each cohort child's records so that exactly the planned children are unseen.

    Unseen children have no records or only records older than the cut-off; seen children
    have at least one record on or after it (health, a recent school leaving, social care, police).
    """
    people = cohort["person"].to_numpy()
    unseen = cohort["unseen"].to_numpy()
    k = len(people)
    dob = pop["date_of_birth"].to_numpy().astype("datetime64[D]")[people]
    school_start = school_start_dates(as_of, pop["nc_year"].to_numpy()[people])
    window = max(int((as_of - cutoff).astype(np.int64)) - _CUTOFF_MARGIN_DAYS, 1)
    u = rng.random((8, k))  # per source in plan order: rows 0-3 decide a recent record, rows 4-7 an older one
    recent = {source: ~unseen & (u[row] < share) for row, (source, share, _, _) in enumerate(_COHORT_PLANS)}
    recent_dates = _recent_dates(as_of, school_start, window, k, rng)
    _see_every_seen_child(recent, unseen, cohort["hard_case"].to_numpy(dtype=str), sources)
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for row, (source, _, old_share, max_back) in enumerate(_COHORT_PLANS, start=4):
        old = cutoff - rng.integers(_CUTOFF_MARGIN_DAYS, max_back, size=k).astype("timedelta64[D]")
        when = np.where(recent[source], recent_dates[source], old)
        # An old record cannot predate the child's birth (or, for schools, their first day).
        earliest = school_start if source == "school_census" else dob + ONE_DAY
        has = recent[source] | ((u[row] < old_share) & (when >= earliest))
        out[source] = (people[has], when[has])
    return out


def _recent_dates(
    as_of: np.datetime64, school_start: np.ndarray, window: int, k: int, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Per source, a date within the window for every cohort child, used where that source saw them recently."""
    dates = {
        source: as_of - rng.integers(0, window, size=k).astype("timedelta64[D]")
        for source in ("health", "social_care", "police")
    }
    # A recent school leaving falls after the child's first day at school (home-educated children
    # are of compulsory school age, so they started at least a few months before ``as_of``).
    since_start = np.minimum(window, (as_of - school_start).astype(np.int64))
    dates["school_census"] = as_of - (rng.random(k) * since_start).astype(np.int64).astype("timedelta64[D]")
    return dates


def _see_every_seen_child(
    recent: dict[str, np.ndarray], unseen: np.ndarray, hard_case: np.ndarray, sources: tuple[str, ...]
) -> None:
    """Adjust the recent-contact flags so that every seen child, and no unseen one, is seen by a source written."""
    # Hard pairs: the seen one is seen by health (the source that also holds the unseen twin).
    recent["health"] |= np.isin(hard_case, ["twin_seen", "similar_sibling_seen"]) & ~unseen
    # Only sources being written can see a child; anyone seen by none of them falls back to the first
    # available of health, social care, police and the school census.
    for source, flags in recent.items():
        if source not in sources:
            flags[:] = False
    unplaced = ~unseen & ~(recent["health"] | recent["school_census"] | recent["social_care"] | recent["police"])
    fallback = next((source for source in _FALLBACK_SOURCES if source in sources), None)
    if unplaced.any():
        if fallback is None:
            raise ValueError("a cohort child can only be seen if at least one source is written")
        recent[fallback][unplaced] = True


def _update_last_seen(
    cohort_people: np.ndarray,
    persons: np.ndarray,
    seen: np.ndarray,
    source: str,
    best: np.ndarray,
    best_by: np.ndarray,
) -> None:
    """Fold one source's records into each cohort child's latest contact (ties go to the earlier source)."""
    position = pd.Series(np.arange(len(cohort_people)), index=cohort_people)
    hits = np.isin(persons, cohort_people)
    if not hits.any():
        return
    rows = position.reindex(persons[hits]).to_numpy()
    dates = seen[hits]
    latest = pd.Series(dates).groupby(rows).max()
    idx = latest.index.to_numpy()
    vals = latest.to_numpy().astype("datetime64[D]")
    better = vals > best[idx]
    best[idx[better]] = vals[better]
    best_by[idx[better]] = source


def _checked_cohort_truth(
    pop: pd.DataFrame, cohort: pd.DataFrame, records: _Records, cutoff: np.datetime64
) -> pd.DataFrame:
    """The cohort's truth from the records actually made, checked against the plan."""
    cohort_truth = _cohort_truth(
        pop,
        cohort,
        records.tables[COHORT_SOURCE],
        records.truth[COHORT_SOURCE],
        records.last_seen,
        records.last_seen_by,
        cutoff,
    )
    planned = cohort["unseen"].to_numpy()
    person_ids = pop["person_id"].to_numpy()[cohort["person"].to_numpy()]
    actual = cohort_truth.set_index("person_id").loc[person_ids, "truly_unseen"].to_numpy()
    if not np.array_equal(planned, actual):  # a bug in planting, never a property of the data
        raise AssertionError("planted unseen flags disagree with the records written")
    return cohort_truth


def _cohort_truth(
    pop: pd.DataFrame,
    cohort: pd.DataFrame,
    register: pd.DataFrame,
    register_people: np.ndarray,
    best: np.ndarray,
    best_by: np.ndarray,
    cutoff: np.datetime64,
) -> pd.DataFrame:
    person_ids = pop["person_id"].to_numpy()[cohort["person"].to_numpy()]
    never = best_by == ""
    unseen = never | (best < cutoff)
    by_person = pd.DataFrame(
        {
            "person_id": person_ids,
            "truly_unseen": unseen,
            "true_last_seen_date": np.where(never, "", np.datetime_as_string(best, unit="D")).astype(object),
            "true_last_seen_by": best_by,
            "hard_case": cohort["hard_case"].to_numpy(),
        }
    ).set_index("person_id")
    rows = by_person.reindex(register_people)
    rows.insert(0, "cohort_record_id", register["record_id"].to_numpy())
    return rows.reset_index()[
        ["cohort_record_id", "person_id", "truly_unseen", "true_last_seen_date", "true_last_seen_by", "hard_case"]
    ]
