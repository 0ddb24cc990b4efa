"""The bulletin's data wash, as synthetic extracts: 101 home-educated children, 57 unseen for 18 months.

Darlington Safeguarding Children Board, bulletin 8 (July 2017): "A data wash was completed in
January 2017 where 101 children were identified as Elective Home Educated and 57 of these
children had not been seen by services in 18 months." This module rebuilds that situation as of
30 June 2017 with a synthetic Darlington population and five agencies' extracts.

The noise is deliberately moderate and unambiguous: a pair of boy/girl twins on the register
(one seen, one not), some nicknames, the odd typo and old address, but no transposed dates of
birth, swapped names or namesakes, so a careful linkage engine finds exactly 57 and flags
nothing as uncertain. The hard cases live in ``write_extracts``' default profiles instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd

from safeguard.synth.extracts import (
    DEFAULT_PROFILES,
    SOURCES,
    ExtractSet,
    HardCases,
    NoiseRates,
    SourceProfile,
    World,
    build_world,
    write_world,
)
from safeguard.synth.population import PopulationOptions, generate_population

DEMO_AS_OF = date(2017, 6, 30)
DEMO_SEED = 20170704  # the day the board met
DEMO_CHILDREN = 3000
DEMO_COHORT = 101
DEMO_UNSEEN = 57
DEMO_UNSEEN_MONTHS = 18

# Darlington's postcode districts, plus a few neighbours for families who moved in.
DARLINGTON_DISTRICTS: tuple[tuple[str, float, int], ...] = (
    ("DL1", 0.38, 841),
    ("DL2", 0.10, 841),
    ("DL3", 0.38, 841),
    ("DL5", 0.06, 840),
    ("DH1", 0.03, 840),
    ("DL6", 0.02, 815),
    ("TS18", 0.03, 808),
)

# Moderate noise: nothing a careful engine should call uncertain.
_GENTLE = NoiseRates(
    typo=0.004,
    nickname=0.03,
    name_swap=0.0,
    dob_swap=0.0,
    dob_digit=0.0,
    missing_dob=0.0,
    missing_middle=0.2,
    missing_postcode=0.0,
    old_surname=0.2,
    single_of_double=0.2,
    stale_address=0.05,
    nhs_invalid=0.005,
    upn_invalid=0.0,
    duplicate=0.005,
)


def demo_profiles() -> Mapping[str, SourceProfile]:
    """Each agency's date format and identifiers as in the default profiles, with gentle noise."""
    held: dict[str, dict[str, float]] = {
        "school_census": {"upn_held": 0.99},
        "health": {"nhs_held": 0.97},
        "police": {"nhs_held": 0.05, "missing_middle": 0.6},
        "social_care": {"nhs_held": 0.7, "upn_held": 0.4},
        "ehe_register": {"upn_held": 0.6, "duplicate": 0.0},
    }
    out: dict[str, SourceProfile] = {}
    for name, base in DEFAULT_PROFILES.items():
        rates = replace(_GENTLE, **held[name])
        if name == "police":
            rates = replace(rates, nickname=0.08)  # police record what the child says they are called
        out[name] = replace(base, noise=rates)
    return out


DEMO_HARD_CASES = HardCases(twin_pairs=1 / DEMO_COHORT, similar_sibling_pairs=0.0, namesakes=0.0, dissimilar_twins=True)


def _demo_world() -> World:
    population = generate_population(
        children=DEMO_CHILDREN,
        seed=DEMO_SEED,
        as_of=DEMO_AS_OF,
        options=PopulationOptions(districts=DARLINGTON_DISTRICTS),
        object_strings=True,
    )
    return build_world(
        children=DEMO_CHILDREN,
        seed=DEMO_SEED,
        as_of=DEMO_AS_OF,
        cohort_size=DEMO_COHORT,
        unseen_count=DEMO_UNSEEN,
        unseen_months=DEMO_UNSEEN_MONTHS,
        sources=SOURCES,
        profiles=demo_profiles(),
        hard_cases=DEMO_HARD_CASES,
        population=population,
    )


def write_demo_extracts(out_dir: Path, *, xlsx: bool = False) -> ExtractSet:
    """Write the demo's five extracts, truth files and manifest to ``out_dir``."""
    return write_world(Path(out_dir), _demo_world(), xlsx=xlsx)


def demo_population() -> pd.DataFrame:
    """The demo's people (children and adults), exactly as the demo extracts were drawn from.

    Columns as ``generate_population``, plus ``namesake_of`` (always empty in the demo),
    ``on_ehe_register`` and ``truly_unseen`` so a person index can be loaded with the register.
    """
    world = _demo_world()
    people = world.population.copy()
    for column in people.columns:
        if people[column].dtype == object:  # hand back the same text dtype as generate_population
            people[column] = people[column].astype("str")
    register = set(world.cohort_truth["person_id"])
    unseen = set(world.cohort_truth.loc[world.cohort_truth["truly_unseen"].astype(bool), "person_id"])
    people["on_ehe_register"] = people["person_id"].isin(register)
    people["truly_unseen"] = people["person_id"].isin(unseen)
    return people
