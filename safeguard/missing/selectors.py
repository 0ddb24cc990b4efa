"""Reading missing episodes, RHIs and Philomena profiles, scoped in the query."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, F, Max, Model, OuterRef, Prefetch, Q, QuerySet, Window
from django.db.models.functions import Lag
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from safeguard.core.figures import Figure, Period, for_periods, period_bounds
from safeguard.core.retention import past_retention
from safeguard.missing.clock import DUE_SOON_HOURS, Clock, clock, local_zone
from safeguard.missing.models import (
    Episode,
    HeldPush,
    PhilomenaProfile,
    PoliceShare,
    ReturnInterview,
    RhiOutcome,
    RiskLocation,
)
from safeguard.partnership.models import Agency, AgencyKind, Partnership, User
from safeguard.partnership.roles import Perm
from safeguard.partnership.selectors import active_agencies
from safeguard.people.models import Person
from safeguard.people.selectors import agency_works_with, people_for_user

# Who can be commissioned to offer return home interviews: someone independent
# of the child's care is preferred, so voluntary and health providers qualify.
RHI_PROVIDER_KINDS = (
    AgencyKind.LA_CHILDREN,
    AgencyKind.VOLUNTARY,
    AgencyKind.HEALTH_PROVIDER,
    AgencyKind.YOUTH_JUSTICE,
)


def rhi_providers(partnership_id: int) -> QuerySet[Agency]:
    """The active agencies of a partnership that can offer return home interviews."""
    return active_agencies(partnership_id, *RHI_PROVIDER_KINDS).order_by("name")


# A child may prefer a trusted worker to an independent one: often a teacher or a
# children's home's key worker, so for one child more kinds of agency can take it on.
TRUSTED_WORKER_KINDS = (*RHI_PROVIDER_KINDS, AgencyKind.SCHOOL, AgencyKind.LA_EDUCATION, AgencyKind.CHILDRENS_HOME)


def trusted_workers(partnership_id: int) -> QuerySet[Agency]:
    """The active agencies of a partnership that can take on one child's return home interview."""
    return active_agencies(partnership_id, *TRUSTED_WORKER_KINDS).order_by("name")


def other_trusted_workers(partnership_id: int, *, than: int | None) -> QuerySet[Agency]:
    """Trusted workers an interview could pass to, leaving out the one that has it now."""
    workers = trusted_workers(partnership_id)
    return workers if than is None else workers.exclude(pk=than)


def default_rhi_provider(partnership_id: int) -> Agency | None:
    """The partnership's commissioned provider if it is still active, else its children's services."""
    chosen = (
        Agency.objects.filter(pk__in=Partnership.objects.filter(pk=partnership_id).values("rhi_provider_id"))
        .filter(is_active=True)
        .first()
    )
    if chosen is not None:
        return chosen
    return active_agencies(partnership_id, AgencyKind.LA_CHILDREN).order_by("pk").first()


def _can_see_episodes(user: User) -> bool:
    return user.agency is not None and (user.can(Perm.VIEW_EPISODES) or user.can(Perm.RECORD_EPISODES))


def episodes_for_user(user: User) -> QuerySet[Episode]:
    """Episodes of the children the user's agency is involved with, in their partnership."""
    if not _can_see_episodes(user):
        return Episode.objects.none()
    assert user.agency is not None
    return (
        Episode.objects.filter(
            partnership_id=user.agency.partnership_id, person_id__in=people_for_user(user).values("pk")
        )
        .select_related("person", "recording_agency", "rhi", "rhi__provider")
        .order_by("-started_at")
    )


def get_episode_for_user(user: User, pk: int) -> Episode:
    return get_object_or_404(episodes_for_user(user), pk=pk)


def get_interview_for_user(user: User, episode_pk: int) -> tuple[Episode, ReturnInterview]:
    """An episode the user may see and its return home interview; 404 until the child is back."""
    episode = get_episode_for_user(user, episode_pk)
    interview: ReturnInterview | None = getattr(episode, "rhi", None)
    if interview is None:
        raise Http404("The child has not returned yet")
    return episode, interview


def keeps_interview(agency_id: int | None, rhi: ReturnInterview) -> bool:
    """The provider and the agency that recorded the episode record and move the interview; others only read it."""
    return agency_id is not None and agency_id in (rhi.provider_id, rhi.episode.recording_agency_id)


def responsible_authorities() -> list[str]:
    """Local authorities that can look after a child: children's services anywhere, since a child placed here
    is often looked after by another area's authority."""
    return sorted(
        set(Agency.objects.filter(kind=AgencyKind.LA_CHILDREN, is_active=True).values_list("name", flat=True))
    )


def may_record_return(agency: Agency | None, episode: Episode) -> bool:
    """Who may say a child is back (or correct that): the agency that recorded the episode, police, or the
    child's social worker's agency (children's services working with the child). Not a school on hearsay."""
    if agency is None or agency.partnership_id != episode.partnership_id:
        return False
    if agency.is_police or agency.pk == episode.recording_agency_id:
        return True
    return agency.kind == AgencyKind.LA_CHILDREN and agency_works_with(agency_id=agency.pk, person_id=episode.person_id)


def sees_interview_detail(user: User, rhi: ReturnInterview) -> bool:
    """The interview's content (push and pull factors, indicators, what was passed on) is for those who keep it
    and the child's children's services; police and others told of the episode see its progress and whatever
    was shared with them, not every field."""
    agency = user.agency
    if agency is None or agency.is_police:
        return False
    if keeps_interview(agency.pk, rhi):
        return True
    return agency.kind == AgencyKind.LA_CHILDREN and agency_works_with(
        agency_id=agency.pk, person_id=rhi.episode.person_id
    )


def handles_interview(user: User, rhi: ReturnInterview) -> bool:
    return user.can(Perm.RECORD_EPISODES) and keeps_interview(user.agency_id, rhi)


def rhi_clock(episode: Episode, *, now: dt.datetime | None = None) -> Clock | None:
    """The 72-hour clock of an episode's RHI, or None while the child is still missing."""
    rhi: ReturnInterview | None = getattr(episode, "rhi", None)
    if rhi is None:
        return None
    return clock(rhi.due_at, now=now, done=rhi.is_closed, outcome="" if rhi.completed_at else rhi.outcome)


def with_clocks(episodes: Iterable[Episode], *, now: dt.datetime | None = None) -> list[Episode]:
    """The episodes with ``.clock`` set, for templates that show the clock wherever an episode appears."""
    now = now or timezone.now()
    result = []
    for episode in episodes:
        episode.clock = rhi_clock(episode, now=now)  # type: ignore[attr-defined]
        result.append(episode)
    return result


@dataclass(frozen=True)
class Worklist:
    overdue: list[ReturnInterview]
    due_soon: list[ReturnInterview]
    due: list[ReturnInterview]

    @property
    def total(self) -> int:
        return len(self.overdue) + len(self.due_soon) + len(self.due)


def open_rhis_for_user(user: User) -> QuerySet[ReturnInterview]:
    """Interviews still owed by the user's agency, within what the user may see."""
    if user.agency is None or not user.can(Perm.RECORD_EPISODES):
        return ReturnInterview.objects.none()
    return (
        ReturnInterview.objects.filter(
            episode__in=episodes_for_user(user), provider_id=user.agency_id, completed_at__isnull=True
        )
        .filter(Q(outcome="") | Q(outcome="accepted"))
        .select_related("episode", "episode__person")
        .order_by("due_at")
    )


def still_missing(episodes: QuerySet[Episode]) -> QuerySet[Episode]:
    return episodes.filter(ended_at__isnull=True)


def returned(episodes: QuerySet[Episode]) -> QuerySet[Episode]:
    return episodes.filter(ended_at__isnull=False)


def rhi_worklist(user: User, *, now: dt.datetime | None = None) -> Worklist:
    # Arithmetic in UTC: a day before a deadline is 24 real hours, whatever the clocks do.
    now = (now or timezone.now()).astimezone(dt.UTC)
    soon = now + dt.timedelta(hours=DUE_SOON_HOURS)
    overdue, due_soon, due = [], [], []
    for rhi in open_rhis_for_user(user):
        rhi.clock = clock(rhi.due_at, now=now)  # type: ignore[attr-defined]
        if rhi.due_at < now:
            overdue.append(rhi)
        elif rhi.due_at <= soon:
            due_soon.append(rhi)
        else:
            due.append(rhi)
    return Worklist(overdue=overdue, due_soon=due_soon, due=due)


def police_shares_for_user(user: User) -> QuerySet[PoliceShare]:
    """What has been passed to the user's police agency; nothing for other agencies."""
    if user.agency is None or not user.agency.is_police or not user.can(Perm.VIEW_EPISODES):
        return PoliceShare.objects.none()
    return PoliceShare.objects.filter(police_agency_id=user.agency_id).select_related(
        "person", "shared_by_agency", "rhi__episode"
    )


def shares_of_interview_for_user(user: User, rhi: ReturnInterview | None) -> QuerySet[PoliceShare] | list[PoliceShare]:
    """What was passed to police: police see what reached their agency; the interview's keepers see it all."""
    if rhi is None:
        return []
    shares = rhi.police_shares.select_related("police_agency", "shared_by")
    if user.agency is not None and user.agency.is_police:
        return shares.filter(police_agency_id=user.agency_id)
    return shares if sees_interview_detail(user, rhi) else []


def get_police_share_for_user(user: User, pk: int) -> PoliceShare:
    return get_object_or_404(police_shares_for_user(user), pk=pk)


# Police pushes waiting for children's services


def held_pushes_for_user(user: User) -> QuerySet[HeldPush]:
    """Pushes waiting to be matched: for children's services, who know the children, and no one else."""
    agency = user.agency
    if agency is None or agency.kind != AgencyKind.LA_CHILDREN or not user.can(Perm.RECORD_EPISODES):
        return HeldPush.objects.none()
    return HeldPush.objects.filter(partnership_id=agency.partnership_id, resolved_at__isnull=True).select_related(
        "agency"
    )


def held_push_count(user: User) -> int:
    return held_pushes_for_user(user).count()


def get_held_push_for_user(user: User, pk: int) -> HeldPush:
    return get_object_or_404(held_pushes_for_user(user), pk=pk)


def held_push_candidates(held: HeldPush) -> list[Person]:
    """The children the police episode may be about, by name, with their addresses to tell them apart."""
    return list(held.candidates.prefetch_related("addresses").order_by("family_name", "given_name"))


# Philomena profiles


def profile_people_for_user(user: User) -> QuerySet[Person]:
    """The children whose Philomena profile the user may open.

    Police see a profile only while the child is missing (an open episode shared
    with them) — the protocol shares it at that moment and not before or after.
    Carers and social workers see the profiles of children their agency works with.
    """
    if user.agency is None or not (user.can(Perm.VIEW_EPISODES) or user.can(Perm.EDIT_PHILOMENA)):
        return Person.objects.none()
    if user.agency.is_police:
        return Person.objects.filter(pk__in=episodes_for_user(user).filter(ended_at__isnull=True).values("person_id"))
    return people_for_user(user)


def get_profile_person_for_user(user: User, person_pk: int) -> Person:
    return get_object_or_404(profile_people_for_user(user), pk=person_pk)


def profile_of(person: Person) -> PhilomenaProfile | None:
    return (
        PhilomenaProfile.objects.filter(person=person)
        .prefetch_related(Prefetch("locations", queryset=RiskLocation.objects.order_by("name")))
        .first()
    )


def get_profile_for_user(user: User, person_pk: int) -> PhilomenaProfile:
    person = get_profile_person_for_user(user, person_pk)
    profile = profile_of(person)
    if profile is None:
        raise Http404("No profile")
    return profile


def profiles_for_user(user: User) -> QuerySet[PhilomenaProfile]:
    return (
        PhilomenaProfile.objects.filter(person__in=profile_people_for_user(user))
        .select_related("person")
        .order_by("person__family_name", "person__given_name")
    )


def get_location_for_user(user: User, person_pk: int, pk: int) -> RiskLocation:
    profile = get_profile_for_user(user, person_pk)
    return get_object_or_404(RiskLocation.objects.filter(profile=profile), pk=pk)


def recent_episodes_of_person_for_user(user: User, person: Person, *, limit: int = 20) -> QuerySet[Episode]:
    """The person's latest episodes the user may see, for their profile."""
    return episodes_for_user(user).filter(person=person)[:limit]


def open_episode_of(person: Person) -> Episode | None:
    return Episode.objects.filter(person=person, ended_at__isnull=True).order_by("-started_at").first()


# Repeat missing


def repeat_rule() -> tuple[int, int]:
    return settings.SAFEGUARD_REPEAT_MISSING_EPISODES, settings.SAFEGUARD_REPEAT_MISSING_DAYS


def _repeat_starts(starts: list[dt.datetime], threshold: int, days: int) -> list[dt.datetime]:
    """The start times at which a child reached the threshold within the window."""
    starts = sorted(starts)
    window = dt.timedelta(days=days)
    hits = []
    for index, start in enumerate(starts):
        if index + 1 >= threshold and start - starts[index + 1 - threshold] <= window:
            hits.append(start)
    return hits


@dataclass(frozen=True)
class RepeatChild:
    person: Person
    episodes: int
    latest: dt.datetime


def repeat_missing_for_user(user: User, *, now: dt.datetime | None = None) -> list[RepeatChild]:
    """Children in the user's scope who meet the repeat rule now: a strategy discussion is due."""
    threshold, days = repeat_rule()
    now = (now or timezone.now()).astimezone(dt.UTC)
    recent = episodes_for_user(user).filter(started_at__gte=now - dt.timedelta(days=days), started_at__lte=now)
    # Counted by the database: a county has thousands of episodes in the window, and building each one to
    # count them in Python was most of the missing children page's time.
    counts = {
        row["person_id"]: (row["n"], row["latest"])
        for row in recent.order_by()
        .values("person_id")
        .annotate(n=Count("pk"), latest=Max("started_at"))
        .filter(n__gte=threshold)
    }
    people = Person.objects.in_bulk(list(counts))
    found = [
        RepeatChild(person=people[person_id], episodes=n, latest=latest)
        for person_id, (n, latest) in counts.items()
        if person_id in people
    ]
    found.sort(key=lambda c: (-c.episodes, c.person.family_name))
    return found


def is_repeat_missing(person: Person, *, now: dt.datetime | None = None) -> bool:
    threshold, days = repeat_rule()
    now = (now or timezone.now()).astimezone(dt.UTC)
    return (
        Episode.objects.filter(
            person=person, started_at__gte=now - dt.timedelta(days=days), started_at__lte=now
        ).count()
        >= threshold
    )


# Export in the shape of the statutory return


EXPORT_HEADER = ["Child", "Date of birth", "Episode start", "Type", "Episode end", "RHI offered", "RHI accepted"]


def export_rows(user: User, *, start: dt.date, end: dt.date) -> list[list[str]]:
    """Episodes of looked-after children starting in the period, as the children-looked-after return asks for them.

    The return is about looked-after children only: other children's episodes would inflate it.
    """
    zone = local_zone()
    first = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    last = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    rows = []
    scope = episodes_for_user(user).filter(looked_after=True, started_at__gte=first, started_at__lt=last)
    for episode in scope.order_by("started_at"):
        rhi: ReturnInterview | None = getattr(episode, "rhi", None)
        # A child can only decline an interview that was offered, even if the offer's date was not recorded.
        offered = "Yes" if rhi is not None and (rhi.offered_at or rhi.outcome == RhiOutcome.DECLINED) else "No"
        accepted = "Yes" if rhi is not None and rhi.outcome == "accepted" else ("No" if rhi and rhi.outcome else "")
        rows.append(
            [
                episode.person.full_name,
                episode.person.date_of_birth.isoformat() if episode.person.date_of_birth else "",
                timezone.localtime(episode.started_at).strftime("%Y-%m-%d %H:%M"),
                "MISSING" if episode.category == "missing" else "AWAY",
                timezone.localtime(episode.ended_at).strftime("%Y-%m-%d %H:%M") if episode.ended_at else "",
                offered,
                accepted,
            ]
        )
    return rows


# Figures for the board


def _local_bounds(period_start: dt.date, period_end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start, end = period_bounds(period_start, period_end)
    zone = local_zone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=zone),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
    )


def _spans(periods: list[Period]) -> tuple[dict[Period, tuple[dt.datetime, dt.datetime]], dt.datetime, dt.datetime]:
    """Each period's local bounds, and the first and last moment of them all (for one indexed range)."""
    bounds = {period: _local_bounds(*period) for period in periods}
    return bounds, min(first for first, _ in bounds.values()), max(last for _, last in bounds.values())


def _rhi_within_72_hours_periods(*, partnership: Partnership, periods: list[Period]) -> dict[Period, Figure]:
    if not periods:
        return {}
    bounds, earliest, latest = _spans(periods)
    scope = ReturnInterview.objects.filter(
        Q(completed_at__isnull=False) | Q(due_at__lt=timezone.now()),
        episode__partnership=partnership,
        episode__ended_at__gte=earliest,
        episode__ended_at__lt=latest,
    )
    # Counted in the database, every period in the one query: a large county returns thousands a month.
    aggregates = {}
    for index, (first, last) in enumerate(bounds.values()):
        inside = Q(episode__ended_at__gte=first, episode__ended_at__lt=last)
        aggregates[f"returned_{index}"] = Count("pk", filter=inside)
        aggregates[f"on_time_{index}"] = Count("pk", filter=inside & Q(completed_at__lte=F("due_at")))
    totals = scope.aggregate(**aggregates)
    return {
        period: Figure(numerator=totals[f"on_time_{index}"], denominator=totals[f"returned_{index}"])
        for index, period in enumerate(bounds)
    }


@for_periods(_rhi_within_72_hours_periods)
def figure_rhi_within_72_hours(*, partnership: Partnership, period_start: dt.date, period_end: dt.date) -> Figure:
    """Of the children who returned in the period, the share whose RHI was completed within 72 hours.

    An interview not yet done whose 72 hours are not yet up is neither on time nor late, so it is
    left out until it is one or the other: otherwise a month looked at just after it ends would
    count every child who came back in its last three days as a failure.
    """
    period = period_bounds(period_start, period_end)
    return _rhi_within_72_hours_periods(partnership=partnership, periods=[period])[period]


def _missing_episodes_per_child_periods(*, partnership: Partnership, periods: list[Period]) -> dict[Period, Figure]:
    if not periods:
        return {}
    bounds, earliest, latest = _spans(periods)
    aggregates = {}
    for index, (first, last) in enumerate(bounds.values()):
        inside = Q(started_at__gte=first, started_at__lt=last)
        aggregates[f"episodes_{index}"] = Count("pk", filter=inside)
        aggregates[f"children_{index}"] = Count("person_id", filter=inside, distinct=True)
    totals = Episode.objects.filter(partnership=partnership, started_at__gte=earliest, started_at__lt=latest).aggregate(
        **aggregates
    )
    return {
        period: Figure(numerator=totals[f"episodes_{index}"], denominator=totals[f"children_{index}"])
        for index, period in enumerate(bounds)
    }


@for_periods(_missing_episodes_per_child_periods)
def figure_missing_episodes_per_child(
    *, partnership: Partnership, period_start: dt.date, period_end: dt.date
) -> Figure:
    """Episodes starting in the period divided by the children they belong to."""
    period = period_bounds(period_start, period_end)
    return _missing_episodes_per_child_periods(partnership=partnership, periods=[period])[period]


def _children_repeat_missing_periods(*, partnership: Partnership, periods: list[Period]) -> dict[Period, Figure]:
    if not periods:
        return {}
    threshold, days = repeat_rule()
    window = dt.timedelta(days=days)
    bounds, earliest, latest = _spans(periods)
    episodes = Episode.objects.filter(partnership=partnership, started_at__gte=earliest - window, started_at__lt=latest)
    if threshold > 1:
        # An episode reaches the rule when the one (threshold - 1) starts earlier began within the window: the
        # same test as _repeat_starts, done by the database so only the starts that reach it come back.
        episodes = episodes.annotate(
            counted_from=Window(
                Lag("started_at", offset=threshold - 1), partition_by=[F("person_id")], order_by=F("started_at").asc()
            )
        ).filter(counted_from__gte=F("started_at") - window)
    children: dict[Period, set[int]] = {period: set() for period in bounds}
    for person_id, started_at in episodes.values_list("person_id", "started_at"):
        for period, (first, last) in bounds.items():
            if first <= started_at < last:
                children[period].add(person_id)
    return {period: Figure(numerator=len(found)) for period, found in children.items()}


@for_periods(_children_repeat_missing_periods)
def figure_children_repeat_missing(*, partnership: Partnership, period_start: dt.date, period_end: dt.date) -> Figure:
    """Children who met the repeat-missing rule with an episode starting in the period (a count)."""
    period = period_bounds(period_start, period_end)
    return _children_repeat_missing_periods(partnership=partnership, periods=[period])[period]


def episodes_by_month(user: User, *, months: int = 6, today: dt.date | None = None) -> list[tuple[str, int]]:
    """Episodes started per month for the last few months, for a small chart."""
    today = today or timezone.localdate()
    result = []
    year, month = today.year, today.month
    for _ in range(months):
        start = dt.date(year, month, 1)
        end = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
        first, last = _local_bounds(start, end)
        count = episodes_for_user(user).filter(started_at__gte=first, started_at__lt=last).count()
        result.append((start.strftime("%b %Y"), count))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(result))


def records_for_subject(person: Person) -> list[Model]:
    """The person's missing episodes, grade and category changes, return interviews, police shares and
    Philomena profile with its places, for a subject access bundle (the caller has checked access)."""
    episodes = list(Episode.objects.filter(person=person).select_related("recording_agency", "recorded_by"))
    found: list[Model] = []
    for episode in episodes:
        found.append(episode)
        found.extend(episode.grade_changes.all())
        found.extend(episode.category_changes.all())
        rhi = ReturnInterview.objects.filter(episode=episode).first()
        if rhi is not None:
            found.append(rhi)
            found.extend(rhi.police_shares.all())
    profile = PhilomenaProfile.objects.filter(person=person).first()
    if profile is not None:
        found.append(profile)
        found.extend(profile.locations.all())
    return found


# The list of episodes a practitioner works through


class EpisodeState:
    OPEN = "open"
    RETURNED = "returned"
    CHOICES = ((OPEN, "Missing now"), (RETURNED, "Returned"))


@dataclass(frozen=True)
class EpisodeFilters:
    """What the episode list is narrowed to: code lists and dates, never a child's name or date of birth."""

    state: str = ""
    category: str = ""
    risk_grade: str = ""
    started_from: dt.date | None = None
    started_to: dt.date | None = None
    looked_after: bool = False

    def described(self) -> str:
        said = [
            f"{name} {value}"
            for name, value in (
                ("state", self.state),
                ("category", self.category),
                ("risk", self.risk_grade),
                ("started from", self.started_from),
                ("started to", self.started_to),
            )
            if value
        ]
        if self.looked_after:
            said.append("looked-after children only")
        return ", ".join(said) or "none"


def episodes_filtered(user: User, filters: EpisodeFilters) -> QuerySet[Episode]:
    """The user's episodes narrowed by ``filters``; start dates are local days, as the page shows them."""
    found = episodes_for_user(user)
    if filters.state == EpisodeState.OPEN:
        found = found.filter(ended_at__isnull=True)
    elif filters.state == EpisodeState.RETURNED:
        found = found.filter(ended_at__isnull=False)
    if filters.category:
        found = found.filter(category=filters.category)
    if filters.risk_grade:
        found = found.filter(risk_grade=filters.risk_grade)
    zone = local_zone()
    if filters.started_from:
        found = found.filter(started_at__gte=dt.datetime.combine(filters.started_from, dt.time.min, tzinfo=zone))
    if filters.started_to:
        after = filters.started_to + dt.timedelta(days=1)
        found = found.filter(started_at__lt=dt.datetime.combine(after, dt.time.min, tzinfo=zone))
    if filters.looked_after:
        found = found.filter(looked_after=True)
    return found


def profiles_filtered(
    user: User, *, missing_now: bool = False, updated_before: dt.date | None = None
) -> QuerySet[PhilomenaProfile]:
    """The user's Philomena profiles, those of children missing now and those not updated since a day if asked.

    ``missing_now`` is annotated on each profile, for the list and its download.
    """
    open_episode = Episode.objects.filter(person_id=OuterRef("person_id"), ended_at__isnull=True)
    found = profiles_for_user(user).annotate(missing_now=Exists(open_episode)).select_related("updated_by")
    if missing_now:
        found = found.filter(missing_now=True)
    if updated_before:
        first = dt.datetime.combine(updated_before, dt.time.min, tzinfo=local_zone())
        found = found.filter(updated_at__lt=first)
    return found


def profiles_to_export(
    user: User, *, missing_now: bool = False, updated_before: dt.date | None = None
) -> list[PhilomenaProfile]:
    """The filtered profiles for the download, each with ``location_count``, its places of risk."""
    return list(
        profiles_filtered(user, missing_now=missing_now, updated_before=updated_before).annotate(
            location_count=Count("locations")
        )
    )


# --- retention ----------------------------------------------------------------------------------------------


def episodes_past_retention(
    *, partnership: Partnership, trigger: str, before: dt.date, today: dt.date
) -> QuerySet[Episode]:
    """Episodes past the schedule's time (open episodes never are): retention's candidates."""
    return past_retention(
        Episode.objects.filter(partnership=partnership),
        trigger=trigger,
        before=before,
        today=today,
        created="created_at",
        closed="ended_at",
        person="person",
    )


def interviews_past_retention(
    *, partnership: Partnership, trigger: str, before: dt.date, today: dt.date
) -> QuerySet[ReturnInterview]:
    """Return home interviews past their time, counted from their episode (made, or ended)."""
    return past_retention(
        ReturnInterview.objects.filter(episode__partnership=partnership),
        trigger=trigger,
        before=before,
        today=today,
        created="episode__created_at",
        closed="episode__ended_at",
        person="episode__person",
    )


def profiles_past_retention(
    *, partnership: Partnership, trigger: str, before: dt.date, today: dt.date
) -> QuerySet[PhilomenaProfile]:
    """Philomena profiles (and their photos) past their time; by default, the child's 25th birthday."""
    return past_retention(
        PhilomenaProfile.objects.filter(partnership=partnership),
        trigger=trigger,
        before=before,
        today=today,
        created="updated_at",
        person="person",
    )


def open_episodes_never_put_to_police() -> QuerySet[Episode]:
    """Open episodes recorded by others than the police with no decision about telling the police: those
    already open when police began to be told of every episode as it is recorded."""
    return (
        Episode.objects.filter(ended_at__isnull=True, police_told_at__isnull=True, police_decision__isnull=True)
        .exclude(recording_agency__kind=AgencyKind.POLICE)
        .select_related("person", "recording_agency")
        .order_by("pk")
    )
