from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.core.charts import bar_chart
from safeguard.core.exports import DOCX, XLSX, download
from safeguard.core.pages import form_status, submitted
from safeguard.partnership.access import AuthedRequest, requires, user_of
from safeguard.partnership.roles import Perm
from safeguard.performance.periods import parse_month

from . import conf, selectors, services, workbook
from .exports import rate_bars, workforce_report_docx
from .forms import ReturnForm, UploadForm, quarter_choices
from .models import StaffGroup, WorkforceReturn


def _latest_quarter() -> dt.date:
    return selectors.latest_quarter()


def _quarter_from(request: HttpRequest) -> dt.date:
    asked = parse_month(request.GET.get("quarter", ""))
    return selectors.quarter_start(asked) if asked else _latest_quarter()


@requires(Perm.VIEW_SCORECARD)
def report(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    quarter = _quarter_from(request)
    built = selectors.workforce_report(selectors.returns_for_partnership(user), quarter)
    charts = [
        (
            f"{title} by agency",
            bar_chart(
                f"{title} by agency, {built.quarter_label}, threshold {threshold}%",
                rate_bars(built, attr, threshold),
                threshold=threshold,
                unit="%",
            ),
        )
        for title, attr, threshold in (
            ("Vacancy rate", "vacancy_rate", conf.VACANCY_PERCENT),
            ("Agency and locum staff", "agency_rate", conf.AGENCY_STAFF_PERCENT),
            ("Annual turnover", "turnover_rate", conf.TURNOVER_PERCENT),
        )
    ]
    return render(
        request,
        "workforce/report.html",
        {
            "page_title": f"Workforce stability, {built.quarter_label}",
            "report": built,
            "charts": charts,
            "quarters": quarter_choices(_latest_quarter()),
            "selected": quarter.strftime("%Y-%m"),
            "thresholds": {
                "vacancy": conf.VACANCY_PERCENT,
                "agency": conf.AGENCY_STAFF_PERCENT,
                "turnover": conf.TURNOVER_PERCENT,
            },
            "can_submit": user.can(Perm.SUBMIT_FIGURES),
        },
    )


@requires(Perm.VIEW_SCORECARD)
def export_docx(request: AuthedRequest) -> HttpResponseBase:
    user = user_of(request)
    assert user.agency is not None
    quarter = _quarter_from(request)
    built = selectors.workforce_report(selectors.returns_for_partnership(user), quarter)
    content = workforce_report_docx(built, partnership_name=user.agency.partnership.name, produced=timezone.localdate())
    audit_record(actor=user, action=Action.EXPORT, object_type="workforce.report",
                 summary=f"Exported the workforce report for {quarter:%Y-%m}", request=request)  # fmt: skip
    return download(content, filename=f"workforce-{quarter:%Y-%m}.docx", content_type=DOCX)


@requires(Perm.SUBMIT_FIGURES)
def returns(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    latest = _latest_quarter()
    return render(
        request,
        "workforce/returns.html",
        {
            "page_title": "Your agency's workforce returns",
            "returns": selectors.returns_for_user(user),
            "latest": latest.strftime("%Y-%m"),
            "latest_label": selectors.quarter_label(latest),
        },
    )


def _form_page(request: HttpRequest, existing: WorkforceReturn | None) -> HttpResponse:
    user = user_of(request)
    initial = {"quarter": _latest_quarter().strftime("%Y-%m")}
    if existing is not None:
        initial = {name: getattr(existing, name) for name in ReturnForm.base_fields if hasattr(existing, name)}
        initial["quarter"] = existing.quarter_start.strftime("%Y-%m")
    form = ReturnForm(request.POST or None, initial=initial, latest=_latest_quarter())
    if request.method == "POST" and form.is_valid():
        quarter, group = form.quarter_start(), StaffGroup(form.cleaned_data["staff_group"])
        if selectors.return_already_sent(user, quarter=quarter, staff_group=group, other_than=existing):
            form.add_error(
                "staff_group", f"You have already sent a return for {group.label} that quarter: change it instead"
            )
        # A ReturnExists here: another form saved the same return since the check above.
        elif submitted(request, form, lambda _: services.workforce_return_save(actor=user, quarter_start=quarter,
                       staff_group=group, figures=form.figures(), existing=existing)) is not None:  # fmt: skip
            messages.success(request, "Workforce return saved")
            return redirect("workforce:returns")
    title = "Change a workforce return" if existing else "Send a workforce return"
    return render(request, "workforce/return_form.html", {"form": form, "page_title": title})


@requires(Perm.SUBMIT_FIGURES)
def return_create(request: AuthedRequest) -> HttpResponse:
    return _form_page(request, None)


@requires(Perm.SUBMIT_FIGURES)
def return_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    return _form_page(request, selectors.get_return_for_user(user_of(request), pk))


@requires(Perm.SUBMIT_FIGURES)
def returns_template(request: AuthedRequest) -> HttpResponseBase:
    user = user_of(request)
    if user.agency is None:
        raise PermissionDenied("Only an agency's staff send its workforce returns.")
    # A template for a quarter that has not ended could not be uploaded: offer the last one that has.
    quarter = min(_quarter_from(request), _latest_quarter())
    content = workbook.template_workbook(
        agency_name=user.agency.name,
        quarter=quarter,
        existing=selectors.returns_for_quarter(user, quarter),
    )
    audit_record(actor=user, action=Action.EXPORT, object_type="workforce.template",
                 summary=f"Downloaded the workforce return template for {quarter:%Y-%m}", request=request)  # fmt: skip
    return download(content, filename=f"workforce-return-{quarter:%Y-%m}.xlsx", content_type=XLSX)


@requires(Perm.SUBMIT_FIGURES)
def returns_upload(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    if user.agency is None:
        raise PermissionDenied("Only an agency's staff send its workforce returns.")
    # Bound on every POST, even an empty one, so a POST without a file is told to choose one.
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    problems: list[str] = []
    blank: list[int] = []
    if form.is_bound and form.is_valid():
        file = form.cleaned_data["workbook"]
        checked = workbook.check_upload(file, name=file.name or "", latest=_latest_quarter())
        if not checked.problems:
            saved = services.workforce_returns_save(actor=user, rows=checked.rows)
            messages.success(request, _saved_message(saved, checked.blank))
            return redirect("workforce:returns")
        problems, blank = [str(p) for p in checked.problems], checked.blank
        # The field carries the error too, so a screen reader meets it at the file input.
        form.add_error("workbook", f"The file has {_count(len(problems), 'problem')}: nothing was saved")
    latest = _latest_quarter()
    return render(
        request,
        "workforce/upload.html",
        {
            "page_title": "Upload a workbook of workforce returns",
            "form": form,
            "problems": problems,
            "blank": _row_list(blank),
            "quarters": quarter_choices(latest),
            "selected": latest.strftime("%Y-%m"),
        },
        status=form_status(form),
    )


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _row_list(numbers: list[int], most: int = 20) -> str:
    shown = ", ".join(str(n) for n in numbers[:most])
    return shown + (f" and {len(numbers) - most} more" if len(numbers) > most else "")


def _saved_message(saved: list[services.SavedReturn], blank: list[int]) -> str:
    outcomes = [s.outcome for s in saved]
    counts = [
        f"{outcomes.count(outcome)} {label}"
        for outcome, label in (
            (services.Outcome.CREATED, "new"),
            (services.Outcome.UPDATED, "changed"),
            (services.Outcome.UNCHANGED, "unchanged"),
        )
        if outcome in outcomes
    ]
    message = f"Saved {_count(len(saved), 'workforce return')} from the file ({', '.join(counts)})."
    if blank:
        message += f" Skipped {_count(len(blank), 'blank row')} with no figures: {_row_list(blank)}."
    return message
