"""One child's name and date of birth, written exactly alike at two agencies, with nothing against one child: linked
from the check threshold up, not only from the link threshold (a previous address alone no longer holds them apart)."""

from __future__ import annotations

from safeguard.datawash.engine.rules import same_name_and_birthday_nothing_against

from .test_rules import facts

SCHOOL = {"upn": "A123456789012", "postcode_sector": "DL3 7", "address": "1 high street", "sex": "f"}
HEALTH_ELSEWHERE = {"nhs_number": "9434765919", "postcode_sector": "TS1 5", "address": "9 elm road", "sex": "f"}


def test_one_name_and_birthday_at_a_previous_address_with_different_identifiers_on_each_side_is_one_child() -> None:
    school = facts("Olivia", "Smith", "2010-03-04", **SCHOOL)
    health = facts("Olivia", "Smith", "2010-03-04", **HEALTH_ELSEWHERE)
    assert same_name_and_birthday_nothing_against(school, health)


def test_a_known_namesake_keeps_the_pair_to_the_model() -> None:
    school = facts("Olivia", "Smith", "2010-03-04", **SCHOOL, namesakes_exist=True)
    health = facts("Olivia", "Smith", "2010-03-04", **HEALTH_ELSEWHERE)
    assert not same_name_and_birthday_nothing_against(school, health)


def test_a_different_sex_or_middle_name_keeps_the_pair_to_the_model() -> None:
    school = facts("Olivia", "Smith", "2010-03-04", **SCHOOL, middle_name="rose")
    assert not same_name_and_birthday_nothing_against(
        school, facts("Olivia", "Smith", "2010-03-04", **{**HEALTH_ELSEWHERE, "sex": "m"})
    )
    assert not same_name_and_birthday_nothing_against(
        school, facts("Olivia", "Smith", "2010-03-04", **HEALTH_ELSEWHERE, middle_name="grace")
    )


def test_different_nhs_numbers_are_never_one_child() -> None:
    one = facts("Olivia", "Smith", "2010-03-04", **HEALTH_ELSEWHERE)
    other = facts("Olivia", "Smith", "2010-03-04", **{**HEALTH_ELSEWHERE, "nhs_number": "4010232137"})
    assert not same_name_and_birthday_nothing_against(one, other)


def test_a_name_or_date_only_close_is_left_to_the_model() -> None:
    school = facts("Olivia", "Smith", "2010-03-04", **SCHOOL)
    assert not same_name_and_birthday_nothing_against(school, facts("Livvy", "Smith", "2010-03-04", **HEALTH_ELSEWHERE))
    assert not same_name_and_birthday_nothing_against(
        school, facts("Olivia", "Smith", "2010-03-05", **HEALTH_ELSEWHERE)
    )
    assert not same_name_and_birthday_nothing_against(
        school, facts("Olivia", "Smyth", "2010-03-04", **HEALTH_ELSEWHERE)
    )
