"""Names spelt two ways that sound alike: one middle name (Ivy and Ivie), and one given name under one full middle
name (Zayn Ethan and Zane Ethan). Twins given sound-alike names (Layla and Lola) stay apart unless they share a
middle name as well."""

from __future__ import annotations

from safeguard.datawash.engine.rules import TWINS_RULE, doubt_reason, veto_reason

from .test_rules import facts


def test_a_middle_name_spelt_two_ways_that_sound_alike_is_not_twins() -> None:
    one = facts("Isabella", "Smith", "2010-03-04", middle_name="ivy")
    other = facts("Isabella", "Smith", "2010-03-04", middle_name="ivie")
    assert veto_reason(one, other) is None
    assert doubt_reason(one, other) is None


def test_sound_alike_given_names_under_one_full_middle_name_are_not_twins() -> None:
    one = facts("Zayn", "Khan", "2010-03-04", middle_name="ethan")
    other = facts("Zane", "Khan", "2010-03-04", middle_name="ethan")
    assert veto_reason(one, other) is None
    assert doubt_reason(one, other) is None


def test_sound_alike_twins_without_one_middle_name_stay_apart() -> None:
    layla = facts("Layla", "Hall", "2010-03-04", middle_name="rose")
    assert veto_reason(layla, facts("Lola", "Hall", "2010-03-04", middle_name="grace")) == TWINS_RULE
    assert veto_reason(layla, facts("Lola", "Hall", "2010-03-04")) == TWINS_RULE
    assert veto_reason(facts("Layla", "Hall", "2010-03-04"), facts("Lola", "Hall", "2010-03-04")) == TWINS_RULE


def test_one_middle_initial_does_not_excuse_sound_alike_given_names() -> None:
    one = facts("Layla", "Hall", "2010-03-04", middle_name="r")
    assert veto_reason(one, facts("Lola", "Hall", "2010-03-04", middle_name="r")) == TWINS_RULE


def test_twins_with_one_middle_name_and_names_that_do_not_sound_alike_stay_apart() -> None:
    one = facts("Oliver", "Hall", "2010-03-04", middle_name="james")
    assert veto_reason(one, facts("Harry", "Hall", "2010-03-04", middle_name="james")) == TWINS_RULE
