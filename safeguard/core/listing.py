"""One way to show a filtered list of people or records and download the same rows.

A list view reads its filters from the query string (codes, agencies and dates only) with ``filter_form``,
pages the selector's rows with ``paginate`` and answers with ``list_page`` (audited as a view, the filters
kept across page links, 400 when a filter has errors). Its download reads the same form, sends the person
back to the list when a filter has errors (``filters_refused``), and answers with ``csv_export`` (audited
as an export, written by ``core.exports.csv_download``). Example to copy: ``safeguard/placements/views.py``
``index`` and ``export``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django import forms
from django.db.models import Model
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record, audit_viewed
from safeguard.core.exports import csv_download
from safeguard.core.pages import form_status
from safeguard.core.paging import Paged
from safeguard.partnership.access import user_of

FormT = TypeVar("FormT", bound=forms.Form)
Item = TypeVar("Item")


def filters_sent(request: HttpRequest) -> bool:
    """Whether the query string holds any filter (a page number alone is not one)."""
    return any(key != "page" for key in request.GET)


def filter_form(request: HttpRequest, form_class: Callable[..., FormT], **kwargs: Any) -> FormT:
    """The list's filter form from the query string: bound only when a filter was sent, so the bare list is
    not an error."""
    return form_class(request.GET if filters_sent(request) else None, **kwargs)


def list_page(
    request: HttpRequest,
    template: str,
    *,
    found: Paged,
    object_type: str,
    summary: str,
    form: forms.Form | None = None,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Render one page of a filtered list, with ``form`` and the ``filters`` its page links keep.

    Showing the list is recorded as a view of ``object_type`` with ``summary`` (say which rows of how many,
    and the filters). A filter form with errors answers 400, as every form page does.
    """
    audit_viewed(request, actor=user_of(request), object_type=object_type, summary=summary)
    shown: dict[str, Any] = {**(context or {}), "filters": found.querystring}
    if form is not None:
        shown["form"] = form
    return render(request, template, shown, status=form_status(form) if form is not None else 200)


def filters_refused(request: HttpRequest, form: forms.Form, list_url: str) -> HttpResponse | None:
    """Back to the list (``list_url`` names its URL), which shows the filters' errors, when a filter has one.

    A download of everything would not be what was asked for; None when the filters are fine.
    """
    if form.is_bound and not form.is_valid():
        return redirect(f"{reverse(list_url)}?{request.GET.urlencode()}")
    return None


def csv_export(
    request: HttpRequest,
    items: Sequence[Item],
    *,
    header: Iterable[Any],
    row: Callable[[Item], Iterable[Any]],
    filename: str,
    summary: str,
    object_type: str = "",
    target: Model | None = None,
) -> FileResponse:
    """The list's rows as CSV named ``<filename>-<today>.csv``, recorded in the audit trail as an export.

    The export is recorded against ``target`` when the rows belong to one record (a register), else as rows of
    ``object_type``."""
    audit_record(
        actor=user_of(request),
        action=Action.EXPORT,
        target=target,
        object_type=object_type,
        summary=summary,
        request=request,
    )
    return csv_download(
        header, (row(item) for item in items), filename=f"{filename}-{timezone.localdate():%Y-%m-%d}.csv"
    )
