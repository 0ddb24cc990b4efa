"""Normalising and checking what submitters type: registrations, phones, accounts, places.

Plain Python with no Django import (UK phone numbers through libphonenumber), so forms, services and tests agree on one
answer. Each ``*_problem`` returns a sentence for the error summary, or None.
"""

from __future__ import annotations

import re

import phonenumbers

_SEPARATORS = re.compile(r"[\s\-.()]")

# UK registration shapes since 1903. Northern Ireland marks (e.g. ABZ 1234) fit the dateless shape.
_REGISTRATION_SHAPES = (
    re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z]{3}$"),  # current, since 2001: AB12 CDE
    re.compile(r"^[A-Z][0-9]{1,3}[A-Z]{3}$"),  # prefix, 1983–2001: A123 BCD
    re.compile(r"^[A-Z]{3}[0-9]{1,3}[A-Z]$"),  # suffix, 1963–1983: ABC 123D
    re.compile(r"^[A-Z]{1,3}[0-9]{1,4}$"),  # dateless: ABC 1234
    re.compile(r"^[0-9]{1,4}[A-Z]{1,3}$"),  # dateless reversed: 1234 AB
)


def normalise_registration(value: str | None) -> str:
    """Upper case with no spaces: 'ab12 cde' → 'AB12CDE'."""
    return re.sub(r"[\s\-]", "", str(value or "")).upper()


def registration_problem(value: str | None) -> str | None:
    reg = normalise_registration(value)
    if not reg:
        return "Enter the registration"
    if not reg.isalnum() or not reg.isascii():
        return "A registration can only contain letters and numbers"
    if len(reg) > 7:
        return f"A registration has at most 7 letters and numbers; this has {len(reg)}"
    if not any(shape.match(reg) for shape in _REGISTRATION_SHAPES):
        return (
            "Enter a UK registration like AB12 CDE, or an older one like A123 BCD; "
            "if you only saw part of it, leave the registration blank and describe it"
        )
    return None


def display_registration(value: str) -> str:
    """The usual printed form: 'AB12CDE' → 'AB12 CDE', 'A123BCD' → 'A123 BCD', 'ABC123D' → 'ABC 123D'."""
    if _REGISTRATION_SHAPES[0].match(value) or _REGISTRATION_SHAPES[1].match(value):
        return f"{value[:-3]} {value[-3:]}"
    if _REGISTRATION_SHAPES[2].match(value):
        return f"{value[:3]} {value[3:]}"
    # Dateless marks split where letters meet digits.
    return re.sub(r"(?<=[A-Z])(?=[0-9])|(?<=[0-9])(?=[A-Z])", " ", value, count=1)


def _parsed_phone(value: str | None) -> phonenumbers.PhoneNumber | None:
    """The number as libphonenumber reads it, with a number not starting + taken as a UK one."""
    try:
        return phonenumbers.parse(str(value or ""), "GB")
    except phonenumbers.NumberParseException:
        return None


def normalise_phone(value: str | None) -> str:
    """E.164: UK numbers as +44 and the national number without its 0; others as + and digits."""
    number = _parsed_phone(value)
    if number is None:
        return _SEPARATORS.sub("", str(value or ""))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_problem(value: str | None) -> str | None:
    if not str(value or "").strip():
        return "Enter the phone number"
    number = _parsed_phone(value)
    if number is None:
        return "Enter a UK phone number, like 07700 900123, or an international number starting with +"
    # Only the length is checked, not the allocated ranges: Ofcom's numbers for fiction and training
    # (07700 900xxx), which the demo and tests use, are not "valid" to libphonenumber.
    possible = phonenumbers.is_possible_number_with_reason(number) == phonenumbers.ValidationResult.IS_POSSIBLE
    if number.country_code == 44:
        # A number too short to be a UK one keeps its trunk 0 here ("0770"); count without it.
        national = phonenumbers.national_significant_number(number).lstrip("0")
        if national[:1] not in {"1", "2", "3", "5", "7", "8"}:
            return "A UK phone number starts with 01, 02, 03, 05, 07 or 08"
        if not possible:
            return f"A UK phone number has 10 or 11 digits including the first 0; this has {len(national) + 1}"
        return None
    if not possible:
        return "An international phone number has 8 to 15 digits after the +"
    return None


def display_phone(value: str) -> str:
    """UK numbers in the national form ('+447700900123' → '07700 900123'); others as stored."""
    number = _parsed_phone(value)
    if number is None or number.country_code != 44:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def normalise_handle(value: str | None) -> str:
    """An online account name compared without case, spaces or a leading @."""
    handle = re.sub(r"\s", "", str(value or "")).lower()
    return handle.removeprefix("@")


def handle_problem(value: str | None) -> str | None:
    handle = normalise_handle(value)
    if not handle:
        return "Enter the account name or link"
    if len(handle) > 200:
        return "An account name must be 200 characters or fewer"
    return None


def normalise_place(value: str | None) -> str:
    """A place compared without case, punctuation or repeated spaces: '12, Station Rd.' → '12 station rd'."""
    return " ".join(re.sub(r"[^\w\s]", " ", str(value or "").lower()).split())
