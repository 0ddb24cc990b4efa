from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.core.charts import bar_chart_svg
from safeguard.partnership.access import requires, user_of
from safeguard.partnership.roles import Perm
from safeguard.performance.periods import parse_month

from . import conf, selectors, services
from .exports import workforce_report_docx
from .forms import ReturnForm, quarter_choices
from .models import StaffGroup, WorkforceReturn

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _latest_quarter() -> dt.date:
    """The last complete quarter: returns come in after a quarter ends."""
    return selectors.shift_quarter(selectors.quarter_start(timezone.localdate()), -1)


def _quarter_from(request: HttpRequest) -> dt.date:
    asked = parse_month(request.GET.get("quarter", ""))
    return selectors.quarter_start(asked) if asked else _latest_quarter()


@requires(Perm.VIEW_SCORECARD)
def report(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    quarter = _quarter_from(request)
    built = selectors.workforce_report(selectors.returns_for_partnership(user), quarter)
    charts = [
        (
            f"{title} by agency",
            bar_chart_svg(
                [(t.label, getattr(t, attr)) for t in built.by_agency],
                title=f"{title} by agency, {built.quarter_label}, threshold {threshold}%",
                threshold=threshold,
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
def export_docx(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    assert user.agency is not None
    quarter = _quarter_from(request)
    built = selectors.workforce_report(selectors.returns_for_partnership(user), quarter)
    content = workforce_report_docx(built, partnership_name=user.agency.partnership.name, produced=timezone.localdate())
    audit_record(actor=user, action=Action.EXPORT, object_type="workforce.report",
                 summary=f"Exported the workforce report for {quarter:%Y-%m}", request=request)  # fmt: skip
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="workforce-{quarter:%Y-%m}.docx"'
    return response


@requires(Perm.SUBMIT_FIGURES)
def returns(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    return render(
        request,
        "workforce/returns.html",
        {"page_title": "Your agency's workforce returns", "returns": selectors.returns_for_user(user)},
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
        clash = selectors.returns_for_user(user).filter(quarter_start=quarter, staff_group=group)
        if existing is not None:
            clash = clash.exclude(pk=existing.pk)
        if clash.exists():
            form.add_error(
                "staff_group", f"You have already sent a return for {group.label} that quarter: change it instead"
            )
        else:
            services.workforce_return_save(actor=user, quarter_start=quarter, staff_group=group,
                                           figures=form.figures(), existing=existing)  # fmt: skip
            messages.success(request, "Workforce return saved")
            return redirect("workforce:returns")
    title = "Change a workforce return" if existing else "Send a workforce return"
    return render(request, "workforce/return_form.html", {"form": form, "page_title": title})


@requires(Perm.SUBMIT_FIGURES)
def return_create(request: HttpRequest) -> HttpResponse:
    return _form_page(request, None)


@requires(Perm.SUBMIT_FIGURES)
def return_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(request, selectors.get_return_for_user(user_of(request), pk))
