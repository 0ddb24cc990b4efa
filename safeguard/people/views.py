from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from safeguard.audit.models import Action
from safeguard.audit.services import audit_form_opened, audit_record, audit_viewed
from safeguard.core import ratelimit
from safeguard.core.pages import form_status, search_data
from safeguard.core.registry import person_panels_for
from safeguard.partnership.access import AuthedRequest, requires, user_of
from safeguard.partnership.roles import Perm
from safeguard.people import selectors, services
from safeguard.people.forms import IdentifierForm, PersonEditForm, PersonForm, PersonSearchForm, TraceForm
from safeguard.people.models import IdentifierKind, PersonKind, Sex


@requires(Perm.VIEW_PEOPLE, personal_data=True, search=True)
def search(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    form = PersonSearchForm(search_data(request))
    results, matched, found = None, 0, None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        found = selectors.person_search_found(
            user, name=data["name"], date_of_birth=data["date_of_birth"], identifier=data["identifier"]
        )
        results, matched = found.matches, found.matched
        terms = ", ".join(f"{k}={v}" for k, v in data.items() if v)
        audit_record(
            actor=user,
            action=Action.SEARCH,
            object_type="people.person",
            summary=f"Searched people: {terms} ({'at least ' if found.capped else ''}{matched} found, {len(results)} shown)"[
                :500
            ],
            request=request,
        )
    return render(
        request,
        "people/search.html",
        {
            "form": form,
            "results": results,
            "matched": matched,
            "found": found,
            "page_title": "Find a person",
            "can_add": user.can(Perm.EDIT_PEOPLE),
            "can_trace": user.can(Perm.TRACE_PERSON),
        },
    )


@requires(Perm.VIEW_PEOPLE, personal_data=True)
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    person = selectors.get_person_for_user(user, pk)
    audit_viewed(request, actor=user, target=person, person_id=person.pk, summary="Viewed person record")
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "identifiers": person.identifiers.all(),
            "addresses": person.addresses.all(),
            "involvements": selectors.involvements_of(person),
            "page_title": person.full_name,
            "can_edit": user.can(Perm.EDIT_PEOPLE),
            "can_view_audit": user.can(Perm.VIEW_AUDIT),
            "identifier_form": IdentifierForm(),
            "panels": person_panels_for(user, person),
        },
    )


@requires(Perm.EDIT_PEOPLE, personal_data=True)
def create(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        assert user.agency is not None
        identifiers = [(IdentifierKind.NHS_NUMBER, data["nhs_number"])] if data["nhs_number"] else []
        if data["upn"]:
            identifiers.append((IdentifierKind.UPN, data["upn"]))
        person = services.person_create(
            actor=user,
            partnership=user.agency.partnership,
            agency=user.agency,
            given_name=data["given_name"],
            family_name=data["family_name"],
            middle_names=data["middle_names"],
            known_as=data["known_as"],
            date_of_birth=data["date_of_birth"],
            sex=Sex(data["sex"]),
            kind=PersonKind(data["kind"]),
            identifiers=identifiers,
            address={"line1": data["address_line"], "postcode": data["postcode"]},
        )
        messages.success(request, f"Added {person.full_name}")
        return redirect("people:detail", pk=person.pk)
    return render(
        request,
        "people/person_form.html",
        {"form": form, "page_title": "Add a person"},
        status=form_status(form),
    )


@requires(Perm.EDIT_PEOPLE, personal_data=True)
def edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    person = selectors.get_person_for_user(user, pk)
    initial = {
        "given_name": person.given_name,
        "middle_names": person.middle_names,
        "family_name": person.family_name,
        "known_as": person.known_as,
        "date_of_birth": person.date_of_birth,
        "sex": person.sex,
    }
    form = PersonEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.person_update(
            actor=user,
            person=person,
            given_name=data["given_name"],
            family_name=data["family_name"],
            middle_names=data["middle_names"],
            known_as=data["known_as"],
            date_of_birth=data["date_of_birth"],
            sex=Sex(data["sex"]),
            reason=data["reason"],
        )
        messages.success(request, "Saved")
        return redirect("people:detail", pk=person.pk)
    audit_form_opened(
        request, actor=user, target=person, person_id=person.pk, what="the form to correct a person's details"
    )
    return render(
        request,
        "people/person_edit.html",
        {"form": form, "person": person, "page_title": f"Change {person.full_name}"},
        status=form_status(form),
    )


@requires(Perm.EDIT_PEOPLE, personal_data=True, write=True)
def identifier_add(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    person = selectors.get_person_for_user(user, pk)
    form = IdentifierForm(request.POST)
    if form.is_valid():
        services.identifier_add(
            actor=user, person=person, kind=IdentifierKind(form.cleaned_data["kind"]), value=form.cleaned_data["value"]
        )
        messages.success(request, "Identifier added")
        return redirect("people:detail", pk=person.pk)
    audit_form_opened(request, actor=user, target=person, person_id=person.pk, what="the person's record")
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "identifiers": person.identifiers.all(),
            "addresses": person.addresses.all(),
            "involvements": selectors.involvements_of(person),
            "page_title": person.full_name,
            "can_edit": True,
            "identifier_form": form,
        },
        status=400,
    )


# Enough for a busy practitioner's hour; far too few to guess a date of birth.
TRACES_PER_HOUR = 20


@requires(Perm.TRACE_PERSON, personal_data=True)
def trace(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    form = TraceForm(request.POST or None)
    not_found = False
    status = 200
    # Each trace tries an identifier and a date of birth together: without a limit a user could try
    # date after date until one matched. Counted per user, so changing address does not help.
    if request.method == "POST" and not ratelimit.allow(
        f"person-trace:{user.pk}", limit=TRACES_PER_HOUR, window_seconds=3600
    ):
        form.add_error(None, "You have traced too many people in the last hour. Try again later.")
        status = 429
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = services.person_trace(
            actor=user,
            kind=IdentifierKind(data["kind"]),
            value=data["value"],
            date_of_birth=data["date_of_birth"],
            reason=data["reason"],
        )
        if person is not None:
            messages.success(request, f"Found {person.full_name}. Your agency can now see this record.")
            return redirect("people:detail", pk=person.pk)
        not_found = True
    return render(
        request,
        "people/trace.html",
        {"form": form, "not_found": not_found, "page_title": "Trace a person"},
        status=status,
    )
