from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse

from safeguard.core.exports import DOCX, download
from safeguard.core.pages import act, form_page, form_status, submitted
from safeguard.partnership.access import AuthedRequest, public, requires, user_of
from safeguard.partnership.models import User
from safeguard.partnership.roles import Perm
from safeguard.partnership.selectors import get_partnership_by_slug
from safeguard.yearly_report import selectors, services
from safeguard.yearly_report.forms import DraftForm, SectionForm
from safeguard.yearly_report.word import report_docx


@requires(Perm.MANAGE_GOVERNANCE)
def index(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    form = DraftForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        assert user.agency is not None
        report = services.report_draft(
            actor=user,
            partnership=user.agency.partnership,
            period_start=form.cleaned_data["period_start"],
            period_end=form.cleaned_data["period_end"],
        )
        messages.success(request, "Report drafted from Safeguard's figures: now edit each section")
        return redirect("yearly_report:edit", pk=report.pk)

    done = submitted(request, form, save)
    if done is not None:
        return done
    return render(
        request,
        "yearly_report/index.html",
        {"page_title": "Yearly report", "reports": selectors.reports_for_manager(user), "form": form},
        status=form_status(form),
    )


@requires(Perm.MANAGE_GOVERNANCE)
def edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    report = selectors.get_report_for_manager(user, pk)
    return render(
        request,
        "yearly_report/edit.html",
        {"page_title": str(report), "report": report, "sections": report.sections.all()},
    )


@requires(Perm.MANAGE_GOVERNANCE)
def section_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    section = selectors.get_section_for_manager(user, pk)
    form = SectionForm(request.POST or None, initial={"heading": section.heading, "body": section.body})

    def save(data: dict[str, Any]) -> HttpResponse:
        services.section_update(
            actor=user, section=section, heading=form.cleaned_data["heading"], body=form.cleaned_data["body"]
        )
        messages.success(request, "Section saved")
        return redirect("yearly_report:edit", pk=section.report_id)

    return form_page(
        request,
        form,
        save=save,
        title=f"Edit: {section.heading}",
        caption=str(section.report),
        back_url=reverse("yearly_report:edit", args=[section.report_id]),
        cancel=True,
        before_form="yearly_report/_figures.html",
        context={"figures": section.figures},
    )


@requires(Perm.MANAGE_GOVERNANCE, write=True)
def publish(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    report = selectors.get_report_for_manager(user, pk)
    return act(
        request,
        lambda: services.report_publish(actor=user, report=report),
        done="Report published",
        redirect_to=reverse("yearly_report:public_report", args=[report.partnership.slug, report.pk]),
        refused_to=reverse("yearly_report:edit", args=[report.pk]),
    )


def _visitor(request: HttpRequest) -> User | None:
    return cast(User, request.user) if request.user.is_authenticated else None


@public
def archive(request: HttpRequest, partnership: str) -> HttpResponse:
    found = get_partnership_by_slug(partnership)
    return render(
        request,
        "yearly_report/public/archive.html",
        {"page_title": "Yearly reports", "partnership": found, "reports": selectors.published_reports(found)},
    )


@public
def public_report(request: HttpRequest, partnership: str, pk: int) -> HttpResponse:
    found = get_partnership_by_slug(partnership)
    report = selectors.get_public_report(_visitor(request), partnership=found, pk=pk)
    return render(
        request,
        "yearly_report/public/report.html",
        {"page_title": str(report), "report": report, "sections": report.sections.all()},
    )


@public
def report_word(request: HttpRequest, partnership: str, pk: int) -> HttpResponseBase:
    found = get_partnership_by_slug(partnership)
    report = selectors.get_public_report(_visitor(request), partnership=found, pk=pk)
    return download(
        report_docx(report), filename=f"yearly-report-{found.slug}-{report.period_end:%Y}.docx", content_type=DOCX
    )
