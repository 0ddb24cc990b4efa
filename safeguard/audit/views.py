from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from safeguard.audit import selectors
from safeguard.audit.forms import DateRangeForm
from safeguard.audit.models import Action, AuditEvent
from safeguard.audit.services import audit_record, audit_viewed
from safeguard.core.exports import csv_download
from safeguard.core.paging import filters_querystring, paginate
from safeguard.partnership.access import AuthedRequest, requires, user_of
from safeguard.partnership.models import User
from safeguard.partnership.roles import Perm
from safeguard.people.selectors import get_person_for_user


@dataclass(frozen=True)
class LogFilters:
    """The audit log's filters from the query string (an action, a username, a date range: no child's details)."""

    action: str
    username: str
    dates: DateRangeForm
    since: dt.date | None
    until: dt.date | None

    @property
    def shown_username(self) -> str:
        """The username as typed, or its repr if it holds a control character (which no username does)."""
        return self.username if self.username.isprintable() else repr(self.username)

    def described(self) -> str:
        return (
            f"action={self.action or 'any'}, user={self.shown_username or 'any'}, "
            f"from={self.since or 'any'}, to={self.until or 'any'}"
        )


def _log_filters(request: HttpRequest) -> LogFilters:
    action = request.GET.get("action", "")
    action = action if action in Action.values else ""
    username = request.GET.get("user", "").strip()[:150]
    dates = DateRangeForm(request.GET if any(k.startswith(("since", "until")) for k in request.GET) else None)
    since = until = None
    if dates.is_bound and dates.is_valid():
        since, until = dates.cleaned_data["since"], dates.cleaned_data["until"]
    return LogFilters(action=action, username=username, dates=dates, since=since, until=until)


def _filtered(user: User, filters: LogFilters) -> QuerySet[AuditEvent]:
    return selectors.events_filtered(
        user, action=filters.action, username=filters.username, since=filters.since, until=filters.until
    )


@requires(Perm.VIEW_AUDIT, personal_data=True)
def log(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    filters = _log_filters(request)
    page = paginate(request, _filtered(user, filters))
    audit_record(
        actor=user,
        action=Action.SEARCH,
        object_type="audit.auditevent",
        summary=f"Read the audit log ({filters.described()})",
        request=request,
    )
    return render(
        request,
        "audit/log.html",
        {
            "page": page,
            "dates": filters.dates,
            "actions": Action.choices,
            "action": filters.action,
            "username": filters.shown_username,
            "filters": filters_querystring(request.GET),
            "page_title": "Audit log",
        },
        status=400 if filters.dates.is_bound and filters.dates.errors else 200,
    )


EXPORT_HEADER = ("Sequence", "When", "Who", "Agency", "Action", "Summary", "Record type", "Record", "Reason")


@requires(Perm.VIEW_AUDIT, personal_data=True)
def log_export(request: AuthedRequest) -> HttpResponseBase:
    """The audit log with its filters as CSV, newest first; the download is itself recorded in the log."""
    user = user_of(request)
    filters = _log_filters(request)
    if filters.dates.is_bound and filters.dates.errors:
        return redirect(f"{reverse('audit:log')}?{request.GET.urlencode()}")
    events = list(_filtered(user, filters))
    audit_record(
        actor=user,
        action=Action.EXPORT,
        object_type="audit.auditevent",
        summary=f"Exported {len(events)} audit events as CSV ({filters.described()})"[:500],
        request=request,
    )
    rows = (
        [
            e.seq,
            timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
            e.actor_username,
            e.agency_name,
            e.get_action_display(),
            e.summary,
            e.object_type,
            e.object_id,
            e.reason,
        ]
        for e in events
    )
    return csv_download(EXPORT_HEADER, rows, filename=f"audit-log-{timezone.localdate():%Y-%m-%d}.csv")


@requires(Perm.VIEW_AUDIT, personal_data=True)
def person(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    subject = get_person_for_user(user, pk)
    events = selectors.events_for_person(user, person_id=subject.pk)
    page = paginate(request, events)
    audit_viewed(
        request, actor=user, target=subject, person_id=subject.pk, summary="Viewed who has looked at this person"
    )
    return render(
        request,
        "audit/person.html",
        {"person": subject, "page": page, "page_title": f"Who has looked at {subject.full_name}"},
    )
