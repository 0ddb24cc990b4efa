"""Grow the demo partnership to council scale: ``safeguard synth scale --people N``.

The demo (``safeguard synth demo``) tells a story with a few hundred people; a load test needs the
size of a large county. This adds ``N`` synthetic people with identifiers and, in proportion, missing
episodes (N/5), placements (N/20), intelligence submissions (N/50), children in the latest wash run
(N/100) and five years of scorecard figures. The rows are copies of the demo's own rows (so every
field is one the services would have written) given to the new people and moved back in time over
five years (episodes, placements and intelligence), inserted with ``bulk_create`` in batches. The same ``seed`` gives the same partnership.

It writes rows directly rather than through the services on purpose: a million people through
``person_create`` would take hours and write a million audit events no one made. One audit event
records that the scale data was loaded.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import SystemActor, audit_record
from safeguard.partnership.models import Agency, AgencyKind, Partnership
from safeguard.people.models import Identifier, IdentifierKind, Involvement, InvolvementReason, Person, PersonKind, Sex
from safeguard.people.names import search_key
from safeguard.synth import names

BATCH = 2000
M = TypeVar("M", bound=models.Model)


class ScaleError(Exception):
    """The scale data cannot be built (no demo to grow, or it was grown already)."""


def _copy(template: M, **changes: Any) -> M:
    """A new unsaved row with the template's field values, changed where asked."""
    model = type(template)
    values = {
        field.attname: getattr(template, field.attname)
        for field in model._meta.concrete_fields
        if not field.primary_key
    }
    values.update(changes)
    return model(**values)


def _batches(items: Sequence[M], size: int = BATCH) -> Iterator[Sequence[M]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _insert(model: type[M], rows: Sequence[M]) -> list[M]:
    created: list[M] = []
    for batch in _batches(rows):
        created.extend(model._default_manager.bulk_create(batch))
    return created


def nhs_number(serial: int) -> str:
    """A ten-digit number starting 9 (never issued to a patient) with a valid modulus 11 check digit.

    Of the ten choices of second digit at most one has no valid check digit, so one of the others is
    used; numbers stay distinct for serials below ten million.
    """
    for second in range(10):
        body = f"9{(serial // 10**7 + second) % 10}{serial % 10**7:07d}"
        total = sum(int(digit) * weight for digit, weight in zip(body, range(10, 1, -1), strict=True))
        check = (11 - total % 11) % 11
        if check != 10:
            return body + str(check)
    raise AssertionError("unreachable: nine of ten second digits give a valid number")


def _people(*, partnership: Partnership, count: int, rng: random.Random, health: Agency) -> list[Person]:
    boys = names.BRITISH_BOYS + names.SOUTH_ASIAN_BOYS + names.EASTERN_EUROPEAN_BOYS + names.AFRICAN_BOYS
    girls = names.BRITISH_GIRLS + names.SOUTH_ASIAN_GIRLS + names.EASTERN_EUROPEAN_GIRLS + names.AFRICAN_GIRLS
    surnames = names.BRITISH_SURNAMES + names.SOUTH_ASIAN_SURNAMES + names.EASTERN_EUROPEAN_SURNAMES
    today = dt.date(2017, 6, 30)  # the demo's "as of" date, so ages match the demo's story
    rows: list[Person] = []
    for _ in range(count):
        female = rng.random() < 0.5
        given = rng.choice(girls if female else boys)
        family = rng.choice(surnames)
        rows.append(
            Person(
                partnership=partnership,
                kind=PersonKind.CHILD,
                given_name=given,
                family_name=family,
                date_of_birth=today - dt.timedelta(days=rng.randrange(365, 17 * 365)),
                sex=Sex.FEMALE if female else Sex.MALE,
                given_key=search_key(given),
                family_key=search_key(family),
            )
        )
    created = _insert(Person, rows)
    _insert(
        Identifier,
        [
            Identifier(person=person, kind=IdentifierKind.NHS_NUMBER, value=nhs_number(person.pk), issuer=health)
            for person in created
        ],
    )
    _insert(Involvement, [Involvement(person=p, agency=health, reason=InvolvementReason.CASE) for p in created])
    return created


YEARS_BACK = 5


def _back(index: int) -> dt.timedelta:
    """How far back in time copy ``index`` is moved: spread evenly over five years, whole days.

    Copies keep the demo's own dates otherwise, and a county's 200,000 episodes then all fall in the demo's
    three months (every month's figure reads tens of thousands of rows, and thousands of children are
    missing at once); five years of history is what a partnership that has used the system holds.
    """
    return dt.timedelta(days=(index * 7919) % (YEARS_BACK * 365))


def _moved(template: M, back: dt.timedelta, **changes: Any) -> M:
    """A copy of ``template`` with every date and time moved ``back``, so its own intervals stay as they were."""
    moved: dict[str, Any] = {}
    for field in type(template)._meta.concrete_fields:
        if isinstance(field, models.DateField) and not field.primary_key:  # DateTimeField is a DateField
            value = getattr(template, field.attname)
            if value is not None:
                moved[field.attname] = value - back
    return _copy(template, **{**moved, **changes})


def _cycle(templates: Sequence[M], count: int) -> Iterator[tuple[int, M]]:
    for index in range(count):
        yield index, templates[index % len(templates)]


def _episodes(*, partnership: Partnership, children: Sequence[Person], count: int) -> int:
    from safeguard.missing.models import Episode, ReturnInterview

    # Only episodes that have ended are copied: moved years back, an open one would be a child missing for years.
    templates = list(Episode.objects.filter(partnership=partnership, ended_at__isnull=False).order_by("pk"))
    if not templates or not count:
        return 0
    rhis = {rhi.episode_id: rhi for rhi in ReturnInterview.objects.filter(episode__in=templates)}
    new = [
        _moved(template, _back(index), person_id=children[index % len(children)].pk, police_decision_id=None)
        for index, template in _cycle(templates, count)
    ]
    created = _insert(Episode, new)
    _insert(
        ReturnInterview,
        [
            _moved(rhis[template.pk], _back(index), episode_id=episode.pk)
            for (index, template), episode in zip(_cycle(templates, count), created, strict=True)
            if template.pk in rhis
        ],
    )
    return len(created)


def _placements(*, partnership: Partnership, children: Sequence[Person], count: int) -> int:
    from safeguard.placements.models import Placement

    templates = list(Placement.objects.filter(partnership=partnership).order_by("pk"))
    if not templates or not count:
        return 0
    # Spread over the children from the far end, so some children have both an episode and a placement.
    new = [
        _moved(t, _back(index), person_id=children[-1 - index % len(children)].pk)
        for index, t in _cycle(templates, count)
    ]
    return len(_insert(Placement, new))


def _intelligence(*, partnership: Partnership, count: int) -> int:
    from safeguard.intelligence.models import Submission, SubmissionCategory

    templates = list(Submission.objects.filter(partnership=partnership).exclude(status="draft").order_by("pk"))
    if not templates or not count:
        return 0
    categories: dict[int, list[SubmissionCategory]] = {}
    for category in SubmissionCategory.objects.filter(submission__in=templates):
        categories.setdefault(category.submission_id, []).append(category)
    new = [_moved(t, _back(index), reference=f"SCALE-{index + 1:08d}") for index, t in _cycle(templates, count)]
    created = _insert(Submission, new)
    _insert(
        SubmissionCategory,
        [
            _copy(category, submission_id=submission.pk)
            for (_, template), submission in zip(_cycle(templates, count), created, strict=True)
            for category in categories.get(template.pk, [])
        ],
    )
    return len(created)


def _scorecard(*, partnership: Partnership, years: int, rng: random.Random) -> int:
    """Fill five years of figures before each indicator's latest, from the latest figure's shape."""
    from safeguard.performance.models import Indicator, Submission
    from safeguard.performance.periods import months_in, shift

    new: list[Submission] = []
    for indicator in Indicator.objects.filter(partnership=partnership).order_by("pk"):
        figures = list(Submission.objects.filter(indicator=indicator).order_by("-period_start"))
        if not figures:
            continue
        latest = figures[0]
        have = {figure.period_start for figure in figures}
        for back in range(1, years * 12 // months_in(indicator.frequency) + 1):
            start = shift(latest.period_start, indicator.frequency, -back)
            if start in have:
                continue
            # Within ±10% of the latest figure, so trends stay believable.
            wobble = Decimal(1) + Decimal(rng.randrange(-100, 101)) / 1000
            new.append(_copy(latest, period_start=start, numerator=round(latest.numerator * wobble, 2)))
    return len(_insert(Submission, new))


def _wash(*, partnership: Partnership, children: Sequence[Person], count: int) -> int:
    from safeguard.datawash.models import CohortChild, RunStatus, WashRun

    run = WashRun.objects.filter(partnership=partnership, status=RunStatus.SUCCEEDED).order_by("-created_at").first()
    if run is None or not count:
        return 0
    templates = list(CohortChild.objects.filter(run=run).order_by("pk"))
    if not templates:
        return 0
    new = [
        _copy(t, person_id=children[index % len(children)].pk, cohort_record_id=f"SCALE-{index + 1:08d}")
        for index, t in _cycle(templates, count)
    ]
    return len(_insert(CohortChild, new))


def build_scale(
    *, partnership: Partnership, people: int, seed: int = 2017, log: Callable[[str], None] = print
) -> dict[str, int]:
    """Add ``people`` synthetic children and the records in proportion; returns what was added."""
    if people < 1:
        raise ScaleError("--people must be at least 1")
    health = Agency.objects.filter(partnership=partnership, kind=AgencyKind.HEALTH_PROVIDER).order_by("pk").first()
    if health is None:
        raise ScaleError(f"{partnership} has no health provider to issue NHS numbers; load the demo first")
    rng = random.Random(seed)
    counts: dict[str, int] = {}
    with transaction.atomic():
        children = _people(partnership=partnership, count=people, rng=rng, health=health)
        counts["people"] = len(children)
        log(f"  {len(children):,} people with NHS numbers")
        counts["missing episodes"] = _episodes(partnership=partnership, children=children, count=people // 5)
        counts["placements"] = _placements(partnership=partnership, children=children, count=people // 20)
        counts["intelligence submissions"] = _intelligence(partnership=partnership, count=people // 50)
        counts["scorecard figures"] = _scorecard(partnership=partnership, years=5, rng=rng)
        counts["wash run children"] = _wash(partnership=partnership, children=children, count=people // 100)
        for what, number in list(counts.items())[1:]:
            log(f"  {number:,} {what}")
        audit_record(
            actor=None,
            action=Action.CREATE,
            object_type="synth.scale",
            actor_username=SystemActor.SCALE_LOADER,
            summary=f"Loaded synthetic scale data ({people} people, seed {seed}) at {timezone.now():%Y-%m-%d %H:%M}",
        )
    return counts
