"""One address written with and without the town is one place: the namesake rule (no identifier or address agrees)
does not hold apart a child whose sex one agency recorded wrongly at that address."""

from __future__ import annotations

from safeguard.datawash.engine.rules import NAMESAKE_RULE, doubt_reason

from .test_rules import facts


def test_an_address_with_the_town_added_agrees_so_a_wrongly_recorded_sex_is_not_a_namesake() -> None:
    health = facts(
        "Chioma", "Osei", "2000-07-19", sex="f", postcode_sector="TS23 0", address="68 bondgate view billingham"
    )
    police = facts("Chioma", "Osei", "2000-07-19", sex="m", postcode_sector=None, address="68 bondgate view")
    assert doubt_reason(health, police) is None


def test_another_house_in_the_street_is_not_one_address() -> None:
    health = facts(
        "Chioma", "Osei", "2000-07-19", sex="f", postcode_sector="TS23 0", address="68 bondgate view billingham"
    )
    police = facts("Chioma", "Osei", "2000-07-19", sex="m", postcode_sector=None, address="6 bondgate view")
    assert doubt_reason(health, police) == NAMESAKE_RULE


def test_a_flat_number_alone_is_not_an_address() -> None:
    one = facts("Chioma", "Osei", "2000-07-19", sex="f", postcode_sector="TS23 0", address="flat 2 68 bondgate view")
    other = facts("Chioma", "Osei", "2000-07-19", sex="m", postcode_sector=None, address="flat 2")
    assert doubt_reason(one, other) == NAMESAKE_RULE
