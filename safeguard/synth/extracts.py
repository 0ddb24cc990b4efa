"""Agency extracts with known ground truth, for the data wash demo, tests and linkage benchmarks.

``write_extracts`` generates a population, picks a cohort of home-educated children (the
elective home education register), and writes what each agency would send: one CSV per
source with the canonical columns plus a few agency-specific ones, each record a noisy copy
of a real (synthetic) child. The truth files say which person every record belongs to, and
for each cohort child whether any agency has seen them within ``unseen_months`` of ``as_of``.

The truth about "seen" is planted, then recomputed from the records actually written, so the
two can never disagree. Noise never touches ``last_seen_date``; it changes only how a record
identifies the child.

Files (UTF-8 CSV, header row, ``\n`` line ends, quoted only where needed, empty = missing):

- ``ehe_register.csv``: the canonical columns, ``last_seen_date`` always empty (this register's
  officers have no visits on file), then ``registered_on`` (the engine's optional canonical column
  for a date that is never a sighting), ``parent_name, previous_school``.
- ``school_census.csv``, ``health.csv``, ``police.csv``, ``social_care.csv``: the canonical
  columns ``record_id, given_name, middle_name, family_name, date_of_birth, sex, postcode,
  address_line, nhs_number, upn, last_seen_date`` then the agency's own: school census
  ``school_name, laestab, nc_year``; health ``gp_practice, registration_status``; police
  ``occurrence_ref, involvement``; social care ``case_ref, team, case_status``.
  Dates are ISO (school census, social care, register) or dd/mm/yyyy (health, police), with a
  few police rows in the other format. Sex is M/F, except health's Male/Female.
- ``truth.csv``: ``source, record_id, person_id, noise`` for every record of every file,
  where ``noise`` lists the kinds of noise applied (``nickname;old_address``; empty if none).
- ``cohort_truth.csv``: ``cohort_record_id, person_id, truly_unseen (true/false),
  true_last_seen_date (ISO or empty), true_last_seen_by (source or empty), hard_case``.
- ``manifest.json``: seed, sizes, as-of and cut-off dates, every rate, and each file's rows and SHA-256.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd

from safeguard.synth import names
from safeguard.synth.population import generate_population, small_ints_as_text, zero_padded

SOURCES: tuple[str, ...] = ("school_census", "health", "police", "social_care")
COHORT_SOURCE = "ehe_register"
CANONICAL_COLUMNS: tuple[str, ...] = (
    "record_id",
    "given_name",
    "middle_name",
    "family_name",
    "date_of_birth",
    "sex",
    "postcode",
    "address_line",
    "nhs_number",
    "upn",
    "last_seen_date",
)
GENERATOR_VERSION = 1
Columns = dict[str, np.ndarray]
# Receives each source's records as they are made: (source, table, person_id per record, noise per record).
RecordSink = Callable[[str, pd.DataFrame, np.ndarray, np.ndarray], None]
_CSV_CHUNK = 100_000
_DAY = np.timedelta64(1, "D")
# Planted dates keep this far from the unseen cut-off so "18 months" read as 548 days or as
# calendar months gives the same answer.
_CUTOFF_MARGIN_DAYS = 21
# XLSX is for demos and small tests; beyond this many rows a spreadsheet is the wrong tool.
XLSX_MAX_ROWS = 100_000


@dataclass(frozen=True)
class NoiseRates:
    """Per-record probabilities of each kind of error an agency's data shows."""

    typo: float = 0.02  # one-character edit in the given or family name
    nickname: float = 0.03  # a short form or variant: Beth for Elizabeth, Ollie for Oliver
    name_swap: float = 0.003  # given and family names in each other's fields
    dob_swap: float = 0.003  # day and month transposed (only possible when the day is 1-12)
    dob_digit: float = 0.003  # one digit of the date of birth keyed wrongly
    missing_dob: float = 0.0
    missing_middle: float = 0.2
    missing_postcode: float = 0.01
    old_surname: float = 0.4  # of children whose surname changed, share still under the old one
    single_of_double: float = 0.4  # of double-barrelled surnames, share recorded with one half
    stale_address: float = 0.2  # of records after a move, share still at the old address
    nhs_held: float = 0.0  # share of records carrying an NHS number
    nhs_invalid: float = 0.01  # of those, share with a wrong check digit
    upn_held: float = 0.0
    upn_invalid: float = 0.01
    duplicate: float = 0.005  # the same child twice in one extract
    other_date_format: float = 0.0  # share of dates in the other format (ISO vs dd/mm/yyyy)


@dataclass(frozen=True)
class SourceProfile:
    name: str
    prefix: str  # record_id prefix
    date_format: str  # "iso" (2017-06-30) or "uk" (30/06/2017)
    sex_words: bool  # "Male"/"Female" rather than "M"/"F"
    noise: NoiseRates


DEFAULT_PROFILES: Mapping[str, SourceProfile] = MappingProxyType({
    "school_census": SourceProfile(
        "school_census",
        "SC",
        "iso",
        False,
        NoiseRates(typo=0.01, nickname=0.01, missing_middle=0.05, old_surname=0.2, upn_held=0.99, upn_invalid=0.005,
                   duplicate=0.003, stale_address=0.1),
    ),
    "health": SourceProfile(
        "health",
        "HE",
        "uk",
        True,
        NoiseRates(typo=0.02, nickname=0.03, dob_swap=0.004, dob_digit=0.004, nhs_held=0.97, nhs_invalid=0.01,
                   duplicate=0.01, stale_address=0.25),
    ),
    "police": SourceProfile(
        "police",
        "PO",
        "uk",
        False,
        NoiseRates(typo=0.05, nickname=0.15, name_swap=0.02, dob_swap=0.02, dob_digit=0.02, missing_dob=0.02,
                   missing_middle=0.6, missing_postcode=0.05, stale_address=0.4, old_surname=0.6, nhs_held=0.05,
                   duplicate=0.05, other_date_format=0.05),
    ),
    "social_care": SourceProfile(
        "social_care",
        "SS",
        "iso",
        False,
        NoiseRates(typo=0.02, nickname=0.05, dob_swap=0.005, dob_digit=0.005, missing_middle=0.3, nhs_held=0.7,
                   nhs_invalid=0.02, upn_held=0.4, duplicate=0.02, stale_address=0.3),
    ),
    COHORT_SOURCE: SourceProfile(
        COHORT_SOURCE,
        "EHE",
        "iso",
        False,
        NoiseRates(typo=0.02, nickname=0.05, dob_swap=0.005, dob_digit=0.005, missing_middle=0.3, upn_held=0.6,
                   upn_invalid=0.02, duplicate=0.0, stale_address=0.05),
    ),
})  # fmt: skip


@dataclass(frozen=True)
class HardCases:
    """How many deliberately hard cohort cases to plant (as shares of the cohort, at least one each)."""

    twin_pairs: float = 0.03  # both twins on the register, one seen and one not
    similar_sibling_pairs: float = 0.02  # siblings with look-alike names, one seen and one not
    namesakes: float = 0.05  # of unseen children, share with a seen same-name same-DOB child elsewhere
    dissimilar_twins: bool = False  # the demo wants twins that a careful engine separates easily


@dataclass(frozen=True)
class ExtractSet:
    """What ``write_extracts`` wrote, and the numbers needed to check a linkage run against the truth."""

    out_dir: Path
    seed: int
    as_of: date
    children: int
    cutoff_date: date
    unseen_months: int
    cohort_size: int
    unseen_count: int
    cohort_file: Path
    source_files: dict[str, Path]
    truth_file: Path
    cohort_truth_file: Path
    manifest_file: Path
    record_counts: dict[str, int]
    xlsx_files: dict[str, Path] = field(default_factory=dict)


def write_extracts(
    out_dir: Path,
    *,
    children: int,
    seed: int,
    as_of: date,
    cohort_size: int | None = None,
    unseen_count: int | None = None,
    unseen_months: int = 18,
    sources: tuple[str, ...] = SOURCES,
    xlsx: bool = False,
    profiles: Mapping[str, SourceProfile] | None = None,
    hard_cases: HardCases | None = None,
) -> ExtractSet:
    """Generate a population and write the cohort register, one CSV per source, and the truth files.

    The same arguments always give byte-identical CSV files.
    """
    build = partial(
        build_world,
        children=children,
        seed=seed,
        as_of=as_of,
        cohort_size=cohort_size,
        unseen_count=unseen_count,
        unseen_months=unseen_months,
        sources=sources,
        profiles=profiles,
        hard_cases=hard_cases,
    )
    out = Path(out_dir)
    if xlsx:  # XLSX is for small sets, so keeping every table in memory is fine
        return write_world(out, build(), xlsx=True)
    with _CsvWriter(out) as writer:
        world = build(sink=writer)
    return _finish(out, world, writer, {})


# --- building the world in memory ----------------------------------------------------------------------


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
    people = _columns(pop)
    noise_tags: dict[str, np.ndarray] = {}
    cohort_people = cohort["person"].to_numpy()
    cohort_seen = np.full(len(cohort), as_of_d - 10_000 * _DAY)  # sentinel: never
    cohort_seen_by = np.full(len(cohort), "", dtype=object)
    reg_dates = _register_dates(pop, cohort_people, as_of_d, _stream(seed, "register"))
    register_contacts = {"person": cohort_people, "last_seen": np.full(len(cohort), np.datetime64("NaT"), "M8[D]")}
    for source in (COHORT_SOURCE, *sources):
        persons, seen = (
            (register_contacts["person"], register_contacts["last_seen"])
            if source == COHORT_SOURCE
            else contacts[source]
        )
        persons, seen, copies = _add_duplicates(
            persons, seen, pop, profiles[source].noise, _stream(seed, f"dup-{source}")
        )
        rng = _stream(seed, f"noise-{source}")
        order = rng.permutation(len(persons))
        persons, seen, copies = persons[order], seen[order], copies[order]
        columns, tags = _records(people, persons, seen, copies, profiles[source], rng)
        columns = _with_extras(columns, source, people, persons, seen, as_of_d, reg_dates, cohort_people, rng)
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


# --- the cohort ----------------------------------------------------------------------------------------


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


# --- who has been in contact with whom, and when ------------------------------------------------------


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
    school_start = _school_start(as_of, nc)
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
        "health": (recent_health, u[4] < 0.7, old(5 * 365), dob + _DAY),
        "school_census": (recent_school, u[5] < 0.6, old(4 * 365), earliest_school),
        "social_care": (recent_social, u[6] < 0.06, old(5 * 365), dob + _DAY),
        "police": (recent_police, u[7] < 0.03, old(3 * 365), dob + _DAY),
    }
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for source, (is_recent, maybe_old, old_date, earliest) in plans.items():
        when = np.where(is_recent, recent_dates[source], old_date)
        # An old record cannot predate the child's birth (or, for schools, their first day).
        has = is_recent | (maybe_old & (when >= earliest))
        out[source] = (people[has], when[has])
    return out


def _school_start(as_of: np.datetime64, nc: np.ndarray) -> np.ndarray:
    year = int(as_of.astype("datetime64[Y]").astype(np.int64)) + 1970
    month = int(as_of.astype("datetime64[M]").astype(np.int64)) % 12 + 1
    academic = year if month >= 9 else year - 1
    start_year = academic - nc
    return (start_year - 1970).astype("datetime64[Y]").astype("datetime64[M]") + np.timedelta64(8, "M")


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


# --- records and noise ---------------------------------------------------------------------------------


def _add_duplicates(
    persons: np.ndarray, seen: np.ndarray, pop: pd.DataFrame, noise: NoiseRates, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Copy some records: the same child registered twice, the copy last touched earlier.

    Returns persons, last-seen dates and a mask of which records are the copies.
    """
    if noise.duplicate <= 0 or len(persons) == 0:
        return persons, seen, np.zeros(len(persons), dtype=bool)
    dup = np.flatnonzero(rng.random(len(persons)) < noise.duplicate)
    dob = pop["date_of_birth"].to_numpy().astype("datetime64[D]")[persons[dup]]
    earlier = seen[dup] - rng.integers(30, 700, size=len(dup)).astype("timedelta64[D]")
    earlier = np.maximum(earlier, dob + _DAY)
    # An earlier copy never moves a child's latest contact, so the truth is unchanged.
    earlier = np.minimum(earlier, seen[dup])
    copies = np.r_[np.zeros(len(persons), dtype=bool), np.ones(len(dup), dtype=bool)]
    return np.r_[persons, persons[dup]], np.r_[seen, earlier].astype("datetime64[D]"), copies


def _records(
    people: Columns,
    persons: np.ndarray,
    seen: np.ndarray,
    copies: np.ndarray,
    profile: SourceProfile,
    rng: np.random.Generator,
) -> tuple[Columns, np.ndarray]:
    """One source's records: clean values from the population, then that source's noise.

    Also returns, per record, the kinds of noise applied (";"-separated), for error analysis.
    """
    noise = profile.noise
    n = len(persons)
    marks: list[tuple[str, np.ndarray]] = [("duplicate", copies)]

    def col(name: str) -> np.ndarray:
        return people[name][persons]

    given, middle, family = col("given_name"), col("middle_name"), col("family_name")
    dob = col("date_of_birth")
    postcode, address = col("postcode"), col("address_line")

    # Records last touched before the household moved carry the old address; some later ones too.
    moved_on = col("moved_on")
    moved = ~np.isnat(moved_on)
    stale = moved & ((seen < moved_on) | (rng.random(n) < noise.stale_address))
    postcode = np.where(stale, col("previous_postcode"), postcode)
    address = np.where(stale, col("previous_address_line"), address)
    marks.append(("old_address", stale))

    previous = col("previous_family_name")
    old_surname = (previous != "") & (rng.random(n) < noise.old_surname)
    family = np.where(old_surname, previous, family)
    marks.append(("old_surname", old_surname))
    before = family
    family = _single_of_double(family, rng.random(n) < noise.single_of_double, rng)
    marks.append(("surname_form", family != before))

    before = given
    given = _apply(given, rng.random(n) < noise.nickname, _nickname, rng)
    marks.append(("nickname", given != before))
    typo_given = rng.random(n) < noise.typo
    typo_family = rng.random(n) < noise.typo / 2
    before_given, before_family = given, family
    given = _apply(given, typo_given, _typo, rng)
    family = _apply(family, typo_family, _typo, rng)
    marks += [("typo_given", given != before_given), ("typo_family", family != before_family)]
    swap = rng.random(n) < noise.name_swap
    given, family = np.where(swap, family, given), np.where(swap, given, family)
    marks.append(("name_swap", swap))
    middle = np.where(rng.random(n) < noise.missing_middle, "", middle)

    clean_dob = dob
    dob, swapped, digit = _dob_noise(dob, noise, rng)
    marks += [("dob_swap", swapped), ("dob_digit", digit), ("missing_dob", np.isnat(dob) & ~np.isnat(clean_dob))]
    missing_postcode = rng.random(n) < noise.missing_postcode
    postcode = np.where(missing_postcode, "", postcode)
    marks.append(("missing_postcode", missing_postcode))

    nhs, bad_nhs = _nhs_noise(col("nhs_number"), noise, rng)
    upn, bad_upn = _upn_noise(col("upn"), noise, rng)
    marks += [("nhs_invalid", bad_nhs), ("upn_invalid", bad_upn)]
    sex = col("sex")
    if profile.sex_words:
        sex = np.where(sex == "M", "Male", "Female")

    flip = rng.random(n) < noise.other_date_format
    marks.append(("other_date_format", flip))
    other = "uk" if profile.date_format == "iso" else "iso"
    columns = {
        "record_id": zero_padded(np.arange(1, n + 1), max(6, len(str(n))), profile.prefix),
        "given_name": given,
        "middle_name": middle,
        "family_name": family,
        "date_of_birth": _format_dates(dob, profile.date_format, other, flip),
        "sex": sex.astype(object),
        "postcode": postcode,
        "address_line": address,
        "nhs_number": nhs,
        "upn": upn,
        "last_seen_date": _format_dates(seen, profile.date_format, other, flip),
    }
    return columns, _join_tags(marks, n)


def _join_tags(marks: list[tuple[str, np.ndarray]], n: int) -> np.ndarray:
    out = np.full(n, "", dtype=object)
    for label, mask in marks:
        idx = np.flatnonzero(mask)
        out[idx] = [f"{t};{label}" if t else label for t in out[idx]]
    return out


def _apply(
    values: np.ndarray,
    mask: np.ndarray,
    func: Callable[[str, float], str],
    rng: np.random.Generator,
) -> np.ndarray:
    """Apply a string function to the masked values only (a small share, so a Python loop is fine)."""
    idx = np.flatnonzero(mask & (values != ""))
    if not len(idx):
        return values
    out = values.copy()
    draws = rng.random(len(idx))
    out[idx] = [func(str(values[i]), float(r)) for i, r in zip(idx, draws, strict=True)]
    return out


def _nickname(name: str, r: float) -> str:
    forms = names.NICKNAMES.get(name)
    if not forms:
        return name
    return forms[int(r * len(forms)) % len(forms)]


def _typo(name: str, r: float) -> str:
    """One keying error: substitute, delete, insert or transpose one character (never the first letter's case)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    seed = int(r * 2**52)
    op = seed % 4
    pos = 1 + (seed // 4) % max(1, len(name) - 1) if len(name) > 1 else 0
    letter = letters[(seed // 1024) % 26]
    if len(name) <= 3:
        op = 0  # keep short names from vanishing
    if op == 0:
        new = name[:pos] + letter + name[pos + 1 :]
        if new == name:
            new = name[:pos] + letters[(letters.find(letter) + 1) % 26] + name[pos + 1 :]
        return new
    if op == 1:
        return name[:pos] + name[pos + 1 :]
    if op == 2:
        return name[:pos] + letter + name[pos:]
    if pos + 1 < len(name) and name[pos] != name[pos + 1]:
        return name[:pos] + name[pos + 1] + name[pos] + name[pos + 2 :]
    return name[:pos] + name[pos + 1 :]


def _single_of_double(family: np.ndarray, mask: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Record a double-barrelled surname as one half, or with a space instead of the hyphen."""
    idx = np.flatnonzero(mask & np.array(["-" in str(f) for f in family], dtype=bool))
    if not len(idx):
        return family
    out = family.copy()
    choice = rng.integers(0, 3, size=len(idx))
    for i, c in zip(idx, choice, strict=True):
        parts = str(family[i]).split("-", 1)
        out[i] = parts[0] if c == 0 else parts[1] if c == 1 else " ".join(parts)
    return out


def _ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    year = days.astype("datetime64[Y]").astype(np.int64) + 1970
    month = days.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day = (days - days.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64) + 1
    return year, month, day


def _from_ymd(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    months = (year - 1970) * 12 + (month - 1)
    return months.astype("datetime64[M]").astype("datetime64[D]") + (day - 1).astype("timedelta64[D]")


def _dob_noise(
    dob: np.ndarray, noise: NoiseRates, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Transpose day and month, or key one digit wrongly; returns the dates and both masks."""
    n = len(dob)
    year, month, day = _ymd(dob)
    swap = (rng.random(n) < noise.dob_swap) & (day <= 12) & (day != month)
    year2, month2, day2 = year.copy(), np.where(swap, day, month), np.where(swap, month, day)
    # One digit keyed wrongly: the last digit of the year, or of the day (kept a real date).
    digit = (rng.random(n) < noise.dob_digit) & ~swap
    in_year = rng.random(n) < 0.5
    new_digit = (year % 10 + rng.integers(1, 10, n)) % 10
    year2 = np.where(digit & in_year, year - year % 10 + new_digit, year2)
    new_day = day - day % 10 + (day % 10 + rng.integers(1, 10, n)) % 10
    # Keep a real date in every month: a day outside 1..28 becomes the neighbouring day instead.
    new_day = np.where((new_day < 1) | (new_day > 28) | (new_day == day), np.where(day < 28, day + 1, day - 1), new_day)
    day2 = np.where(digit & ~in_year, new_day, day2)
    out = _from_ymd(year2, month2, day2)
    out[rng.random(n) < noise.missing_dob] = np.datetime64("NaT")
    return out, swap, digit


def _nhs_noise(nhs: np.ndarray, noise: NoiseRates, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Drop the number where the source does not hold it; spoil the check digit of a few."""
    n = len(nhs)
    held = rng.random(n) < noise.nhs_held
    out = np.where(held, nhs, "").astype(object)
    bad = np.flatnonzero(held & (rng.random(n) < noise.nhs_invalid))
    # Changing the check digit always makes the number invalid: each body has exactly one check digit.
    shift = rng.integers(1, 10, size=len(bad))
    out[bad] = [s[:9] + str((int(s[9]) + k) % 10) for s, k in zip(out[bad], shift, strict=True)]
    return out, _mask(bad, n)


def _mask(idx: np.ndarray, n: int) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    mask[idx] = True
    return mask


_UPN_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"


def _upn_noise(upn: np.ndarray, noise: NoiseRates, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    n = len(upn)
    held = (rng.random(n) < noise.upn_held) & (upn != "")
    out = np.where(held, upn, "").astype(object)
    bad = np.flatnonzero(held & (rng.random(n) < noise.upn_invalid))
    shift = rng.integers(1, 23, size=len(bad))
    out[bad] = [
        _UPN_ALPHABET[(_UPN_ALPHABET.index(s[0]) + k) % 23] + s[1:] for s, k in zip(out[bad], shift, strict=True)
    ]
    return out, _mask(bad, n)


def _format_dates(days: np.ndarray, fmt: str, other: str, flip: np.ndarray) -> np.ndarray:
    """Dates as text: ISO (2017-06-30) or UK (30/06/2017); empty where missing."""
    days = days.astype("datetime64[D]")
    missing = np.isnat(days)
    iso = np.datetime_as_string(np.where(missing, np.datetime64("2000-01-01"), days), unit="D")
    chars = iso.astype("<U10").view("<U1").reshape(-1, 10)
    slash = np.full((len(days), 1), "/")
    uk_chars = np.concatenate([chars[:, 8:10], slash, chars[:, 5:7], slash, chars[:, 0:4]], axis=1)
    uk = np.ascontiguousarray(uk_chars).view("<U10").ravel()
    main, alt = (iso, uk) if fmt == "iso" else (uk, iso)
    out = np.where(flip, alt, main).astype(object)
    out[missing] = ""
    return out


# --- agency-specific columns ---------------------------------------------------------------------------

_POLICE_INVOLVEMENT = np.array(["Victim", "Witness", "Missing person", "Concern for welfare", "Suspect"], dtype=object)
_SOCIAL_CARE_TEAMS = np.array(
    ["Front Door", "Early Help", "Children in Need", "Child Protection", "Children in Care"], dtype=object
)


def _with_extras(
    table: Columns,
    source: str,
    people: Columns,
    persons: np.ndarray,
    seen: np.ndarray,
    as_of: np.datetime64,
    reg_dates: np.ndarray,
    cohort_people: np.ndarray,
    rng: np.random.Generator,
) -> Columns:
    """Columns only one agency has; the linkage engine keeps them and ignores them."""
    n = len(persons)
    if source == COHORT_SOURCE:
        position = pd.Series(np.arange(len(cohort_people)), index=cohort_people).reindex(persons).to_numpy()
        # No register visits on file: every sighting in the truth comes from another agency.
        table["last_seen_date"] = np.full(n, "", dtype=object)
        # Registration is not contact: the canonical registered_on column, which is never a sighting.
        table["registered_on"] = _format_dates(reg_dates[position], "iso", "iso", np.zeros(n, dtype=bool))
        table["parent_name"] = people["parent_name"][persons]
        table["previous_school"] = people["school"][persons]
    elif source == "school_census":
        table["school_name"] = people["school"][persons]
        table["laestab"] = people["school_code"][persons]
        years_ago = ((as_of - seen).astype(np.int64) // 365).astype(np.int64)
        table["nc_year"] = small_ints_as_text(np.clip(people["nc_year"][persons] - years_ago, 0, 14), 15)
    elif source == "health":
        codes, districts = pd.factorize(people["outward"][persons])
        # Synthetic practice codes: Y9 plus a number derived from the district (never a real practice).
        per_district = np.array([zlib.crc32(str(d).encode()) % 90 for d in districts], dtype=np.int64)
        code = per_district[codes] * 10 + rng.integers(0, 10, n)
        table["gp_practice"] = zero_padded(code, 4, "Y9")
        table["registration_status"] = np.where(
            seen < as_of - np.timedelta64(730, "D"), "Inactive", "Registered"
        ).astype(object)
    elif source == "police":
        table["occurrence_ref"] = zero_padded(rng.integers(0, 10**7, n), 7, "OCC")
        table["involvement"] = _POLICE_INVOLVEMENT[rng.integers(0, len(_POLICE_INVOLVEMENT), n)]
    elif source == "social_care":
        table["case_ref"] = zero_padded(rng.integers(0, 10**6, n), 6, "CS")
        table["team"] = _SOCIAL_CARE_TEAMS[rng.integers(0, len(_SOCIAL_CARE_TEAMS), n)]
        table["case_status"] = np.where(seen >= as_of - np.timedelta64(90, "D"), "Open", "Closed").astype(object)
    return table


def _register_dates(
    pop: pd.DataFrame, cohort_people: np.ndarray, as_of: np.datetime64, rng: np.random.Generator
) -> np.ndarray:
    """When each cohort child went onto the register: after starting school, before ``as_of``."""
    nc = pop["nc_year"].to_numpy()[cohort_people]
    start = _school_start(as_of, nc).astype("datetime64[D]")
    span = np.maximum((as_of - start).astype(np.int64), 2)
    return start + (rng.random(len(cohort_people)) * (span - 1)).astype("timedelta64[D]") + _DAY


def _parent_names(pop: pd.DataFrame) -> np.ndarray:
    """For everyone, the first adult in their household, as 'Given Family' (or empty if there is none)."""
    adults = pop[pop["kind"] == "adult"].drop_duplicates("household_id")
    lookup = pd.Series(
        (adults["given_name"] + " " + adults["family_name"]).to_numpy(), index=adults["household_id"].to_numpy()
    )
    return lookup.reindex(pop["household_id"].to_numpy()).fillna("").to_numpy(dtype=object)


def _columns(pop: pd.DataFrame) -> Columns:
    """The population as plain numpy arrays (object strings, day dates), converted once.

    Indexing Arrow-backed string columns per source costs a conversion each time; doing it
    once here halves the time to build a large extract set.
    """
    people: Columns = {}
    for name in pop.columns:
        values = pop[name]
        if name in ("date_of_birth", "moved_on"):
            people[name] = values.to_numpy().astype("datetime64[D]")
        elif name == "nc_year":
            people[name] = values.to_numpy(dtype=np.int64)
        else:
            people[name] = values.to_numpy(dtype=object)
    people["parent_name"] = _parent_names(pop)
    people["outward"] = np.array([p[:-4] for p in people["postcode"]], dtype=object)  # inward codes are 3 chars
    return people


# --- truth ---------------------------------------------------------------------------------------------


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


# --- writing -------------------------------------------------------------------------------------------


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n", chunksize=_CSV_CHUNK, encoding="utf-8")


class _CsvWriter:
    """Writes each source's CSV and its rows of truth.csv as the records arrive."""

    def __init__(self, out_dir: Path) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        self.out_dir = out_dir
        self.files: dict[str, Path] = {}
        self.counts: dict[str, int] = {}
        self.truth_path = out_dir / "truth.csv"
        self._truth = self.truth_path.open("w", encoding="utf-8", newline="\n")
        self._truth.write("source,record_id,person_id,noise\n")

    def __enter__(self) -> _CsvWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self._truth.close()

    def __call__(self, source: str, table: pd.DataFrame, person_ids: np.ndarray, noise: np.ndarray) -> None:
        path = self.out_dir / f"{source}.csv"
        _write_csv(table, path)
        self.files[source] = path
        self.counts[source] = len(table)
        part = pd.DataFrame(
            {"source": source, "record_id": table["record_id"].to_numpy(), "person_id": person_ids, "noise": noise},
            dtype=object,
        )
        part.to_csv(self._truth, index=False, header=False, lineterminator="\n", chunksize=_CSV_CHUNK)


def write_world(out_dir: Path, world: World, *, xlsx: bool = False) -> ExtractSet:
    """Write a world built by ``build_world`` (without a sink): the CSVs, truth files and manifest."""
    with _CsvWriter(out_dir) as writer:
        for source, table in world.tables.items():
            writer(source, table, world.truth[source], world.noise[source])
    xlsx_files = _write_xlsx(out_dir, world.tables, world.as_of) if xlsx else {}
    return _finish(out_dir, world, writer, xlsx_files)


def _finish(out_dir: Path, world: World, writer: _CsvWriter, xlsx_files: dict[str, Path]) -> ExtractSet:
    """The cohort truth and the manifest, once every source has been written."""
    files, counts, truth_path = writer.files, writer.counts, writer.truth_path
    cohort_truth = world.cohort_truth.copy()
    cohort_truth["truly_unseen"] = np.where(cohort_truth["truly_unseen"].to_numpy(dtype=bool), "true", "false")
    cohort_truth_path = out_dir / "cohort_truth.csv"
    _write_csv(cohort_truth, cohort_truth_path)

    unseen_total = int(world.cohort_truth["truly_unseen"].sum())
    manifest_path = out_dir / "manifest.json"
    manifest = {
        "generator": "safeguard.synth.extracts",
        "generator_version": GENERATOR_VERSION,
        "seed": world.seed,
        "children": world.children,
        "people": len(world.population),
        "as_of": world.as_of.isoformat(),
        "unseen_months": world.unseen_months,
        "cutoff_date": str(world.cutoff),
        "cohort_source": COHORT_SOURCE,
        "cohort_size": len(world.cohort),
        "unseen_count": unseen_total,
        "sources": list(world.sources),
        "hard_cases": asdict(world.hard_cases),
        "hard_case_counts": {
            k: int(v) for k, v in world.cohort_truth["hard_case"].value_counts().sort_index().items() if k
        },
        "profiles": {name: asdict(world.profiles[name]) for name in (COHORT_SOURCE, *world.sources)},
        "files": [{"name": p.name, "rows": counts.get(k, 0), "sha256": _sha256(p)} for k, p in files.items()]
        + [
            {"name": truth_path.name, "rows": sum(counts.values()), "sha256": _sha256(truth_path)},
            {"name": cohort_truth_path.name, "rows": len(cohort_truth), "sha256": _sha256(cohort_truth_path)},
        ]
        + [{"name": p.name, "rows": counts[k]} for k, p in xlsx_files.items()],
        "date_formats": {name: world.profiles[name].date_format for name in (COHORT_SOURCE, *world.sources)},
    }
    manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return ExtractSet(
        out_dir=out_dir,
        seed=world.seed,
        as_of=world.as_of,
        children=world.children,
        cutoff_date=world.cutoff.astype(object),
        unseen_months=world.unseen_months,
        cohort_size=len(world.cohort),
        unseen_count=unseen_total,
        cohort_file=files[COHORT_SOURCE],
        source_files={k: v for k, v in files.items() if k != COHORT_SOURCE},
        truth_file=truth_path,
        cohort_truth_file=cohort_truth_path,
        manifest_file=manifest_path,
        record_counts=counts,
        xlsx_files=xlsx_files,
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_xlsx(out_dir: Path, tables: dict[str, pd.DataFrame], as_of: date) -> dict[str, Path]:
    total = sum(len(t) for t in tables.values())
    if total > XLSX_MAX_ROWS:
        raise ValueError(f"XLSX output is for small sets (at most {XLSX_MAX_ROWS:,} records); this has {total:,}")
    out: dict[str, Path] = {}
    for source, table in tables.items():
        path = out_dir / f"{source}.xlsx"
        path.write_bytes(_xlsx_bytes(table, source[:31], as_of))
        out[source] = path
    return out


def _xlsx_bytes(table: pd.DataFrame, sheet: str, as_of: date) -> bytes:
    """A workbook with every cell as text (as agencies' exports are), with reproducible bytes.

    openpyxl stamps the save time into docProps/core.xml and into each zip entry; both are
    replaced with fixed values so the same data always gives the same file.
    """
    from openpyxl import Workbook  # only needed for XLSX, which is optional

    workbook = Workbook(write_only=True)
    stamp = datetime(as_of.year, as_of.month, as_of.day)
    workbook.properties.created = stamp
    worksheet = workbook.create_sheet(sheet)
    worksheet.append(list(table.columns))
    for row in table.itertuples(index=False, name=None):
        worksheet.append(list(row))
    raw = io.BytesIO()
    workbook.save(raw)
    fixed = io.BytesIO()
    when = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = when.sub(rb"\g<1>" + iso + rb"\g<2>", data)
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
    return fixed.getvalue()


__all__ = [
    "CANONICAL_COLUMNS",
    "COHORT_SOURCE",
    "DEFAULT_PROFILES",
    "SOURCES",
    "ExtractSet",
    "HardCases",
    "NoiseRates",
    "SourceProfile",
    "World",
    "build_world",
    "names_related",
    "write_extracts",
    "write_world",
]
