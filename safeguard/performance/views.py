from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record, audit_viewed
from safeguard.core.charts import sparkline
from safeguard.core.exports import DOCX, XLSX, download
from safeguard.core.pages import form_status, submitted
from safeguard.partnership.access import AuthedRequest, requires, user_of
from safeguard.partnership.models import User
from safeguard.partnership.roles import Perm
from safeguard.partnership.selectors import agencies_for_user

from . import exports, periods, selectors, services
from .forms import (
    ActionForm,
    ConfirmForm,
    FiguresForm,
    FindingForm,
    GradeForm,
    IndicatorForm,
    ProgrammeForm,
    ScorecardFilterForm,
    UploadForm,
    month_choices,
)
from .models import AuditGrade, Indicator, Polarity, Source, Theme, Unit
from .scoring import format_value, measure_of
from .workbook import read_upload, template_workbook


def _month_from(request: HttpRequest, key: str = "period") -> dt.date:
    """The month asked for, or the last complete month when none (or nonsense) is given."""
    return periods.parse_month(request.GET.get(key, "")) or selectors.default_month()


def _filtered_scorecard(request: HttpRequest) -> tuple[ScorecardFilterForm, dt.date, list[selectors.ScoreRow]]:
    user = user_of(request)
    latest = selectors.default_month()
    data = request.GET.copy()
    data.setdefault("period", latest.strftime("%Y-%m"))
    form = ScorecardFilterForm(
        data, agencies=agencies_for_user(user), groups=selectors.sub_groups_for_user(user), latest=latest
    )
    month = latest
    rows: list[selectors.ScoreRow] = []
    if form.is_valid():
        month = periods.parse_month(form.cleaned_data["period"]) or latest
        agency = form.cleaned_data["agency"]
        group = form.cleaned_data["group"]
        rows = selectors.scorecard_for_user(
            user,
            month=month,
            agency_id=agency.pk if agency else None,
            theme=form.cleaned_data["theme"],
            group_id=group.pk if group else None,
        )
    return form, month, rows


@requires(Perm.VIEW_SCORECARD)
def scorecard(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    form, month, rows = _filtered_scorecard(request)
    assert user.agency is not None
    audits = selectors.audit_summaries(user.agency.partnership)
    themes = []
    for theme, theme_rows in exports.by_theme(rows).items():
        items = []
        for row in theme_rows:
            trend_text = "; ".join(
                f"{p.label}: {format_value(row.indicator, p.value) or 'no value'}" for p in row.trend
            )
            items.append(
                {
                    "row": row,
                    "value": row.value_text,
                    "target": format_value(row.indicator, row.indicator.target),
                    "sparkline": sparkline(
                        [p.value for p in row.trend], title=f"{row.indicator.name}, last 8 periods: {trend_text}"
                    ),
                    "trend": [(p.label, format_value(row.indicator, p.value) or "No value") for p in row.trend],
                }
            )
        themes.append({"label": Theme(theme).label, "items": items, "audit": audits.get(theme)})
    query = request.GET.urlencode()
    return render(
        request,
        "performance/scorecard.html",
        {
            "page_title": f"Scorecard for {month:%B %Y}",
            "form": form,
            "month": month,
            "themes": themes,
            "query": query,
            "can_submit": user.can(Perm.SUBMIT_FIGURES),
            "can_manage": user.can(Perm.MANAGE_INDICATORS),
        },
    )


def _scorecard_title(month: dt.date) -> str:
    return f"Safeguarding partnership scorecard, {month:%B %Y}"


@requires(Perm.VIEW_SCORECARD)
def export_xlsx(request: AuthedRequest) -> HttpResponseBase:
    user = user_of(request)
    _, month, rows = _filtered_scorecard(request)
    content = exports.scorecard_xlsx(rows, title=_scorecard_title(month))
    audit_record(actor=user, action=Action.EXPORT, object_type="performance.scorecard",
                 summary=f"Exported the scorecard for {month:%Y-%m} to Excel", request=request)  # fmt: skip
    return download(content, filename=f"scorecard-{month:%Y-%m}.xlsx", content_type=XLSX)


@requires(Perm.VIEW_SCORECARD)
def export_docx(request: AuthedRequest) -> HttpResponseBase:
    user = user_of(request)
    _, month, rows = _filtered_scorecard(request)
    assert user.agency is not None
    partnership = user.agency.partnership
    content = exports.board_report_docx(
        rows,
        title=_scorecard_title(month),
        partnership_name=partnership.name,
        audits=selectors.audit_summaries(partnership),
        produced=timezone.localdate(),
    )
    audit_record(actor=user, action=Action.EXPORT, object_type="performance.scorecard",
                 summary=f"Exported the board report for {month:%Y-%m} to Word", request=request)  # fmt: skip
    return download(content, filename=f"board-report-{month:%Y-%m}.docx", content_type=DOCX)


# Indicators


@requires(Perm.VIEW_SCORECARD)
def indicator_list(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    return render(
        request,
        "performance/indicator_list.html",
        {
            "page_title": "Indicators",
            "indicators": selectors.indicators_for_user(user),
            "can_manage": user.can(Perm.MANAGE_INDICATORS),
        },
    )


def _spec(data: dict[str, Any]) -> services.IndicatorSpec:
    return services.IndicatorSpec(
        code=data["code"],
        name=data["name"],
        definition=data["definition"],
        numerator_label=data["numerator_label"],
        denominator_label=data["denominator_label"],
        unit=Unit(data["unit"]),
        polarity=Polarity(data["polarity"]),
        target=data["target"],
        green_threshold=data["green_threshold"],
        red_threshold=data["red_threshold"],
        owner_agency=data["owner_agency"],
        frequency=periods.Frequency(data["frequency"]),
        theme=Theme(data["theme"]),
        source=Source(data["source"]),
        figure_path=data["figure_path"].strip(),
        sub_group=data["sub_group"],
        is_active=data["is_active"],
    )


def _indicator_form_page(request: HttpRequest, indicator: Indicator | None) -> HttpResponse:
    user = user_of(request)
    assert user.agency is not None
    initial: dict[str, Any] = {"is_active": True}
    if indicator is not None:
        initial = {name: getattr(indicator, name) for name in IndicatorForm.base_fields}
    form = IndicatorForm(request.POST or None, initial=initial, agencies=agencies_for_user(user),
                         groups=selectors.sub_groups_for_user(user))  # fmt: skip

    def save(data: dict[str, Any]) -> HttpResponse:
        spec = _spec(data)
        if indicator is None:
            assert user.agency is not None
            services.indicator_create(actor=user, partnership=user.agency.partnership, spec=spec)
        else:
            services.indicator_update(actor=user, indicator=indicator, spec=spec)
        messages.success(request, f"Saved {spec.name}")
        return redirect("performance:indicators")

    done = submitted(request, form, save)
    if done is not None:
        return done
    title = f"Change {indicator.name}" if indicator else "Add an indicator"
    return render(
        request, "performance/indicator_form.html", {"form": form, "page_title": title}, status=form_status(form)
    )


@requires(Perm.MANAGE_INDICATORS)
def indicator_create(request: AuthedRequest) -> HttpResponse:
    return _indicator_form_page(request, None)


@requires(Perm.MANAGE_INDICATORS)
def indicator_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    return _indicator_form_page(request, selectors.get_indicator_for_user(user_of(request), pk))


@requires(Perm.MANAGE_INDICATORS, write=True)
def indicators_seed(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    assert user.agency is not None
    created = services.indicators_seed_standard(actor=user, partnership=user.agency.partnership)
    messages.success(request, f"Added {created} standard indicator{'s' if created != 1 else ''}")
    return redirect("performance:indicators")


# Submissions


def _owned_for_month(user: User, month: dt.date) -> list[tuple[Indicator, dt.date]]:
    return [(i, selectors.period_for_month(i, month)) for i in selectors.indicators_owned_by(user)]


@requires(Perm.SUBMIT_FIGURES)
def submit(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    month = _month_from(request)
    owned = _owned_for_month(user, month)
    existing = {(s.indicator_id, s.period_start): s for s in selectors.submissions_for_user(user)}
    comments = selectors.commentary_texts([i for i, _ in owned])
    initial: dict[str, Any] = {}
    for indicator, start in owned:
        found = existing.get((indicator.pk, start))
        if found is not None:
            initial[f"num_{indicator.pk}"] = found.numerator
            initial[f"den_{indicator.pk}"] = found.denominator
        initial[f"comment_{indicator.pk}"] = comments.get((indicator.pk, start), "")
    form = FiguresForm(request.POST or None, initial=initial, indicators=owned)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        entries = []
        for indicator, start in owned:
            numerator = data.get(f"num_{indicator.pk}")
            if indicator.source == Source.SUBMITTED and numerator is not None:
                entries.append(services.FigureEntry(indicator, start, numerator, data.get(f"den_{indicator.pk}"),
                                                    data[f"comment_{indicator.pk}"]))  # fmt: skip
            elif data[f"comment_{indicator.pk}"] != initial.get(f"comment_{indicator.pk}", ""):
                services.commentary_save(actor=user, indicator=indicator, period_start=start,
                                         text=data[f"comment_{indicator.pk}"])  # fmt: skip
        saved = services.figures_submit(actor=user, entries=entries)
        queried = [s for s in saved if s.query_reason]
        messages.success(request, f"Saved {len(saved)} figure{'s' if len(saved) != 1 else ''}"
                         + (f"; {len(queried)} queried: please confirm or correct" if queried else ""))  # fmt: skip
        return redirect(f"{request.path}?period={month:%Y-%m}")
    return render(
        request,
        "performance/submit.html",
        {
            "page_title": f"Submit figures for {month:%B %Y}",
            "form": form,
            "month": month,
            "month_choices": _recent_months(),
            "queried": selectors.queried_for_user(user),
            "overdue": selectors.overdue_for_user(user) if user.agency else [],
        },
    )


def _recent_months() -> list[tuple[str, str]]:
    return month_choices(selectors.default_month(), 12)


@requires(Perm.SUBMIT_FIGURES)
def upload(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        indicators = {i.code: i for i in selectors.submitted_indicators_owned_by(user)}
        entries, found = read_upload(form.cleaned_data["workbook"], indicators)
        problems = [str(p) for p in found]
        if not problems:
            saved = services.figures_submit(actor=user, entries=entries)
            queried = [s for s in saved if s.query_reason]
            messages.success(request, f"Saved {len(saved)} figures from the workbook"
                             + (f"; {len(queried)} queried: please confirm or correct" if queried else ""))  # fmt: skip
            return redirect("performance:submit")
    return render(
        request,
        "performance/upload.html",
        {"page_title": "Upload the scorecard workbook", "form": form, "problems": problems,
         "month_choices": _recent_months()},
    )  # fmt: skip


@requires(Perm.SUBMIT_FIGURES)
def upload_template(request: AuthedRequest) -> HttpResponseBase:
    user = user_of(request)
    month = _month_from(request)
    indicators = list(selectors.submitted_indicators_owned_by(user))
    content = template_workbook(indicators, month)
    return download(content, filename=f"scorecard-figures-{month:%Y-%m}.xlsx", content_type=XLSX)


@requires(Perm.SUBMIT_FIGURES)
def submission_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    submission = selectors.get_submission_for_user(user, pk)
    form = ConfirmForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.submission_confirm(actor=user, submission=submission, note=form.cleaned_data["note"])
        messages.success(request, "Figure confirmed")
        return redirect("performance:submit")

    done = submitted(request, form, save)
    if done is not None:
        return done
    return render(
        request,
        "performance/confirm.html",
        {
            "page_title": "Confirm a queried figure",
            "form": form,
            "submission": submission,
            "value": format_value(submission.indicator, measure_of(
                submission.indicator, submission.numerator, submission.denominator).value),
            "period_label": periods.label(submission.period_start, submission.indicator.frequency),
        },
    )  # fmt: skip


@requires(Perm.MANAGE_INDICATORS)
def late(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    return render(
        request,
        "performance/late.html",
        {"page_title": "Late submissions", "overdue": selectors.overdue_for_user(user)},
    )


@requires(Perm.MANAGE_INDICATORS, write=True)
def late_chase(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    assert user.agency is not None
    chased = services.late_submissions_chase(actor=user, partnership=user.agency.partnership)
    messages.success(request, f"Chased {chased} agenc{'ies' if chased != 1 else 'y'} by email")
    return redirect("performance:late")


# Multi-agency case audits


@requires(Perm.AUDIT_CASES)
def audit_list(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    return render(
        request,
        "performance/audit_list.html",
        {
            "page_title": "Multi-agency case audits",
            "programmes": selectors.programmes_listed(user),
            "can_manage": user.can(Perm.MANAGE_INDICATORS),
        },
    )


@requires(Perm.MANAGE_INDICATORS, personal_data=True)
def audit_create(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    form = ProgrammeForm(request.POST or None, auditors=selectors.auditors_choices(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        programme = services.audit_programme_create(
            actor=user,
            title=data["title"],
            theme=Theme(data["theme"]),
            scope=data["scope"],
            auditors=list(data["auditors"]),
            sample_size=data["sample_size"],
        )
        count = selectors.programme_case_count(programme)
        messages.success(request, f"Started {programme.title} with {count} sampled cases")
        return redirect("performance:audit", pk=programme.pk)
    return render(request, "performance/audit_form.html", {"form": form, "page_title": "Start a case audit"})


def _audit_page(request: HttpRequest, pk: int, action_form: ActionForm | None = None) -> HttpResponse:
    user = user_of(request)
    programme = selectors.get_programme_for_user(user, pk)
    audit_viewed(request, actor=user, target=programme, summary=f"Viewed case audit {programme.title}")
    return render(
        request,
        "performance/audit_detail.html",
        {
            "page_title": programme.title,
            "programme": programme,
            "cases": selectors.programme_cases(programme),
            "auditors": selectors.programme_auditors(programme),
            "actions": selectors.programme_actions(programme),
            "action_form": action_form or ActionForm(agencies=agencies_for_user(user)),
            "grades": [(g.value, g.label) for g in AuditGrade],
            "can_act": not user.is_read_only,
            "today": timezone.localdate(),
        },
    )


@requires(Perm.AUDIT_CASES, personal_data=True)
def audit_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _audit_page(request, pk)


@requires(Perm.AUDIT_CASES, personal_data=True)
def audit_case(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    case = selectors.get_case_for_user(user, pk)
    posted = request.POST.get("form") if request.method == "POST" else None
    grade_form = GradeForm(request.POST if posted == "grade" else None,
                           initial={"grade": case.grade, "summary": case.summary})  # fmt: skip
    finding_form = FindingForm(request.POST if posted == "finding" else None)
    if posted == "grade" and grade_form.is_valid():
        services.audit_case_grade(actor=user, case=case, grade=AuditGrade(grade_form.cleaned_data["grade"]),
                                  summary=grade_form.cleaned_data["summary"])  # fmt: skip
        messages.success(request, "Grade saved")
        return redirect("performance:audit_case", pk=case.pk)
    if posted == "finding" and finding_form.is_valid():
        services.audit_finding_add(actor=user, case=case, text=finding_form.cleaned_data["text"])
        messages.success(request, "Finding added")
        return redirect("performance:audit_case", pk=case.pk)
    audit_viewed(request, actor=user, target=case, person_id=case.person_id, summary="Viewed an audit case")
    return render(
        request,
        "performance/audit_case.html",
        {
            "page_title": f"Audit case: {case.person.full_name}",
            "case": case,
            "findings": selectors.case_findings(case),
            "grade_form": grade_form,
            "finding_form": finding_form,
            "can_act": not user.is_read_only and user.agency is not None,
        },
    )


@requires(Perm.AUDIT_CASES, personal_data=True, write=True)
def audit_action_add(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    programme = selectors.get_programme_for_user(user, pk)
    form = ActionForm(request.POST, agencies=agencies_for_user(user))
    if not form.is_valid():
        return _audit_page(request, pk, action_form=form)
    data = form.cleaned_data
    services.audit_action_add(actor=user, programme=programme, description=data["description"],
                              owner_agency=data["owner_agency"], owner_name=data["owner_name"],
                              due_on=data["due_on"])  # fmt: skip
    messages.success(request, "Action added")
    return redirect("performance:audit", pk=programme.pk)


@requires(Perm.AUDIT_CASES, write=True)
def audit_action_done(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    action = selectors.get_action_for_user(user, pk)
    services.audit_action_complete(actor=user, action=action)
    messages.success(request, "Action marked as done")
    return redirect("performance:audit", pk=action.programme_id)
