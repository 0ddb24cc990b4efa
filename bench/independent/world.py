"""The population behind the extracts: households, parents' surnames, children, twins, addresses, schools.

Everything is drawn with one ``numpy.random.Generator`` in a fixed order, so a seed gives the same world.
Arrays are per child (index = person) or per household; strings are object arrays of ``str``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import identifiers as ids
from .names import BOYS, GIRLS, HERITAGE_SHARES, HERITAGES, SURNAMES, feminine_surname, zipf_weights

YEAR_DAYS = 365.25


@dataclass(frozen=True)
class WorldRates:
    """The household model's rates (recorded in the manifest)."""

    # Probabilities of 1, 2, ... 6 children in a household.
    children_per_household: tuple[float, ...] = (0.40, 0.36, 0.15, 0.06, 0.02, 0.01)
    mixed_heritage_parents: float = 0.12
    married_parents: float = 0.45
    single_mother: float = 0.25
    """The rest are unmarried parents living together."""
    father_surname_when_unmarried: float = 0.70
    father_surname_when_single_mother: float = 0.45
    double_barrelled_when_parents_differ: float = 0.06
    step_family_in_multi_child_household: float = 0.15
    twin_pair_in_multi_child_household: float = 0.035
    twins_same_sex_same_first_name: float = 0.12
    twins_same_sex: float = 0.48
    """The rest are opposite-sex twins."""
    has_middle_name: float = 0.88
    two_middle_names: float = 0.05
    middle_name_from_british_list: float = 0.6
    household_moved: float = 0.50
    move_within_same_town: float = 0.60
    flat_address: float = 0.12
    households_per_postcode: int = 12
    given_name_zipf_exponent: float = 1.1
    surname_zipf_exponent: float = 1.0
    # Share of children of each heritage given a name from the British list.
    british_given_names_used_by: tuple[tuple[str, float], ...] = (
        ("caribbean", 0.5),
        ("irish", 0.3),
        ("african", 0.3),
        ("eastern_european", 0.15),
    )


WORLD_RATES = WorldRates()


@dataclass
class World:
    as_of: np.datetime64
    # Per household.
    hh_unit_now: np.ndarray
    hh_number_now: np.ndarray
    hh_unit_before: np.ndarray
    """-1 where the household has not moved."""
    hh_number_before: np.ndarray
    hh_parent: np.ndarray
    hh_primary: np.ndarray
    hh_secondary: np.ndarray
    # Postcode units.
    unit_postcode: np.ndarray
    unit_street: np.ndarray
    unit_town: np.ndarray
    unit_authority: np.ndarray
    # Schools.
    school_name: np.ndarray
    school_laestab: np.ndarray
    # Per child.
    household: np.ndarray
    sex: np.ndarray
    """'M' or 'F'."""
    given: np.ndarray
    middle: np.ndarray
    """'' when the child has no middle name."""
    surname: np.ndarray
    alt_surname: np.ndarray
    """The other parent's surname: equal to ``surname`` where there is no other."""
    double_barrelled: np.ndarray
    step: np.ndarray
    dob: np.ndarray
    nhs: np.ndarray
    upn: np.ndarray
    """'' for children too young ever to have been at school."""
    twin: np.ndarray
    """Index of the child's twin, -1 if none."""
    twin_same_name: np.ndarray

    @property
    def children(self) -> int:
        return len(self.household)

    def age_years(self) -> np.ndarray:
        return (self.as_of - self.dob).astype(np.int64) / YEAR_DAYS


def _pick(rng: np.random.Generator, names: tuple[str, ...], count: int, exponent: float) -> np.ndarray:
    choice = rng.choice(len(names), size=count, p=zipf_weights(len(names), exponent))
    return np.array(names, dtype=object)[choice]


def _names_by_heritage(
    rng: np.random.Generator, heritage: np.ndarray, lists: dict[str, tuple[str, ...]], exponent: float
) -> np.ndarray:
    out = np.empty(len(heritage), dtype=object)
    for code, name in enumerate(HERITAGES):
        where = np.flatnonzero(heritage == code)
        if len(where):
            out[where] = _pick(rng, lists[name], len(where), exponent)
    return out


def _given_names(rng: np.random.Generator, heritage: np.ndarray, male: np.ndarray) -> np.ndarray:
    out = np.empty(len(heritage), dtype=object)
    boys, girls = np.flatnonzero(male), np.flatnonzero(~male)
    out[boys] = _names_by_heritage(rng, heritage[boys], BOYS, WORLD_RATES.given_name_zipf_exponent)
    out[girls] = _names_by_heritage(rng, heritage[girls], GIRLS, WORLD_RATES.given_name_zipf_exponent)
    return out


def _schools(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, dict[str, tuple[np.ndarray, np.ndarray]]]:
    """Primary and secondary schools per local authority: names, LAESTAB, and the indices per authority."""
    saints = ("St Cuthbert's RC", "St Bede's RC", "St Aidan's CE", "St Mary's RC", "St Hild's CE", "Holy Trinity CE")
    places = ids.STREET_STEMS
    names: list[str] = []
    laestabs: list[str] = []
    index: dict[str, tuple[list[int], list[int]]] = {}
    for authority, la in ids.LA_CODES.items():
        primary: list[int] = []
        secondary: list[int] = []
        for phase, count, base, bucket in (("primary", 40, 2000, primary), ("secondary", 10, 4000, secondary)):
            for number in range(count):
                if phase == "primary":
                    stem = saints[number] if number < len(saints) else places[int(rng.integers(len(places)))]
                    kind = "Primary School" if rng.random() < 0.7 else "Primary Academy"
                else:
                    stem = places[int(rng.integers(len(places)))]
                    kind = ("Academy", "School", "Community College")[int(rng.integers(3))]
                bucket.append(len(names))
                names.append(f"{stem} {kind}")
                laestabs.append(f"{la}{base + 11 * number + int(rng.integers(11)):04d}")
        index[authority] = (primary, secondary)
    arrays = {a: (np.array(p), np.array(s)) for a, (p, s) in index.items()}
    return np.array(names, dtype=object), np.array(laestabs, dtype=object), arrays


def build_world(rng: np.random.Generator, children: int, as_of: np.datetime64) -> World:
    rates = WORLD_RATES
    size_probs = np.array(rates.children_per_household, dtype=np.float64)
    size_values = np.arange(1, len(size_probs) + 1)
    estimate = int(children / float(size_values @ size_probs) * 1.1) + 8
    sizes = rng.choice(size_values, size=estimate, p=size_probs / size_probs.sum())
    ends = np.cumsum(sizes)
    households = int(np.searchsorted(ends, children)) + 1
    sizes = sizes[:households]
    sizes[-1] -= int(ends[households - 1] - children)
    household = np.repeat(np.arange(households), sizes)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    order = np.arange(children) - starts[household]

    # Parents: heritage, surnames, how the children's surnames follow them.
    father_heritage = rng.choice(len(HERITAGES), size=households, p=np.array(HERITAGE_SHARES))
    mother_heritage = np.where(
        rng.random(households) < rates.mixed_heritage_parents,
        rng.choice(len(HERITAGES), size=households, p=np.array(HERITAGE_SHARES)),
        father_heritage,
    )
    father = _names_by_heritage(rng, father_heritage, SURNAMES, rates.surname_zipf_exponent)
    maiden = _names_by_heritage(rng, mother_heritage, SURNAMES, rates.surname_zipf_exponent)
    previous_partner = _names_by_heritage(rng, mother_heritage, SURNAMES, rates.surname_zipf_exponent)
    shape = rng.random(households)
    married = shape < rates.married_parents
    single = shape >= 1 - rates.single_mother
    take_father = (
        np.where(
            single,
            rng.random(households) < rates.father_surname_when_single_mother,
            rng.random(households) < rates.father_surname_when_unmarried,
        )
        | married
    )
    hh_surname = np.where(take_father, father, maiden)
    hh_alt = np.where(married, hh_surname, np.where(take_father, maiden, father))
    differ = hh_surname != hh_alt
    barrel = differ & (rng.random(households) < rates.double_barrelled_when_parents_differ)
    barrel_name = np.where(rng.random(households) < 0.5, father + "-" + maiden, maiden + "-" + father)
    hh_surname = np.where(barrel, barrel_name, hh_surname)
    hh_alt = np.where(barrel, hh_surname, hh_alt)
    mother_first = _names_by_heritage(rng, mother_heritage, GIRLS, rates.given_name_zipf_exponent)

    # Children: sex, heritage of their given names, surnames (step-children carry a previous partner's).
    male = rng.random(children) < 0.51
    name_heritage = np.where(rng.random(children) < 0.6, mother_heritage[household], father_heritage[household]).astype(
        np.int64
    )
    anglicised = np.zeros(children, dtype=bool)
    for name, share in rates.british_given_names_used_by:
        anglicised |= (name_heritage == HERITAGES.index(name)) & (rng.random(children) < share)
    name_heritage[anglicised] = HERITAGES.index("british")

    surname = hh_surname[household].copy()
    alt_surname = hh_alt[household].copy()
    multi = sizes[household] >= 2
    step_household = rng.random(households) < rates.step_family_in_multi_child_household
    eldest_steps = np.where(sizes >= 3, 1 + (rng.random(households) < 0.5), 1)
    step = multi & step_household[household] & (order < eldest_steps[household])
    step &= previous_partner[household] != surname
    surname[step] = previous_partner[household][step]
    alt_surname[step] = np.where(married[household], father[household], maiden[household])[step]
    double_barrelled = barrel[household] & ~step

    # Dates of birth: siblings at least ten months apart, eldest first; a twin pair shares one.
    gaps = (300 + rng.gamma(2.0, 330.0, size=children)).astype(np.int64)
    gaps[order == 0] = 0
    twin_household = multi & (rng.random(households) < rates.twin_pair_in_multi_child_household)[household]
    twin_first = np.full(households, -1)
    candidates = np.flatnonzero(twin_household & (order < sizes[household] - 1))
    if len(candidates):
        # One adjacent pair per twin household: the later child of the pair gets no gap.
        pick_order = rng.permutation(len(candidates))
        chosen_households = household[candidates[pick_order]]
        _, first_index = np.unique(chosen_households, return_index=True)
        firsts = candidates[pick_order][first_index]
        twin_first[household[firsts]] = firsts
    has_twin_pair = twin_first >= 0
    first_twin = twin_first[has_twin_pair]
    second_twin = first_twin + 1
    gaps[second_twin] = 0
    cumulative = gaps.copy()
    for size in range(2, int(sizes.max()) + 1):
        later = order == size - 1
        cumulative[later] += cumulative[np.flatnonzero(later) - 1]
    span = np.zeros(households, dtype=np.int64)
    np.maximum.at(span, household, cumulative)
    limit = int(17.9 * YEAR_DAYS)
    squeeze = np.where(span > limit - 200, (limit - 200) / np.maximum(span, 1), 1.0)
    cumulative = (cumulative * squeeze[household]).astype(np.int64)
    span = (span * squeeze).astype(np.int64)
    eldest_age = span + (rng.random(households) * (limit - span)).astype(np.int64)
    age_days = eldest_age[household] - cumulative
    dob = as_of - age_days.astype("timedelta64[D]")

    # Twins: kind, sex and (for the rare same-name pair) the same first name with different middle names.
    twin = np.full(children, -1)
    twin[first_twin] = second_twin
    twin[second_twin] = first_twin
    kind = rng.random(len(first_twin))
    same_name = kind < rates.twins_same_sex_same_first_name
    same_sex = kind < rates.twins_same_sex_same_first_name + rates.twins_same_sex
    male[second_twin] = np.where(same_sex, male[first_twin], ~male[first_twin])
    surname[second_twin] = surname[first_twin]
    alt_surname[second_twin] = alt_surname[first_twin]
    step[second_twin] = step[first_twin]
    twin_same_name = np.zeros(children, dtype=bool)
    twin_same_name[first_twin[same_name]] = True
    twin_same_name[second_twin[same_name]] = True
    # Surnames follow sex only now that every twin's sex is known (a Kowalski's twin sister is a Kowalska).
    girls = np.flatnonzero(~male)
    surname[girls] = [feminine_surname(s) for s in surname[girls]]
    alt_surname[girls] = [feminine_surname(s) for s in alt_surname[girls]]

    given = _given_names(rng, name_heritage, male)
    given[second_twin[same_name]] = given[first_twin[same_name]]
    # Siblings never share a first name, except the planted same-name twins.
    for _ in range(20):
        codes, _ = pd.factorize(given)
        keys = household.astype(np.int64) * (int(codes.max()) + 1) + codes
        _, first_seen, inverse = np.unique(keys, return_index=True, return_inverse=True)
        clash = (first_seen[inverse] != np.arange(children)) & ~twin_same_name
        if not clash.any():
            break
        where = np.flatnonzero(clash)
        given[where] = _given_names(rng, name_heritage[where], male[where])

    middle = np.where(
        rng.random(children) < rates.middle_name_from_british_list,
        _given_names(rng, np.zeros(children, dtype=np.int64), male),
        _given_names(rng, name_heritage, male),
    ).astype(object)
    for _ in range(20):
        clash = middle == given
        if not clash.any():
            break
        middle[clash] = _given_names(rng, np.zeros(int(clash.sum()), dtype=np.int64), male[clash])
    two = rng.random(children) < rates.two_middle_names
    second = _given_names(rng, np.zeros(children, dtype=np.int64), male)
    middle[two] = middle[two] + " " + second[two]
    middle[rng.random(children) >= rates.has_middle_name] = ""
    # Same-name twins are told apart by their middle names: both have one, and they differ.
    for a, b in zip(first_twin[same_name].tolist(), second_twin[same_name].tolist(), strict=True):
        boys_or_girls = BOYS["british"] if male[a] else GIRLS["british"]
        pool = [n for n in boys_or_girls[:60] if n != given[a]]
        first_pick, second_pick = rng.choice(len(pool), size=2, replace=False)
        middle[a], middle[b] = pool[int(first_pick)], pool[int(second_pick)]

    # Addresses: about 12 households per postcode unit (counting old addresses); half the households have moved.
    units = max(50, households * 2 // rates.households_per_postcode)
    unit_postcode, unit_street, unit_town, unit_authority = ids.postcode_units(rng, units)
    hh_unit_now = rng.integers(0, units, size=households)
    moved = rng.random(households) < rates.household_moved
    near = rng.random(households) < rates.move_within_same_town
    # A move is often within the same town.
    hh_unit_before = np.where(moved, rng.integers(0, units, size=households), -1)
    town_of = unit_town[hh_unit_now]
    for town in np.unique(unit_town.astype(str)):
        same_town = np.flatnonzero(unit_town == town)
        movers = np.flatnonzero(moved & near & (town_of == town))
        if len(movers):
            hh_unit_before[movers] = same_town[rng.integers(0, len(same_town), size=len(movers))]
    hh_unit_before[moved & (hh_unit_before == hh_unit_now)] = (
        hh_unit_now[moved & (hh_unit_before == hh_unit_now)] + 1
    ) % units
    number_now = rng.integers(1, 120, size=households).astype(str).astype(object)
    number_before = rng.integers(1, 120, size=households).astype(str).astype(object)
    flats_now = rng.random(households) < rates.flat_address
    flats_before = rng.random(households) < rates.flat_address
    number_now[flats_now] = (
        "Flat "
        + rng.integers(1, 12, size=int(flats_now.sum())).astype(str).astype(object)
        + ", "
        + number_now[flats_now]
    )
    number_before[flats_before] = (
        "Flat "
        + rng.integers(1, 12, size=int(flats_before.sum())).astype(str).astype(object)
        + ", "
        + number_before[flats_before]
    )

    titles = np.where(rng.random(households) < 0.5, "Ms ", "Mrs ")
    hh_parent = titles.astype(object) + mother_first + " " + np.where(married, father, maiden)

    # Identifiers: an NHS number each; a UPN for every child who has reached school age (first school's number).
    nhs = ids.nhs_numbers(rng, children)
    school_name, school_laestab, by_authority = _schools(rng)
    authority = unit_authority[np.where(moved, hh_unit_before, hh_unit_now)]
    hh_primary = np.empty(households, dtype=np.int64)
    hh_secondary = np.empty(households, dtype=np.int64)
    for name, (primary, secondary) in by_authority.items():
        where = np.flatnonzero(authority == name)
        hh_primary[where] = primary[rng.integers(0, len(primary), size=len(where))]
        hh_secondary[where] = secondary[rng.integers(0, len(secondary), size=len(where))]
    age = (as_of - dob).astype(np.int64) / YEAR_DAYS
    schooled = age >= 4.3
    laestab = school_laestab[hh_primary[household]]
    entry_year = (dob.astype("datetime64[Y]").astype(np.int64) + 1970 + 4) % 100
    upn = np.full(children, "", dtype=object)
    where = np.flatnonzero(schooled)
    if len(where):
        keys = laestab[where].astype(str).astype(object) + entry_year[where].astype(str).astype(object)
        _, inverse = np.unique(keys.astype(str), return_inverse=True)
        serial = np.zeros(len(where), dtype=np.int64)
        order_keys = np.argsort(inverse, kind="stable")
        sorted_keys = inverse[order_keys]
        run_start = np.r_[0, np.flatnonzero(np.diff(sorted_keys)) + 1]
        run_id = np.repeat(np.arange(len(run_start)), np.diff(np.r_[run_start, len(sorted_keys)]))
        serial[order_keys] = np.arange(len(sorted_keys)) - run_start[run_id] + 1
        establishment = np.array([s[3:] for s in laestab[where]], dtype=object)
        # More than 999 pupils starting one school in one year spill into a neighbouring establishment number.
        establishment = np.array(
            [f"{(int(e) + s // 1000) % 10000:04d}" for e, s in zip(establishment, serial.tolist(), strict=True)],
            dtype=object,
        )
        upn[where] = ids.upns(
            np.array([s[:3] for s in laestab[where]], dtype=object),
            establishment,
            np.char.zfill(entry_year[where].astype(str), 2).astype(object),
            np.char.zfill((serial % 1000).astype(str), 3).astype(object),
        )

    return World(
        as_of=as_of,
        hh_unit_now=hh_unit_now,
        hh_number_now=number_now,
        hh_unit_before=hh_unit_before,
        hh_number_before=number_before,
        hh_parent=hh_parent,
        hh_primary=hh_primary,
        hh_secondary=hh_secondary,
        unit_postcode=unit_postcode,
        unit_street=unit_street,
        unit_town=unit_town,
        unit_authority=unit_authority,
        school_name=school_name,
        school_laestab=school_laestab,
        household=household,
        sex=np.where(male, "M", "F").astype(object),
        given=given,
        middle=middle,
        surname=surname,
        alt_surname=alt_surname,
        double_barrelled=double_barrelled,
        step=step,
        dob=dob,
        nhs=nhs,
        upn=upn,
        twin=twin,
        twin_same_name=twin_same_name,
    )
