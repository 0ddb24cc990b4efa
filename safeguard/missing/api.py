"""Police systems push missing episodes here, identified by their own reference.

POST the same reference again and the same episode comes back (200, not 201),
so a retry after a lost response never duplicates an episode.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from pydantic import Field, field_validator

from safeguard.audit.models import Action
from safeguard.audit.services import api_actor, audit_record
from safeguard.core.api import ApiCaller, ErrorOut, caller_of
from safeguard.missing import services
from safeguard.missing.clock import rhi_due_at
from safeguard.missing.models import Category, Episode, RiskGrade
from safeguard.partnership.roles import Perm
from safeguard.people.identifiers import nhs_number_problem, normalise_nhs_number
from safeguard.people.models import IdentifierKind, Person, Sex
from safeguard.people.selectors import match_for_system, person_by_identifier
from safeguard.people.services import person_create

router = Router(tags=["missing"])


class PersonIn(Schema):
    nhs_number: str = Field(default="", max_length=12)
    date_of_birth: dt.date
    given_name: str = Field(default="", max_length=100)
    family_name: str = Field(default="", max_length=100)
    postcode: str = Field(default="", max_length=10)
    sex: Sex = Sex.UNKNOWN

    @field_validator("nhs_number")
    @classmethod
    def _valid_nhs_number(cls, value: str) -> str:
        if not value.strip():
            return ""
        problem = nhs_number_problem(value)
        if problem:
            raise ValueError(problem)
        return normalise_nhs_number(value)


class EpisodeIn(Schema):
    police_reference: str = Field(min_length=1, max_length=60)
    person: PersonIn
    category: Category
    risk_grade: RiskGrade
    reported_at: dt.datetime
    started_at: dt.datetime
    last_seen_place: str = Field(default="", max_length=300)
    clothing: str = Field(default="", max_length=5000)
    looked_after: bool = False
    responsible_authority: str = Field(default="", max_length=200)
    ended_at: dt.datetime | None = None
    found_place: str = Field(default="", max_length=300)
    found_how: str = Field(default="", max_length=5000)

    @field_validator("reported_at", "started_at", "ended_at")
    @classmethod
    def _aware(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("Give a timezone, e.g. 2026-03-27T23:30:00Z or +01:00")
        # A system's empty date (0001-01-01, DateTime.MinValue) is not a time anyone went missing.
        if value is not None and not 1900 <= value.year < 2100:
            raise ValueError("Give a real date between 1900 and 2099")
        return value


class EpisodeOut(Schema):
    id: int
    police_reference: str
    person_id: int
    category: str
    risk_grade: str
    started_at: dt.datetime
    ended_at: dt.datetime | None
    rhi_due_at: dt.datetime | None
    created: bool


class HeldOut(Schema):
    held_id: int
    police_reference: str
    message: str


# The same words whether the NHS number is unknown or its date of birth disagrees: a caller must not
# learn that a number exists, nor guess a date of birth by trying one after another.
NO_CERTAIN_MATCH = (
    "No child matches that NHS number and date of birth for certain: give given_name, family_name and "
    "postcode, and children's services will check which child it is"
)


def _person_for(agency_partnership_id: int, data: PersonIn, *, agency: Any, token_name: str) -> Person | list[Person]:
    """The child this push is about, added if certainly new; or the possible children, for a person to check.

    NHS number and date of birth together match; otherwise name, date of birth and postcode through the
    person index. A doubt is never guessed at: a mistyped number would attach the episode to another child,
    and a second record of the same child would hide the first's Philomena profile.
    """
    found = (
        person_by_identifier(
            partnership_id=agency_partnership_id, kind=IdentifierKind.NHS_NUMBER, value=data.nhs_number
        )
        if data.nhs_number
        else None
    )
    if found is not None and found.date_of_birth == data.date_of_birth:
        return found
    if not (data.given_name.strip() and data.family_name.strip()):
        raise HttpError(422, NO_CERTAIN_MATCH)
    if found is not None:
        return [found]
    match = match_for_system(
        partnership_id=agency_partnership_id,
        date_of_birth=data.date_of_birth,
        given_name=data.given_name,
        family_name=data.family_name,
        postcode=data.postcode,
        nhs_number=data.nhs_number,
    )
    if match.person is not None:
        return match.person
    if match.candidates:
        return list(match.candidates)
    return person_create(
        actor=None,
        partnership=agency.partnership,
        agency=agency,
        given_name=data.given_name,
        family_name=data.family_name,
        date_of_birth=data.date_of_birth,
        sex=data.sex,
        identifiers=[(IdentifierKind.NHS_NUMBER, data.nhs_number)] if data.nhs_number else [],
        address={"line1": "Postcode only (police push)", "postcode": data.postcode} if data.postcode else None,
        reason=f"Pushed with a missing episode by API token {token_name}",
    )


def _out(episode: Episode, created: bool) -> EpisodeOut:
    return EpisodeOut(
        id=episode.pk,
        police_reference=episode.police_reference,
        person_id=episode.person_id,
        category=episode.category,
        risk_grade=episode.risk_grade,
        started_at=episode.started_at,
        ended_at=episode.ended_at,
        rhi_due_at=rhi_due_at(episode.ended_at) if episode.ended_at else None,
        created=created,
    )


def _episode_fields(payload: EpisodeIn) -> dict[str, object]:
    """The pushed episode in the names and types ``services.EpisodeInput`` takes."""
    return {
        "category": payload.category,
        "risk_grade": payload.risk_grade,
        "reported_at": payload.reported_at,
        "started_at": payload.started_at,
        "last_seen_place": payload.last_seen_place,
        "clothing": payload.clothing,
        "looked_after": payload.looked_after,
        "responsible_authority": payload.responsible_authority,
        "ended_at": payload.ended_at,
        "found_place": payload.found_place,
        "found_how": payload.found_how,
    }


def _child_pushed(caller: ApiCaller, payload: EpisodeIn) -> Person | list[Person]:
    """The child the push is about, or the possible children; a retry of a resolved push keeps its child."""
    agency = caller.agency
    known = Episode.objects.filter(
        partnership_id=agency.partnership_id, police_reference=payload.police_reference.strip()
    ).first()
    person = _person_for(agency.partnership_id, payload.person, agency=agency, token_name=caller.token.name)
    if known is not None and isinstance(person, list):
        # A retry of a push already resolved goes to its episode: the child was settled then.
        if known.person not in person:
            raise HttpError(409, "That police reference is already used for another child")
        return known.person
    return person


def _hold(caller: ApiCaller, payload: EpisodeIn, candidates: list[Person]) -> Status[HeldOut]:
    """Keep the push for children's services to say which of the possible children it is about."""
    held, _ = services.push_hold(
        agency=caller.agency,
        token_name=caller.token.name,
        api_caller=api_actor(caller.token),
        police_reference=payload.police_reference,
        person_sent=payload.person.model_dump(mode="json"),
        episode_sent=payload.model_dump(mode="json", exclude={"person", "police_reference"}),
        candidates=candidates,
    )
    return Status(
        202,
        HeldOut(
            held_id=held.pk,
            police_reference=held.police_reference,
            message="Held until children's services confirm which child this is",
        ),
    )


def _record(request: HttpRequest, caller: ApiCaller, payload: EpisodeIn, person: Person) -> tuple[Episode, bool]:
    """The episode with this police reference for this child, recorded if new; the call is audited."""
    agency = caller.agency
    episode, created = services.episode_from_police_system(
        agency=agency,
        token_name=caller.token.name,
        api_caller=api_actor(caller.token),
        police_reference=payload.police_reference,
        person=person,
        fields=_episode_fields(payload),
    )
    if not created and episode.person_id != person.pk:
        raise HttpError(409, "That police reference is already used for another child")
    audit_record(
        actor=None,
        actor_username=api_actor(caller.token),
        agency=agency,
        action=Action.API,
        target=episode,
        person_id=episode.person_id,
        summary=f"{'Recorded' if created else 'Received again'} missing episode {payload.police_reference} from {agency.name}",
        request=request,
    )
    return episode, created


@router.post(
    "/episodes",
    response={
        200: EpisodeOut,
        201: EpisodeOut,
        202: HeldOut,
        400: ErrorOut,
        403: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
    summary="Record a missing episode by police reference (idempotent)",
    description="A child not matched for certain is held (202) until children's services say which child it is.",
)
def push_episode(request: HttpRequest, payload: EpisodeIn) -> Status[EpisodeOut] | Status[HeldOut]:
    caller = caller_of(request)
    caller.require(Perm.RECORD_EPISODES)
    try:
        with transaction.atomic():
            person = _child_pushed(caller, payload)
            if isinstance(person, list):
                return _hold(caller, payload, person)
            episode, created = _record(request, caller, payload, person)
    except services.EpisodeConflict as exc:
        raise HttpError(409, str(exc)) from None
    except services.EpisodeProblem as exc:
        raise HttpError(400, str(exc)) from None
    return Status(201 if created else 200, _out(episode, created))
