from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record, audit_viewed
from safeguard.core.exports import DOCX, download
from safeguard.core.forms import aware
from safeguard.core.listing import csv_export, filter_form, filters_refused, list_page
from safeguard.core.pages import Shows, act, form_page
from safeguard.core.paging import paginate
from safeguard.partnership.access import AuthedRequest, requires, user_of
from safeguard.partnership.models import User
from safeguard.partnership.roles import Perm
from safeguard.people.finding import FindFor, find_person_page
from safeguard.people.selectors import get_person_for_user
from safeguard.placements import selectors, services
from safeguard.placements.forms import DetailsForm, EndForm, PlacementFilterForm, PlacementForm, SentForm
from safeguard.placements.letters import notice_docx
from safeguard.placements.models import Placement, SentMethod


def _filter_form(request: HttpRequest, user: User) -> PlacementFilterForm:
    return filter_form(request, PlacementFilterForm, hosts=selectors.host_agencies_of_agency_placements(user))


@requires(Perm.RECORD_PLACEMENTS, personal_data=True)
def index(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    form = _filter_form(request, user)
    filters = form.filters()
    placements = paginate(request, selectors.placements_made_by_agency(user, filters))
    return list_page(
        request,
        "placements/index.html",
        form=form,
        found=placements,
        object_type="placements.placement",
        summary=(
            f"Viewed placements made by their agency ({len(placements.page)} of {placements.total}, "
            f"filters: {filters.described()})"
        ),
        context={
            "page_title": "Placements",
            "placements": placements,
            "overdue": selectors.outgoing_overdue_for_user(user),
        },
    )


EXPORT_HEADER = (
    "Child",
    "Date of birth",
    "Placing authority",
    "Provider",
    "Kind",
    "Legal status",
    "Distance",
    "Host authority",
    "Emergency",
    "Start",
    "End",
)


def _export_row(p: Placement) -> list[str]:
    return [
        p.person.full_name,
        p.person.date_of_birth.isoformat() if p.person.date_of_birth else "",
        p.placing_agency.name,
        p.provider,
        p.get_kind_display(),
        p.get_legal_status_display(),
        p.get_distance_display(),
        p.host_agency.name,
        "Yes" if p.emergency else "No",
        p.starts_on.isoformat(),
        p.ends_on.isoformat() if p.ends_on else "",
    ]


@requires(Perm.RECORD_PLACEMENTS, personal_data=True)
def export(request: AuthedRequest) -> HttpResponseBase:
    """The agency's placements, with the list's filters, as CSV."""
    user = user_of(request)
    form = _filter_form(request, user)
    if (back := filters_refused(request, form, "placements:index")) is not None:
        return back
    filters = form.filters()
    placements = list(selectors.placements_made_by_agency(user, filters))
    return csv_export(
        request,
        placements,
        header=EXPORT_HEADER,
        row=_export_row,
        filename="placements",
        object_type="placements.placement",
        summary=f"Exported {len(placements)} placements made by their agency as CSV (filters: {filters.described()})",
    )


@requires(Perm.RECORD_PLACEMENTS, personal_data=True)
def inbox(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    box = selectors.inbox_for_user(user)
    audit_viewed(
        request,
        actor=user,
        object_type="placements.notice",
        summary=f"Viewed incoming placement notifications ({len(box.waiting)} waiting, {len(box.overdue)} overdue)",
    )
    acknowledged, acknowledged_total = selectors.latest_acknowledged_for_user(user)
    return render(
        request,
        "placements/inbox.html",
        {
            "page_title": "Incoming notifications",
            "box": box,
            "acknowledged": acknowledged,
            "acknowledged_total": acknowledged_total,
        },
    )


@requires(Perm.RECORD_PLACEMENTS, personal_data=True)
def acknowledged(request: AuthedRequest) -> HttpResponse:
    """Every notice sent to the user's agency that it has acknowledged, paged, the latest first."""
    user = user_of(request)
    notices = paginate(request, selectors.acknowledged_for_user(user))
    notices.page.object_list = selectors.with_status(list(notices.page.object_list))
    audit_viewed(
        request,
        actor=user,
        object_type="placements.notice",
        summary=f"Viewed acknowledged placement notifications ({len(notices.page)} of {notices.total})",
    )
    return render(
        request, "placements/acknowledged.html", {"page_title": "Acknowledged notifications", "notices": notices}
    )


@requires(Perm.RECORD_PLACEMENTS, personal_data=True, search=True)
def find_child(request: AuthedRequest) -> HttpResponse:
    return find_person_page(
        request,
        FindFor(
            caption="Record a placement",
            purpose="for a child to record a placement",
            action_url="placements:record",
            action_label="Record placement",
            back_url="placements:index",
            back_label="Placements",
        ),
    )


@requires(Perm.RECORD_PLACEMENTS, personal_data=True)
def record(request: AuthedRequest, person_pk: int) -> HttpResponse:
    user = user_of(request)
    person = get_person_for_user(user, person_pk)
    form = PlacementForm(
        request.POST or None,
        placing=selectors.placing_authorities_for_user(user),
        hosts=selectors.host_authorities(),
        by_home=bool(user.agency and user.agency.kind == "childrens_home"),
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        home = user.agency if user.agency and user.agency.kind == "childrens_home" else None
        placement = services.placement_record(actor=user, person=person, data=form.placement_input(home))
        messages.success(request, "Placement recorded")
        return redirect("placements:detail", pk=placement.pk)

    return form_page(
        request,
        form,
        save=save,
        shows=Shows(person, person.pk, "the form to record a placement"),
        title="Record a placement",
        caption=person.full_name,
        submit_label="Record placement",
        back_url=reverse("placements:find"),
        back_label="Find the child",
    )


@requires(Perm.RECORD_PLACEMENTS, personal_data=True)
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    placement = selectors.get_placement_for_user(user, pk)
    audit_viewed(request, actor=user, target=placement, person_id=placement.person_id, summary="Viewed a placement")
    sees_care_details = selectors.sees_care_details(user.agency_id, placement)
    notices = selectors.with_status(list(selectors.notices_of_placement_for_user(user, placement)))
    return render(
        request,
        "placements/detail.html",
        {
            "page_title": f"Placement: {placement.person.full_name}",
            "placement": placement,
            "notices": notices,
            "is_placer": selectors.keeps_placement(user.agency_id, placement),
            "sees_care_details": sees_care_details,
            "agency_id": user.agency_id,
        },
    )


@requires(Perm.RECORD_PLACEMENTS, personal_data=True)
def end(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    placement = selectors.get_placement_for_user(user, pk)
    form = EndForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        if not selectors.keeps_placement(user.agency_id, placement):
            raise services.PlacementProblem("Only the placing authority or the home can record the end")
        services.placement_end(
            actor=user,
            placement=placement,
            ends_on=form.cleaned_data["ends_on"],
            planned=form.cleaned_data["planned"],
        )
        messages.success(request, "End of placement recorded")
        return redirect("placements:detail", pk=placement.pk)

    return form_page(
        request,
        form,
        save=save,
        shows=Shows(placement, placement.person_id, "the form to end a placement"),
        title="Record the end of the placement",
        caption=placement.person.full_name,
        submit_label="Record end",
        back_url=reverse("placements:detail", args=[placement.pk]),
        back_label="Back to the placement",
    )


@requires(Perm.RECORD_PLACEMENTS, personal_data=True)
def details(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    placement = selectors.get_placement_for_user(user, pk)
    if not selectors.keeps_placement(user.agency_id, placement):
        # An ICB or the police told of the placement do not see the child's GP, school or IRO.
        raise Http404("Only the placing authority or the children's home keeps these details")
    initial = {name: getattr(placement, name) for name in ("iro_name", "iro_contact", "gp_practice", "school")}
    initial["has_ehc_plan"] = "" if placement.has_ehc_plan is None else ("yes" if placement.has_ehc_plan else "no")
    form = DetailsForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.placement_details_update(actor=user, placement=placement, **form.cleaned_data)
        messages.success(request, "Details saved; the notices owed have been brought up to date")
        return redirect("placements:detail", pk=placement.pk)

    return form_page(
        request,
        form,
        save=save,
        shows=Shows(placement, placement.person_id, "the placement's GP, school and IRO"),
        title="The child's GP, school and IRO",
        caption=placement.person.full_name,
        intro="Naming a GP or school adds the notice owed to them; removing one withdraws a notice not yet sent.",
        submit_label="Save details",
        back_url=reverse("placements:detail", args=[placement.pk]),
        back_label="Back to the placement",
    )


@requires(Perm.RECORD_PLACEMENTS, personal_data=True, write=True)
def notice_send(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    notice = selectors.get_notice_for_user(user, pk)
    return act(
        request,
        lambda: services.notice_send(actor=user, notice=notice),
        done=f"Marked as sent to {notice.addressee}",
        redirect_to=reverse("placements:detail", args=[notice.placement_id]),
    )


@requires(Perm.RECORD_PLACEMENTS, personal_data=True)
def notice_record_sent(request: AuthedRequest, pk: int) -> HttpResponse:
    """For recipients outside Safeguard: say how and when the written notice went."""
    user = user_of(request)
    notice = selectors.get_notice_for_user(user, pk)
    form = SentForm(request.POST if request.method == "POST" else None, initial={"sent_on": timezone.localdate()})

    def save(data: dict[str, Any]) -> HttpResponse:
        sent_on = form.cleaned_data["sent_on"]
        sent_at = timezone.now() if sent_on == timezone.localdate() else aware(sent_on, dt.time(12))
        services.notice_send(actor=user, notice=notice, sent_at=sent_at, method=SentMethod(form.cleaned_data["method"]))
        messages.success(request, f"Recorded as sent to {notice.addressee}")
        return redirect("placements:detail", pk=notice.placement_id)

    return form_page(
        request,
        form,
        save=save,
        shows=Shows(notice, notice.placement.person_id, "the form to record a notice as sent"),
        title="Record that the notice was sent",
        caption=f"{notice.get_kind_display()} to {notice.addressee}",
        submit_label="Record as sent",
        back_url=reverse("placements:detail", args=[notice.placement_id]),
        back_label="Back to the placement",
    )


@requires(Perm.RECORD_PLACEMENTS, personal_data=True)
def notice_letter(request: AuthedRequest, pk: int) -> HttpResponseBase:
    user = user_of(request)
    notice = selectors.get_notice_for_user(user, pk)
    content = notice_docx(notice, care_details=selectors.letter_shows_care_details(user.agency_id, notice))
    audit_record(
        actor=user,
        action=Action.EXPORT,
        target=notice,
        person_id=notice.placement.person_id,
        summary=f"Downloaded the {notice.get_kind_display().lower()} letter to {notice.addressee}",
        request=request,
    )
    return download(content, filename=f"notice-{notice.pk}-{notice.kind}-{notice.recipient}.docx", content_type=DOCX)


@requires(Perm.RECORD_PLACEMENTS, personal_data=True, write=True)
def notice_acknowledge(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    notice = selectors.get_notice_for_user(user, pk)
    return act(
        request,
        lambda: services.notice_acknowledge(actor=user, notice=notice),
        done="Notification acknowledged",
        redirect_to=reverse("placements:inbox"),
    )
