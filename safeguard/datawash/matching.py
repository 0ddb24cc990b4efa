"""Which person in the index a child on the register is: through earlier links, or an identifier that agrees."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from safeguard.datawash.extracts import canonical_rows
from safeguard.datawash.models import AgencyRecord, WashRun
from safeguard.datawash.runs import Inputs
from safeguard.people.models import IdentifierKind, Person, Sex
from safeguard.people.names import fold, names_equivalent
from safeguard.people.selectors import person_by_identifier
from safeguard.people.services import InvalidIdentifier, normalise_identifier, person_create

IDENTIFIER_COLUMNS = ((IdentifierKind.NHS_NUMBER, "nhs_number"), (IdentifierKind.UPN, "upn"))


@dataclass(frozen=True)
class Holder:
    """An agency row's identifiers and what they must agree with before they find someone in the index."""

    identifiers: list[tuple[IdentifierKind, str]]
    date_of_birth: dt.date | None
    given_name: str
    family_name: str


def _date(value: Any) -> dt.date | None:
    # pandas gives a Timestamp, or NaT (which is not equal to itself) for a missing date.
    return value.date() if value is not None and hasattr(value, "date") and value == value else None


def _holder(row: dict[str, Any]) -> Holder:
    values = [(kind, str(row.get(column) or "")) for kind, column in IDENTIFIER_COLUMNS]
    return Holder(
        identifiers=[(kind, value) for kind, value in values if value],
        date_of_birth=_date(row.get("date_of_birth")),
        given_name=str(row.get("given_name") or ""),
        family_name=str(row.get("family_name") or ""),
    )


def linked_identifiers(run: WashRun, inputs: Inputs, members: set[tuple[str, str]]) -> dict[tuple[str, str], Holder]:
    """The valid NHS numbers and UPNs on linked agency records, by (source, record id), with their details.

    A register row often has no identifier while the health or school record linked
    to it does; without these the child would get a second entry in the person index.
    """
    found: dict[tuple[str, str], Holder] = {}
    for source in sorted({source for source, _ in members}):
        extract = inputs.extracts.get(source)
        if extract is None or extract.pk == run.cohort_extract_id:
            continue
        for record_id, row in canonical_rows(run, extract).items():
            if (source, record_id) in members:
                found[(source, record_id)] = _holder(row)
    return found


def _agrees(person: Person, holder: Holder) -> bool:
    """An identifier finds a person only if the row carrying it also agrees on date of birth or name.

    A mistyped or borrowed NHS number on a register row must not hand its agency somebody else's child.
    """
    if holder.date_of_birth is not None and person.date_of_birth == holder.date_of_birth:
        return True
    return bool(
        holder.family_name
        and fold(holder.family_name) == fold(person.family_name)
        and names_equivalent(holder.given_name, person.given_name)
    )


def known_people(run: WashRun) -> dict[tuple[str, str], int]:
    """(engine source, record_id) → person, from links earlier runs made."""
    known: dict[tuple[str, str], int] = {}
    for record in AgencyRecord.objects.filter(extract__agency__partnership=run.partnership).select_related(
        "extract__agency"
    ):
        known[(record.extract.engine_name, record.record_id)] = record.person_id
    return known


def person_for(
    run: WashRun,
    row: dict[str, Any] | None,
    members: list[tuple[str, str]],
    known: dict[tuple[str, str], int],
    member_identifiers: dict[tuple[str, str], Holder],
) -> tuple[Person, bool]:
    """The person a register child is, and whether this run added them to the index.

    A person already in the index is found through an earlier run's links, or through an NHS number
    or UPN whose row agrees with them on date of birth or name; either way the agencies get no
    access to that person's record from the wash (only to the wash's result).
    """
    for member in members:
        if member in known:
            person = Person.objects.filter(pk=known[member], partnership=run.partnership).first()
            if person is not None:
                return person, False
    row = row or {}
    own = _holder(row)
    candidates = _candidates(own, [member_identifiers[m] for m in members if m in member_identifiers])
    held_by_another: set[tuple[IdentifierKind, str]] = set()
    for kind, value, carrier in candidates:
        match = person_by_identifier(partnership_id=run.partnership_id, kind=kind, value=value)
        if match is None:
            continue
        if _agrees(match, carrier) or _agrees(match, own):
            return match, False
        # Somebody else's number, or a mistyped one: it finds no one, and the new entry does not take it.
        held_by_another.add((kind, value))
    usable = [(kind, value) for kind, value, _ in candidates if (kind, value) not in held_by_another]
    return _index_add(run, row, own, usable), True


def _candidates(own: Holder, holders: list[Holder]) -> list[tuple[IdentifierKind, str, Holder]]:
    """The identifiers to look the child up by, each with the row that must agree with whoever it finds.

    The register's own identifiers first; a linked record's only where it is the one
    value of its kind, since two different NHS numbers mean the records disagree.
    """
    linked = {pair for holder in holders for pair in holder.identifiers}
    candidates: list[tuple[IdentifierKind, str, Holder]] = [(kind, value, own) for kind, value in own.identifiers]
    for kind in (IdentifierKind.NHS_NUMBER, IdentifierKind.UPN):
        values = {value for k, value in linked if k == kind}
        if len(values) == 1 and kind not in {k for k, _ in own.identifiers}:
            value = values.pop()
            carrier = next(h for h in holders if (kind, value) in h.identifiers)
            candidates.append((kind, value, carrier))
    return candidates


def _index_add(run: WashRun, row: dict[str, Any], own: Holder, identifiers: list[tuple[IdentifierKind, str]]) -> Person:
    """A new entry in the person index for a register child nobody has yet, from the register's row."""
    cohort = run.cohort_extract
    assert cohort is not None
    # An identifier the index will not take is left off; the others still go in.
    usable = []
    for kind, value in identifiers:
        try:
            normalise_identifier(kind, value)
        except InvalidIdentifier:
            continue
        usable.append((kind, value))
    return person_create(
        actor=run.started_by,
        partnership=run.partnership,
        agency=None,
        given_name=own.given_name or "Unknown",
        middle_names=str(row.get("middle_name") or ""),
        family_name=own.family_name or "Unknown",
        date_of_birth=own.date_of_birth,
        sex={"m": Sex.MALE, "f": Sex.FEMALE}.get(str(row.get("sex") or ""), Sex.UNKNOWN),
        address={"line1": str(row.get("address_line") or ""), "postcode": str(row.get("postcode") or "")},
        reason=f"On {cohort} (wash run {run.pk})",
        identifiers=usable,
    )
