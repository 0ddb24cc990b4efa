"""One child's name and date of birth, written exactly alike at two agencies, with nothing against one child: linked
however low the model scores the pair (a common name and a previous address alone no longer hold them apart)."""

from __future__ import annotations

from safeguard.datawash.engine.pipeline import LINK, UNCERTAIN, pair_verdict
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


def test_a_common_name_at_a_previous_address_links_however_low_the_model_scores_it() -> None:
    # Olivia Smith at a previous address: the model scores a common name and another address at about one in three.
    school = facts("Olivia", "Smith", "2010-03-04", **SCHOOL, source="school_census")
    health = facts("Olivia", "Smith", "2010-03-04", **HEALTH_ELSEWHERE, source="health")
    assert pair_verdict(school, health, 0.05, link=0.995, cohort="ehe_register") == LINK


def test_a_register_record_is_never_linked_by_name_and_birthday_alone() -> None:
    register = facts("Olivia", "Smith", "2010-03-04", **SCHOOL, source="ehe_register")
    health = facts("Olivia", "Smith", "2010-03-04", **HEALTH_ELSEWHERE, source="health")
    assert pair_verdict(register, health, 0.9, link=0.995, cohort="ehe_register") == UNCERTAIN


def test_a_known_namesake_leaves_a_low_scored_pair_a_candidate() -> None:
    school = facts("Olivia", "Smith", "2010-03-04", **SCHOOL, source="school_census", namesakes_exist=True)
    health = facts("Olivia", "Smith", "2010-03-04", **HEALTH_ELSEWHERE, source="health")
    assert pair_verdict(school, health, 0.05, link=0.995, cohort="ehe_register") != LINK
