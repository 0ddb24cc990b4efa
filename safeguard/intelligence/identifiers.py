"""Normalising and checking what submitters type: registrations, phones, accounts, places.

Plain Python with no Django import, so forms, services and tests agree on one
answer. Each ``*_problem`` returns a sentence for the error summary, or None.
"""

from __future__ import annotations

import re

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


def normalise_phone(value: str | None) -> str:
    """UK numbers as +44 and the national number without its 0; others as + and digits."""
    raw = _SEPARATORS.sub("", str(value or ""))
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    if raw.startswith("+44"):
        national = raw[3:]
        return "+44" + (national[1:] if national.startswith("0") else national)
    if raw.startswith("+"):
        return raw
    if raw.startswith("44") and len(raw) in (12, 13):
        return "+" + raw
    if raw.startswith("0"):
        return "+44" + raw[1:]
    return raw


def phone_problem(value: str | None) -> str | None:
    if not str(value or "").strip():
        return "Enter the phone number"
    number = normalise_phone(value)
    if not number.startswith("+") or not number[1:].isdigit():
        return "Enter a UK phone number, like 07700 900123, or an international number starting with +"
    if number.startswith("+44"):
        national = number[3:]
        if national[:1] not in {"1", "2", "3", "5", "7", "8"}:
            return "A UK phone number starts with 01, 02, 03, 05, 07 or 08"
        if len(national) not in (9, 10):
            return f"A UK phone number has 10 or 11 digits including the first 0; this has {len(national) + 1}"
        return None
    if not 8 <= len(number) - 1 <= 15:
        return "An international phone number has 8 to 15 digits after the +"
    return None


def display_phone(value: str) -> str:
    """'+447700900123' → '07700 900123' for UK mobiles; other numbers as stored."""
    if value.startswith("+447") and len(value) == 13:
        return f"0{value[3:7]} {value[7:]}"
    if value.startswith("+44"):
        return "0" + value[3:]
    return value


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
