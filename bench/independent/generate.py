"""From a world to agency extracts and their ground truth.

The cohort (the elective home education register) is chosen first, each cohort child is given a planned
kind of history (seen recently by the register's own officer, seen recently only by another agency, seen
only long ago, never seen), and the records of every agency are laid down to fit. The truth is then
recomputed from the sightings actually written, so the plan can never disagree with the files.

A sighting is ``last_seen_date`` on any extract, the register's included (the EHE officer's last visit).
``registered_on`` on the register is never a sighting.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import corrupt
from .identifiers import ABBREVIATIONS
from .world import WORLD_RATES, YEAR_DAYS, World, build_world

SOURCES = ("ehe_register", "school_census", "health", "police", "social_care")
REGISTER, CENSUS, HEALTH, POLICE, SOCIAL = range(5)
CANONICAL = ("record_id", "given_name", "middle_name", "family_name", "date_of_birth", "sex", "postcode",
             "address_line", "nhs_number", "upn", "last_seen_date")  # fmt: skip
EXTRA = {
    "ehe_register": ("registered_on", "parent_name", "previous_school"),
    "school_census": ("school_name", "laestab", "nc_year"),
    "health": ("gp_practice", "registration_status"),
    "police": ("occurrence_ref", "involvement"),
    "social_care": ("case_ref", "team", "case_status"),
}
PREFIX = {"ehe_register": "EHE", "school_census": "SC", "health": "GP", "police": "OCC", "social_care": "CSC"}

# How each agency's records differ from the child. Rates are per record (per record that can carry the
# change: an other-surname needs a second surname, a nickname a name that has one). The police extract is
# the heavy one and carries no NHS number or UPN at all.
_BASE = {
    "other_form": 0.03, "misspell_given": 0.015, "misspell_family": 0.015, "nickname_and_misspelling": 0.003,
    "swapped_names": 0.004, "dob_changed": 0.01, "dob_missing": 0.0, "sex_wrong": 0.004, "sex_missing": 0.003,
    "no_middle": 0.20, "middle_initial": 0.06, "misspell_middle": 0.01, "old_address": 0.50, "no_postcode": 0.02,
    "postcode_format": 0.03, "address_abbreviated": 0.08, "other_surname": 0.035, "double_barrel_form": 0.45,
    "nhs_present": 0.0, "nhs_transposed": 0.0, "upn_present": 0.0, "upn_mistyped": 0.0, "duplicate": 0.02,
    "upper_case": 0.03, "lower_case": 0.01, "extra_spaces": 0.03, "dmy_dates": 0.0,
}  # fmt: skip
RATES: dict[str, dict[str, float]] = {
    "ehe_register": _BASE | {"other_form": 0.05, "no_middle": 0.30, "old_address": 0.35, "nhs_present": 0.15,
                             "nhs_transposed": 0.02, "upn_present": 0.6, "upn_mistyped": 0.02, "duplicate": 0.01},
    "school_census": _BASE | {"other_form": 0.02, "no_middle": 0.12, "middle_initial": 0.0, "old_address": 0.35,
                              "upn_present": 1.0, "upn_mistyped": 0.004, "duplicate": 0.015},
    "health": _BASE | {"other_form": 0.04, "no_middle": 0.10, "middle_initial": 0.10, "old_address": 0.60,
                       "nhs_present": 0.99, "nhs_transposed": 0.006, "duplicate": 0.03, "dmy_dates": 1.0},
    "police": _BASE | {"other_form": 0.25, "misspell_given": 0.12, "misspell_family": 0.12,
                       "nickname_and_misspelling": 0.08, "swapped_names": 0.08, "dob_changed": 0.14,
                       "dob_missing": 0.03, "sex_wrong": 0.02, "sex_missing": 0.02, "no_middle": 0.60,
                       "middle_initial": 0.15, "misspell_middle": 0.05, "old_address": 0.50, "no_postcode": 0.45,
                       "postcode_format": 0.15, "address_abbreviated": 0.25, "other_surname": 0.08,
                       "duplicate": 0.07, "upper_case": 0.40, "lower_case": 0.03, "extra_spaces": 0.10,
                       "dmy_dates": 0.9},
    "social_care": _BASE | {"other_form": 0.08, "misspell_given": 0.03, "misspell_family": 0.03,
                            "nickname_and_misspelling": 0.01, "swapped_names": 0.01, "dob_changed": 0.02,
                            "no_middle": 0.25, "old_address": 0.45, "other_surname": 0.05, "nhs_present": 0.75,
                            "nhs_transposed": 0.01, "upn_present": 0.35, "upn_mistyped": 0.01, "duplicate": 0.04},
}  # fmt: skip


@dataclass(frozen=True)
class Coverage:
    """Who appears where, outside the cohort (the cohort's own records follow ``CohortPlan``)."""

    school_census_on_roll: float = 0.96
    school_census_ages: tuple[float, float] = (4.3, 17.9)
    school_census_attendance_within_days: int = 45
    health_registered: float = 0.95
    health_seen_within_540_days: float = 0.55
    health_seen_541_to_2000_days_ago: float = 0.25
    police_child_under_11: float = 0.03
    police_child_11_and_over: float = 0.10
    police_seen_in_person: float = 0.85
    social_care_child: float = 0.07
    social_care_seen_in_person: float = 0.80


@dataclass(frozen=True)
class CohortPlan:
    """Who is on the register and what history each child is given before the truth is recomputed."""

    share_of_children: float = 0.01
    ages: tuple[float, float] = (5.0, 16.5)
    # History shares, in the order RECENT_REGISTER, RECENT_ELSEWHERE, LONG_AGO, NEVER.
    history: tuple[float, float, float, float] = (0.30, 0.22, 0.24, 0.24)
    # Who gave the only recent sighting, for RECENT_ELSEWHERE: health, social care, police.
    recent_elsewhere_by: tuple[float, float, float] = (0.45, 0.25, 0.30)
    siblings_also_home_educated: float = 0.75
    twins_planted_share: float = 0.04
    planted_twin_unseen: float = 0.70
    near_cutoff_share: float = 0.06
    school_census_as_leaver: float = 0.35
    health: float = 0.88
    police: float = 0.12
    social_care: float = 0.15
    registered_within_years: int = 6


COVERAGE = Coverage()
COHORT_PLAN = CohortPlan()
RECENT_REGISTER, RECENT_ELSEWHERE, LONG_AGO, NEVER = range(4)


@dataclass
class Records:
    """One source's records before they are written: whose they are, their sighting, and agency details."""

    person: np.ndarray
    seen: np.ndarray
    duplicate: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))


def _between(rng: np.random.Generator, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """A uniform day in [low, high] for each pair (high clamped up to low)."""
    span = np.maximum((high - low).astype(np.int64), 0) + 1
    return low + (rng.random(len(low)) * span).astype(np.int64).astype("timedelta64[D]")


def _days(n: np.ndarray | int) -> np.ndarray:
    return np.asarray(n, dtype=np.int64).astype("timedelta64[D]")


def _nat(count: int) -> np.ndarray:
    return np.full(count, np.datetime64("NaT"), dtype="datetime64[D]")


@dataclass
class Cohort:
    person: np.ndarray
    history: np.ndarray
    registered_on: np.ndarray
    planted_twin: np.ndarray


def choose_cohort(rng: np.random.Generator, world: World, size: int) -> tuple[Cohort, np.ndarray]:
    """Home-educated children, often with their siblings; some twins with their twin left in school.

    Returns the cohort and the children kept in school as a planted twin's other half.
    """
    age = world.age_years()
    low, high = COHORT_PLAN.ages
    eligible = (age >= low) & (age < high)
    chosen = np.zeros(world.children, dtype=bool)
    kept_in_school = np.zeros(world.children, dtype=bool)
    planted = np.zeros(world.children, dtype=bool)
    pairs = np.flatnonzero((world.twin > np.arange(world.children)) & eligible)
    # Same-name twins first: they are the ones a linker most easily merges.
    pairs = pairs[np.argsort(~world.twin_same_name[pairs], kind="stable")]
    want_twins = max(2, round(size * COHORT_PLAN.twins_planted_share))
    same = pairs[world.twin_same_name[pairs]]
    other = pairs[~world.twin_same_name[pairs]]
    take = np.concatenate([rng.permutation(same)[: want_twins // 2], rng.permutation(other)])[:want_twins]
    flip = rng.random(len(take)) < 0.5
    home = np.where(flip, world.twin[take], take)
    chosen[home] = True
    planted[home] = True
    kept_in_school[world.twin[home]] = True

    # Then whole households: each school-age child is home educated with their siblings, mostly.
    households = rng.permutation(int(world.household.max()) + 1)
    rank = np.empty_like(households)
    rank[households] = np.arange(len(households))
    candidate = eligible & ~chosen & ~kept_in_school
    candidate &= rng.random(world.children) < COHORT_PLAN.siblings_also_home_educated
    order = np.flatnonzero(candidate)
    order = order[np.argsort(rank[world.household[order]], kind="stable")]
    chosen[order[: max(0, size - int(chosen.sum()))]] = True
    person = np.flatnonzero(chosen)

    history = rng.choice(4, size=len(person), p=np.array(COHORT_PLAN.history))
    unseen = rng.random(len(person)) < COHORT_PLAN.planted_twin_unseen
    history = np.where(planted[person] & unseen, np.where(rng.random(len(person)) < 0.5, LONG_AGO, NEVER), history)
    dob = world.dob[person]
    years = COHORT_PLAN.registered_within_years
    earliest = np.maximum(dob + _days(int(4.5 * YEAR_DAYS)), world.as_of - _days(int(years * YEAR_DAYS)))
    registered_on = _between(rng, earliest, np.full(len(person), world.as_of - _days(30)))
    return Cohort(person, history, registered_on, planted[person]), np.flatnonzero(kept_in_school)


def _recent(rng: np.random.Generator, count: int, cutoff: np.datetime64, as_of: np.datetime64) -> np.ndarray:
    return _between(rng, np.full(count, cutoff + _days(1)), np.full(count, as_of))


def _old(rng: np.random.Generator, dob: np.ndarray, cutoff: np.datetime64) -> np.ndarray:
    low = np.maximum(dob + _days(3 * 365), np.full(len(dob), cutoff - _days(5 * 365)))
    return _between(rng, low, np.full(len(dob), cutoff - _days(1)))


def _near_cutoff(rng: np.random.Generator, dates: np.ndarray, cutoff: np.datetime64) -> np.ndarray:
    """Moves a few sightings to within ten days of the cut-off, on the same side of it."""
    near = (~np.isnat(dates)) & (rng.random(len(dates)) < COHORT_PLAN.near_cutoff_share)
    step = _days(rng.integers(1, 11, size=len(dates)))
    moved = np.where(dates >= cutoff, cutoff + step, cutoff - step)
    return np.where(near, moved, dates)


def lay_down_records(
    rng: np.random.Generator, world: World, cohort: Cohort, kept_in_school: np.ndarray, cutoff: np.datetime64
) -> dict[str, Records]:
    as_of = world.as_of
    n = world.children
    age = world.age_years()
    in_cohort = np.zeros(n, dtype=bool)
    in_cohort[cohort.person] = True
    dob = world.dob

    # Everyone outside the cohort.
    lo, hi = COVERAGE.school_census_ages
    census = ~in_cohort & (age >= lo) & (age < hi) & (world.upn != "")
    census &= rng.random(n) < COVERAGE.school_census_on_roll
    census[kept_in_school] = True
    census_seen = as_of - _days(rng.integers(0, COVERAGE.school_census_attendance_within_days + 1, size=n))
    health = ~in_cohort & (rng.random(n) < COVERAGE.health_registered)
    health[kept_in_school] = True
    kind = rng.random(n)
    health_seen = np.where(
        kind < COVERAGE.health_seen_within_540_days,
        as_of - _days(rng.integers(0, 541, size=n)),
        np.where(
            kind < COVERAGE.health_seen_within_540_days + COVERAGE.health_seen_541_to_2000_days_ago,
            as_of - _days(rng.integers(541, 2000, size=n)),
            _nat(n),
        ),
    )
    health_seen[kept_in_school] = as_of - _days(rng.integers(0, 300, size=len(kept_in_school)))
    police = ~in_cohort & (
        rng.random(n) < np.where(age >= 11, COVERAGE.police_child_11_and_over, COVERAGE.police_child_under_11)
    )
    police_seen = np.where(
        rng.random(n) < COVERAGE.police_seen_in_person,
        as_of - _days(rng.integers(0, 1800, size=n)),
        _nat(n),
    )
    social = ~in_cohort & (rng.random(n) < COVERAGE.social_care_child)
    social_seen = np.where(
        rng.random(n) < COVERAGE.social_care_seen_in_person,
        as_of - _days(rng.integers(0, 1100, size=n)),
        _nat(n),
    )
    # Nobody is seen before they were born.
    for seen in (census_seen, health_seen, police_seen, social_seen):
        early = ~np.isnat(seen) & (seen < dob)
        seen[early] = _between(rng, dob[early], np.full(int(early.sum()), as_of))

    # The cohort, to its plan.
    c = len(cohort.person)
    p = cohort.person
    h = cohort.history
    cdob = dob[p]
    reg = cohort.registered_on
    register_seen = _nat(c)
    recent_reg = h == RECENT_REGISTER
    register_seen[recent_reg] = _between(rng, np.maximum(reg, cutoff + _days(1)), np.full(c, as_of))[recent_reg]
    old_possible = reg < cutoff - _days(1)
    old_register = _between(rng, reg, np.full(c, cutoff - _days(1)))
    by = np.array(COHORT_PLAN.recent_elsewhere_by)
    elsewhere = rng.choice(np.array([HEALTH, SOCIAL, POLICE]), size=c, p=by)
    seer = np.where(h == RECENT_ELSEWHERE, elsewhere, -1)
    old_seer = rng.choice(np.array([REGISTER, HEALTH, CENSUS, SOCIAL, POLICE]), size=c, p=[0.35, 0.35, 0.15, 0.1, 0.05])
    old_seer = np.where((old_seer == REGISTER) & ~old_possible, HEALTH, old_seer)
    old_seer = np.where((old_seer == CENSUS) & ~old_possible, HEALTH, old_seer)
    old_seer = np.where(h == LONG_AGO, old_seer, -1)
    pick = rng.random(c)
    register_seen = np.where(
        ((h == RECENT_ELSEWHERE) & old_possible & (pick < 0.45))
        | ((h == LONG_AGO) & old_possible & ((old_seer == REGISTER) | (pick < 0.4))),
        old_register,
        register_seen,
    )
    recent = _recent(rng, c, cutoff, as_of)
    old = _old(rng, cdob, cutoff)

    def cohort_source(code: int, share: float) -> tuple[np.ndarray, np.ndarray]:
        """Which cohort children a source holds, and the sighting on each (NaT = none)."""
        draw = rng.random(c)
        present = (rng.random(c) < share) | (seer == code) | (old_seer == code)
        seen = np.where(draw < 0.4, recent, np.where(draw < 0.7, old, _nat(c)))
        seen = np.where(h == LONG_AGO, np.where(draw < 0.5, old, _nat(c)), seen)
        seen = np.where(h == NEVER, _nat(c), seen)
        seen = np.where(seer == code, recent, seen)
        seen = np.where(old_seer == code, old, seen)
        return present, seen

    c_health, c_health_seen = cohort_source(HEALTH, COHORT_PLAN.health)
    c_police, c_police_seen = cohort_source(POLICE, COHORT_PLAN.police)
    c_social, c_social_seen = cohort_source(SOCIAL, COHORT_PLAN.social_care)
    # A child who left school for home education may still be in the census year's extract as a leaver,
    # last attending before registration; a never-seen child only with no attendance recorded.
    leaver_share = COHORT_PLAN.school_census_as_leaver
    c_census = (rng.random(c) < leaver_share) | (old_seer == CENSUS)
    c_census &= (h != LONG_AGO) | old_possible
    c_census = np.where(h == NEVER, rng.random(c) < 0.1, c_census)
    last_attended = _between(rng, np.maximum(reg - _days(400), cdob + _days(4 * 365)), reg - _days(1))
    last_attended = np.where(h == LONG_AGO, np.minimum(last_attended, cutoff - _days(1)), last_attended)
    c_census_seen = np.where(h == NEVER, _nat(c), last_attended)

    register_seen = _near_cutoff(rng, register_seen, cutoff)
    c_health_seen = _near_cutoff(rng, c_health_seen, cutoff)
    c_police_seen = _near_cutoff(rng, c_police_seen, cutoff)
    c_social_seen = _near_cutoff(rng, c_social_seen, cutoff)

    def combine(mask: np.ndarray, seen: np.ndarray, cohort_mask: np.ndarray, cohort_seen: np.ndarray) -> Records:
        person = np.concatenate([np.flatnonzero(mask), p[cohort_mask]])
        dates = np.concatenate([seen[mask], cohort_seen[cohort_mask]])
        return Records(person, dates)

    return {
        "ehe_register": Records(p.copy(), register_seen),
        "school_census": combine(census, census_seen, c_census, c_census_seen),
        "health": combine(health, health_seen, c_health, c_health_seen),
        "police": combine(police, police_seen, c_police, c_police_seen),
        "social_care": combine(social, social_seen, c_social, c_social_seen),
    }


def add_duplicates(rng: np.random.Generator, records: Records, rate: float, dob: np.ndarray) -> Records:
    """The same child twice in one agency's extract: an older contact, or the same one keyed again."""
    count = len(records.person)
    twice = np.flatnonzero(rng.random(count) < rate)
    earlier = records.seen[twice] - _days(rng.integers(30, 700, size=len(twice)))
    same = rng.random(len(twice)) < 0.3
    copy_seen = np.where(same, records.seen[twice], earlier)
    copy_seen[~np.isnat(copy_seen) & (copy_seen < dob[records.person[twice]])] = np.datetime64("NaT")
    return Records(
        np.concatenate([records.person, records.person[twice]]),
        np.concatenate([records.seen, copy_seen]),
        np.concatenate([np.zeros(count, dtype=bool), np.ones(len(twice), dtype=bool)]),
    )


def _format_dates(values: np.ndarray, dmy: np.ndarray) -> np.ndarray:
    """ISO dates, or dd/mm/yyyy where ``dmy``; empty where there is no date."""
    iso = np.datetime_as_string(values, unit="D").astype("<U10")
    chars = iso.view("<U1").reshape(-1, 10)
    reordered = chars[:, [8, 9, 7, 5, 6, 4, 0, 1, 2, 3]].copy()
    reordered[:, [2, 5]] = "/"
    swapped = np.ascontiguousarray(reordered).view("<U10").ravel()
    text = np.where(dmy, swapped, iso).astype(object)
    text[np.isnat(values)] = ""
    return text


def _write_csv(path: Path, columns: dict[str, np.ndarray]) -> None:
    """UTF-8, a header row, ``\\n`` line ends, quoted only where needed, empty = missing."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(list(columns))
        writer.writerows(zip(*(c.tolist() for c in columns.values()), strict=True))


def identify(
    rng: np.random.Generator, world: World, source: str, records: Records
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """The identifying columns of one source's records, and a mask per kind of change made."""
    rates = RATES[source]
    person = records.person
    n = len(person)

    def draw(rate: str) -> np.ndarray:
        return rng.random(n) < rates[rate]

    labels: dict[str, np.ndarray] = {"duplicate": records.duplicate.copy()}
    given = world.given[person].copy()
    middle = world.middle[person].copy()
    family = world.surname[person].copy()
    alternative = world.alt_surname[person]

    other = draw("other_surname") & (alternative != family)
    family[other] = alternative[other]
    labels["other_surname"] = other
    labels["double_barrel_form"] = corrupt.double_barrel_forms(
        family, draw("double_barrel_form") & world.double_barrelled[person] & ~other, rng
    )
    labels["nickname"] = corrupt.other_forms(given, draw("other_form"), rng)
    both = corrupt.other_forms(given, draw("nickname_and_misspelling") & ~labels["nickname"], rng)
    labels["nickname_and_misspelling"] = both & corrupt.misspell_many(given, both, rng)
    labels["misspelt_given"] = corrupt.misspell_many(given, draw("misspell_given") & ~both, rng)
    labels["misspelt_family"] = corrupt.misspell_many(family, draw("misspell_family"), rng)
    labels["misspelt_middle"] = corrupt.misspell_many(middle, draw("misspell_middle"), rng)
    has_middle = middle != ""
    labels["no_middle"] = draw("no_middle") & has_middle
    middle[labels["no_middle"]] = ""
    initial = draw("middle_initial") & (middle != "")
    dotted = rng.random(n) < 0.3
    middle[initial] = [m[0] + ("." if d else "") for m, d in zip(middle[initial], dotted[initial], strict=True)]
    labels["middle_initial"] = initial
    swapped = draw("swapped_names")
    given[swapped], family[swapped] = family[swapped], given[swapped].copy()
    labels["swapped_names"] = swapped

    dob = world.dob[person].copy()
    ceiling = np.where(np.isnat(records.seen), world.as_of, np.minimum(records.seen, world.as_of))
    labels |= corrupt.shift_dates(dob, draw("dob_changed"), rng, ceiling)
    no_dob = draw("dob_missing")
    dob[no_dob] = np.datetime64("NaT")
    labels["dob_missing"] = no_dob

    sex = world.sex[person].copy()
    wrong = draw("sex_wrong")
    sex[wrong] = np.where(sex[wrong] == "M", "F", "M")
    labels["sex_wrong"] = wrong
    unknown = draw("sex_missing")
    sex[unknown] = ""
    labels["sex_missing"] = unknown
    if source == "health":
        sex = np.select([sex == "M", sex == "F"], ["Male", "Female"], "").astype(object)

    households = world.household[person]
    before = world.hh_unit_before[households]
    old = draw("old_address") & (before >= 0)
    unit = np.where(old, before, world.hh_unit_now[households])
    number = np.where(old, world.hh_number_before[households], world.hh_number_now[households])
    labels["old_address"] = old
    postcode = world.unit_postcode[unit].copy()
    reformat = draw("postcode_format")
    postcode[reformat] = [
        pc.replace(" ", "") if i % 2 else pc.lower() for i, pc in enumerate(postcode[reformat].tolist())
    ]
    labels["postcode_format"] = reformat
    no_postcode = draw("no_postcode")
    postcode[no_postcode] = ""
    labels["no_postcode"] = no_postcode
    street = world.unit_street[unit].copy()
    short = draw("address_abbreviated")
    street[short] = [" ".join(ABBREVIATIONS.get(word, word) for word in s.split(" ")) for s in street[short].tolist()]
    labels["address_abbreviated"] = short
    address = number + " " + street
    if source in ("health", "social_care", "ehe_register"):
        address = address + ", " + world.unit_town[unit]

    nhs = np.where(draw("nhs_present"), world.nhs[person], "").astype(object)
    labels["nhs_transposed"] = corrupt.transpose_adjacent(nhs, draw("nhs_transposed"), rng)
    upn = np.where(draw("upn_present"), world.upn[person], "").astype(object)
    mistype = draw("upn_mistyped") & (upn != "")
    half = rng.random(n) < 0.5
    labels["upn_mistyped"] = corrupt.retype_digit(upn, mistype & half, rng) | corrupt.transpose_adjacent(
        upn, mistype & ~half, rng, start=1
    )

    upper = draw("upper_case")
    lower = draw("lower_case") & ~upper
    for column in (given, middle, family):
        column[upper] = [v.upper() for v in column[upper]]
        column[lower] = [v.lower() for v in column[lower]]
    address[upper] = [v.upper() for v in address[upper]]
    labels["upper_case"], labels["lower_case"] = upper, lower
    spaces = draw("extra_spaces")
    given[spaces] = [f" {v}" if i % 2 else f"{v}  " for i, v in enumerate(given[spaces].tolist())]
    address[spaces] = [v.replace(" ", "  ", 1) for v in address[spaces]]
    labels["extra_spaces"] = spaces

    dmy = draw("dmy_dates")
    columns = {
        "given_name": given,
        "middle_name": middle,
        "family_name": family,
        "date_of_birth": _format_dates(dob, dmy),
        "sex": sex,
        "postcode": postcode,
        "address_line": address,
        "nhs_number": nhs,
        "upn": upn,
        "last_seen_date": _format_dates(records.seen, dmy),
    }
    return columns, labels


def agency_columns(
    rng: np.random.Generator, world: World, source: str, records: Records, cohort: Cohort
) -> dict[str, np.ndarray]:
    """The agency's own columns; they identify nobody, but a real extract has them."""
    person = records.person
    n = len(person)
    households = world.household[person]
    age = world.age_years()[person]
    if source == "ehe_register":
        where = np.searchsorted(cohort.person, person)
        registered = np.datetime_as_string(cohort.registered_on[where], unit="D").astype(object)
        previous = np.where(world.upn[person] != "", world.school_name[world.hh_primary[households]], "")
        previous = np.where(age >= 11.5, world.school_name[world.hh_secondary[households]], previous)
        return {"registered_on": registered, "parent_name": world.hh_parent[households], "previous_school": previous}
    if source == "school_census":
        school = np.where(age >= 11, world.hh_secondary[households], world.hh_primary[households])
        year = np.clip(np.floor(age - 4.6).astype(np.int64), 0, 11)
        return {
            "school_name": world.school_name[school],
            "laestab": world.school_laestab[school],
            "nc_year": np.where(year == 0, "R", year.astype(str)).astype(object),
        }
    if source == "health":
        places = ("Denmark Street", "Neasham Road", "Bondgate", "Moorside", "Whinfield", "Clifton Court", "Parkgate",
                  "Skerne Park", "Woodland Road", "Linthorpe")  # fmt: skip
        kinds = ("Surgery", "Medical Practice", "Health Centre")
        practices = np.array([f"{w} {k}" for w in places for k in kinds], dtype=object)
        status = rng.choice(
            np.array(["Registered", "Deducted", "Temporary"], dtype=object), size=n, p=[0.9, 0.05, 0.05]
        )
        return {"gp_practice": practices[households % len(practices)], "registration_status": status}
    if source == "police":
        seen = ~np.isnat(records.seen)
        in_person = np.array(
            ["Victim", "Witness", "Missing person - found", "Suspect", "Welfare check - seen"], dtype=object
        )
        not_seen = np.array(["Named in report", "Missing person - reported", "Third-party report"], dtype=object)
        # The occurrence's year: the sighting's, or a recent year for a report nobody attended in person.
        as_of_year = int(world.as_of.astype("datetime64[Y]").astype(np.int64)) + 1970
        year = np.where(
            seen,
            records.seen.astype("datetime64[Y]").astype(np.int64) + 1970,
            as_of_year - rng.integers(0, 5, size=n),
        )
        return {
            "occurrence_ref": np.array(
                [f"DUR-{y % 100:02d}-{i:06d}" for i, y in zip(rng.permutation(n).tolist(), year.tolist(), strict=True)],
                dtype=object,
            ),
            "involvement": np.where(seen, in_person[rng.integers(0, 5, size=n)], not_seen[rng.integers(0, 3, size=n)]),
        }
    teams = np.array(
        ["Assessment", "Child in Need", "Child Protection", "Early Help", "Children in Care"], dtype=object
    )
    return {
        "case_ref": np.array([f"CS{i:07d}" for i in (1_000_000 + rng.permutation(n)).tolist()], dtype=object),
        "team": teams[rng.integers(0, len(teams), size=n)],
        "case_status": np.where(rng.random(n) < 0.5, "Open", "Closed").astype(object),
    }


def _noise_text(labels: dict[str, np.ndarray], n: int) -> np.ndarray:
    text = np.full(n, "", dtype=object)
    for name, mask in labels.items():
        text[mask] = text[mask] + name + ";"
    return np.array([t[:-1] for t in text], dtype=object)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def hard_cases(
    world: World, cohort: Cohort, sightings: pd.DataFrame, labels: pd.DataFrame, cutoff: np.datetime64
) -> np.ndarray:
    """Why a cohort child is hard to get right, as ``;``-joined tags (empty if nothing is hard)."""
    p = cohort.person
    tags: list[tuple[str, np.ndarray]] = [
        ("twin_same_first_name", world.twin_same_name[p]),
        ("twin", (world.twin[p] >= 0) & ~world.twin_same_name[p]),
        ("twin_left_in_school", cohort.planted_twin),
        ("step_family_surname", world.step[p]),
        ("double_barrelled", world.double_barrelled[p]),
    ]
    labels = labels[labels["person"].isin(p)]
    sightings = sightings[sightings["person"].isin(p)]
    by_person = labels.groupby("person")
    for tag, label in (
        ("other_surname", "other_surname"),
        ("swapped_names", "swapped_names"),
        ("nickname_and_misspelling", "nickname_and_misspelling"),
        ("nhs_transposed", "nhs_transposed"),
        ("duplicate_record", "duplicate"),
        ("dob_day_month_swapped", "dob_day_month_swapped"),
    ):
        having = by_person[label].any()
        tags.append((tag, having.reindex(p, fill_value=False).to_numpy()))
    recent = sightings[sightings["seen"] >= cutoff]
    only_police = (recent["source"] == "police").groupby(recent["person"]).all()
    tags.append(("seen_only_by_police", only_police.reindex(p, fill_value=False).to_numpy(dtype=bool)))
    latest = sightings.groupby("person")["seen"].max().reindex(p)
    near = (latest - cutoff).abs() <= pd.Timedelta(days=10)
    tags.append(("near_cutoff", near.fillna(False).to_numpy(dtype=bool)))
    unseen = ~(latest >= cutoff).fillna(False).to_numpy(dtype=bool)
    tags.append(("registered_within_window_unseen", unseen & (cohort.registered_on >= cutoff)))
    text = np.full(len(p), "", dtype=object)
    for tag, mask in tags:
        text[mask] = text[mask] + tag + ";"
    return np.array([t[:-1] for t in text], dtype=object)


def cutoff_for(as_of: dt.date, unseen_months: int) -> dt.date:
    """The earliest sighting that counts: ``unseen_months`` calendar months before the as-of date."""
    return (pd.Timestamp(as_of) - pd.DateOffset(months=unseen_months)).date()


def generate(
    out: Path,
    *,
    children: int,
    seed: int,
    as_of: dt.date,
    unseen_months: int = 18,
    cohort_size: int | None = None,
) -> dict[str, object]:
    """Writes the five extracts, ``truth.csv``, ``cohort_truth.csv`` and ``manifest.json`` into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    as_of64 = np.datetime64(as_of, "D")
    cutoff = np.datetime64(cutoff_for(as_of, unseen_months), "D")
    world = build_world(rng, children, as_of64)
    size = cohort_size or max(101, round(children * COHORT_PLAN.share_of_children))
    cohort, kept_in_school = choose_cohort(rng, world, size)
    laid = lay_down_records(rng, world, cohort, kept_in_school, cutoff)

    files: dict[str, dict[str, object]] = {}
    truth_parts: list[dict[str, np.ndarray]] = []
    sighting_parts: list[pd.DataFrame] = []
    label_parts: list[pd.DataFrame] = []
    register_ids = np.zeros(0, dtype=object)
    register_people = np.zeros(0, dtype=np.int64)
    realised: dict[str, dict[str, float]] = {}
    for source in SOURCES:
        records = add_duplicates(rng, laid[source], RATES[source]["duplicate"], world.dob)
        # Shuffle so record order says nothing about households or duplicates.
        shuffle = rng.permutation(len(records.person))
        records = Records(records.person[shuffle], records.seen[shuffle], records.duplicate[shuffle])
        columns, labels = identify(rng, world, source, records)
        numbers = rng.choice(np.arange(100_000, 100_000 + 9 * max(len(shuffle), 1)), size=len(shuffle), replace=False)
        record_id = np.array([f"{PREFIX[source]}{v}" for v in numbers.tolist()], dtype=object)
        path = out / f"{source}.csv"
        _write_csv(path, {"record_id": record_id, **columns, **agency_columns(rng, world, source, records, cohort)})
        files[path.name] = {"rows": len(record_id), "sha256": _sha256(path)}
        del columns
        person_id = np.array([f"Q{v:07d}" for v in records.person.tolist()], dtype=object)
        truth_parts.append(
            {
                "source": np.full(len(record_id), source, dtype=object),
                "record_id": record_id,
                "person_id": person_id,
                "noise": _noise_text(labels, len(shuffle)),
            }
        )
        # Only the cohort's own records decide the cohort's truth.
        mine = np.isin(records.person, cohort.person)
        sighting_parts.append(
            pd.DataFrame({"person": records.person[mine], "seen": records.seen[mine], "source": source})
        )
        label_parts.append(pd.DataFrame({"person": records.person[mine], **{k: v[mine] for k, v in labels.items()}}))
        realised[source] = {name: round(float(mask.mean()), 4) for name, mask in labels.items()} if len(shuffle) else {}
        if source == "ehe_register":
            register_ids, register_people = record_id, records.person

    truth = {name: np.concatenate([part[name] for part in truth_parts]) for name in truth_parts[0]}
    _write_csv(out / "truth.csv", truth)
    files["truth.csv"] = {"rows": len(truth["record_id"]), "sha256": _sha256(out / "truth.csv")}
    del truth, truth_parts

    # The truth about being seen, from the sightings written (the register's own included).
    sightings = pd.concat(sighting_parts, ignore_index=True).dropna(subset=["seen"])
    sightings = sightings[sightings["seen"] <= pd.Timestamp(as_of)]
    cut = pd.Timestamp(cutoff)
    latest = sightings.sort_values(["seen", "source"]).groupby("person").tail(1).set_index("person")
    labels_all = pd.concat(label_parts, ignore_index=True).fillna(False)
    hard = hard_cases(world, cohort, sightings, labels_all, cut.to_datetime64())
    hard_by_person = pd.Series(hard, index=cohort.person)
    last = latest.reindex(register_people)
    truly_unseen = ~(last["seen"] >= cut).fillna(False).to_numpy(dtype=bool)
    last_date = last["seen"].dt.strftime("%Y-%m-%d").fillna("").to_numpy(dtype=object)
    cohort_truth = {
        "cohort_record_id": register_ids,
        "person_id": np.array([f"Q{v:07d}" for v in register_people.tolist()], dtype=object),
        "truly_unseen": np.where(truly_unseen, "true", "false").astype(object),
        "true_last_seen_date": last_date,
        "true_last_seen_by": last["source"].fillna("").to_numpy(dtype=object),
        "hard_case": hard_by_person.reindex(register_people).to_numpy(dtype=object),
    }
    _write_csv(out / "cohort_truth.csv", cohort_truth)
    files["cohort_truth.csv"] = {"rows": len(register_ids), "sha256": _sha256(out / "cohort_truth.csv")}

    manifest: dict[str, object] = {
        "generator": "bench.independent (second, independent generator; for testing only, never for tuning)",
        "seed": seed,
        "children": children,
        "households": int(world.household.max()) + 1,
        "cohort_children": len(cohort.person),
        "cohort_records": len(register_ids),
        "truly_unseen_records": int(truly_unseen.sum()),
        "as_of": as_of.isoformat(),
        "unseen_months": unseen_months,
        "cutoff": str(cutoff),
        "seen_means": "last_seen_date on any extract, ehe_register included; registered_on is never a sighting",
        "world": asdict(WORLD_RATES),
        "coverage": asdict(COVERAGE),
        "cohort_plan": asdict(COHORT_PLAN),
        "rates": RATES,
        "realised_label_shares": realised,
        "files": files,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return manifest
