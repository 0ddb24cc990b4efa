"""Reading soft intelligence, scoped in the query.

Three audiences, three scopes:
- a submitter sees only their own submissions and their status, never the grading;
- police intelligence officers of a police agency see the partnership's queue in full;
- analysts (and police) see the network: which submissions share a person,
  vehicle, phone, account or place, with sanitised summaries but not the content.
Themes are counts without names, with small numbers suppressed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import CharField, Count, Prefetch, Q, QuerySet
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404
from django.utils import timezone

from safeguard.core.figures import Figure, period_bounds
from safeguard.core.retention import past_retention
from safeguard.intelligence import crypto
from safeguard.intelligence.models import (
    Addition,
    Assessment,
    Category,
    Entity,
    EntityKind,
    Handling,
    Release,
    ReleaseDecision,
    Status,
    Submission,
    entity_label,
)
from safeguard.partnership.models import Partnership, User
from safeguard.partnership.roles import Perm
from safeguard.people.models import Person
from safeguard.people.selectors import people_for_user
from safeguard.performance import periods

SUBMITTED = (Status.SUBMITTED, Status.ASSESSED)


def _base() -> QuerySet[Submission]:
    # Every way into intelligence passes here, so a missing key fails before any page renders.
    crypto.require_key()
    return Submission.objects.select_related("agency", "submitted_by").prefetch_related("categories")


def submissions_for_submitter(user: User) -> QuerySet[Submission]:
    if user.agency is None or not user.can(Perm.SUBMIT_INTELLIGENCE):
        return Submission.objects.none()
    return _base().filter(submitted_by=user, partnership_id=user.agency.partnership_id)


def get_submission_for_submitter(user: User, pk: int) -> Submission:
    return get_object_or_404(submissions_for_submitter(user), pk=pk)


def is_grader(user: User) -> bool:
    """Only intelligence officers *of a police agency* grade, whatever roles say."""
    return user.agency is not None and user.agency.is_police and user.can(Perm.GRADE_INTELLIGENCE)


def queue_for_user(user: User) -> QuerySet[Submission]:
    if not is_grader(user):
        return Submission.objects.none()
    assert user.agency is not None
    return (
        _base()
        .filter(partnership_id=user.agency.partnership_id, status__in=SUBMITTED)
        .prefetch_related(Prefetch("assessments", queryset=Assessment.objects.select_related("assessed_by")))
        .order_by("status", "submitted_at")
    )


def get_queue_item_for_user(user: User, pk: int) -> Submission:
    return get_object_or_404(queue_for_user(user), pk=pk)


def submissions_for_analysis(user: User) -> QuerySet[Submission]:
    """What the network is drawn from: the partnership's submitted intelligence, for police and analysts only."""
    if user.agency is None:
        return Submission.objects.none()
    if not can_analyse(user):
        return Submission.objects.none()
    return _base().filter(partnership_id=user.agency.partnership_id, status__in=SUBMITTED)


# Handling codes under which the police allow a graded submission's people, phones and vehicles to be seen
# beyond the police. A list of what is allowed, so a restrictive code added later is withheld by default.
SHAREABLE_HANDLING = frozenset({Handling.PERMITTED, Handling.CONDITIONS})


def sees_every_value(user: User) -> bool:
    """The police see what every submission names; other analysts only what the police graded for sharing."""
    return user.agency is not None and user.agency.is_police


def shareable_ids(submissions: QuerySet[Submission]) -> set[int]:
    """Submissions whose latest grading carries a handling code that allows sharing beyond the police."""
    latest: dict[int, str] = {}
    for submission_id, handling in (
        Assessment.objects.filter(submission__in=submissions.values("pk"))
        .order_by("submission_id", "-assessed_at", "-pk")
        .values_list("submission_id", "handling")
    ):
        latest.setdefault(submission_id, handling)
    return {pk for pk, handling in latest.items() if handling in SHAREABLE_HANDLING}


def submissions_with_values(user: User) -> QuerySet[Submission]:
    """The part of the analysis scope whose named people, phones and vehicles this user may see.

    Ungraded and restricted submissions stay in ``submissions_for_analysis`` (and so in counts), but the network
    is drawn only from these: a link to an ungraded submission would give away what it names.
    """
    scope = submissions_for_analysis(user)
    if sees_every_value(user):
        return scope
    return scope.filter(pk__in=shareable_ids(scope))


def withheld_count(user: User) -> int:
    """Submitted intelligence counted for the user but not shown in their network until graded for sharing."""
    if sees_every_value(user):
        return 0
    return submissions_for_analysis(user).count() - submissions_with_values(user).count()


# --- Linking -------------------------------------------------------------------------


@dataclass
class Connection:
    submission: Submission
    shared: list[str] = field(default_factory=list)


@dataclass
class Cluster:
    submissions: list[Submission]
    shared: list[str]


@dataclass
class PersonNetwork:
    submissions: list[Submission]
    recurring_places: list[tuple[str, int]]
    connected: list[Connection]


def _links(scope: QuerySet[Submission]) -> list[Entity]:
    return list(
        Entity.objects.filter(submission__in=scope.values("pk"))
        .exclude(link_key="")
        .only("pk", "submission_id", "kind", "value", "postcode", "platform", "link_key")
    )


def _label(entity: Entity) -> str:
    return f"{entity.get_kind_display()}: {entity_label(entity)}"


def connected_submissions(user: User, submission: Submission) -> list[Connection]:
    """Other submissions in the user's scope sharing a link key with this one."""
    visible = submissions_with_values(user)
    if not visible.filter(pk=submission.pk).exists():
        return []
    keys = set(submission.entities.exclude(link_key="").values_list("link_key", flat=True))
    if not keys:
        return []
    others = (
        Entity.objects.filter(link_key__in=keys, submission__in=visible.values("pk"))
        .exclude(submission=submission)
        .select_related("submission")
    )
    found: dict[int, Connection] = {}
    for entity in others:
        connection = found.setdefault(entity.submission_id, Connection(entity.submission))
        label = _label(entity)
        if label not in connection.shared:
            connection.shared.append(label)
    return sorted(found.values(), key=lambda c: c.submission.reference)


def network_for_user(user: User, *, limit: int = 50) -> list[Cluster]:
    """Groups of submissions joined, directly or through others, by shared link keys (those the user may see)."""
    scope = submissions_with_values(user)
    links = _links(scope)
    by_key: dict[str, list[Entity]] = defaultdict(list)
    for entity in links:
        by_key[entity.link_key].append(entity)
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    shared_keys = {key: ents for key, ents in by_key.items() if len({e.submission_id for e in ents}) > 1}
    for ents in shared_keys.values():
        first = ents[0].submission_id
        for other in ents[1:]:
            parent[find(other.submission_id)] = find(first)
    groups: dict[int, set[int]] = defaultdict(set)
    labels: dict[int, list[str]] = defaultdict(list)
    for ents in shared_keys.values():
        root = find(ents[0].submission_id)
        groups[root].update(e.submission_id for e in ents)
        labels[root].append(_label(ents[0]))
    submissions = scope.in_bulk([pk for members in groups.values() for pk in members])
    clusters = [
        Cluster(
            submissions=sorted((submissions[pk] for pk in members if pk in submissions), key=lambda s: s.reference),
            shared=sorted(labels[root]),
        )
        for root, members in groups.items()
    ]
    clusters.sort(key=lambda c: (-len(c.submissions), c.submissions[0].reference if c.submissions else ""))
    return clusters[:limit]


def person_network(user: User, person: Person) -> PersonNetwork:
    """Submissions naming a person, the places that recur in them, and what else they connect to.

    Only submissions whose values the user may see: for an analyst outside the police, those graded for sharing.
    """
    scope = submissions_with_values(user)
    key = crypto.link_key("person", str(person.pk))
    ids = set(
        Entity.objects.filter(link_key=key, submission__in=scope.values("pk")).values_list("submission_id", flat=True)
    )
    about = list(scope.filter(pk__in=ids).order_by("-submitted_at"))
    places: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for entity in Entity.objects.filter(submission_id__in=ids, kind=EntityKind.PLACE).exclude(link_key=""):
        places[entity.link_key] += 1
        labels.setdefault(entity.link_key, entity_label(entity))
    recurring = [(labels[k], n) for k, n in places.most_common() if n > 1]
    connected: dict[int, Connection] = {}
    for submission in about:
        for connection in connected_submissions(user, submission):
            if connection.submission.pk in ids:
                continue
            merged = connected.setdefault(connection.submission.pk, Connection(connection.submission))
            merged.shared.extend(s for s in connection.shared if s not in merged.shared)
    return PersonNetwork(about, recurring, sorted(connected.values(), key=lambda c: c.submission.reference))


# --- Themes without names -------------------------------------------------------------

# Counts of one or two are shown as "fewer than 3". In a partnership the size of
# Darlington, "1 modern slavery report from a school in DL1 in March" is enough
# for a colleague to work out who it is about and who reported it; a board
# needs patterns, not individuals, so small numbers are withheld.
SUPPRESS_BELOW = 3
SUPPRESSED_TEXT = f"fewer than {SUPPRESS_BELOW}"


@dataclass(frozen=True)
class ThemeCell:
    label: str
    count: int
    suppressed: bool

    @property
    def shown(self) -> str:
        return SUPPRESSED_TEXT if self.suppressed else str(self.count)


@dataclass(frozen=True)
class Themes:
    period_start: dt.date
    period_end: dt.date
    total: ThemeCell
    by_category: list[ThemeCell]
    by_month: list[ThemeCell]
    by_district: list[ThemeCell]
    by_agency: list[ThemeCell]


def suppress(counts: list[tuple[str, int]], *, total_shown: bool = True) -> list[ThemeCell]:
    """Withhold counts of 1 and 2, and one more cell when needed to protect them.

    If exactly one cell in a breakdown is withheld and the total is shown, the
    total minus the others gives it away, so the next smallest non-zero cell is
    withheld too (secondary suppression). Zero is shown: it identifies no one.
    """
    small = {label for label, n in counts if 0 < n < SUPPRESS_BELOW}
    if total_shown and len(small) == 1:
        others = sorted((n, label) for label, n in counts if n >= SUPPRESS_BELOW)
        if others:
            small.add(others[0][1])
    return [ThemeCell(label, n, label in small) for label, n in counts]


QUARTERLY = periods.Frequency.QUARTERLY


def quarter_end(start: dt.date) -> dt.date:
    return periods.period_end(start, QUARTERLY)


def finished_quarters(today: dt.date, *, count: int = 12) -> list[dt.date]:
    """The starts of the last ``count`` finished calendar quarters, newest first."""
    latest = periods.shift(periods.period_start(today, QUARTERLY), QUARTERLY, -1)
    return [periods.shift(latest, QUARTERLY, -n) for n in range(count)]


def quarter_label(start: dt.date) -> str:
    return f"{start:%B} to {quarter_end(start):%B %Y}"


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    months, current = [], start.replace(day=1)
    while current <= end:
        months.append(current)
        current = (current + dt.timedelta(days=32)).replace(day=1)
    return months


def themes_for_partnership(*, partnership: Partnership, period_start: dt.date, period_end: dt.date) -> Themes:
    """Counts of submitted intelligence, by when it was submitted, with no names or content.

    The period is one calendar quarter and nothing else. Periods that overlap (January to December
    and February to December) differ by exactly the cells suppression hides, so any choice of
    overlapping periods gives small counts away; calendar quarters never overlap, so there is
    nothing to subtract.
    """
    period_bounds(period_start, period_end)
    if period_start != periods.period_start(period_start, QUARTERLY) or period_end != quarter_end(period_start):
        raise ValueError(f"Themes are counted per calendar quarter, not {period_start} to {period_end}")
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(period_start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(period_end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    scope = Submission.objects.filter(
        partnership=partnership, status__in=SUBMITTED, submitted_at__gte=start, submitted_at__lt=end
    )
    total = scope.count()
    by_category = dict(
        scope.values_list("categories__category")
        .annotate(n=Count("pk", distinct=True))
        .values_list("categories__category", "n")
    )
    months: Counter[dt.date] = Counter()
    for submitted_at in scope.values_list("submitted_at", flat=True):
        assert submitted_at is not None
        months[timezone.localtime(submitted_at, tz).date().replace(day=1)] += 1
    districts = scope.values("district").annotate(n=Count("pk")).order_by("district")
    agencies = scope.values("agency__name").annotate(n=Count("pk")).order_by("agency__name")
    # Categories overlap (one submission can have several), so their sum is not the
    # total and cannot be used to recover a withheld cell.
    return Themes(
        period_start=period_start,
        period_end=period_end,
        total=suppress([("Total", total)], total_shown=False)[0],
        by_category=suppress([(c.label, by_category.get(c.value, 0)) for c in Category], total_shown=False),
        by_month=suppress([(m.strftime("%B %Y"), months.get(m, 0)) for m in _months(period_start, period_end)]),
        by_district=suppress([(row["district"] or "Not known", row["n"]) for row in districts]),
        by_agency=suppress([(row["agency__name"], row["n"]) for row in agencies]),
    )


def figure_intelligence_submitted(*, partnership: Partnership, period_start: dt.date, period_end: dt.date) -> Figure:
    """Soft intelligence submissions received by police in the period (a count)."""
    period_bounds(period_start, period_end)
    return Figure(
        numerator=Submission.objects.filter(
            partnership=partnership,
            status__in=SUBMITTED,
            submitted_at__date__gte=period_start,
            submitted_at__date__lte=period_end,
        ).count()
    )


def figure_intelligence_assessed_share(
    *, partnership: Partnership, period_start: dt.date, period_end: dt.date
) -> Figure:
    """Of the intelligence submitted in the period, how much police have graded."""
    period_bounds(period_start, period_end)
    scope = Submission.objects.filter(
        partnership=partnership,
        status__in=SUBMITTED,
        submitted_at__date__gte=period_start,
        submitted_at__date__lte=period_end,
    )
    return Figure(numerator=scope.filter(status=Status.ASSESSED).count(), denominator=scope.count())


def dashboard_counts(user: User) -> dict[str, int]:
    counts = {"drafts": 0, "awaiting": 0}
    if user.can(Perm.SUBMIT_INTELLIGENCE):
        counts["drafts"] = submissions_for_submitter(user).filter(status=Status.DRAFT).count()
    if is_grader(user):
        counts["awaiting"] = queue_for_user(user).filter(status=Status.SUBMITTED).count()
    return counts


def can_analyse(user: User) -> bool:
    """Police intelligence officers and analysts see the network; it is named people, so they need both."""
    return user.agency is not None and user.can(Perm.ANALYSE_INTELLIGENCE) and user.can(Perm.VIEW_PEOPLE)


def sanitised_summaries(submissions: list[Submission]) -> dict[int, str]:
    """The latest sanitised summary of each submission: what police say may be shared wider."""
    summaries: dict[int, str] = {}
    for assessment in Assessment.objects.filter(submission__in=[s.pk for s in submissions]).order_by(
        "submission_id", "-assessed_at", "-pk"
    ):
        summaries.setdefault(assessment.submission_id, assessment.sanitised_summary)
    return summaries


def linked_person_ids(submission: Submission) -> list[int]:
    """The people from the index a submission names, as ids in the submission's own partnership."""
    ids = [int(e.person_ref) for e in submission.entities.filter(kind=EntityKind.PERSON) if e.person_ref]
    return sorted(
        Person.objects.filter(pk__in=ids, partnership_id=submission.partnership_id).values_list("pk", flat=True)
    )


def primary_place(submission: Submission) -> Entity | None:
    """The place the submission is mainly about, if it names one."""
    return submission.entities.filter(primary=True).first()


def submission_entity(submission: Submission, pk: int) -> Entity | None:
    """One detail of this submission, or None if the id is not one of its own."""
    return submission.entities.filter(pk=pk).first()


def waiting_for_grading(submissions: QuerySet[Submission]) -> QuerySet[Submission]:
    return submissions.filter(status=Status.SUBMITTED)


def submission_additions(submission: Submission) -> QuerySet[Addition]:
    return submission.additions.select_related("added_by")


def submission_assessments(submission: Submission) -> QuerySet[Assessment]:
    return submission.assessments.select_related("assessed_by")


def submission_release_decisions(submission: Submission) -> QuerySet[ReleaseDecision]:
    return submission.release_decisions.select_related("decided_by")


def people_visible_among(user: User, entities: list[Entity]) -> set[int]:
    """Of the people these details name from the index, the ids of those the user may open."""
    ids = [int(e.person_ref) for e in entities if e.person_ref]
    return set(people_for_user(user).filter(pk__in=ids).values_list("pk", flat=True))


# --- Subject access --------------------------------------------------------------------


def released_ids(submissions: QuerySet[Submission]) -> set[int]:
    """Submissions whose latest release decision is to release them in subject access bundles."""
    latest: dict[int, str] = {}
    for submission_id, decision in (
        ReleaseDecision.objects.filter(submission__in=submissions.values("pk"))
        .order_by("submission_id", "-decided_at", "-pk")
        .values_list("submission_id", "decision")
    ):
        latest.setdefault(submission_id, decision)
    return {pk for pk, decision in latest.items() if decision == Release.RELEASE}


def records_for_subject(person: Person) -> list[models.Model]:
    """For a subject access bundle: the submissions naming the person that the police have released, each
    followed by what it names and what was added to it. Police gradings stay out (they are the police's
    assessment, not the person's data as given), and so does every submission not released."""
    crypto.require_key()
    naming = Entity.objects.filter(link_key=crypto.link_key("person", str(person.pk))).values("submission_id")
    candidates = Submission.objects.filter(partnership_id=person.partnership_id, status__in=SUBMITTED, pk__in=naming)
    records: list[models.Model] = []
    for submission in (
        candidates.filter(pk__in=released_ids(candidates))
        .select_related("agency", "submitted_by")
        .order_by("submitted_at", "pk")
    ):
        records.append(submission)
        records.extend(submission.entities.select_related("added_by"))
        records.extend(submission.additions.select_related("added_by"))
    return records


def third_party_fields(obj: models.Model, subject: Person) -> list[str]:
    """Fields of a released record that may name someone other than the subject, for review before release:
    every person, phone, vehicle, account or place named, except the entry naming the subject."""
    if isinstance(obj, Entity):
        if obj.kind == EntityKind.PERSON and obj.person_ref == str(subject.pk):
            return []
        return ["value", "detail", "postcode"]
    return []


# --- What the audit trail may show -----------------------------------------------------


def readable_submissions(user: User) -> QuerySet[Submission]:
    """Every submission the user may open in some way: their own, the queue they grade, the network they analyse."""
    return Submission.objects.filter(
        Q(pk__in=submissions_for_submitter(user).values("pk"))
        | Q(pk__in=queue_for_user(user).values("pk"))
        | Q(pk__in=submissions_for_analysis(user).values("pk"))
    )


# The audit events that name one piece of intelligence, by the object_type they are recorded under,
# and how each object leads back to its submission.
AUDITED_OBJECTS: dict[str, type[models.Model]] = {
    "intelligence.submission": Submission,
    "intelligence.entity": Entity,
    "intelligence.addition": Addition,
    "intelligence.assessment": Assessment,
    "intelligence.releasedecision": ReleaseDecision,
}
# Opening a person's intelligence network: it says the person is of interest to intelligence.
NETWORK_OBJECT_TYPE = "intelligence.network"


@dataclass(frozen=True)
class AuditableIntelligence:
    """For the audit pages: which intelligence events a user may see.

    ``readable`` maps each object_type to the ids (as text, as the audit trail stores them) of the
    objects the user may read; ``network`` says whether they may see who opened a person's network.
    """

    readable: dict[str, QuerySet[Any]]
    network: bool


def auditable_intelligence(user: User) -> AuditableIntelligence:
    submissions = readable_submissions(user).values("pk")
    readable: dict[str, QuerySet[Any]] = {}
    for object_type, model in AUDITED_OBJECTS.items():
        objects = model._default_manager.all()
        objects = (
            objects.filter(pk__in=submissions) if model is Submission else objects.filter(submission__in=submissions)
        )
        readable[object_type] = objects.annotate(id_text=Cast("pk", output_field=CharField())).values("id_text")
    return AuditableIntelligence(readable=readable, network=can_analyse(user))


# --- retention ----------------------------------------------------------------------------------------------


def submissions_past_retention(
    *, partnership: Partnership, trigger: str, before: dt.date, today: dt.date
) -> QuerySet[Submission]:
    """Submissions past their time, counted from when they were started (they never close)."""
    return past_retention(
        Submission.objects.filter(partnership=partnership),
        trigger=trigger,
        before=before,
        today=today,
        created="created_at",
    )


def naming_any_of(person_ids: set[int]) -> Q:
    """The condition for a submission naming one of these people from the index (by link key, no decryption)."""
    if not person_ids:
        return Q(pk__in=[])
    keys = [crypto.link_key("person", str(pk)) for pk in person_ids]
    return Q(pk__in=Entity.objects.filter(link_key__in=keys).values("submission_id"))
