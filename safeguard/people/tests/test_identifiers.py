from __future__ import annotations

import pytest

from safeguard.people.identifiers import (
    make_nhs_number,
    make_upn,
    nhs_number_is_valid,
    nhs_number_problem,
    normalise_postcode,
    postcode_is_valid,
    postcode_outward,
    postcode_sector,
    upn_is_temporary,
    upn_is_valid,
    upn_problem,
)


@pytest.mark.parametrize("value", ["9434765919", "943 476 5919", "943-476-5919"])
def test_a_valid_nhs_number_passes_in_any_common_format(value: str) -> None:
    assert nhs_number_is_valid(value)


@pytest.mark.parametrize("value", ["9434765918", "943476591", "94347659190", "abcdefghij", "", "1111111111"])
def test_an_invalid_nhs_number_fails(value: str) -> None:
    assert not nhs_number_is_valid(value)


def test_a_check_digit_of_ten_is_never_valid() -> None:
    # 000000010: weights give a remainder of 1, so the check digit would be 10.
    for nine in range(1000, 2000):
        body = f"{nine:09d}"
        total = sum(int(d) * w for d, w in zip(body, range(10, 1, -1), strict=True))
        if 11 - total % 11 == 10:
            assert make_nhs_number(nine) is None
            assert not any(nhs_number_is_valid(body + str(d)) for d in range(10))
            return
    pytest.fail("no body with check digit 10 found")


def test_nhs_number_problems_say_what_is_wrong() -> None:
    assert "10 digits" in (nhs_number_problem("12345") or "")
    assert "check digit" in (nhs_number_problem("9434765918") or "")
    assert "only digits" in (nhs_number_problem("94347659AB") or "")


def test_generated_upns_are_valid_and_agree_with_python_stdnum() -> None:
    from stdnum.gb import upn as stdnum_upn

    for serial in range(0, 500, 7):
        value = make_upn(841, 2001, 17, serial)
        assert upn_is_valid(value)
        assert stdnum_upn.is_valid(value)


def test_a_upn_with_the_wrong_check_letter_fails() -> None:
    value = make_upn(841, 2001, 17, 5)
    wrong = ("B" if value[0] != "B" else "C") + value[1:]
    assert not upn_is_valid(wrong)
    assert "check letter" in (upn_problem(wrong) or "")


def test_a_temporary_upn_ending_in_a_letter_is_recognised() -> None:
    from safeguard.people.identifiers import upn_check_letter

    body = "84120011712A"
    value = upn_check_letter(body) + body
    assert upn_is_valid(value)
    assert upn_is_temporary(value)


def test_postcodes_are_normalised_and_split_into_district_and_sector() -> None:
    assert normalise_postcode(" dl37ab ") == "DL3 7AB"
    assert postcode_is_valid("DL3 7AB")
    assert not postcode_is_valid("DL3 7A")
    assert postcode_outward("dl37ab") == "DL3"
    assert postcode_sector("DL3 7AB") == "DL3 7"
    assert postcode_outward("not a postcode") == ""
