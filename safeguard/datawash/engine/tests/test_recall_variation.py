"""Variation issue 13 lists that the rules held apart although the records can only be one child's: a nickname
misspelt under one full middle name, a short form as long as the name, a sex recorded wrongly under one full
name, and one agency holding a child twice, once at a previous address. Twins and namesakes stay apart."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from safeguard.datawash.engine.rules import NAMESAKE_RULE, TWINS_RULE, doubt_reason, namesakes_exist, veto_reason

from .test_rules import facts


def test_a_nickname_misspelt_under_the_same_full_middle_name_is_one_child_not_twins() -> None:
    kaite = facts("Kaite", "Hall", "2010-03-04", middle_name="rose", sex="f")
    katherine = facts("Katherine", "Hall", "2010-03-04", middle_name="rose", sex="f")
    assert veto_reason(kaite, katherine) is None
    assert doubt_reason(kaite, katherine) is None


def test_a_nickname_misspelt_with_no_middle_name_or_an_initial_still_goes_to_an_officer() -> None:
    katherine = facts("Katherine", "Hall", "2010-03-04", middle_name="rose", sex="f")
    for middle in (None, "r"):
        kaite = facts("Kaite", "Hall", "2010-03-04", middle_name=middle, sex="f")
        assert TWINS_RULE in (doubt_reason(kaite, katherine) or "")


def test_twins_given_different_names_are_held_apart_even_with_one_middle_name() -> None:
    olivia = facts("Olivia", "Hall", "2010-03-04", middle_name="rose", sex="f")
    amelia = facts("Amelia", "Hall", "2010-03-04", middle_name="rose", sex="f")
    assert veto_reason(olivia, amelia) == TWINS_RULE


def test_a_short_form_as_long_as_the_name_is_one_child() -> None:
    livvie = facts("Livvie", "Smith", "2001-08-13", middle_name="daisy", sex="f")
    olivia = facts("Olivia", "Smith", "2001-08-13", middle_name="daisy", sex="f")
    assert veto_reason(livvie, olivia) is None
    assert doubt_reason(livvie, olivia) is None
    # Made by a rule, so still never across a brother and a sister.
    assert veto_reason(facts("Livvie", "Smith", "2001-08-13", sex="f"), facts("Olivia", "Smith", "2001-08-13", sex="m"))


def test_a_sex_recorded_wrongly_under_one_full_name_and_birthday_elsewhere_is_no_namesake() -> None:
    school = facts("Olivia", "Smith", "2010-09-15", middle_name="amelia", sex="m", postcode_sector="TS25 7")
    care = facts(
        "Olivia", "Smith", "2010-09-15", middle_name="amelia", sex="f", postcode_sector="TS25 1", address="4 old road"
    )
    assert doubt_reason(school, care) is None


def test_a_sex_that_differs_with_no_middle_name_or_an_initial_is_still_a_namesake_doubt() -> None:
    for middle in (None, "a"):
        school = facts("Olivia", "Smith", "2010-09-15", middle_name=middle, sex="m", postcode_sector="TS25 7")
        care = facts(
            "Olivia", "Smith", "2010-09-15", middle_name=middle, sex="f", postcode_sector="TS25 1", address="4 old road"
        )
        assert doubt_reason(school, care) == NAMESAKE_RULE


def _table(*rows: tuple[str, str | None, str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "given_name": "jack",
                "family_name": "smith",
                "date_of_birth": "2010-01-01",
                "middle_name": middle,
                "source": source,
                "postcode_sector": sector,
                "address": address,
                "nhs_number": None,
                "upn": None,
            }
            for source, middle, sector, address in rows
        ]
    )


def test_one_agency_holding_a_child_twice_at_a_previous_address_under_one_middle_name_is_no_namesake() -> None:
    table = _table(
        ("school_census", "oliver", "DL3 7", "1 high street"), ("school_census", "oliver", "TS1 4", "9 old road")
    )
    assert not namesakes_exist(table).any()


def test_one_agency_holding_one_name_at_two_places_without_a_shared_middle_name_is_still_two_children() -> None:
    for first, second in (("oliver", "james"), (None, None), ("o", "o")):
        table = _table(
            ("school_census", first, "DL3 7", "1 high street"), ("school_census", second, "TS1 4", "9 old road")
        )
        assert namesakes_exist(table).all(), (first, second)


@pytest.mark.parametrize(
    ("left", "right", "one"),
    [
        ("38 firthmoor grove", "38 firthmoor grove durham", True),
        ("38 firthmoor grove durham", "38 firthmoor grove", True),
        ("38 firthmoor grove", "38 firthmoor grove", True),
        ("flat 2", "flat 2 68 bondgate view", False),
        ("6 bondgate view", "68 bondgate view", False),
    ],
)
def test_the_model_weighs_an_address_line_with_the_town_added_as_the_same_line(
    left: str, right: str, one: bool
) -> None:
    from safeguard.datawash.engine.model import _ONE_ADDRESS_LINE

    found = duckdb.sql(f"select ({_ONE_ADDRESS_LINE}) from (select '{left}' as address_l, '{right}' as address_r)")
    assert found is not None
    assert found.fetchall()[0][0] is one
