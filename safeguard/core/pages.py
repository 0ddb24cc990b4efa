"""Pages every app needs: one shared template for a page that is a single form.

Each view supplies only its form and its words; the layout, error summary, status
code and button group are the same everywhere, so they are written once.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.db import models
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render

from safeguard.audit.services import audit_form_opened
from safeguard.core.errors import Refused
from safeguard.partnership.access import user_of

Saved = TypeVar("Saved")


def refused_on_form(form: forms.Form, refused: Refused) -> None:
    """Put a service's refusal on the form: on its field when the form has that field, else above the form."""
    field = refused.field if refused.field in form.fields else None
    form.add_error(field, str(refused))


def submitted(request: HttpRequest, form: forms.Form, save: Callable[[dict[str, Any]], Saved]) -> Saved | None:
    """Call ``save`` with a valid posted form's data and return what it returns.

    None when nothing was posted, the form is not valid, or the service refused the change
    (a ``Refused``, now the form's error): the caller then shows the form again.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except Refused as refused:
        refused_on_form(form, refused)
        return None


def act(
    request: HttpRequest,
    call: Callable[[], Saved],
    *,
    done: str | Callable[[Saved], str],
    redirect_to: str,
    refused_to: str | None = None,
) -> HttpResponse:
    """A button with no form (book, publish, withdraw): call the service, say how it went, go back.

    ``done`` is the success message, or makes it from what ``call`` returned ("" for none). A ``Refused``
    from ``call`` becomes an error message instead. Either way the answer is a redirect to ``redirect_to``
    (a URL), or to ``refused_to`` after a refusal when the page to explain it on is another.
    """
    try:
        result = call()
    except Refused as refused:
        messages.error(request, str(refused))
        return redirect(refused_to or redirect_to)
    message = done(result) if callable(done) else done
    if message:
        messages.success(request, message)
    return redirect(redirect_to)


def form_status(form: forms.Form) -> int:
    """400 for a posted form with errors, so tools see the failure; 200 otherwise."""
    return 400 if form.is_bound and form.errors else 200


@dataclass(frozen=True)
class Shows:
    """The personal data a form page shows: rendering it is a view, and is audited."""

    target: models.Model
    person_id: int | None
    what: str


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    back_url: str,
    back_label: str = "Back",
    submit_label: str = "Save",
    caption: str = "",
    intro: str = "",
    cancel: bool = False,
    delete_label: str = "",
    before_form: str = "",
    context: dict[str, Any] | None = None,
    shows: Shows | None = None,
    save: Callable[[dict[str, Any]], HttpResponse] | None = None,
) -> HttpResponse:
    """Render ``core/form_page.html``; a form with errors answers 400 so tools see the failure.

    ``save`` is the service call for a valid posted form (see ``submitted``): its response (usually a
    redirect) is returned, and a ``Refused`` from it becomes the form's error.
    ``before_form`` names a template included under the heading (e.g. a deadline
    clock), rendered with ``context``. ``shows`` names whose data the page shows: each time the
    page is shown, first or again with errors, a view goes in the audit trail.
    """
    if save is not None:
        done = submitted(request, form, save)
        if done is not None:
            return done
    if shows is not None:
        audit_form_opened(
            request,
            actor=user_of(request),
            target=shows.target,
            person_id=shows.person_id,
            what=shows.what,
        )
    return render(
        request,
        "core/form_page.html",
        {
            **(context or {}),
            "page_title": title,
            "form": form,
            "caption": caption,
            "intro": intro,
            "back_url": back_url,
            "back_label": back_label,
            "submit_label": submit_label,
            "cancel": cancel,
            "delete_label": delete_label,
            "before_form": before_form,
        },
        status=form_status(form),
    )


# --- Searches for people ----------------------------------------------------------------
# A child's name and date of birth in a URL stay in browser history, proxy and server logs,
# so searches for people are sent by POST and their results rendered straight away. A link
# onward that needs the terms (add the child just searched for) carries a short-lived id
# kept in the session instead of the terms.

_SEARCHES_KEY = "searches"
SEARCH_KEPT_SECONDS = 30 * 60


def search_data(request: HttpRequest) -> QueryDict | None:
    """The data to bind a search form to: the POST body, never the query string."""
    return request.POST if request.method == "POST" else None


def remember_search(request: HttpRequest, terms: dict[str, Any]) -> str:
    """Keep a search's terms in the session for half an hour; return the id a link can carry."""
    now = int(time.time())
    kept = {
        key: entry
        for key, entry in request.session.get(_SEARCHES_KEY, {}).items()
        if now - entry["at"] < SEARCH_KEPT_SECONDS
    }
    search_id = secrets.token_urlsafe(9)
    kept[search_id] = {
        "at": now,
        "terms": {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in terms.items() if v},
    }
    request.session[_SEARCHES_KEY] = kept
    return search_id


def recall_search(request: HttpRequest, search_id: str) -> dict[str, Any] | None:
    """The terms kept by ``remember_search``, or None once gone or too old; dates come back as dates."""
    entry = request.session.get(_SEARCHES_KEY, {}).get(search_id)
    if entry is None or int(time.time()) - entry["at"] >= SEARCH_KEPT_SECONDS:
        return None
    terms = dict(entry["terms"])
    if "date_of_birth" in terms:
        terms["date_of_birth"] = dt.date.fromisoformat(terms["date_of_birth"])
    return terms
