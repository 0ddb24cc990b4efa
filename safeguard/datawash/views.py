from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from safeguard.audit.services import audit_viewed
from safeguard.core.charts import GREEN, ORANGE, RED, Bar, bar_chart
from safeguard.core.listing import csv_export, list_page
from safeguard.core.pages import act, form_status, submitted
from safeguard.core.paging import filters_querystring, paginate
from safeguard.datawash import extracts as wash_extracts
from safeguard.datawash import runs as wash_runs
from safeguard.datawash import selectors, services
from safeguard.datawash.forms import DecisionForm, MappingForm, RunForm, UploadForm
from safeguard.datawash.models import (
    COHORT_KINDS,
    ChildStatus,
    CohortChild,
    Decision,
    ExtractStatus,
    ReviewCase,
    RunStatus,
    SourceKind,
)
from safeguard.partnership.access import AuthedRequest, requires, signed_in, user_of
from safeguard.partnership.roles import Perm, Role, roles_with

# --- extracts -------------------------------------------------------------------------------------------


@signed_in
def index(request: AuthedRequest) -> HttpResponse:
    """The data wash's own address goes to the part of it the user works in."""
    user = user_of(request)
    if user.can(Perm.RUN_WASH):
        return redirect("datawash:runs")
    if user.can(Perm.UPLOAD_EXTRACTS):
        return redirect("datawash:extracts")
    return redirect("dashboard")


@requires(Perm.UPLOAD_EXTRACTS)
def extracts(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    return render(
        request,
        "datawash/extracts.html",
        {
            "extracts": paginate(request, selectors.extracts_for_user(user)),
            "page_title": "Your agency's extracts",
            # Said from the roles themselves, so the page stays true if who may wash changes.
            "washers": _role_list(roles_with(Perm.RUN_WASH)),
            "uploaders": _role_list(roles_with(Perm.UPLOAD_EXTRACTS)),
        },
    )


def _role_list(roles: frozenset[Role]) -> str:
    labels = sorted(f"{str(role.label).lower()}s" for role in roles)
    return " and ".join(filter(None, [", ".join(labels[:-1]), labels[-1]])) if labels else "no one"


@requires(Perm.UPLOAD_EXTRACTS, personal_data=True)
def upload(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    assert user.agency is not None
    form = UploadForm(
        request.POST if request.method == "POST" else None, request.FILES if request.method == "POST" else None
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        assert user.agency is not None
        extract = services.extract_receive(
            actor=user,
            agency=user.agency,
            source_kind=SourceKind(data["source_kind"]),
            name=data["file"].name,
            content=data["file"],
            encoding=data["encoding"],
        )
        if extract.status == ExtractStatus.VALIDATED:
            messages.success(
                request,
                f"{extract} received and checked with your saved column mapping. {extract.found_text} "
                "Next, an analyst includes it in a wash run.",
            )
            return redirect("datawash:extract", pk=extract.pk)
        messages.info(request, "Tell us what each column holds")
        return redirect("datawash:mapping", pk=extract.pk)

    done = submitted(request, form, save)
    if done is not None:
        return done
    return render(
        request,
        "datawash/upload.html",
        {"form": form, "page_title": "Upload an extract", "max_mb": wash_extracts.max_upload_bytes() // (1024 * 1024)},
        status=form_status(form),
    )


@requires(Perm.UPLOAD_EXTRACTS, personal_data=True)
def mapping(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    extract = selectors.get_extract_for_user(user, pk)
    saved = selectors.saved_mapping(extract)
    initial = extract.mapping or (saved.columns if saved else {})
    if not initial:
        initial = {h: wash_extracts.guess_column(h) for h in extract.headers if h}
    formats = extract.date_formats or (saved.date_formats if saved else {})
    form = MappingForm(
        request.POST if request.method == "POST" else None,
        extract=extract,
        initial_columns=initial,
        initial={
            "date_of_birth_format": formats.get("date_of_birth", ""),
            "last_seen_date_format": formats.get("last_seen_date", ""),
        },
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        services.extract_map(
            actor=user,
            extract=extract,
            columns=form.cleaned_data["columns"],
            date_formats=form.cleaned_data["date_formats"],
        )
        messages.success(
            request,
            f"Column mapping saved; it will be used for your next upload too. {extract.found_text} "
            "Next, an analyst includes it in a wash run.",
        )
        return redirect("datawash:extract", pk=extract.pk)

    done = submitted(request, form, save)
    if done is not None:
        return done
    # Shown first or again with errors, the page lists sample values from the extract.
    audit_viewed(request, actor=user, target=extract, summary="Viewed sample values to map")
    return render(
        request,
        "datawash/mapping.html",
        {"form": form, "extract": extract, "page_title": "Map the columns"},
        status=form_status(form),
    )


@requires(Perm.UPLOAD_EXTRACTS, personal_data=True)
def extract_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    extract = selectors.get_extract_for_user(user, pk)
    audit_viewed(request, actor=user, target=extract, summary="Viewed validation report")
    rejects = extract.rejects
    return render(
        request,
        "datawash/extract.html",
        {
            "extract": extract,
            "row_rejects": [r for r in rejects if r["row_not_used"]],
            "identifier_rejects": [r for r in rejects if r["field"] in ("nhs_number", "upn")],
            "value_rejects": [r for r in rejects if not r["row_not_used"] and r["field"] not in ("nhs_number", "upn")],
            "can_withdraw": not selectors.extract_is_used(extract) and not user.is_read_only,
            "is_register": extract.source_kind in COHORT_KINDS,
            "page_title": str(extract),
        },
    )


@requires(Perm.UPLOAD_EXTRACTS, personal_data=True)
def extract_results(request: AuthedRequest, pk: int) -> HttpResponse:
    """The uploading agency's own register, as the latest run found it: each child and their status."""
    user = user_of(request)
    extract = selectors.get_extract_for_user(user, pk)
    status = _status_filter(request)
    run, children = selectors.register_results(extract, status=status)
    paged = paginate(request, children)
    audit_viewed(
        request,
        actor=user,
        target=extract,
        summary=f"Viewed the wash results of {extract} ({len(paged.page)} of {paged.total} children{_described(status, '')})",
    )
    return render(
        request,
        "datawash/register_results.html",
        {
            "extract": extract,
            "run": run,
            "children": paged,
            "statuses": ChildStatus,
            "status": status,
            "filters": filters_querystring(request.GET),
            "page_title": f"Results for {extract}",
        },
    )


REGISTER_HEADER = ("Your record", "Child", "Date of birth", "Status", "Last seen")


@requires(Perm.UPLOAD_EXTRACTS, personal_data=True)
def extract_results_export(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """The register's children as the latest run found them (with the page's status filter) as CSV.

    The same columns as the page: which agency saw a child stays with those who run the wash.
    """
    user = user_of(request)
    extract = selectors.get_extract_for_user(user, pk)
    status = _status_filter(request)
    run, children = selectors.register_results(extract, status=status)
    if run is None:
        raise Http404("No wash run has used this register yet")
    rows = list(children)
    return csv_export(
        request,
        rows,
        header=REGISTER_HEADER,
        row=_register_row,
        filename=f"register-{extract.pk}-results{f'-{status}' if status else ''}",
        target=extract,
        summary=f"Exported {len(rows)} children of {extract} from wash run {run.pk}{_described(status, '')} as CSV",
    )


def _register_row(child: CohortChild) -> list[str]:
    return [
        child.cohort_record_id,
        child.person.full_name if child.person else "",
        child.person.date_of_birth.isoformat() if child.person and child.person.date_of_birth else "",
        child.get_status_display(),
        child.last_seen_date.isoformat() if child.last_seen_date else "",
    ]


def _status_filter(request: HttpRequest) -> str:
    """A status code from the address (never a name); anything unknown means every status."""
    status = request.GET.get("status", "")
    return status if status in ChildStatus.values else ""


@requires(Perm.UPLOAD_EXTRACTS, write=True)
def extract_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    extract = selectors.get_extract_for_user(user, pk)
    return act(
        request,
        lambda: services.extract_withdraw(actor=user, extract=extract),
        done=f"{extract} withdrawn: no run will use it",
        redirect_to=reverse("datawash:extracts"),
        refused_to=reverse("datawash:extract", args=[pk]),
    )


# --- runs -----------------------------------------------------------------------------------------------


@requires(Perm.RUN_WASH)
def runs(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    return render(
        request,
        "datawash/runs.html",
        {
            "runs": paginate(request, selectors.runs_for_user(user)),
            "open_checks": selectors.open_review_cases_count_for_user(user) if user.can(Perm.REVIEW_LINKS) else 0,
            "page_title": "Data wash runs",
        },
    )


@requires(Perm.RUN_WASH)
def run_new(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    form = RunForm(
        request.POST if request.method == "POST" else None,
        cohorts=selectors.cohort_extracts_for_run(user),
        sources=selectors.extracts_for_run(user),
        initial={"as_of": timezone.localdate(), "unseen_months": 18, "include_visits": True},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run = services.run_start(
            actor=user,
            cohort_extract=data["cohort_extract"],
            source_extracts=data["source_extracts"],
            as_of=data["as_of"],
            unseen_months=data["unseen_months"],
            include_visits=data["include_visits"],
        )
        return redirect("datawash:run", pk=run.pk)
    return render(
        request,
        "datawash/run_new.html",
        {"form": form, "page_title": "Start a wash run"},
        status=form_status(form),
    )


def _status_bars(comparison: selectors.RunComparison) -> list[Bar]:
    return [
        Bar("Not seen", comparison.unseen, colour=RED),
        Bar("Check links", comparison.check, colour=ORANGE),
        Bar("Seen", comparison.seen, colour=GREEN),
    ]


@requires(Perm.RUN_WASH, personal_data=True)
def run_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    run = selectors.get_run_for_user(user, pk)
    context: dict[str, object] = {"run": run, "page_title": f"Wash run {run.pk}", "refresh": run.is_active}
    if run.status == "succeeded":
        comparison = selectors.run_comparison(run)
        sources = selectors.run_child_sources(run)
        status, source = _child_filters(request, sources)
        children = paginate(request, selectors.run_children(run, status=status, source=source))
        audit_viewed(
            request,
            actor=user,
            target=run,
            summary=f"Viewed wash run results ({len(children.page)} of {children.total} children{_described(status, source)})",
        )
        history = list(selectors.successful_runs(partnership=run.partnership, kind=run.cohort_kind))
        context.update(
            comparison=comparison,
            children=children,
            status_chart=bar_chart(f"Children on the register by status, run {run.pk}", _status_bars(comparison)),
            history=history,
            history_chart=bar_chart(
                "Children not seen at each run",
                [
                    Bar(f"Run {r.pk} as of {r.as_of:%d %b %Y}", r.counts.get("cohort_unseen", 0), colour=RED)
                    for r in history
                ],
            ),
            sources=[
                (label, run.counts.get(f"{name}_rows_read", 0), run.counts.get(f"{name}_rows_accepted", 0))
                for name, label in run.source_labels.items()
                if f"{name}_rows_read" in run.counts
            ],
            open_checks=selectors.open_review_case_count(run),
            statuses=ChildStatus,
            status=status,
            child_sources=sources,
            source=source,
            never_seen=selectors.NEVER_SEEN,
            filters=filters_querystring(request.GET),
        )
    return render(request, "datawash/run.html", context)


def _child_filters(request: HttpRequest, sources: list[str]) -> tuple[str, str]:
    """The status and last-seen-by filters of a run's children; anything unknown means every one.

    Both are code lists (a status, an agency's source label), never a child's name or date of birth,
    so they can sit in the address.
    """
    status = request.GET.get("status", "")
    source = request.GET.get("source", "")
    return (
        status if status in ChildStatus.values else "",
        source if source in sources or source == selectors.NEVER_SEEN else "",
    )


def _described(status: str, source: str) -> str:
    said = [f"status {status}"] if status else []
    if source:
        said.append("never seen by any source" if source == selectors.NEVER_SEEN else f"last seen by {source}")
    return f" with {' and '.join(said)}" if said else ""


CHILDREN_HEADER = ("Cohort record", "Child", "Date of birth", "Status", "Last seen", "Seen by", "How sure")


@requires(Perm.RUN_WASH, personal_data=True)
def run_children_export(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """The children of a finished run (with the page's status filter) as CSV."""
    user = user_of(request)
    run = selectors.get_run_for_user(user, pk)
    if run.status != RunStatus.SUCCEEDED:
        raise Http404("This run has no results")
    status, source = _child_filters(request, selectors.run_child_sources(run))
    children = list(selectors.run_children(run, status=status, source=source))
    return csv_export(
        request,
        children,
        header=CHILDREN_HEADER,
        row=lambda child: [*_register_row(child), child.last_seen_by, child.confidence_text],
        filename=f"wash-run-{run.pk}-children{f'-{status}' if status else ''}",
        target=run,
        summary=f"Exported {len(children)} children of wash run {run.pk}{_described(status, source)} as CSV",
    )


@requires(Perm.RUN_WASH)
def run_status(request: AuthedRequest, pk: int) -> JsonResponse:
    """The run's progress for the progress page's script to poll (no personal data: stage and percent)."""
    run = selectors.get_run_for_user(user_of(request), pk)
    if not run.is_active:
        message = f"The run has {run.get_status_display().lower()}: loading the page again"
    elif run.stage:
        message = f"Now {run.stage} ({run.percent}%)"
    else:
        message = f"Waiting to start ({run.percent}%)"
    response = JsonResponse({"status": run.status, "active": run.is_active, "percent": run.percent, "message": message})
    response["Cache-Control"] = "no-store"
    return response


@requires(Perm.RUN_WASH, write=True)
def run_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    run = selectors.get_run_for_user(user, pk)
    services.run_cancel(actor=user, run=run)
    messages.info(request, "Cancelling: the run stops at its next stage")
    return redirect("datawash:run", pk=run.pk)


@requires(Perm.RUN_WASH)
def run_report_page(request: AuthedRequest, pk: int) -> HttpResponse:
    """This run's report inside the service's own page, with its terms explained; the report itself
    (personal data) is fetched, audited, from ``run_report``."""
    user = user_of(request)
    run = selectors.get_run_for_user(user, pk)
    if not run.output_prefix:
        raise Http404("This run has no report")
    return render(request, "datawash/report_page.html", {"run": run, "page_title": f"Report of wash run {run.pk}"})


@requires(Perm.RUN_WASH, personal_data=True)
def run_report(request: AuthedRequest, pk: int) -> HttpResponse:
    """The engine's own HTML report: personal data, so served only here and audited."""
    user = user_of(request)
    run = selectors.get_run_for_user(user, pk)
    try:
        content = wash_runs.run_output(run, "report.html")
    except (FileNotFoundError, OSError):
        raise Http404("This run has no report") from None
    audit_viewed(request, actor=user, target=run, summary="Viewed the engine's run report")
    response = HttpResponse(content, content_type="text/html; charset=utf-8")
    # The report carries its own inline styles; sandboxed with no scripts, it cannot act on this site.
    response["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'self'"
    )
    # Shown inside the run's report page of this site, and nowhere else.
    response["X-Frame-Options"] = "SAMEORIGIN"
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@requires(Perm.RUN_WASH, personal_data=True)
def child_detail(request: AuthedRequest, pk: int, child_pk: int) -> HttpResponse:
    user = user_of(request)
    run = selectors.get_run_for_user(user, pk)
    child = selectors.get_child_for_user(user, run, child_pk)
    audit_viewed(
        request,
        actor=user,
        target=child,
        person_id=child.person_id,
        summary="Viewed a cohort child's linked agency records",
    )
    return render(
        request,
        "datawash/child.html",
        {
            "run": run,
            "child": child,
            "checks": child.review_cases.all(),
            "page_title": child.person.full_name if child.person else child.cohort_record_id,
        },
    )


# --- review ---------------------------------------------------------------------------------------------


@requires(Perm.REVIEW_LINKS, personal_data=True)
def review_queue(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    waiting = selectors.open_review_cases_for_user(user)
    sources = selectors.review_case_sources(waiting)
    kind, source = _review_filters(request, sources)
    cases = paginate(request, selectors.review_cases_filtered(waiting, kind=kind, source=source))
    return list_page(
        request,
        "datawash/review_queue.html",
        found=cases,
        object_type="datawash.reviewcase",
        summary=f"Viewed the link review queue ({len(cases.page)} of {cases.total} cases)",
        context={
            "cases": cases,
            "page_title": "Links to check",
            "kinds": selectors.REVIEW_KINDS,
            "kind": kind,
            "sources": sources,
            "source": source,
            "filters": filters_querystring(request.GET),
        },
    )


def _review_filters(request: HttpRequest, sources: list[str]) -> tuple[str, str]:
    """The queue's kind and source filters; anything unknown means every pair.

    Both are codes (a kind, an agency's source label), never a name, so they can sit in the address.
    """
    kind = request.GET.get("kind", "")
    source = request.GET.get("source", "")
    return (kind if kind in selectors.REVIEW_KINDS else "", source if source in sources else "")


REVIEW_HEADER = (
    "Wash run",
    "Register record",
    "Register child",
    "Decides status",
    "Possible match from",
    "Possible match record",
    "Possible match",
    "Why it is in doubt",
    "Probability",
)


def _review_row(case: ReviewCase) -> list[object]:
    left, right = case.left, case.right
    child = case.child.person.full_name if case.child and case.child.person else ""
    return [
        case.run_id,
        left.get("record_id", ""),
        child or f"{left.get('given_name', '')} {left.get('family_name', '')}".strip(),
        "Yes" if case.decides_status else "No",
        right.get("label", ""),
        right.get("record_id", ""),
        f"{right.get('given_name', '')} {right.get('family_name', '')}".strip(),
        case.why,
        f"{case.probability:.3f}",
    ]


@requires(Perm.REVIEW_LINKS, personal_data=True)
def review_queue_export(request: AuthedRequest) -> HttpResponseBase:
    """The pairs waiting (with the queue's filters) as CSV: the same fields the queue shows, with record ids."""
    user = user_of(request)
    waiting = selectors.open_review_cases_for_user(user)
    kind, source = _review_filters(request, selectors.review_case_sources(waiting))
    cases = list(selectors.review_cases_filtered(waiting, kind=kind, source=source))
    said = [f"kind {kind}"] if kind else []
    if source:
        said.append(f"possible match from {source}")
    described = f" with {' and '.join(said)}" if said else ""
    return csv_export(
        request,
        cases,
        header=REVIEW_HEADER,
        row=_review_row,
        filename=f"links-to-check{f'-{kind}' if kind else ''}",
        object_type="datawash.reviewcase",
        summary=f"Exported {len(cases)} pairs from the link review queue{described} as CSV",
    )


@requires(Perm.REVIEW_LINKS, personal_data=True)
def review_case(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    case = selectors.get_review_case_for_user(user, pk)
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and case.decision_id is not None:
        raise PermissionDenied("This pair has already been decided")

    def save(data: dict[str, Any]) -> HttpResponse:
        decision = Decision(data["decision"])
        services.review_decide(actor=user, case=case, decision=decision, reason=data["reason"])
        messages.success(request, f"Decision recorded: {decision.label.lower()}. Every later run will use it.")
        return redirect("datawash:review")

    done = submitted(request, form, save)
    if done is not None:
        return done
    # Shown first or again with errors, the page shows both children's records: either way a view.
    audit_viewed(
        request,
        actor=user,
        target=case,
        person_id=case.child.person_id if case.child else None,
        summary="Viewed a pair of records to check",
    )
    fields = [
        ("record_id", "Record"),
        ("given_name", "First name"),
        ("middle_name", "Middle names"),
        ("family_name", "Last name"),
        ("date_of_birth", "Date of birth"),
        ("sex", "Sex"),
        ("postcode", "Postcode"),
        ("address_line", "Address"),
        ("nhs_number", "NHS number"),
        ("upn", "Unique pupil number"),
        ("other_id", "Other ID"),
        ("last_seen_date", "Last seen"),
    ]
    # Record ids are each agency's own numbering: they always differ, so they are never a "difference".
    rows = [
        (
            label,
            case.left.get(key, ""),
            case.right.get(key, ""),
            None if key == "record_id" else case.left.get(key, "") == case.right.get(key, ""),
        )
        for key, label in fields
    ]
    return render(
        request,
        "datawash/review_case.html",
        {"case": case, "form": form, "rows": rows, "page_title": "Check a possible link"},
        status=form_status(form),
    )
