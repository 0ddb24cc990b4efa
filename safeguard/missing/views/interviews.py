"""Pages for return home interviews: the worklist, the record, who offers it, and what is shared with police."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from safeguard.audit.services import audit_viewed
from safeguard.core.listing import list_page
from safeguard.core.pages import Shows, form_page, submitted
from safeguard.core.paging import paginate
from safeguard.missing import selectors, services
from safeguard.missing.forms import (
    PoliceShareForm,
    ProviderForm,
    RhiForm,
)
from safeguard.missing.models import ExploitationIndicator, RhiOutcome
from safeguard.partnership.access import AuthedRequest, requires, user_of
from safeguard.partnership.roles import Perm
from safeguard.sharing.models import Consent


@requires(Perm.RECORD_EPISODES, personal_data=True)
def worklist(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    work = selectors.rhi_worklist(user)
    audit_viewed(
        request,
        actor=user,
        object_type="missing.returninterview",
        summary=f"Viewed the return home interview worklist ({work.total} open)",
    )
    return render(request, "missing/worklist.html", {"page_title": "Return home interviews", "work": work})


def _rhi_initial(rhi: Any) -> dict[str, Any]:
    def split(value: Any) -> tuple[Any, str]:
        if value is None:
            return None, ""
        local = timezone.localtime(value)
        return local.date(), local.strftime("%H:%M")

    offered_date, offered_time = split(rhi.offered_at)
    completed_date, completed_time = split(rhi.completed_at)
    return {
        "offered_at_date": offered_date,
        "offered_at_time": offered_time,
        "offered_by": rhi.offered_by,
        "outcome": rhi.outcome,
        "outcome_reason": rhi.outcome_reason,
        "completed_at_date": completed_date,
        "completed_at_time": completed_time,
        "completed_by": rhi.completed_by,
        "independent": {True: "yes", False: "no"}.get(rhi.independent, ""),
        "push_factors": rhi.push_factors,
        "pull_factors": rhi.pull_factors,
        "exploitation_indicators": rhi.exploitation_indicators,
        "shared_with_police": rhi.shared_with_police,
        "shared_with_others": rhi.shared_with_others,
    }


@requires(Perm.RECORD_EPISODES, personal_data=True)
def rhi(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    ep, interview = selectors.get_interview_for_user(user, pk)
    if not selectors.handles_interview(user, interview):
        # Police or a school told of the episode see the interview on it; the form is the provider's alone.
        raise Http404("Only the provider or the agency that recorded the episode records the interview")
    form = RhiForm(request.POST or None, initial=_rhi_initial(interview))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = services.RhiDetails(
            offered_at=data["offered_at"],
            offered_by=data["offered_by"],
            outcome=RhiOutcome(data["outcome"]) if data["outcome"] else None,
            outcome_reason=data["outcome_reason"],
            completed_at=data["completed_at"],
            completed_by=data["completed_by"],
            independent=data["independent"],
            push_factors=data["push_factors"],
            pull_factors=data["pull_factors"],
            exploitation_indicators=tuple(ExploitationIndicator(c) for c in data["exploitation_indicators"]),
            shared_with_police=data["shared_with_police"],
            shared_with_others=data["shared_with_others"],
        )
        problems = services.rhi_problems(interview, details)
        anchors = {"offered_at": "offered_at_time", "completed_at": "completed_at_time"}
        for field, message in problems:
            form.add_error(anchors.get(field, field), message)
        # Saved only when the form has no problems; a Refused: the interview moved to another provider since.
        saved = submitted(request, form, lambda _: services.rhi_record(actor=user, rhi=interview, details=details))
        if saved is not None:
            messages.success(request, "Return home interview saved")
            return redirect("missing:episode", pk=ep.pk)
    return form_page(
        request,
        form,
        shows=Shows(interview, ep.person_id, "the return home interview record"),
        title="Return home interview",
        caption=ep.person.full_name,
        before_form="missing/_form_clock.html",
        context={"clock": selectors.rhi_clock(ep)},
        back_url=reverse("missing:episode", args=[ep.pk]),
        back_label="Back to the episode",
        submit_label="Save interview",
    )


@requires(Perm.RECORD_EPISODES, personal_data=True)
def rhi_provider(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    ep, interview = selectors.get_interview_for_user(user, pk)
    form = ProviderForm(
        request.POST or None,
        providers=selectors.other_trusted_workers(ep.partnership_id, than=interview.provider_id),
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        services.rhi_reassign(
            actor=user, rhi=interview, provider=form.cleaned_data["provider"], reason=form.cleaned_data["reason"]
        )
        messages.success(request, f"The return home interview is now with {form.cleaned_data['provider'].name}")
        return redirect("missing:episode", pk=ep.pk)

    return form_page(
        request,
        form,
        save=save,
        shows=Shows(interview, ep.person_id, "the form to change who offers the return home interview"),
        title="Change who offers the return home interview",
        caption=ep.person.full_name,
        intro=f"At present: {interview.provider.name}. The new provider is emailed and the 72-hour deadline stays.",
        before_form="missing/_form_clock.html",
        context={"clock": selectors.rhi_clock(ep)},
        back_url=reverse("missing:episode", args=[ep.pk]),
        back_label="Back to the episode",
        submit_label="Change provider",
    )


@requires(Perm.RECORD_EPISODES, personal_data=True)
def share(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    ep, interview = selectors.get_interview_for_user(user, pk)
    form = PoliceShareForm(request.POST or None, initial={"information": interview.shared_with_police})

    def save(data: dict[str, Any]) -> HttpResponse:
        services.rhi_share_with_police(
            actor=user,
            rhi=interview,
            information=form.cleaned_data["information"],
            reason=form.cleaned_data["reason"],
            consent=Consent(form.cleaned_data["consent"]),
            no_consent_reason=form.cleaned_data["no_consent_reason"],
        )
        messages.success(request, "Passed to police: they can now see what you shared")
        return redirect("missing:episode", pk=ep.pk)

    return form_page(
        request,
        form,
        save=save,
        shows=Shows(interview, ep.person_id, "the form to pass interview information to police"),
        title="Pass information to police",
        caption=ep.person.full_name,
        intro="Police will see what you enter here, who shared it and why, and not the rest of the interview. "
        "Share what is necessary and proportionate: this is recorded as an information-sharing decision.",
        back_url=reverse("missing:episode", args=[ep.pk]),
        back_label="Back to the episode",
        submit_label="Share with police",
    )


@requires(Perm.VIEW_EPISODES, personal_data=True)
def shared(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    shares = paginate(request, selectors.police_shares_for_user(user))
    return list_page(
        request,
        "missing/shared.html",
        found=shares,
        object_type="missing.policeshare",
        summary=f"Viewed return home interview information shared with police ({len(shares.page)} of {shares.total})",
        context={
            "page_title": "Shared with police",
            "shares": shares,
            "is_police": bool(user.agency and user.agency.is_police),
        },
    )


@requires(Perm.VIEW_EPISODES, personal_data=True)
def shared_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    item = selectors.get_police_share_for_user(user, pk)
    audit_viewed(
        request,
        actor=user,
        target=item,
        person_id=item.person_id,
        summary="Viewed return home interview information shared with police",
    )
    return render(request, "missing/shared_detail.html", {"page_title": "Shared with police", "share": item})
