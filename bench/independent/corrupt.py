"""How a record comes to differ from the child: this generator's own corruption model.

Every function takes the rows to change (a boolean mask over a source's records) and returns which rows it
really changed, so the truth file's noise labels name only changes that happened (a nickname asked of a
name that has none is not a nickname).
"""

from __future__ import annotations

import numpy as np

from .names import VARIANTS

KEYBOARD = {
    "a": "qsz", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj", "i": "uo",
    "j": "hk", "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o", "q": "w", "r": "et", "s": "ad",
    "t": "ry", "u": "yi", "v": "cb", "w": "qe", "x": "zc", "y": "tu", "z": "x",
}  # fmt: skip
# Misspellings people make by ear, tried before a keyboard slip.
SOUNDS = (("ph", "f"), ("ie", "y"), ("y", "ie"), ("ck", "k"), ("th", "t"), ("ei", "ie"), ("ou", "ow"),
          ("ae", "a"), ("ee", "ea"), ("son", "sen"), ("Mc", "Mac"), ("Mac", "Mc"), ("O'", "O"), ("O'", "O "),
          ("ll", "l"), ("nn", "n"), ("tt", "t"), ("mm", "m"), ("ss", "s"), ("h", ""), ("z", "s"), ("ah", "a"),
          ("ey", "y"), ("ai", "ay"), ("oh", "o"), ("u", "oo"), ("ow", "ou"), ("Kh", "K"), ("Sh", "Ch"))  # fmt: skip


def misspell(name: str, draws: np.ndarray) -> str:
    """One misspelling of ``name`` from four uniform draws: a sound-alike, a slip, a dropped, doubled or swapped letter."""
    if len(name) < 2:
        return name
    kind = draws[0]
    if kind < 0.3:
        options = [(a, b) for a, b in SOUNDS if a in name[1:] or (a[0].isupper() and name.startswith(a))]
        if options:
            a, b = options[int(draws[1] * len(options))]
            start = name.find(a, 0 if a[0].isupper() else 1)
            changed = name[:start] + b + name[start + len(a) :]
            if changed and changed != name:
                return changed
    letters = [i for i, c in enumerate(name) if c.isalpha()]
    # The first letter survives most misspellings; it is hit one time in ten.
    inner = [i for i in letters if i > 0] or letters
    position = letters[0] if draws[2] < 0.1 else inner[int(draws[3] * len(inner))]
    char = name[position]
    if kind < 0.5:
        return name[:position] + name[position + 1 :] if len(name) > 2 else name + char.lower()
    if kind < 0.65:
        return name[:position] + char.lower() + name[position:]
    if kind < 0.85 and position + 1 < len(name) and name[position + 1] != char:
        return name[:position] + name[position + 1] + char + name[position + 2 :]
    neighbours = KEYBOARD.get(char.lower(), "e")
    swapped = neighbours[int(draws[1] * len(neighbours))]
    return name[:position] + (swapped.upper() if char.isupper() else swapped) + name[position + 1 :]


def misspell_many(values: np.ndarray, mask: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Misspells the masked non-empty values in place; returns the rows changed."""
    rows = np.flatnonzero(mask & (values != ""))
    draws = rng.random((len(rows), 4))
    changed = np.zeros(len(values), dtype=bool)
    for row, d in zip(rows.tolist(), draws, strict=True):
        new = misspell(values[row], d)
        if new != values[row]:
            values[row] = new
            changed[row] = True
    return changed


def other_forms(values: np.ndarray, mask: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Puts a nickname, formal form or other spelling in place of the masked names that have one."""
    rows = np.flatnonzero(mask)
    draws = rng.random(len(rows))
    changed = np.zeros(len(values), dtype=bool)
    for row, d in zip(rows.tolist(), draws.tolist(), strict=True):
        forms = VARIANTS.get(values[row])
        if forms:
            values[row] = forms[int(d * len(forms))]
            changed[row] = True
    return changed


def double_barrel_forms(values: np.ndarray, mask: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A double-barrelled surname written the other way round, as one half, or with a space."""
    rows = np.flatnonzero(mask & np.array(["-" in v for v in values], dtype=bool))
    draws = rng.random(len(rows))
    for row, d in zip(rows.tolist(), draws.tolist(), strict=True):
        first, second = values[row].split("-", 1)
        values[row] = (
            f"{second}-{first}" if d < 0.35 else second if d < 0.6 else first if d < 0.8 else f"{first} {second}"
        )
    changed = np.zeros(len(values), dtype=bool)
    changed[rows] = True
    return changed


def transpose_adjacent(values: np.ndarray, mask: np.ndarray, rng: np.random.Generator, start: int = 0) -> np.ndarray:
    """Swaps two adjacent different characters at or after ``start`` in each masked non-empty value."""
    rows = np.flatnonzero(mask & (values != ""))
    draws = rng.random(len(rows))
    changed = np.zeros(len(values), dtype=bool)
    for row, d in zip(rows.tolist(), draws.tolist(), strict=True):
        text: str = values[row]
        places = [i for i in range(start, len(text) - 1) if text[i] != text[i + 1]]
        if places:
            i = places[int(d * len(places))]
            values[row] = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
            changed[row] = True
    return changed


def retype_digit(values: np.ndarray, mask: np.ndarray, rng: np.random.Generator, start: int = 1) -> np.ndarray:
    """Replaces one digit at or after ``start`` with another (a mistyped UPN)."""
    rows = np.flatnonzero(mask & (values != ""))
    draws = rng.random((len(rows), 2))
    for row, (a, b) in zip(rows.tolist(), draws, strict=True):
        text: str = values[row]
        i = start + int(a * (len(text) - start))
        digit = (int(text[i]) + 1 + int(b * 9)) % 10 if text[i].isdigit() else 0
        values[row] = text[:i] + str(digit) + text[i + 1 :]
    changed = np.zeros(len(values), dtype=bool)
    changed[rows] = True
    return changed


def shift_dates(
    dob: np.ndarray, mask: np.ndarray, rng: np.random.Generator, ceiling: np.ndarray
) -> dict[str, np.ndarray]:
    """Dates of birth off by a day, ten days or a year, or with day and month swapped.

    ``ceiling`` is the latest date each record's date of birth may become (its own sighting, or the as-of
    date): a date of birth after the sighting would make a reader drop the sighting, changing the truth.
    """
    kind = rng.random(len(dob))
    sign = np.where(rng.random(len(dob)) < 0.5, -1, 1)
    present = ~np.isnat(dob)
    proposed = dob.copy()
    day = mask & present & (kind < 0.35)
    ten = mask & present & (kind >= 0.35) & (kind < 0.55)
    year = mask & present & (kind >= 0.55) & (kind < 0.8)
    swap = mask & present & (kind >= 0.8)
    proposed[day] = dob[day] + sign[day].astype("timedelta64[D]")
    proposed[ten] = dob[ten] + (10 * sign[ten]).astype("timedelta64[D]")
    years = dob.astype("datetime64[Y]")
    months = dob.astype("datetime64[M]")
    month_of_year = (months - years).astype(np.int64) + 1
    day_of_month = (dob - months).astype(np.int64) + 1
    shifted_year = (years + sign).astype("datetime64[M]") + (month_of_year - 1)
    # 29 February in a year that has none becomes 28 February.
    last_day = ((shifted_year + 1).astype("datetime64[D]") - shifted_year.astype("datetime64[D]")).astype(np.int64)
    proposed[year] = (shifted_year.astype("datetime64[D]") + (np.minimum(day_of_month, last_day) - 1))[year]
    swap &= (day_of_month <= 12) & (day_of_month != month_of_year)
    swapped = years.astype("datetime64[M]") + (day_of_month - 1)
    proposed[swap] = (swapped.astype("datetime64[D]") + (month_of_year - 1))[swap]
    allowed = proposed <= ceiling
    result = {}
    for label, rows in (("dob_day", day), ("dob_ten_days", ten), ("dob_year", year), ("dob_day_month_swapped", swap)):
        rows &= allowed
        dob[rows] = proposed[rows]
        result[label] = rows
    return result
