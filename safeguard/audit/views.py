from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from safeguard.audit import selectors
from safeguard.audit.forms import LogFilterForm
from safeguard.audit.models import Action, AuditEvent
from safeguard.audit.selectors import LogFilters
from safeguard.audit.services import audit_record, audit_viewed
from safeguard.core.listing import csv_export, filter_form, filters_refused
from safeguard.core.pages import form_status
from safeguard.core.paging import paginate
from safeguard.partnership.access import AuthedRequest, requires, user_of
from safeguard.partnership.roles import Perm
from safeguard.people.selectors import get_person_for_user


def _filtered(request: AuthedRequest) -> tuple[LogFilterForm, LogFilters, QuerySet[AuditEvent]]:
    form = filter_form(request, LogFilterForm)
    filters = form.filters()
    return form, filters, selectors.events_filtered(user_of(request), filters)


@requires(Perm.VIEW_AUDIT, personal_data=True)
def log(request: AuthedRequest) -> HttpResponse:
    form, filters, events = _filtered(request)
    found = paginate(request, events)
    # Not core.listing's list_page: reading the audit log has always been recorded as a search of it
    # (Action.SEARCH, with the filters), not as a view, and auditors' reports count it that way.
    audit_record(
        actor=user_of(request),
        action=Action.SEARCH,
        object_type="audit.auditevent",
        summary=f"Read the audit log ({filters.described()})",
        request=request,
    )
    return render(
        request,
        "audit/log.html",
        {
            "page": found,
            "form": form,
            "actions": Action.choices,
            "action": filters.action,
            "username": filters.shown_username,
            "filters": found.querystring,
            "page_title": "Audit log",
        },
        status=form_status(form),
    )


EXPORT_HEADER = ("Sequence", "When", "Who", "Agency", "Action", "Summary", "Record type", "Record", "Reason")


def _export_row(e: AuditEvent) -> list[Any]:
    return [
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


@requires(Perm.VIEW_AUDIT, personal_data=True)
def log_export(request: AuthedRequest) -> HttpResponseBase:
    """The audit log with its filters as CSV, newest first; the download is itself recorded in the log."""
    form, filters, events = _filtered(request)
    refused = filters_refused(request, form, "audit:log")
    if refused is not None:
        return refused
    rows = list(events)
    return csv_export(
        request,
        rows,
        header=EXPORT_HEADER,
        row=_export_row,
        filename="audit-log",
        object_type="audit.auditevent",
        summary=f"Exported {len(rows)} audit events as CSV ({filters.described()})"[:500],
    )


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
