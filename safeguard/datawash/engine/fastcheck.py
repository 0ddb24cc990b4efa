"""Vectorised forms of the identifier checks in ``safeguard.people.identifiers``.

A million records carry up to a million distinct NHS numbers, and a Python call per value is
the slowest step of reading. These compute the same answers over whole columns with numpy; the
scalar functions stay the definition (their regular expressions and alphabet are reused here) and
a test checks both agree. Only values that fail are passed to the scalar functions, for the message.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from safeguard.people import identifiers

_NHS_WEIGHTS = np.arange(10, 1, -1)
_UPN_WEIGHTS = np.arange(2, 14)


def _digit_matrix(values: pd.Series, width: int) -> np.ndarray:
    joined = "".join(values.tolist()).encode("ascii")
    return np.frombuffer(joined, dtype=np.uint8).reshape(-1, width).astype(np.int64)


def nhs_valid(values: pd.Series) -> pd.Series:
    """Same as ``identifiers.nhs_number_is_valid`` for already-normalised values."""
    result = pd.Series(False, index=values.index)
    shaped = values.str.fullmatch(r"[0-9]{10}").fillna(False).astype(bool)
    if not shaped.any():
        return result
    digits = _digit_matrix(values[shaped], 10) - ord("0")
    check = 11 - (digits[:, :9] @ _NHS_WEIGHTS) % 11
    check[check == 11] = 0
    ok = (check != 10) & (check == digits[:, 9]) & (digits != digits[:, :1]).any(axis=1)
    result[shaped] = ok
    return result


def upn_valid(values: pd.Series) -> pd.Series:
    """Same as ``identifiers.upn_is_valid`` for already-normalised values."""
    result = pd.Series(False, index=values.index)
    shaped = values.str.fullmatch(identifiers._UPN_SHAPE.pattern.strip("^$")).fillna(False).astype(bool)
    if not shaped.any():
        return result
    chars = _digit_matrix(values[shaped], 13)
    letters = np.full(128, -1, dtype=np.int64)
    for position, letter in enumerate(identifiers._UPN_LETTERS):
        letters[ord(letter)] = position
    body = chars[:, 1:]
    is_digit = (body >= ord("0")) & (body <= ord("9"))
    numbers = np.where(is_digit, body - ord("0"), letters[body])
    usable = (numbers >= 0).all(axis=1)
    total = (numbers @ _UPN_WEIGHTS) % 23
    expected = np.frombuffer(identifiers._UPN_LETTERS.encode(), dtype=np.uint8)[total]
    result[shaped] = usable & (expected == chars[:, 0])
    return result


def postcode_shape_ok(values: pd.Series) -> pd.Series:
    """Same as ``identifiers.postcode_is_valid``."""
    compact = values.str.replace(r"\s", "", regex=True).str.upper()
    return compact.str.fullmatch(identifiers._POSTCODE_SHAPE.pattern.strip("^$")).fillna(False).astype(bool)


def normalise_postcodes(values: pd.Series) -> pd.Series:
    """Same as ``identifiers.normalise_postcode``."""
    compact = values.str.replace(r"\s", "", regex=True).str.upper()
    spaced = compact.str[:-3] + " " + compact.str[-3:]
    return spaced.where(compact.str.len() >= 5, compact)
