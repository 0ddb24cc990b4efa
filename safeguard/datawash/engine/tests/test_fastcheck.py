"""The vectorised identifier checks agree with the scalar definitions in safeguard.people.identifiers."""

from __future__ import annotations

import random

import pandas as pd

from safeguard.datawash.engine import fastcheck
from safeguard.people import identifiers


def test_vectorised_nhs_check_agrees_with_the_scalar_one() -> None:
    rng = random.Random(7)
    values = [identifiers.make_nhs_number(rng.randint(0, 999_999_999)) or "0000000000" for _ in range(2000)]
    values = [v if rng.random() < 0.6 else v[:-1] + str(rng.randint(0, 9)) for v in values]
    values += ["1111111111", "12345", "abcdefghij", ""]
    assert fastcheck.nhs_valid(pd.Series(values)).tolist() == [identifiers.nhs_number_is_valid(v) for v in values]


def test_vectorised_upn_check_agrees_with_the_scalar_one() -> None:
    rng = random.Random(8)
    letters = "ABCDEFGHJKLMNPQRTUVWXYZ"
    values = [
        identifiers.make_upn(rng.randint(0, 999), rng.randint(0, 9999), rng.randint(0, 99), 5) for _ in range(2000)
    ]
    values = [v if rng.random() < 0.5 else rng.choice(letters) + v[1:-1] + rng.choice("AZ19") for v in values]
    values += ["", "A12345678901I", "I123456789012", "a123"]
    assert fastcheck.upn_valid(pd.Series(values)).tolist() == [identifiers.upn_is_valid(v) for v in values]


def test_vectorised_postcode_handling_agrees_with_the_scalar_one() -> None:
    values = ["dl37ab", "DL3 7AB", "XX", "EC1A 1BB", "W1A0AX", "123 456", "", " dl3  7ab "]
    normal = fastcheck.normalise_postcodes(pd.Series(values))
    assert normal.tolist() == [identifiers.normalise_postcode(v) for v in values]
    assert fastcheck.postcode_shape_ok(normal).tolist() == [identifiers.postcode_is_valid(v) for v in values]
