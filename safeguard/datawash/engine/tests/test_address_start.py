"""The start of an address (house number and the first word of the street) blocks records of one house written
two ways, so a record with no date of birth and a misspelt nickname is still compared with the child's others."""

from __future__ import annotations

import pytest

from safeguard.datawash.engine.features import _address_start


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("116 colliery crescent darlington", "116 colliery cres"),
        ("flat 2 116 colliery crescent", "116 colliery crescent"),
        ("12a high street", "12a high st darlington"),
    ],
)
def test_one_house_written_two_ways_has_one_start(one: str, other: str) -> None:
    assert _address_start(one) == _address_start(other) != ""


def test_neighbours_and_houses_without_a_number_have_no_common_start() -> None:
    assert _address_start("116 colliery crescent") != _address_start("118 colliery crescent")
    assert _address_start("rose cottage") == ""
