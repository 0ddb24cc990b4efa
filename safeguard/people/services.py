"""Every change to the person index: one function each, atomic and audited."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.core.errors import Refused
from safeguard.partnership.models import Agency, Partnership, User
from safeguard.people.identifiers import (
    nhs_number_problem,
    normalise_nhs_number,
    normalise_postcode,
    normalise_upn,
    upn_problem,
)
from safeguard.people.models import (
    Address,
    Identifier,
    IdentifierKind,
    Involvement,
    InvolvementReason,
    Person,
    PersonKind,
    Sex,
)
from safeguard.people.names import search_key
from safeguard.people.selectors import Found, PersonMatch, person_by_identifier, person_search_found


class InvalidIdentifier(Refused):
    pass


def normalise_identifier(kind: IdentifierKind, value: str) -> str:
    """The stored form of an identifier, or InvalidIdentifier saying why it is wrong."""
    if kind == IdentifierKind.NHS_NUMBER:
        problem = nhs_number_problem(value)
        if problem:
            raise InvalidIdentifier(problem)
        return normalise_nhs_number(value)
    if kind == IdentifierKind.UPN:
        problem = upn_problem(value)
        if problem:
            raise InvalidIdentifier(problem)
        return normalise_upn(value)
    cleaned = value.strip()
    if not cleaned:
        raise InvalidIdentifier("Enter the reference")
    return cleaned


def involvement_add(
    *, person: Person, agency: Agency, reason: InvolvementReason, ends_at: dt.datetime | None = None
) -> Involvement:
    """Give an agency a reason to see a person. Callers audit the action that caused it."""
    involvement, created = Involvement.objects.get_or_create(
        person=person, agency=agency, reason=reason, defaults={"ends_at": ends_at}
    )
    if not created and involvement.ends_at != ends_at:
        involvement.ends_at = ends_at
        involvement.save(update_fields=["ends_at"])
    return involvement


def person_create(
    *,
    actor: User | None,
    partnership: Partnership,
    agency: Agency | None,
    given_name: str,
    family_name: str,
    middle_names: str = "",
    known_as: str = "",
    date_of_birth: dt.date | None = None,
    sex: Sex = Sex.UNKNOWN,
    kind: PersonKind = PersonKind.CHILD,
    identifiers: list[tuple[IdentifierKind, str]] | None = None,
    address: dict[str, str] | None = None,
    reason: str = "",
    audit: bool = True,
) -> Person:
    with transaction.atomic():
        person = Person.objects.create(
            partnership=partnership,
            kind=kind,
            given_name=given_name.strip(),
            family_name=family_name.strip(),
            middle_names=middle_names.strip(),
            known_as=known_as.strip(),
            date_of_birth=date_of_birth,
            sex=sex,
            given_key=search_key(given_name),
            family_key=search_key(family_name),
            created_by=actor,
        )
        for id_kind, value in identifiers or []:
            Identifier.objects.create(
                person=person, kind=id_kind, value=normalise_identifier(id_kind, value), issuer=agency
            )
        if address and address.get("line1"):
            Address.objects.create(
                person=person,
                line1=address["line1"],
                line2=address.get("line2", ""),
                town=address.get("town", ""),
                postcode=normalise_postcode(address.get("postcode", "")),
            )
        if agency is not None:
            involvement_add(person=person, agency=agency, reason=InvolvementReason.CREATED)
        if audit:
            audit_record(
                actor=actor,
                action=Action.CREATE,
                target=person,
                person_id=person.pk,
                summary="Added to the person index",
                reason=reason,
                agency=agency,
            )
    return person


# The fields a correction can change, with the words the audit trail uses for each.
_IDENTITY = {
    "given_name": "given name",
    "family_name": "family name",
    "middle_names": "middle names",
    "known_as": "known as",
    "date_of_birth": "date of birth",
    "sex": "sex",
}


def _identity(person: Person) -> tuple[object, ...]:
    return tuple(getattr(person, name) for name in _IDENTITY)


def person_update(
    *,
    actor: User,
    person: Person,
    given_name: str,
    family_name: str,
    middle_names: str,
    known_as: str,
    date_of_birth: dt.date | None,
    sex: Sex,
    reason: str = "",
) -> Person:
    with transaction.atomic():
        before = _identity(person)
        person.given_name, person.family_name, person.middle_names = (
            given_name.strip(),
            family_name.strip(),
            middle_names.strip(),
        )
        person.known_as, person.date_of_birth, person.sex = known_as.strip(), date_of_birth, sex
        person.given_key, person.family_key = search_key(given_name), search_key(family_name)
        person.updated_at = timezone.now()
        person.save(update_fields=[*_IDENTITY, "given_key", "family_key", "updated_at"])
        changed = [label for label, a, b in zip(_IDENTITY.values(), before, _identity(person), strict=True) if a != b]
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=person,
            person_id=person.pk,
            summary="Changed " + (", ".join(changed) or "nothing"),
            reason=reason,
        )
    return person


def identifier_add(*, actor: User, person: Person, kind: IdentifierKind, value: str) -> Identifier:
    with transaction.atomic():
        identifier, _ = Identifier.objects.get_or_create(
            person=person, kind=kind, value=normalise_identifier(kind, value), defaults={"issuer": actor.agency}
        )
        audit_record(
            actor=actor,
            action=Action.CREATE,
            target=identifier,
            person_id=person.pk,
            summary=f"Added {identifier.get_kind_display()}",
        )
    return identifier


def person_trace(
    *, actor: User, kind: IdentifierKind, value: str, date_of_birth: dt.date, reason: str
) -> Person | None:
    """Find a person anywhere in the partnership by an exact identifier and date of birth.

    This is how an agency legitimately starts working with someone another agency
    already holds. Both must match exactly — no fishing by name — and the reason is
    recorded. A match gives the agency an involvement; a miss is audited too.
    """
    assert actor.agency is not None
    stored = normalise_identifier(kind, value)
    with transaction.atomic():
        person = person_by_identifier(
            partnership_id=actor.agency.partnership_id, kind=kind, value=stored, date_of_birth=date_of_birth
        )
        if person is None:
            audit_record(
                actor=actor,
                action=Action.SEARCH,
                object_type="people.person",
                summary=f"Trace by {kind.label}: no match",
                reason=reason,
            )
            return None
        involvement_add(person=person, agency=actor.agency, reason=InvolvementReason.TRACE)
        audit_record(
            actor=actor,
            action=Action.SEARCH,
            target=person,
            person_id=person.pk,
            summary=f"Traced by {kind.label}",
            reason=reason,
        )
    return person


def person_search_recorded(
    request: HttpRequest,
    *,
    actor: User,
    name: str,
    date_of_birth: dt.date | None,
    purpose: str,
    limit: int = 50,
) -> list[PersonMatch]:
    """A search made for a task: the people the actor may see, and the search audited with its purpose."""
    return person_find_recorded(
        request, actor=actor, name=name, date_of_birth=date_of_birth, purpose=purpose, limit=limit
    ).matches


def person_find_recorded(
    request: HttpRequest,
    *,
    actor: User,
    name: str,
    date_of_birth: dt.date | None,
    purpose: str,
    limit: int = 50,
) -> Found:
    """A search made for a task, with how many matched: the best ``limit`` of the people the actor may see,
    and the search audited with its purpose.

    ``purpose`` completes "Searched …", for example "for a child to record a placement".
    """
    found = person_search_found(actor, name=name, date_of_birth=date_of_birth, limit=limit)
    matched = f"at least {found.matched}" if found.capped else str(found.matched)
    audit_record(
        actor=actor,
        action=Action.SEARCH,
        object_type="people.person",
        summary=f"Searched {purpose} ({matched} found, {len(found.matches)} shown)",
        request=request,
    )
    return found
