"""The one "find the person first" page every task that records something about a person starts with.

Reviews, subject access requests, placements, missing episodes and sharing decisions each begin by finding
the person in the index, so no one is added twice. The page is the same everywhere; each task says only
its words and where a result leads (``FindFor``). The terms are posted, never put in the URL: a child's
name and date of birth would stay in browser history and server logs. A link onward that needs them (add
the child just searched for) carries a short-lived search id instead (``core.pages.remember_search``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import HttpResponse
from django.shortcuts import render

from safeguard.core.pages import remember_search, search_data
from safeguard.partnership.access import AuthedRequest, user_of
from safeguard.people.forms import FindChildForm
from safeguard.people.services import person_find_recorded


@dataclass(frozen=True)
class FindFor:
    """What one task's find page says, and where each result leads."""

    caption: str  # the task, above the heading and as the page title: "Record a placement"
    purpose: str  # completes "Searched …" in the audit trail: "for a child to record a placement"
    action_url: str  # URL name taking the person's pk, e.g. "placements:record"
    action_label: str  # the link on each result: "Record placement"
    back_url: str  # URL name of the back link
    back_label: str
    heading: str = "Find the child"
    intro: str = ""
    nobody: str = "No child your agency works with matches."
    search_label: str = "Search"
    form_class: type[forms.Form] = FindChildForm
    add_url: str = ""  # URL name of "add the person to the index", given the search id; "" sends people to the index
    limit: int = 50


def find_person_page(request: AuthedRequest, find: FindFor, **context: Any) -> HttpResponse:
    """Search the index for ``find``'s task (audited with its purpose) and show the results."""
    form = find.form_class(search_data(request))
    results = None
    found = None
    searched = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if find.add_url:
            searched = remember_search(request, data)
        found = person_find_recorded(
            request,
            actor=user_of(request),
            name=data["name"],
            date_of_birth=data["date_of_birth"],
            purpose=find.purpose,
            limit=find.limit,
        )
        results = found.matches
    return render(
        request,
        "people/find_for.html",
        {
            **context,
            "page_title": find.caption or find.heading,
            "find": find,
            "form": form,
            "results": results,
            "found": found,
            "searched": searched,
        },
    )
