"""The synthetic world in memory: a population, the home-education cohort, who saw whom and when, and the truth.

``build_world`` plants the cohort's hard cases (twins, similar siblings, namesakes), the contacts
that make a child seen, and recomputes the truth from the records actually made.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass
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
    unknown = set(sources) - set(SOURCES)
    if unknown:
        raise ValueError(f"unknown sources: {sorted(unknown)}; choose from {SOURCES}")
    profiles = {**DEFAULT_PROFILES, **(profiles or {})}
    hard = hard_cases or HardCases()
    if population is None:
        population = generate_population(children=children, seed=seed, as_of=as_of, object_strings=True)
    pop = population.copy()
    as_of_d = np.datetime64(as_of, "D")
    cutoff = np.datetime64(_months_before(as_of, unseen_months), "D")

    size = max(1, round(children * 0.005)) if cohort_size is None else cohort_size
    unseen = round(size * 0.55) if unseen_count is None else unseen_count
    if not 0 <= unseen <= size:
        raise ValueError("unseen_count must be between 0 and the cohort size")

    cohort = _choose_cohort(pop, size, unseen, hard, _stream(seed, "cohort"))
    pop = _plant_namesakes(pop, cohort, hard, _stream(seed, "namesakes"))
    contacts = _contacts(pop, cohort, sources, as_of_d, cutoff, _stream(seed, "contacts"))

    tables: dict[str, pd.DataFrame] = {}
    truth: dict[str, np.ndarray] = {}
    people = population_columns(pop)
    noise_tags: dict[str, np.ndarray] = {}
    cohort_people = cohort["person"].to_numpy()
    cohort_seen = np.full(len(cohort), as_of_d - 10_000 * ONE_DAY)  # sentinel: never
    cohort_seen_by = np.full(len(cohort), "", dtype=object)
    reg_dates = register_dates(pop, cohort_people, as_of_d, _stream(seed, "register"))
    register_contacts = {"person": cohort_people, "last_seen": np.full(len(cohort), np.datetime64("NaT"), "M8[D]")}
    for source in (COHORT_SOURCE, *sources):
        persons, seen = (
            (register_contacts["person"], register_contacts["last_seen"])
            if source == COHORT_SOURCE
            else contacts[source]
        )
        persons, seen, copies = add_duplicates(
            persons, seen, pop, profiles[source].noise, _stream(seed, f"dup-{source}")
        )
        rng = _stream(seed, f"noise-{source}")
        order = rng.permutation(len(persons))
        persons, seen, copies = persons[order], seen[order], copies[order]
        columns, tags = source_records(people, persons, seen, copies, profiles[source], rng)
        columns = with_source_columns(columns, source, people, persons, seen, as_of_d, reg_dates, cohort_people, rng)
        # Object columns: the values go straight to the CSV writer without an Arrow round trip.
        table = pd.DataFrame(columns, dtype=object)
        del columns
        if sink is not None:
            sink(source, table, people["person_id"][persons], tags)
        if sink is None or source == COHORT_SOURCE:
            tables[source] = table
            truth[source] = people["person_id"][persons]
            noise_tags[source] = tags
        del table
        if source != COHORT_SOURCE:
            _update_last_seen(cohort_people, persons, seen, source, cohort_seen, cohort_seen_by)

    cohort_truth = _cohort_truth(
        pop, cohort, tables[COHORT_SOURCE], truth[COHORT_SOURCE], cohort_seen, cohort_seen_by, cutoff
    )
    planned = cohort["unseen"].to_numpy()
    actual = (
        cohort_truth.set_index("person_id").loc[pop["person_id"].to_numpy()[cohort_people], "truly_unseen"].to_numpy()
    )
    if not np.array_equal(planned, actual):  # a bug in planting, never a property of the data
        raise AssertionError("planted unseen flags disagree with the records written")
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
        tables=tables,
        truth=truth,
        noise=noise_tags,
        cohort_truth=cohort_truth,
    )


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
    chosen: list[int] = []
    unseen_flag: list[bool] = []
    label: list[str] = []

    def take_pairs(column: str, share: float, tag: str, budget_seen: int, budget_unseen: int) -> None:
        at_least_one = 1 if share > 0 and size >= 4 else 0
        want = min(max(at_least_one, round(size * share)), budget_seen, budget_unseen, (size - len(chosen)) // 2)
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
        taken = set(chosen)
        free = np.array([i for i in range(len(a)) if a[i] not in taken and b[i] not in taken], dtype=np.int64)
        pick = rng.permutation(free)[:want]
        for i in pick:
            seen_first = rng.random() < 0.5
            chosen.extend([int(a[i]), int(b[i])])
            unseen_flag.extend([not seen_first, seen_first])
            label.extend(
                [f"{tag}_seen" if seen_first else f"{tag}_unseen", f"{tag}_unseen" if seen_first else f"{tag}_seen"]
            )

    take_pairs("twin_of", hard.twin_pairs, "twin", size - unseen, unseen)
    n_unseen = sum(unseen_flag)
    take_pairs(
        "similar_name_of",
        hard.similar_sibling_pairs,
        "similar_sibling",
        size - unseen - (len(chosen) - n_unseen),
        unseen - n_unseen,
    )

    # The rest: whole families, as home education usually covers every school-age child in a household.
    rest = size - len(chosen)
    if rest:
        taken_mask = np.zeros(len(pop), dtype=bool)
        taken_mask[chosen] = True
        candidates = np.flatnonzero(eligible & ~taken_mask & (pop["twin_of"].to_numpy() == ""))
        household = pop["household_id"].to_numpy()[candidates]
        houses = pd.unique(household)
        house_rank = pd.Series(rng.permutation(len(houses)), index=houses)
        order = np.lexsort((candidates, house_rank.reindex(household).to_numpy()))
        extra = candidates[order][:rest]
        chosen.extend(int(i) for i in extra)
        unseen_flag.extend([False] * len(extra))
        label.extend([""] * len(extra))

    flags = np.array(unseen_flag, dtype=bool)
    free_slots = np.flatnonzero(np.array(label, dtype=object) == "")
    need = unseen - int(flags.sum())
    flags[rng.permutation(free_slots)[:need]] = True
    return pd.DataFrame(
        {"person": np.array(chosen, dtype=np.int64), "unseen": flags, "hard_case": np.array(label, dtype=object)}
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
    household = pop["household_id"].to_numpy()
    is_child = pop["kind"].to_numpy() == "child"
    child_households = pd.Series(household[is_child]).value_counts()
    only_child_houses = child_households.index[child_households == 1].to_numpy()
    cohort_houses = household[cohort["person"].to_numpy()]
    nc = pop["nc_year"].to_numpy()
    hosts = np.flatnonzero(
        is_child
        & (nc >= 1)
        # pandas isin hashes; numpy's isin on object arrays compares pairwise and takes seconds.
        & pd.Series(household).isin(only_child_houses).to_numpy()
        & ~pd.Series(household).isin(cohort_houses).to_numpy()
        & (pop["twin_of"].to_numpy() == "")
    )
    targets = rng.permutation(unseen_people)[:want]
    hosts = rng.permutation(hosts)[: len(targets)]
    targets = targets[: len(hosts)]
    given = pop["given_name"].to_numpy(dtype=object).copy()
    sex = pop["sex"].to_numpy(dtype=object).copy()
    family = pop["family_name"].to_numpy(dtype=object).copy()
    previous = pop["previous_family_name"].to_numpy(dtype=object).copy()
    dob = pop["date_of_birth"].to_numpy().copy()
    nc = nc.copy()
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
    cohort_label = cohort["hard_case"].to_numpy(dtype=object).copy()
    cohort_label[np.isin(cohort["person"].to_numpy(), targets)] = "namesake_seen_elsewhere"
    cohort["hard_case"] = cohort_label
    return pop


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
    nc = pop["nc_year"].to_numpy()[people]
    school_start = school_start_dates(as_of, nc)
    window = int((as_of - cutoff).astype(np.int64)) - _CUTOFF_MARGIN_DAYS

    def recent() -> np.ndarray:
        return as_of - rng.integers(0, max(window, 1), size=k).astype("timedelta64[D]")

    def old(max_back: int) -> np.ndarray:
        return cutoff - rng.integers(_CUTOFF_MARGIN_DAYS, max_back, size=k).astype("timedelta64[D]")

    u = rng.random((8, k))
    recent_health = ~unseen & (u[0] < 0.75)
    recent_school = ~unseen & (u[1] < 0.35)
    recent_social = ~unseen & (u[2] < 0.08)
    recent_police = ~unseen & (u[3] < 0.05)
    # Hard pairs: the seen one is seen by health (the source that also holds the unseen twin).
    hard_seen = np.isin(cohort["hard_case"].to_numpy(dtype=str), ["twin_seen", "similar_sibling_seen"])
    recent_health |= hard_seen & ~unseen

    earliest_school = school_start
    recent_dates = {src: recent() for src in ("health", "social_care", "police")}
    # A recent school leaving falls after the child's first day at school (home-educated children
    # are of compulsory school age, so they started at least a few months before ``as_of``).
    since_start = np.minimum(max(window, 1), (as_of - earliest_school).astype(np.int64))
    recent_dates["school_census"] = as_of - (rng.random(k) * since_start).astype(np.int64).astype("timedelta64[D]")
    # Only sources being written can see a child; anyone seen by none of them falls back to the first
    # available of health, social care, police and the school census.
    for name, flags in (
        ("health", recent_health),
        ("school_census", recent_school),
        ("social_care", recent_social),
        ("police", recent_police),
    ):
        if name not in sources:
            flags[:] = False
    flags_by_source = {
        "health": recent_health,
        "social_care": recent_social,
        "police": recent_police,
        "school_census": recent_school,
    }
    unplaced = ~unseen & ~(recent_health | recent_school | recent_social | recent_police)
    fallback = next((name for name in flags_by_source if name in sources), None)
    if unplaced.any():
        if fallback is None:
            raise ValueError("a cohort child can only be seen if at least one source is written")
        flags_by_source[fallback][unplaced] = True
    plans = {
        "health": (recent_health, u[4] < 0.7, old(5 * 365), dob + ONE_DAY),
        "school_census": (recent_school, u[5] < 0.6, old(4 * 365), earliest_school),
        "social_care": (recent_social, u[6] < 0.06, old(5 * 365), dob + ONE_DAY),
        "police": (recent_police, u[7] < 0.03, old(3 * 365), dob + ONE_DAY),
    }
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for source, (is_recent, maybe_old, old_date, earliest) in plans.items():
        when = np.where(is_recent, recent_dates[source], old_date)
        # An old record cannot predate the child's birth (or, for schools, their first day).
        has = is_recent | (maybe_old & (when >= earliest))
        out[source] = (people[has], when[has])
    return out


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
