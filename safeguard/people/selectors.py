"""Reading the person index, always scoped to what the user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Model, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from rapidfuzz import fuzz

from safeguard.partnership.models import User
from safeguard.partnership.roles import Perm
from safeguard.people.identifiers import normalise_nhs_number, normalise_postcode, normalise_upn
from safeguard.people.models import Identifier, IdentifierKind, Involvement, Person
from safeguard.people.names import fold, name_forms, search_key


def people_for_user(user: User) -> QuerySet[Person]:
    """Every person the user may see. Deny by default: no permission, no rows."""
    if user.agency is None or not user.can(Perm.VIEW_PEOPLE):
        return Person.objects.none()
    in_partnership = Person.objects.filter(partnership_id=user.agency.partnership_id)
    if user.can(Perm.VIEW_ALL_PEOPLE):
        return in_partnership
    now = timezone.now()
    involved = Q(involvements__agency_id=user.agency_id) & (
        Q(involvements__ends_at__isnull=True) | Q(involvements__ends_at__gt=now)
    )
    return in_partnership.filter(pk__in=Person.objects.filter(involved).values("pk"))


def agency_works_with(*, agency_id: int, person_id: int) -> bool:
    """Whether the agency has a current reason to see the person (an involvement not yet ended)."""
    now = timezone.now()
    return (
        Involvement.objects.filter(person_id=person_id, agency_id=agency_id)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .exists()
    )


def age_in_years(date_of_birth: dt.date | None, *, today: dt.date) -> int | None:
    """Whole years on ``today``; a 29 February birthday counts from 1 March in other years."""
    if date_of_birth is None:
        return None
    before_birthday = (today.month, today.day) < (date_of_birth.month, date_of_birth.day)
    return today.year - date_of_birth.year - before_birthday


def get_person_for_user(user: User, pk: int) -> Person:
    """The person, or 404 when the user may not see them (an outsider learns nothing)."""
    return get_object_or_404(people_for_user(user), pk=pk)


def involvements_of(person: Person) -> QuerySet[Involvement]:
    """The agencies working with the person, by agency name, for their record."""
    return person.involvements.select_related("agency").order_by("agency__name")


def person_by_identifier(
    *, partnership_id: int, kind: IdentifierKind, value: str, date_of_birth: dt.date | None = None
) -> Person | None:
    """The person in a partnership holding this exact, normalised identifier.

    Only for callers that already hold the identifier and answer for their use of
    it: an agency's system through the API, or ``person_trace`` (which audits the
    reason). Never for a user's free search: that goes through ``people_for_user``.
    """
    found = Person.objects.filter(partnership_id=partnership_id, identifiers__kind=kind, identifiers__value=value)
    if date_of_birth is not None:
        found = found.filter(date_of_birth=date_of_birth)
    return found.order_by("pk").first()


@dataclass(frozen=True)
class PersonMatch:
    person: Person
    score: float
    reasons: tuple[str, ...]


def _dob_score(wanted: dt.date, found: dt.date | None) -> tuple[float, str]:
    if found is None:
        return 0.0, ""
    if wanted == found:
        return 1.0, "same date of birth"
    if wanted.year == found.year and wanted.day == found.month and wanted.month == found.day:
        return 0.7, "date of birth with day and month swapped"
    differing = sum(a != b for a, b in zip(wanted.strftime("%Y%m%d"), found.strftime("%Y%m%d"), strict=True))
    if differing == 1:
        return 0.6, "date of birth one digit different"
    if abs((wanted - found).days) <= 31:
        return 0.3, "date of birth within a month"
    return -0.5, ""


def _name_score(query_words: list[str], person: Person) -> tuple[float, list[str]]:
    reasons: list[str] = []
    person_words = [
        w
        for w in fold(f"{person.given_name} {person.known_as} {person.middle_names} {person.family_name}").split()
        if w
    ]
    if not query_words or not person_words:
        return 0.0, reasons
    total = 0.0
    for word in query_words:
        best = 0.0
        for candidate in person_words:
            if word == candidate:
                score = 1.0
            elif name_forms(word) & name_forms(candidate):
                score = 0.9
                reasons.append(f"{word} is another form of {candidate}")
            else:
                score = fuzz.ratio(word, candidate) / 100
                if score >= 0.75:
                    reasons.append(f"{word} is spelt like {candidate}")
            best = max(best, score)
        total += best
    return total / len(query_words), reasons


def person_search(
    user: User, *, name: str = "", date_of_birth: dt.date | None = None, identifier: str = "", limit: int = 50
) -> list[PersonMatch]:
    """Typo-tolerant search of the people the user may see: the best ``limit`` matches."""
    return person_search_found(user, name=name, date_of_birth=date_of_birth, identifier=identifier, limit=limit).matches


# Only this many candidates are scored; past it, the count of matches is a floor and the page says so.
CANDIDATE_LIMIT = 2000


@dataclass(frozen=True)
class Found:
    """The best matches of a search, how many matched, and whether candidates past ``CANDIDATE_LIMIT`` went
    unscored (then ``matched`` counts only the matches among the first ``CANDIDATE_LIMIT``: there may be more)."""

    matches: list[PersonMatch]
    matched: int
    capped: bool = False

    @property
    def candidate_limit(self) -> int:
        return CANDIDATE_LIMIT


def person_search_found(
    user: User, *, name: str = "", date_of_birth: dt.date | None = None, identifier: str = "", limit: int = 50
) -> Found:
    """The best ``limit`` matches, how many matched in all, and whether the count stopped at the candidate limit.

    Candidates come from indexed columns (phonetic keys, date of birth, exact
    identifiers); only those are scored in Python, so the cost does not grow
    with the size of the index.
    """
    scope = people_for_user(user)
    if identifier:
        values = {normalise_nhs_number(identifier), normalise_upn(identifier), identifier.strip()}
        ids = Identifier.objects.filter(value__in=values).values("person_id")
        same = scope.filter(pk__in=ids)
        return Found([PersonMatch(p, 2.0, ("same identifier",)) for p in same[:limit]], same.count())
    words = [w for w in fold(name).split() if len(w) > 1]
    if not words and date_of_birth is None:
        return Found([], 0)
    candidate_filter = Q()
    for word in words:
        key = search_key(word)
        if key:
            candidate_filter |= Q(given_key=key) | Q(family_key=key)
        candidate_filter |= Q(family_name__istartswith=word[:3]) | Q(given_name__istartswith=word[:3])
    if date_of_birth is not None:
        candidate_filter |= Q(date_of_birth=date_of_birth)
    # One more than the limit, to know whether any went unscored.
    candidates = list(scope.filter(candidate_filter).prefetch_related("identifiers")[: CANDIDATE_LIMIT + 1])
    capped = len(candidates) > CANDIDATE_LIMIT
    matches: list[PersonMatch] = []
    for person in candidates[:CANDIDATE_LIMIT]:
        score, reasons = _name_score(words, person)
        if date_of_birth is not None:
            dob_score, dob_reason = _dob_score(date_of_birth, person.date_of_birth)
            score = (score + dob_score) / 2 if words else dob_score
            if dob_reason:
                reasons.append(dob_reason)
        if score >= 0.6:
            matches.append(PersonMatch(person, round(score, 3), tuple(reasons)))
    matches.sort(key=lambda m: (-m.score, m.person.family_name, m.person.given_name))
    return Found(matches[:limit], len(matches), capped)


@dataclass(frozen=True)
class SystemMatch:
    """How a record sent by an agency's system matches the index: one certain person, or candidates to check."""

    person: Person | None
    candidates: tuple[Person, ...]


def match_for_system(
    *,
    partnership_id: int,
    date_of_birth: dt.date,
    given_name: str,
    family_name: str,
    postcode: str = "",
    nhs_number: str = "",
) -> SystemMatch:
    """Match a person sent by another system (the police push) without an NHS number that is already held.

    Certain only when exactly one child has the same folded given and family name, the same date of birth
    and the same current postcode, and holds no other NHS number. Anyone else with the same date of birth and
    a similar name, or the same date of birth and postcode, is a candidate for a person to check: guessing
    would attach an episode to the wrong child, and adding a second record would hide the first's history.
    For system callers only (they answer for their use of the identifiers); never for a user's free search.
    """
    wanted_post = normalise_postcode(postcode)
    words = [w for w in fold(f"{given_name} {family_name}").split() if len(w) > 1]
    exact, similar = [], []
    for person in (
        Person.objects.filter(partnership_id=partnership_id, date_of_birth=date_of_birth)
        .prefetch_related("addresses", "identifiers")
        .order_by("pk")[:200]
    ):
        postcodes = {a.postcode for a in person.addresses.all() if a.is_current}
        same_names = fold(person.given_name) == fold(given_name) and fold(person.family_name) == fold(family_name)
        other_nhs = bool(nhs_number) and any(
            i.kind == IdentifierKind.NHS_NUMBER and i.value != nhs_number for i in person.identifiers.all()
        )
        if same_names and wanted_post and wanted_post in postcodes and not other_nhs:
            exact.append(person)
        elif _name_score(words, person)[0] >= 0.6 or (wanted_post and wanted_post in postcodes) or same_names:
            similar.append(person)
    if len(exact) == 1 and not similar:
        return SystemMatch(person=exact[0], candidates=())
    return SystemMatch(person=None, candidates=tuple(exact + similar))


def records_for_subject(person: Person) -> list[Model]:
    """The person's own index entries (the record, addresses, identifiers, involvements), for a subject
    access bundle. The caller has already checked the requester may answer a subject access request."""
    return [
        person,
        *person.addresses.all(),
        *person.identifiers.all(),
        *person.involvements.select_related("agency"),
    ]
