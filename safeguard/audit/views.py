from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from safeguard.audit import selectors
from safeguard.audit.forms import DateRangeForm
from safeguard.audit.models import Action
from safeguard.audit.services import audit_record, audit_viewed
from safeguard.core.paging import paginate
from safeguard.partnership.access import AuthedRequest, requires, user_of
from safeguard.partnership.roles import Perm
from safeguard.people.selectors import get_person_for_user


@requires(Perm.VIEW_AUDIT, personal_data=True)
def log(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    events = selectors.events_for_auditor(user)
    action = request.GET.get("action", "")
    if action in Action.values:
        events = events.filter(action=action)
    username = request.GET.get("user", "").strip()[:150]
    if not username.isprintable():
        # No username holds a control character, and a NUL byte would break the PostgreSQL query.
        events, username = events.none(), repr(username)
    elif username:
        events = events.filter(actor_username__iexact=username)
    dates = DateRangeForm(request.GET if any(k.startswith(("since", "until")) for k in request.GET) else None)
    since = until = None
    if dates.is_bound and dates.is_valid():
        since, until = dates.cleaned_data["since"], dates.cleaned_data["until"]
        if since:
            events = events.filter(at__date__gte=since)
        if until:
            events = events.filter(at__date__lte=until)
    page = paginate(request, events)
    audit_record(
        actor=user,
        action=Action.SEARCH,
        object_type="audit.auditevent",
        summary=(
            f"Read the audit log (action={action or 'any'}, user={username or 'any'}, "
            f"from={since or 'any'}, to={until or 'any'})"
        ),
        request=request,
    )
    return render(
        request,
        "audit/log.html",
        {
            "page": page,
            "dates": dates,
            "actions": Action.choices,
            "action": action,
            "username": username,
            "page_title": "Audit log",
        },
        status=400 if dates.is_bound and dates.errors else 200,
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
