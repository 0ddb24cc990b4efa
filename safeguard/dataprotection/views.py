from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from safeguard.audit.services import audit_viewed
from safeguard.core.exports import DOCX, download
from safeguard.core.pages import Shows, form_page
from safeguard.core.paging import paginate
from safeguard.dataprotection import ropa, selectors, services
from safeguard.dataprotection.forms import (
    AnsweredForm,
    ExemptionForm,
    ExtendForm,
    PrivacyNoticeForm,
    RequestOpenForm,
    RetentionRuleForm,
)
from safeguard.dataprotection.models import Disposal, Exemption, SubjectAccessRequest, Trigger
from safeguard.dataprotection.retention import retention_report
from safeguard.partnership.access import AuthedRequest, public, requires, user_of
from safeguard.partnership.models import Partnership
from safeguard.partnership.roles import Perm
from safeguard.partnership.selectors import get_partnership_by_slug
from safeguard.people.finding import FindFor, find_person_page
from safeguard.people.forms import PersonEditForm
from safeguard.people.models import Sex
from safeguard.people.selectors import get_person_for_user


def _request_page(sar: SubjectAccessRequest, title: str) -> dict[str, Any]:
    return {
        "title": title,
        "caption": f"Subject access request {sar.pk}",
        "back_url": reverse("dataprotection:detail", args=[sar.pk]),
        "shows": Shows(target=sar, person_id=sar.person_id, what=f"subject access request {sar.pk}"),
    }


def _done(request: HttpRequest, sar: SubjectAccessRequest, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("dataprotection:detail", pk=sar.pk)


# --- subject access -------------------------------------------------------------------------------------


@requires(Perm.MANAGE_DATA_PROTECTION, personal_data=True)
def index(request: AuthedRequest) -> HttpResponse:
    """Subject access requests, open ones first by deadline: each person listed is a view."""
    user = user_of(request)
    sars = paginate(request, selectors.requests_by_deadline(user))
    for sar in sars:
        audit_viewed(
            request, actor=user, target=sar, person_id=sar.person_id, summary=f"Listed subject access request {sar.pk}"
        )
    return render(request, "dataprotection/index.html", {"page_title": "Subject access requests", "sars": sars})


@requires(Perm.MANAGE_DATA_PROTECTION, personal_data=True, search=True)
def find_person(request: AuthedRequest) -> HttpResponse:
    return find_person_page(
        request,
        FindFor(
            caption="Record a subject access request",
            heading="Find the person",
            purpose="for a person to record a subject access request",
            action_url="dataprotection:new",
            action_label="Record a subject access request",
            back_url="dataprotection:index",
            back_label="Data protection",
            nobody="No one in the index matches.",
        ),
    )


@requires(Perm.MANAGE_DATA_PROTECTION, personal_data=True)
def request_new(request: AuthedRequest, person_pk: int) -> HttpResponse:
    user = user_of(request)
    person = get_person_for_user(user, person_pk)
    form = RequestOpenForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        assert user.agency is not None
        sar = services.request_open(
            actor=user,
            partnership=user.agency.partnership,
            person=person,
            requested_by=data["requested_by"],
            received_on=data["received_on"],
        )
        return _done(request, sar, f"Request recorded: due {sar.due_on:%-d %B %Y}")

    return form_page(
        request,
        form,
        save=save,
        cancel=True,
        title="Record a subject access request",
        caption=person.full_name,
        intro="The answer is due one calendar month after the request was received.",
        back_url=reverse("dataprotection:find"),
        shows=Shows(target=person, person_id=person.pk, what="the subject access request form"),
    )


@requires(Perm.MANAGE_DATA_PROTECTION, personal_data=True)
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    sar = selectors.get_request_for_user(user, pk)
    audit_viewed(
        request, actor=user, target=sar, person_id=sar.person_id, summary=f"Viewed subject access request {sar.pk}"
    )
    return render(
        request,
        "dataprotection/detail.html",
        {
            "page_title": f"Subject access request {sar.pk}",
            "sar": sar,
            "exemptions": sar.exemptions.all(),
            "read_only": user.is_read_only,
        },
    )


@requires(Perm.MANAGE_DATA_PROTECTION, personal_data=True)
def extend(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    sar = selectors.get_request_for_user(user, pk)
    form = ExtendForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.request_extend(actor=user, request=sar, reason=data["reason"])
        return _done(request, sar, f"Extended to {sar.extended_to:%-d %B %Y}: tell the requester why")

    return form_page(request, form, save=save, cancel=True, **_request_page(sar, "Extend the deadline by two months"))


@requires(Perm.MANAGE_DATA_PROTECTION, personal_data=True)
def exemption_add(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    sar = selectors.get_request_for_user(user, pk)
    form = ExemptionForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.exemption_apply(
            actor=user,
            request=sar,
            exemption=Exemption(data["exemption"]),
            other=data["other"],
            applies_to=data["applies_to"],
            reason=data["reason"],
        )
        return _done(request, sar, "Exemption recorded: the bundle lists it")

    return form_page(request, form, save=save, cancel=True, **_request_page(sar, "Apply an exemption"))


@requires(Perm.MANAGE_DATA_PROTECTION, personal_data=True)
def answered(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    sar = selectors.get_request_for_user(user, pk)
    form = AnsweredForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.request_answer(actor=user, request=sar, answered_on=data["answered_on"])
        return _done(request, sar, "Request answered")

    return form_page(
        request, form, save=save, cancel=True, **_request_page(sar, "Record that the request was answered")
    )


@requires(Perm.MANAGE_DATA_PROTECTION, personal_data=True, write=True)
def bundle(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """The ZIP download; producing it is audited as an export in the same transaction."""
    user = user_of(request)
    sar = selectors.get_request_for_user(user, pk)
    content = services.bundle_export(actor=user, request=sar, http_request=request)
    return download(content, filename=f"subject-access-{sar.pk}.zip", content_type="application/zip")


# --- rectification --------------------------------------------------------------------------------------


@requires(Perm.MANAGE_DATA_PROTECTION, personal_data=True)
def correct(request: AuthedRequest, person_pk: int) -> HttpResponse:
    """Article 16: correct a person's details, keeping each old value with who, when and why."""
    user = user_of(request)
    person = get_person_for_user(user, person_pk)
    initial = {
        "given_name": person.given_name,
        "middle_names": person.middle_names,
        "family_name": person.family_name,
        "known_as": person.known_as,
        "date_of_birth": person.date_of_birth,
        "sex": person.sex,
    }
    form = PersonEditForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> HttpResponse:
        changed = services.person_correct(
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
        messages.success(request, f"Corrected {len(changed)} detail{'s' if len(changed) != 1 else ''}")
        return redirect("dataprotection:correct", person_pk=person.pk)

    return form_page(
        request,
        form,
        save=save,
        cancel=True,
        title="Correct a person's details",
        caption=person.full_name,
        intro="Each value you change is kept in the history below with who changed it, when and why.",
        back_url=reverse("people:detail", args=[person.pk]),
        before_form="dataprotection/_corrections.html",
        context={"corrections": selectors.corrections_for(person)},
        shows=Shows(target=person, person_id=person.pk, what="the correction form and history"),
    )


# --- retention ------------------------------------------------------------------------------------------


@requires(Perm.MANAGE_DATA_PROTECTION)
def retention(request: AuthedRequest) -> HttpResponse:
    """The schedule and the dry run: what the job would dispose of today, by kind, and what is held."""
    return render(
        request,
        "dataprotection/retention.html",
        {
            "page_title": "Retention schedule",
            "reports": retention_report(partnership=_partnership(request), today=timezone.localdate()),
        },
    )


def _partnership(request: HttpRequest) -> Partnership:
    agency = user_of(request).agency
    assert agency is not None  # requires() lets no one without an agency through
    return agency.partnership


@requires(Perm.MANAGE_DATA_PROTECTION)
def retention_edit(request: AuthedRequest) -> HttpResponse:
    """Change one kind's rule, named by ``?kind=``: the user's own partnership's schedule only."""
    user = user_of(request)
    partnership = _partnership(request)
    rule = selectors.rule_for(partnership, request.GET.get("kind", ""))
    initial = {"years": rule.years, "days": rule.days, "trigger": rule.trigger, "disposal": rule.disposal}
    form = RetentionRuleForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.retention_rule_change(
            actor=user,
            partnership=partnership,
            rule=rule,
            years=data["years"],
            days=data["days"],
            trigger=Trigger(data["trigger"]),
            disposal=Disposal(data["disposal"]),
            reason=data["reason"],
        )
        messages.success(request, f"Retention for {rule} changed")
        return redirect("dataprotection:retention")

    return form_page(
        request,
        form,
        save=save,
        cancel=True,
        title=f"Change how long to keep: {rule}",
        back_url=reverse("dataprotection:retention"),
    )


@requires(Perm.MANAGE_DATA_PROTECTION)
def processing_record(request: AuthedRequest) -> HttpResponseBase:
    """Article 30 record of processing activities, generated from the schedule and the declared table."""
    return download(
        ropa.as_docx(_partnership(request)), filename="record-of-processing-activities.docx", content_type=DOCX
    )


# --- privacy notice -------------------------------------------------------------------------------------


@requires(Perm.MANAGE_DATA_PROTECTION)
def privacy_edit(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    assert user.agency is not None
    partnership = user.agency.partnership
    notice = selectors.privacy_notice(partnership)
    form = PrivacyNoticeForm(request.POST or None, initial={"body": notice.body if notice else ""})

    def save(data: dict[str, Any]) -> HttpResponse:
        services.privacy_notice_save(actor=user, partnership=partnership, body=data["body"])
        messages.success(request, "Privacy notice published")
        return redirect("dataprotection:privacy", slug=partnership.slug)

    return form_page(
        request,
        form,
        save=save,
        cancel=True,
        title="Edit the privacy notice",
        caption=partnership.name,
        back_url=reverse("dataprotection:privacy", args=[partnership.slug]),
    )


@public
def privacy(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_by_slug(slug)
    notice = selectors.privacy_notice(partnership)
    if notice is None:
        raise Http404("This partnership has not published a privacy notice")
    return render(
        request,
        "dataprotection/privacy.html",
        {
            "page_title": f"Privacy notice: {partnership.name}",
            "partnership": partnership,
            "paragraphs": [p.strip() for p in notice.body.split("\n\n") if p.strip()],
            "notice": notice,
        },
    )
