"""What each agency sends: the canonical columns, each source's own columns, its noise profile, and its records.

A record is a noisy copy of a real (synthetic) child; ``records`` makes one source's table from the
population and the contacts the world planned.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from safeguard.synth.noise import (
    NoiseRates,
    apply_noise,
    dob_noise,
    format_dates,
    join_noise_tags,
    nhs_noise,
    nickname,
    single_of_double,
    typo,
    upn_noise,
)
from safeguard.synth.population import small_ints_as_text, zero_padded

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


Columns = dict[str, np.ndarray]


# Which records got which kind of noise: (kind, mask) pairs, in the order the noise was applied.
_Marks = list[tuple[str, np.ndarray]]


# Receives each source's records as they are made: (source, table, person_id per record, noise per record).
RecordSink = Callable[[str, pd.DataFrame, np.ndarray, np.ndarray], None]


ONE_DAY = np.timedelta64(1, "D")


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


def school_start_dates(as_of: np.datetime64, nc: np.ndarray) -> np.ndarray:
    year = int(as_of.astype("datetime64[Y]").astype(np.int64)) + 1970
    month = int(as_of.astype("datetime64[M]").astype(np.int64)) % 12 + 1
    academic = year if month >= 9 else year - 1
    start_year = academic - nc
    return (start_year - 1970).astype("datetime64[Y]").astype("datetime64[M]") + np.timedelta64(8, "M")


def add_duplicates(
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
    earlier = np.maximum(earlier, dob + ONE_DAY)
    # An earlier copy never moves a child's latest contact, so the truth is unchanged.
    earlier = np.minimum(earlier, seen[dup])
    copies = np.r_[np.zeros(len(persons), dtype=bool), np.ones(len(dup), dtype=bool)]
    return np.r_[persons, persons[dup]], np.r_[seen, earlier].astype("datetime64[D]"), copies


def source_records(
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

    def col(name: str) -> np.ndarray:
        return people[name][persons]

    # Each step draws from ``rng`` in turn, so their order is part of what a seed produces.
    postcode, address, address_marks = _addresses(col, seen, noise, rng)
    family, surname_marks = _surnames(col("family_name"), col("previous_family_name"), noise, rng)
    given, middle, family, name_marks = _names(col("given_name"), col("middle_name"), family, noise, rng)
    dob, dob_marks = _dates_of_birth(col("date_of_birth"), noise, rng)
    missing_postcode = rng.random(n) < noise.missing_postcode
    postcode = np.where(missing_postcode, "", postcode)
    nhs, upn, identifier_marks = _identifiers(col("nhs_number"), col("upn"), noise, rng)
    flip = rng.random(n) < noise.other_date_format
    marks = [
        ("duplicate", copies),
        *address_marks,
        *surname_marks,
        *name_marks,
        *dob_marks,
        ("missing_postcode", missing_postcode),
        *identifier_marks,
        ("other_date_format", flip),
    ]
    values = {
        "given_name": given,
        "middle_name": middle,
        "family_name": family,
        "date_of_birth": dob,
        "sex": col("sex"),
        "postcode": postcode,
        "address_line": address,
        "nhs_number": nhs,
        "upn": upn,
        "last_seen_date": seen,
    }
    return _in_source_format(values, profile, flip), join_noise_tags(marks, n)


def _addresses(
    col: Callable[[str], np.ndarray], seen: np.ndarray, noise: NoiseRates, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, _Marks]:
    """Postcode and address, old ones where the household moved after the record was last touched (and some others)."""
    moved_on = col("moved_on")
    moved = ~np.isnat(moved_on)
    stale = moved & ((seen < moved_on) | (rng.random(len(seen)) < noise.stale_address))
    postcode = np.where(stale, col("previous_postcode"), col("postcode"))
    address = np.where(stale, col("previous_address_line"), col("address_line"))
    return postcode, address, [("old_address", stale)]


def _surnames(
    family: np.ndarray, previous: np.ndarray, noise: NoiseRates, rng: np.random.Generator
) -> tuple[np.ndarray, _Marks]:
    """Family names as recorded: some still the previous one, some double-barrelled ones cut to a single name."""
    n = len(family)
    old_surname = (previous != "") & (rng.random(n) < noise.old_surname)
    family = np.where(old_surname, previous, family)
    before = family
    family = single_of_double(family, rng.random(n) < noise.single_of_double, rng)
    return family, [("old_surname", old_surname), ("surname_form", family != before)]


def _names(
    given: np.ndarray, middle: np.ndarray, family: np.ndarray, noise: NoiseRates, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray, _Marks]:
    """Given, middle and family names with nicknames, typos, given and family swapped, and middle names left out."""
    n = len(given)
    before = given
    given = apply_noise(given, rng.random(n) < noise.nickname, nickname, rng)
    marks: _Marks = [("nickname", given != before)]
    typo_given = rng.random(n) < noise.typo
    typo_family = rng.random(n) < noise.typo / 2
    before_given, before_family = given, family
    given = apply_noise(given, typo_given, typo, rng)
    family = apply_noise(family, typo_family, typo, rng)
    marks += [("typo_given", given != before_given), ("typo_family", family != before_family)]
    swap = rng.random(n) < noise.name_swap
    given, family = np.where(swap, family, given), np.where(swap, given, family)
    marks.append(("name_swap", swap))
    middle = np.where(rng.random(n) < noise.missing_middle, "", middle)
    return given, middle, family, marks


def _dates_of_birth(clean: np.ndarray, noise: NoiseRates, rng: np.random.Generator) -> tuple[np.ndarray, _Marks]:
    """Dates of birth with day and month swapped, a digit wrong, or missing."""
    dob, swapped, digit = dob_noise(clean, noise, rng)
    return dob, [("dob_swap", swapped), ("dob_digit", digit), ("missing_dob", np.isnat(dob) & ~np.isnat(clean))]


def _identifiers(
    nhs: np.ndarray, upn: np.ndarray, noise: NoiseRates, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, _Marks]:
    """NHS numbers and UPNs where the source holds them, some keyed wrongly."""
    nhs, bad_nhs = nhs_noise(nhs, noise, rng)
    upn, bad_upn = upn_noise(upn, noise, rng)
    return nhs, upn, [("nhs_invalid", bad_nhs), ("upn_invalid", bad_upn)]


def _in_source_format(values: Columns, profile: SourceProfile, flip: np.ndarray) -> Columns:
    """The canonical columns as the source writes them: its record ids, sex codes and date format (some the other)."""
    n = len(flip)
    other = "uk" if profile.date_format == "iso" else "iso"
    sex = values["sex"]
    return {
        "record_id": zero_padded(np.arange(1, n + 1), max(6, len(str(n))), profile.prefix),
        **values,
        "date_of_birth": format_dates(values["date_of_birth"], profile.date_format, other, flip),
        "sex": (np.where(sex == "M", "Male", "Female") if profile.sex_words else sex).astype(object),
        "last_seen_date": format_dates(values["last_seen_date"], profile.date_format, other, flip),
    }


_POLICE_INVOLVEMENT = np.array(["Victim", "Witness", "Missing person", "Concern for welfare", "Suspect"], dtype=object)


_SOCIAL_CARE_TEAMS = np.array(
    ["Front Door", "Early Help", "Children in Need", "Child Protection", "Children in Care"], dtype=object
)


def with_source_columns(
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
        table["registered_on"] = format_dates(reg_dates[position], "iso", "iso", np.zeros(n, dtype=bool))
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


def register_dates(
    pop: pd.DataFrame, cohort_people: np.ndarray, as_of: np.datetime64, rng: np.random.Generator
) -> np.ndarray:
    """When each cohort child went onto the register: after starting school, before ``as_of``."""
    nc = pop["nc_year"].to_numpy()[cohort_people]
    start = school_start_dates(as_of, nc).astype("datetime64[D]")
    span = np.maximum((as_of - start).astype(np.int64), 2)
    return start + (rng.random(len(cohort_people)) * (span - 1)).astype("timedelta64[D]") + ONE_DAY


def _parent_names(pop: pd.DataFrame) -> np.ndarray:
    """For everyone, the first adult in their household, as 'Given Family' (or empty if there is none)."""
    adults = pop[pop["kind"] == "adult"].drop_duplicates("household_id")
    lookup = pd.Series(
        (adults["given_name"] + " " + adults["family_name"]).to_numpy(), index=adults["household_id"].to_numpy()
    )
    return lookup.reindex(pop["household_id"].to_numpy()).fillna("").to_numpy(dtype=object)


def population_columns(pop: pd.DataFrame) -> Columns:
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
