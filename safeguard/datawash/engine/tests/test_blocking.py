"""Which pairs the blocking rules put before the model: every way one child's date of birth is mistyped, and not
every namesake or sibling born in the same year (scoring those was most of a large run's time)."""

from __future__ import annotations

import logging
from pathlib import Path

import duckdb
import pytest
from splink import Linker

from safeguard.datawash.engine.backends import duckdb_api
from safeguard.datawash.engine.config import Resources
from safeguard.datawash.engine.features import build_link_table
from safeguard.datawash.engine.io import Mapping, ValidationRules, load_extract
from safeguard.datawash.engine.link import NOT_SCORED
from safeguard.datawash.engine.model import leave_out_earlier_pairs_by_their_keys, prediction_blocking_rules, settings

from .conftest import AS_OF, write_csv

LISTS = ["given_groups", "given_sounds", "family_tokens"]
"""Array columns no blocking rule reads (left out so DuckDB need not guess their type)."""


def _rule_sql() -> list[str]:
    return [rule["blocking_rule"] for rule in prediction_blocking_rules()]


def _blocked(tmp_path: Path, first: str, second: str) -> bool:
    """Whether any rule pairs the police record ``first`` with the health record ``second`` (CSV rows)."""
    rules = ValidationRules(as_of=AS_OF, max_age_years=25)
    extracts = [
        load_extract("police", write_csv(tmp_path / "police.csv", first), Mapping(), rules),
        load_extract("health", write_csv(tmp_path / "health.csv", second), Mapping(), rules),
    ]
    table = build_link_table(extracts).drop(columns=LISTS)
    assert len(table) == 2, "both rows must be valid"
    with duckdb.connect() as connection:
        connection.register("records", table)
        return any(
            connection.execute(
                f"select count(*) from records l join records r on ({rule}) where l.unique_id < r.unique_id"
            ).fetchall()[0][0]
            for rule in _rule_sql()
        )


HEALTH = "H1,Jonathan,,Smith,2010-03-05,m,,14 Mill Crescent,,,"


@pytest.mark.parametrize(
    ("what", "police"),
    [
        ("a day out, name misspelt", "P1,Jonathon,,Smith,2010-03-06,m,,,,,"),
        ("ten days out, across a month's end", "P1,Jonathon,,Smith,2010-02-24,m,,,,,"),
        ("a year out", "P1,Jonathon,,Smith,2011-03-05,m,,,,,"),
        ("day and month swapped", "P1,Jonathon,,Smith,2010-05-03,m,,,,,"),
        ("no date of birth, the house written another way", "P1,Jonny,,Smyth,,m,,14 Mill Cres Darlington,,,"),
        ("given and family names swapped, a week out", "P1,Smith,,Jonathan,2010-03-12,m,,,,,"),
    ],
)
def test_each_way_one_childs_date_of_birth_is_mistyped_is_put_before_the_model(
    tmp_path: Path, what: str, police: str
) -> None:
    assert _blocked(tmp_path, police, HEALTH), what


def test_namesakes_born_months_apart_are_not_scored(tmp_path: Path) -> None:
    assert not _blocked(tmp_path, "P1,Jonathon,,Smith,2010-09-21,m,,,,,", HEALTH)


def test_siblings_at_one_house_born_in_other_years_are_not_scored(tmp_path: Path) -> None:
    assert not _blocked(tmp_path, "P1,Amelia,,Smith,2013-11-20,f,,14 Mill Crescent,,,", HEALTH)


def test_two_records_with_different_nhs_numbers_are_not_scored_as_the_veto_would_part_them(tmp_path: Path) -> None:
    assert not _blocked(
        tmp_path,
        "P1,Jonathan,,Smith,2010-03-05,m,,14 Mill Crescent,9434765870,,",
        "H1,Jonathan,,Smith,2010-03-05,m,,14 Mill Crescent,9434765919,,",
    )


def test_leaving_out_earlier_rules_pairs_by_their_keys_blocks_exactly_the_pairs_splink_would(
    small_set: Path, tmp_path: Path
) -> None:
    rules = ValidationRules(as_of=AS_OF, max_age_years=25)
    names = ("ehe_register", "school_census", "health", "police", "social_care")
    table = build_link_table([load_extract(n, small_set / f"{n}.csv", Mapping(), rules) for n in names])

    def blocked(faster: bool) -> list[tuple[int, int, str]]:
        with duckdb_api(Resources(), tmp_path) as api:
            frame = api.register(table.drop(columns=list(NOT_SCORED)), dataset_display_name="records")
            linker = Linker(frame, settings(), log_level=logging.WARNING)
            if faster:
                leave_out_earlier_pairs_by_their_keys(linker)
            pairs = linker.inference.compute_blocked_pairs_for_predict().as_pandas_dataframe()
        return sorted(pairs[["join_key_l", "join_key_r", "match_key"]].astype(str).itertuples(index=False, name=None))

    splinks_own = blocked(faster=False)
    assert len(splinks_own) > 1000
    assert blocked(faster=True) == splinks_own
