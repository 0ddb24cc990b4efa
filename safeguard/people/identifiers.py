"""Validation and normalisation of the identifiers agencies send.

Plain Python with no Django import: the data wash engine, the forms and the
API all use these same functions, so a value is valid or not in one place.
"""

from __future__ import annotations

import re

_NON_DIGITS = re.compile(r"[\s-]")

# UPN check letters: the alphabet without I, O and S, so A=0 ... Z=22.
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_UPN_SHAPE = re.compile(r"^[A-Z][0-9]{11}[0-9A-Z]$")

# Full postcode shape (BS 7666 style, simplified): outward 2-4 chars, inward digit + 2 letters.
_POSTCODE_SHAPE = re.compile(r"^(GIR0AA|[A-Z]{1,2}[0-9][0-9A-Z]?[0-9][ABD-HJLNP-UW-Z]{2})$")


def normalise_nhs_number(value: str | None) -> str:
    """Strip spaces and dashes; return digits only (may still be invalid)."""
    if value is None:
        return ""
    return _NON_DIGITS.sub("", str(value)).strip()


def nhs_number_is_valid(value: str | None) -> bool:
    """Modulus 11: weights 10..2 over the first nine digits; 11 → 0; 10 → invalid."""
    digits = normalise_nhs_number(value)
    if len(digits) != 10 or not digits.isdigit():
        return False
    # All-same-digit numbers pass the checksum but are never issued.
    if len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def nhs_number_problem(value: str | None) -> str | None:
    """A sentence saying why a value is not a valid NHS number, or None if it is."""
    digits = normalise_nhs_number(value)
    if not digits:
        return "Enter an NHS number"
    if not digits.isdigit():
        return "An NHS number must contain only digits"
    if len(digits) != 10:
        return f"An NHS number must be 10 digits; this has {len(digits)}"
    if not nhs_number_is_valid(digits):
        return "This NHS number fails its check digit: check it has been copied correctly"
    return None


def normalise_upn(value: str | None) -> str:
    if value is None:
        return ""
    return re.sub(r"\s", "", str(value)).upper()


def upn_check_letter(twelve: str) -> str:
    """The check letter for the 12 characters after it (weights 2..13)."""
    total = 0
    for weight, char in zip(range(2, 14), twelve, strict=True):
        # A temporary UPN ends in a letter; it counts as its position in the alphabet.
        digit = int(char) if char.isdigit() else _UPN_LETTERS.index(char)
        total += weight * digit
    return _UPN_LETTERS[total % 23]


def upn_is_valid(value: str | None) -> bool:
    upn = normalise_upn(value)
    if not _UPN_SHAPE.match(upn):
        return False
    if not upn[-1].isdigit() and upn[-1] not in _UPN_LETTERS:
        return False
    return upn_check_letter(upn[1:]) == upn[0]


def upn_is_temporary(value: str | None) -> bool:
    upn = normalise_upn(value)
    return upn_is_valid(upn) and upn[-1].isalpha()


def upn_problem(value: str | None) -> str | None:
    upn = normalise_upn(value)
    if not upn:
        return "Enter a unique pupil number"
    if len(upn) != 13:
        return f"A unique pupil number must be 13 characters; this has {len(upn)}"
    if not _UPN_SHAPE.match(upn):
        return "A unique pupil number is a letter followed by 12 digits (the last may be a letter)"
    if not upn_is_valid(upn):
        return "This unique pupil number fails its check letter: check it has been copied correctly"
    return None


def make_upn(la_code: int, establishment: int, year: int, serial: int) -> str:
    """Build a valid permanent UPN; used by the synthetic data generator and tests."""
    twelve = f"{la_code:03d}{establishment:04d}{year % 100:02d}{serial:03d}"
    return upn_check_letter(twelve) + twelve


def make_nhs_number(nine_digits: int) -> str | None:
    """Complete nine digits with their check digit, or None if no valid number exists."""
    body = f"{nine_digits:09d}"
    total = sum(int(d) * w for d, w in zip(body, range(10, 1, -1), strict=True))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    if check == 10:
        return None
    number = body + str(check)
    return number if len(set(number)) > 1 else None


def normalise_postcode(value: str | None) -> str:
    """Upper case with one space before the inward code: 'dl37ab' → 'DL3 7AB'.

    Returns the cleaned string even when its shape is wrong, so the caller can
    report what it saw; use ``postcode_is_valid`` to decide.
    """
    if value is None:
        return ""
    compact = re.sub(r"\s", "", str(value)).upper()
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


def postcode_is_valid(value: str | None) -> bool:
    return bool(_POSTCODE_SHAPE.match(re.sub(r"\s", "", str(value or "")).upper()))


def postcode_problem(value: str | None) -> str | None:
    if not (value or "").strip():
        return "Enter a postcode"
    if not postcode_is_valid(value):
        return "Enter a real postcode, like DL3 7AB"
    return None


def postcode_outward(value: str | None) -> str:
    """District, e.g. 'DL3' from 'DL3 7AB'; empty when the postcode is not valid."""
    if not postcode_is_valid(value):
        return ""
    return normalise_postcode(value).split(" ")[0]


def postcode_sector(value: str | None) -> str:
    """Sector, e.g. 'DL3 7' from 'DL3 7AB'; empty when the postcode is not valid."""
    if not postcode_is_valid(value):
        return ""
    normal = normalise_postcode(value)
    return normal[:-2]
