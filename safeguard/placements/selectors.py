"""Reading placements and notices, scoped to the agencies that are party to them.

A placement is seen by the placing authority, the children's home, and any agency
a notice is owed to — the host authority may sit in another partnership (Durham
hosting a child Darlington placed), so scope is by agency, not by partnership.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Model, Q, QuerySet
from django.db.models.functions import TruncDate
from django.shortcuts import get_object_or_404
from django.utils import timezone

from safeguard.core.figures import Figure, Period, for_periods, period_bounds
from safeguard.core.retention import past_retention
from safeguard.partnership.models import Agency, AgencyKind, Partnership, User
from safeguard.partnership.roles import Perm
from safeguard.people.models import Person
from safeguard.placements.models import Notice, NoticeKind, Placement

STATUTORY_KINDS = (NoticeKind.START, NoticeKind.END, NoticeKind.ADMISSION, NoticeKind.DISCHARGE)


def placements_for_user(user: User) -> QuerySet[Placement]:
    if user.agency_id is None or not user.can(Perm.RECORD_PLACEMENTS):
        return Placement.objects.none()
    mine = Q(placing_agency_id=user.agency_id) | Q(home_agency_id=user.agency_id)
    owed = Q(pk__in=Notice.objects.filter(to_agency_id=user.agency_id).values("placement_id"))
    return (
        Placement.objects.filter(mine | owed)
        .select_related("person", "placing_agency", "host_agency", "home_agency")
        .order_by("-starts_on", "-pk")
    )


class PlacementState:
    CURRENT = "current"
    ENDED = "ended"
    CHOICES = ((CURRENT, "Current (started, not ended)"), (ENDED, "Ended"))


@dataclass(frozen=True)
class PlacementFilters:
    """What the list of an agency's placements is narrowed to: code lists, an agency and dates, never a child."""

    state: str = ""
    kind: str = ""
    distance: str = ""
    host_agency_id: int | None = None
    started_from: dt.date | None = None
    started_to: dt.date | None = None

    def described(self) -> str:
        said = [
            f"{name} {value}"
            for name, value in (
                ("state", self.state),
                ("kind", self.kind),
                ("distance", self.distance),
                ("host agency", self.host_agency_id),
                ("started from", self.started_from),
                ("started to", self.started_to),
            )
            if value
        ]
        return ", ".join(said) or "none"


def placements_made_by_agency(user: User, filters: PlacementFilters | None = None) -> QuerySet[Placement]:
    """The placements the user's own agency made, as its list and export show them, narrowed by ``filters``."""
    found = placements_for_user(user).filter(placing_agency_id=user.agency_id)
    if filters is None:
        return found
    today = timezone.localdate()
    if filters.state == PlacementState.CURRENT:
        found = found.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today), starts_on__lte=today)
    elif filters.state == PlacementState.ENDED:
        found = found.filter(ends_on__lte=today)
    if filters.kind:
        found = found.filter(kind=filters.kind)
    if filters.distance:
        found = found.filter(distance=filters.distance)
    if filters.host_agency_id:
        found = found.filter(host_agency_id=filters.host_agency_id)
    if filters.started_from:
        found = found.filter(starts_on__gte=filters.started_from)
    if filters.started_to:
        found = found.filter(starts_on__lte=filters.started_to)
    return found


def host_agencies_of_agency_placements(user: User) -> QuerySet[Agency]:
    """The host authorities of the user's agency's placements, for the list's filter."""
    hosts = placements_made_by_agency(user).values("host_agency_id")
    return Agency.objects.filter(pk__in=hosts).select_related("partnership").order_by("name")


def keeps_placement(agency_id: int | None, placement: Placement) -> bool:
    """The placing authority and the children's home keep the placement's record: they change it and end it."""
    return agency_id is not None and agency_id in (placement.placing_agency_id, placement.home_agency_id)


def sees_care_details(agency_id: int | None, placement: Placement) -> bool:
    """The placing authority, the home and the host need the child's GP, school, IRO and EHC plan.

    An ICB or the police, told of the placement, see the placement and their own notices, not these:
    the page, the letters they download and the letters addressed to them all follow this one rule.
    """
    return agency_id is not None and agency_id in (
        placement.placing_agency_id,
        placement.home_agency_id,
        placement.host_agency_id,
    )


def letter_shows_care_details(agency_id: int | None, notice: Notice) -> bool:
    """A letter carries the care details only if both its reader and its addressee may see them.

    A notice to someone outside Safeguard (a GP, a school, the IRO) has no agency: those addressees
    are the care details, so their letters keep them.
    """
    placement = notice.placement
    addressee_sees = notice.to_agency_id is None or sees_care_details(notice.to_agency_id, placement)
    return addressee_sees and sees_care_details(agency_id, placement)


def get_placement_for_user(user: User, pk: int) -> Placement:
    return get_object_or_404(placements_for_user(user), pk=pk)


def notices_for_user(user: User) -> QuerySet[Notice]:
    """Notices the user's agency owes or is owed."""
    if user.agency_id is None or not user.can(Perm.RECORD_PLACEMENTS):
        return Notice.objects.none()
    return (
        Notice.objects.filter(Q(from_agency_id=user.agency_id) | Q(to_agency_id=user.agency_id))
        .select_related("placement", "placement__person", "from_agency", "to_agency")
        .order_by("due_on", "pk")
    )


def notices_of_placement_for_user(user: User, placement: Placement) -> QuerySet[Notice]:
    """The placement's notices this user's agency may see: all of them where it sees the care details,
    else only those sent to or by it."""
    shown = placement.notices.select_related("from_agency", "to_agency")
    if sees_care_details(user.agency_id, placement):
        return shown
    return shown.filter(Q(to_agency_id=user.agency_id) | Q(from_agency_id=user.agency_id))


def get_notice_for_user(user: User, pk: int) -> Notice:
    return get_object_or_404(notices_for_user(user), pk=pk)


def notice_status(notice: Notice, *, today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    if notice.acknowledged_at is not None:
        return "acknowledged"
    if notice.sent_at is not None:
        return "late" if timezone.localtime(notice.sent_at).date() > notice.due_on else "sent"
    return "overdue" if today > notice.due_on else "due"


STATUS_LABELS = {
    "acknowledged": ("Acknowledged", "green"),
    "sent": ("Sent", "blue"),
    "late": ("Sent late", "yellow"),
    "overdue": ("Overdue", "red"),
    "due": ("Not sent yet", "grey"),
}


def with_status(notices: list[Notice], *, today: dt.date | None = None) -> list[Notice]:
    for notice in notices:
        status = notice_status(notice, today=today)
        notice.status, (notice.status_label, notice.status_colour) = status, STATUS_LABELS[status]  # type: ignore[attr-defined]
    return notices


@dataclass(frozen=True)
class Inbox:
    waiting: list[Notice]  # received, not yet acknowledged
    overdue: list[Notice]  # owed to us, not sent by the deadline


def inbox_for_user(user: User, *, today: dt.date | None = None) -> Inbox:
    """Incoming notices for the host authority (or police) still to act on, including ones that are overdue."""
    today = today or timezone.localdate()
    # Acknowledged notices pile up for years: the inbox takes the latest of them apart (latest_acknowledged_for_user).
    # Notices not sent and not yet due are nobody's work today, so the query leaves them out too.
    incoming = list(
        notices_for_user(user).filter(
            Q(sent_at__isnull=False) | Q(due_on__lt=today), to_agency_id=user.agency_id, acknowledged_at__isnull=True
        )
    )
    with_status(incoming, today=today)
    return Inbox(
        waiting=[n for n in incoming if n.sent_at is not None],
        overdue=[n for n in incoming if n.sent_at is None and n.due_on < today],
    )


# The inbox shows only the latest acknowledged notices, says how many there are, and links to all of them.
ACKNOWLEDGED_SHOWN = 20


def acknowledged_for_user(user: User) -> QuerySet[Notice]:
    """Notices sent to the user's agency that it has acknowledged, the latest acknowledged first."""
    return (
        notices_for_user(user)
        .filter(to_agency_id=user.agency_id, acknowledged_at__isnull=False)
        .order_by("-acknowledged_at", "-pk")
    )


def latest_acknowledged_for_user(user: User, *, today: dt.date | None = None) -> tuple[list[Notice], int]:
    """The latest ``ACKNOWLEDGED_SHOWN`` acknowledged notices, newest first, and how many there are in all."""
    done = acknowledged_for_user(user)
    latest = with_status(list(done[:ACKNOWLEDGED_SHOWN]), today=today)
    return latest, len(latest) if len(latest) < ACKNOWLEDGED_SHOWN else done.count()


def outgoing_overdue_for_user(user: User, *, today: dt.date | None = None) -> list[Notice]:
    today = today or timezone.localdate()
    return with_status(
        list(notices_for_user(user).filter(from_agency_id=user.agency_id, sent_at__isnull=True, due_on__lt=today)),
        today=today,
    )


def host_authorities() -> QuerySet[Agency]:
    """Every children's services authority a child could be placed with, in any partnership."""
    return Agency.objects.filter(kind=AgencyKind.LA_CHILDREN, is_active=True).select_related("partnership")


def placing_authorities_for_user(user: User) -> QuerySet[Agency]:
    """Who can be named as placing authority: the user's own, or any authority for a children's home."""
    if user.agency is None:
        return Agency.objects.none()
    if user.agency.kind == AgencyKind.CHILDRENS_HOME:
        return host_authorities()
    return Agency.objects.filter(pk=user.agency.pk)


def _notifications_on_time_periods(
    *, partnership: Partnership, periods: list[Period], today: dt.date | None = None
) -> dict[Period, Figure]:
    if not periods:
        return {}
    today = today or timezone.localdate()
    notices = Notice.objects.filter(
        placement__partnership=partnership,
        kind__in=STATUTORY_KINDS,
        due_on__gte=min(start for start, _ in periods),
        due_on__lte=max(end for _, end in periods),
    ).annotate(sent_on=TruncDate("sent_at", tzinfo=timezone.get_current_timezone()))
    # Counted in the database, every period in one query. Sent on the local day it is due counts as on time.
    counted = Q(sent_at__isnull=False) | Q(due_on__lt=today)
    aggregates = {}
    for index, (start, end) in enumerate(periods):
        inside = Q(due_on__gte=start, due_on__lte=end)
        aggregates[f"counted_{index}"] = Count("pk", filter=inside & counted)
        aggregates[f"on_time_{index}"] = Count("pk", filter=inside & Q(sent_on__lte=F("due_on")))
    totals = notices.aggregate(**aggregates)
    return {
        period: Figure(numerator=totals[f"on_time_{index}"], denominator=totals[f"counted_{index}"])
        for index, period in enumerate(periods)
    }


@for_periods(_notifications_on_time_periods)
def figure_placement_notifications_on_time(
    *, partnership: Partnership, period_start: dt.date, period_end: dt.date, today: dt.date | None = None
) -> Figure:
    """Statutory notices (regs 13, 14, 41) due in the period that were sent by their deadline.

    Notices not yet due and not yet sent are left out: they can still be on time.
    """
    period = period_bounds(period_start, period_end)
    return _notifications_on_time_periods(partnership=partnership, periods=[period], today=today)[period]


def records_for_subject(person: Person) -> list[Model]:
    """The person's placements and their notices, for a subject access bundle (the caller has checked access)."""
    found: list[Model] = []
    for placement in Placement.objects.filter(person=person).order_by("pk"):
        found.append(placement)
        found.extend(Notice.objects.filter(placement=placement).order_by("pk"))
    return found


# --- retention ----------------------------------------------------------------------------------------------


def notices_past_retention(
    *, partnership: Partnership, trigger: str, before: dt.date, today: dt.date
) -> QuerySet[Notice]:
    """Placement notices past their time, counted from their placement (made, or ended)."""
    return past_retention(
        Notice.objects.filter(placement__partnership=partnership),
        trigger=trigger,
        before=before,
        today=today,
        created="placement__created_at",
        closed="placement__ends_on",
        person="placement__person",
    )
