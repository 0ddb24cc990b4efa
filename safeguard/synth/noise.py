"""The noise a synthetic agency record carries: nicknames, typos, date slips, keying errors in NHS numbers and UPNs.

Pure functions of numpy arrays and a random generator, so the same seed gives the same noise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from safeguard.synth import names


@dataclass(frozen=True)
class NoiseRates:
    """Per-record probabilities of each kind of error an agency's data shows."""

    typo: float = 0.02  # one-character edit in the given or family name
    nickname: float = 0.03  # a short form or variant: Beth for Elizabeth, Ollie for Oliver
    name_swap: float = 0.003  # given and family names in each other's fields
    dob_swap: float = 0.003  # day and month transposed (only possible when the day is 1-12)
    dob_digit: float = 0.003  # one digit of the date of birth keyed wrongly
    missing_dob: float = 0.0
    missing_middle: float = 0.2
    missing_postcode: float = 0.01
    old_surname: float = 0.4  # of children whose surname changed, share still under the old one
    single_of_double: float = 0.4  # of double-barrelled surnames, share recorded with one half
    stale_address: float = 0.2  # of records after a move, share still at the old address
    nhs_held: float = 0.0  # share of records carrying an NHS number
    nhs_invalid: float = 0.01  # of those, share with a wrong check digit
    upn_held: float = 0.0
    upn_invalid: float = 0.01
    duplicate: float = 0.005  # the same child twice in one extract
    other_date_format: float = 0.0  # share of dates in the other format (ISO vs dd/mm/yyyy)


def join_noise_tags(marks: list[tuple[str, np.ndarray]], n: int) -> np.ndarray:
    out = np.full(n, "", dtype=object)
    for label, mask in marks:
        idx = np.flatnonzero(mask)
        out[idx] = [f"{t};{label}" if t else label for t in out[idx]]
    return out


def apply_noise(
    values: np.ndarray,
    mask: np.ndarray,
    func: Callable[[str, float], str],
    rng: np.random.Generator,
) -> np.ndarray:
    """Apply a string function to the masked values only (a small share, so a Python loop is fine)."""
    idx = np.flatnonzero(mask & (values != ""))
    if not len(idx):
        return values
    out = values.copy()
    draws = rng.random(len(idx))
    out[idx] = [func(str(values[i]), float(r)) for i, r in zip(idx, draws, strict=True)]
    return out


def nickname(name: str, r: float) -> str:
    forms = names.NICKNAMES.get(name)
    if not forms:
        return name
    return forms[int(r * len(forms)) % len(forms)]


def typo(name: str, r: float) -> str:
    """One keying error: substitute, delete, insert or transpose one character (never the first letter's case)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    seed = int(r * 2**52)
    op = seed % 4
    pos = 1 + (seed // 4) % max(1, len(name) - 1) if len(name) > 1 else 0
    letter = letters[(seed // 1024) % 26]
    if len(name) <= 3:
        op = 0  # keep short names from vanishing
    if op == 0:
        new = name[:pos] + letter + name[pos + 1 :]
        if new == name:
            new = name[:pos] + letters[(letters.find(letter) + 1) % 26] + name[pos + 1 :]
        return new
    if op == 1:
        return name[:pos] + name[pos + 1 :]
    if op == 2:
        return name[:pos] + letter + name[pos:]
    if pos + 1 < len(name) and name[pos] != name[pos + 1]:
        return name[:pos] + name[pos + 1] + name[pos] + name[pos + 2 :]
    return name[:pos] + name[pos + 1 :]


def single_of_double(family: np.ndarray, mask: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Record a double-barrelled surname as one half, or with a space instead of the hyphen."""
    idx = np.flatnonzero(mask & np.array(["-" in str(f) for f in family], dtype=bool))
    if not len(idx):
        return family
    out = family.copy()
    choice = rng.integers(0, 3, size=len(idx))
    for i, c in zip(idx, choice, strict=True):
        parts = str(family[i]).split("-", 1)
        out[i] = parts[0] if c == 0 else parts[1] if c == 1 else " ".join(parts)
    return out


def _ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    year = days.astype("datetime64[Y]").astype(np.int64) + 1970
    month = days.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day = (days - days.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64) + 1
    return year, month, day


def _from_ymd(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    months = (year - 1970) * 12 + (month - 1)
    return months.astype("datetime64[M]").astype("datetime64[D]") + (day - 1).astype("timedelta64[D]")


def dob_noise(
    dob: np.ndarray, noise: NoiseRates, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Transpose day and month, or key one digit wrongly; returns the dates and both masks."""
    n = len(dob)
    year, month, day = _ymd(dob)
    swap = (rng.random(n) < noise.dob_swap) & (day <= 12) & (day != month)
    year2, month2, day2 = year.copy(), np.where(swap, day, month), np.where(swap, month, day)
    # One digit keyed wrongly: the last digit of the year, or of the day (kept a real date).
    digit = (rng.random(n) < noise.dob_digit) & ~swap
    in_year = rng.random(n) < 0.5
    new_digit = (year % 10 + rng.integers(1, 10, n)) % 10
    year2 = np.where(digit & in_year, year - year % 10 + new_digit, year2)
    new_day = day - day % 10 + (day % 10 + rng.integers(1, 10, n)) % 10
    # Keep a real date in every month: a day outside 1..28 becomes the neighbouring day instead.
    new_day = np.where((new_day < 1) | (new_day > 28) | (new_day == day), np.where(day < 28, day + 1, day - 1), new_day)
    day2 = np.where(digit & ~in_year, new_day, day2)
    out = _from_ymd(year2, month2, day2)
    out[rng.random(n) < noise.missing_dob] = np.datetime64("NaT")
    return out, swap, digit


def nhs_noise(nhs: np.ndarray, noise: NoiseRates, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Drop the number where the source does not hold it; spoil the check digit of a few."""
    n = len(nhs)
    held = rng.random(n) < noise.nhs_held
    out = np.where(held, nhs, "").astype(object)
    bad = np.flatnonzero(held & (rng.random(n) < noise.nhs_invalid))
    # Changing the check digit always makes the number invalid: each body has exactly one check digit.
    shift = rng.integers(1, 10, size=len(bad))
    out[bad] = [s[:9] + str((int(s[9]) + k) % 10) for s, k in zip(out[bad], shift, strict=True)]
    return out, _mask(bad, n)


def _mask(idx: np.ndarray, n: int) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    mask[idx] = True
    return mask


_UPN_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn_noise(upn: np.ndarray, noise: NoiseRates, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    n = len(upn)
    held = (rng.random(n) < noise.upn_held) & (upn != "")
    out = np.where(held, upn, "").astype(object)
    bad = np.flatnonzero(held & (rng.random(n) < noise.upn_invalid))
    shift = rng.integers(1, 23, size=len(bad))
    out[bad] = [
        _UPN_ALPHABET[(_UPN_ALPHABET.index(s[0]) + k) % 23] + s[1:] for s, k in zip(out[bad], shift, strict=True)
    ]
    return out, _mask(bad, n)


def format_dates(days: np.ndarray, fmt: str, other: str, flip: np.ndarray) -> np.ndarray:
    """Dates as text: ISO (2017-06-30) or UK (30/06/2017); empty where missing."""
    days = days.astype("datetime64[D]")
    missing = np.isnat(days)
    iso = np.datetime_as_string(np.where(missing, np.datetime64("2000-01-01"), days), unit="D")
    chars = iso.astype("<U10").view("<U1").reshape(-1, 10)
    slash = np.full((len(days), 1), "/")
    uk_chars = np.concatenate([chars[:, 8:10], slash, chars[:, 5:7], slash, chars[:, 0:4]], axis=1)
    uk = np.ascontiguousarray(uk_chars).view("<U10").ravel()
    main, alt = (iso, uk) if fmt == "iso" else (uk, iso)
    out = np.where(flip, alt, main).astype(object)
    out[missing] = ""
    return out
