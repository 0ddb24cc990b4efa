from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from safeguard.audit.chain import GENESIS, HASHED_FIELDS, Anchor, VerifyResult, entry_hash, hashed_fields_of
from safeguard.audit.models import AuditChainHead, AuditEvent

if TYPE_CHECKING:
    from safeguard.partnership.models import User


def verify_chain(*, batch_size: int = 5000, anchors: tuple[Anchor, ...] = ()) -> VerifyResult:
    """Walk the chain in order and report the first event that does not fit.

    Catches an edited row (its hash no longer matches), a deleted row (the next
    row's prev_hash or sequence breaks) and deleted newest rows (the head disagrees).
    ``anchors`` noted earlier outside the database also catch a chain cut short with its
    head moved back, emptied, or rewritten with every hash worked out again.
    """
    prev_hash = GENESIS
    expected_seq = 1
    checked = 0
    anchored = {anchor.seq: anchor.entry_hash for anchor in anchors}
    rows = AuditEvent.objects.order_by("seq").values(*HASHED_FIELDS, "prev_hash", "entry_hash")
    for row in rows.iterator(chunk_size=batch_size):
        if row["seq"] != expected_seq:
            return VerifyResult(
                False, checked, expected_seq, f"event {expected_seq} is missing (next found is {row['seq']})"
            )
        if row["prev_hash"] != prev_hash:
            return VerifyResult(False, checked, row["seq"], f"event {row['seq']} does not follow the event before it")
        if entry_hash(hashed_fields_of(row), row["prev_hash"]) != row["entry_hash"]:
            return VerifyResult(False, checked, row["seq"], f"event {row['seq']} has been altered since it was written")
        if anchored.get(row["seq"], row["entry_hash"]) != row["entry_hash"]:
            return VerifyResult(
                False, checked, row["seq"], f"event {row['seq']} is not the one anchored: the chain was rewritten"
            )
        prev_hash = row["entry_hash"]
        expected_seq += 1
        checked += 1
    beyond = [seq for seq in anchored if seq >= expected_seq]
    if beyond:
        return VerifyResult(False, checked, expected_seq, f"event {min(beyond)} was anchored but is missing")
    head = AuditChainHead.objects.filter(id=1).first()
    if head is None and checked:
        return VerifyResult(False, checked, expected_seq, "the chain's head record is missing")
    if head is not None and (head.seq != expected_seq - 1 or head.entry_hash != prev_hash):
        return VerifyResult(
            False, checked, expected_seq, f"events after {expected_seq - 1} up to {head.seq} are missing"
        )
    return VerifyResult(True, checked, head=Anchor(expected_seq - 1, prev_hash) if checked else None)


def _intelligence_shown_to(user: User) -> Q:
    """The events a user may see as far as soft intelligence goes.

    An event about one submission (or a person, vehicle, addition or grading in it) names who is
    reported and who reported it: it is shown only to those who may read that submission, as
    intelligence's selectors say. Who opened a person's network is shown only to those who may
    open it. Intelligence events about no one (the queue was viewed, themes exported) stay.
    """
    from safeguard.intelligence.selectors import NETWORK_OBJECT_TYPE, auditable_intelligence

    allowed = auditable_intelligence(user)
    about_one = Q(object_type__startswith="intelligence.") & ~Q(object_id="")
    shown = ~about_one
    for object_type, ids in allowed.readable.items():
        shown |= Q(object_type=object_type, object_id__in=ids)
    if allowed.network:
        shown |= Q(object_type=NETWORK_OBJECT_TYPE)
    return shown


def events_for_person(user: User, *, person_id: int) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(person_id=person_id)
        .filter(_intelligence_shown_to(user))
        .select_related("actor")
        .order_by("-seq")
    )


def events_for_auditor(user: User) -> QuerySet[AuditEvent]:
    """Events of the auditor's partnership's agencies, and those of no agency. Deny by default.

    An event's agency is its actor's, or for one with no signed-in actor the agency it acted for
    (an API token's, the account a failed sign-in named). What belongs to no agency (scheduled
    tasks, failed sign-ins naming no account) is shown to every auditor, not hidden from all.
    """
    from safeguard.partnership.roles import Perm

    if user.agency is None or not user.can(Perm.VIEW_AUDIT):
        return AuditEvent.objects.none()
    agency_ids = user.agency.partnership.agencies.values("pk")
    ours = Q(agency_id_at_time__in=agency_ids) | Q(agency_id_at_time__isnull=True)
    return AuditEvent.objects.filter(ours).filter(_intelligence_shown_to(user)).order_by("-seq")


@dataclass(frozen=True)
class LogFilters:
    """What the audit log is narrowed to: an action, a username, a date range (never a child's details)."""

    action: str = ""
    username: str = ""
    since: dt.date | None = None
    until: dt.date | None = None

    @property
    def shown_username(self) -> str:
        """The username as typed, or its repr if it holds a control character (which no username does)."""
        return self.username if self.username.isprintable() else repr(self.username)

    def described(self) -> str:
        return (
            f"action={self.action or 'any'}, user={self.shown_username or 'any'}, "
            f"from={self.since or 'any'}, to={self.until or 'any'}"
        )


def events_filtered(user: User, filters: LogFilters) -> QuerySet[AuditEvent]:
    """The auditor's events narrowed as the log's filters ask (the log page and its CSV download alike)."""
    if not filters.username.isprintable():
        # No username holds a control character, and a NUL byte would break the PostgreSQL query.
        return AuditEvent.objects.none()
    events = events_for_auditor(user)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.username:
        events = events.filter(actor_username__iexact=filters.username)
    if filters.since:
        events = events.filter(at__date__gte=filters.since)
    if filters.until:
        events = events.filter(at__date__lte=filters.until)
    return events
