"""Reading data protection records. Subject access requests name a person: only those who may manage
data protection in the partnership see them (deny by default, 404 outside)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from safeguard.dataprotection.models import (
    Correction,
    PrivacyNotice,
    RequestStatus,
    RetentionRule,
    SubjectAccessRequest,
)
from safeguard.partnership.models import Partnership, User
from safeguard.partnership.roles import Perm
from safeguard.people.models import Person


def requests_for_user(user: User) -> QuerySet[SubjectAccessRequest]:
    if user.agency is None or not user.can(Perm.MANAGE_DATA_PROTECTION):
        return SubjectAccessRequest.objects.none()
    return SubjectAccessRequest.objects.filter(partnership_id=user.agency.partnership_id).select_related("person")


def requests_by_deadline(user: User) -> QuerySet[SubjectAccessRequest]:
    """The user's requests for the list: open ones first, each status by its deadline."""
    return requests_for_user(user).order_by("status", "due_on", "pk")


def get_request_for_user(user: User, pk: int) -> SubjectAccessRequest:
    return get_object_or_404(requests_for_user(user), pk=pk)


def open_requests_due(user: User, *, today: dt.date | None = None) -> list[tuple[SubjectAccessRequest, int]]:
    """Open requests with the days left to their deadline (negative once late), soonest first."""
    today = today or timezone.localdate()
    found = [(r, (r.deadline - today).days) for r in requests_for_user(user).filter(status=RequestStatus.OPEN)]
    return sorted(found, key=lambda pair: pair[1])


def corrections_for(person: Person) -> QuerySet[Correction]:
    """The person's correction history; the caller has the person through ``people.selectors``."""
    return Correction.objects.filter(person=person).select_related("corrected_by")


def schedule_for(partnership: Partnership) -> list[RetentionRule]:
    """The partnership's retention schedule: its own rule for a kind where it has changed one, else the default."""
    rules = {rule.kind: rule for rule in RetentionRule.objects.filter(partnership__isnull=True)}
    rules.update({rule.kind: rule for rule in RetentionRule.objects.filter(partnership=partnership)})
    return [rules[kind] for kind in sorted(rules)]


def rule_for(partnership: Partnership, kind: str) -> RetentionRule:
    """The rule in force for one kind (404 for a kind with no rule)."""
    for rule in schedule_for(partnership):
        if rule.kind == kind:
            return rule
    raise Http404("There is no retention rule for that kind of record")


def privacy_notice(partnership: Partnership) -> PrivacyNotice | None:
    return PrivacyNotice.objects.filter(partnership=partnership).first()
