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

The work is split by concern: ``world`` (population, cohort, contacts, truth), ``noise`` (how a record
is garbled), ``sources`` (each agency's columns, profile and records) and ``writing`` (CSV, XLSX,
truth files, manifest). This module keeps the entry point and the names callers import.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import partial
from pathlib import Path

from safeguard.synth.noise import NoiseRates
from safeguard.synth.sources import CANONICAL_COLUMNS, COHORT_SOURCE, DEFAULT_PROFILES, SOURCES, SourceProfile
from safeguard.synth.world import HardCases, World, build_world, names_related
from safeguard.synth.writing import CsvWriter, ExtractSet, finish_extracts, write_world


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
    with CsvWriter(out) as writer:
        world = build(sink=writer)
    return finish_extracts(out, world, writer, {})


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
