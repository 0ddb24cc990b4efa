"""Pages every app needs: one shared template for a page that is a single form.

Each view supplies only its form and its words; the layout, error summary, status
code and button group are the same everywhere, so they are written once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safeguard.audit.services import audit_form_opened
from safeguard.partnership.access import user_of


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
) -> HttpResponse:
    """Render ``core/form_page.html``; a form with errors answers 400 so tools see the failure.

    ``before_form`` names a template included under the heading (e.g. a deadline
    clock), rendered with ``context``. ``shows`` names whose data the page shows: each time the
    page is shown, first or again with errors, a view goes in the audit trail.
    """
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
        status=400 if form.is_bound and form.errors else 200,
    )
