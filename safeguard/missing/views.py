from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.files.storage import default_storage
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.core.charts import Bar, column_chart
from safeguard.core.exports import csv_download
from safeguard.core.pages import Shows, form_page, recall_search, remember_search, search_data
from safeguard.core.paging import filters_querystring, paginate
from safeguard.missing import selectors, services
from safeguard.missing.forms import (
    AppliedFromForm,
    EpisodeFilterForm,
    EpisodeForm,
    ExportForm,
    LocationForm,
    PhotoForm,
    PoliceShareForm,
    ProfileFilterForm,
    ProfileForm,
    ProviderForm,
    RecategoriseForm,
    RegradeForm,
    ReopenForm,
    ResolvePushForm,
    ReturnForm,
    RhiForm,
    now_initial,
)
from safeguard.missing.models import Category, Episode, ExploitationIndicator, LocationRisk, RhiOutcome, RiskGrade
from safeguard.missing.photos import PhotoRejected
from safeguard.partnership.access import requires, user_of
from safeguard.partnership.models import User
from safeguard.partnership.roles import Perm
from safeguard.partnership.selectors import default_rhi_provider, trusted_workers
from safeguard.people.forms import FindChildForm, PersonForm
from safeguard.people.models import IdentifierKind, PersonKind, Sex
from safeguard.people.selectors import age_in_years, get_person_for_user
from safeguard.people.services import person_create, person_search_recorded
from safeguard.sharing.models import Consent


def _audit_view(user: User, request: HttpRequest, target: Any, person_id: int, summary: str) -> None:
    audit_record(actor=user, action=Action.VIEW, target=target, person_id=person_id, summary=summary, request=request)


@requires(Perm.VIEW_EPISODES, personal_data=True)
def index(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    episodes = selectors.episodes_for_user(user)
    missing_now = selectors.with_clocks(episodes.filter(ended_at__isnull=True))
    returned = paginate(request, episodes.filter(ended_at__isnull=False), per_page=25)
    recent = selectors.with_clocks(returned.page)
    audit_record(
        actor=user,
        action=Action.VIEW,
        object_type="missing.episode",
        summary=(
            f"Viewed the list of missing episodes ({len(missing_now)} open, "
            f"returns {returned.page.start_index()} to {returned.page.end_index()} of {returned.total})"
        ),
        request=request,
    )
    months = selectors.episodes_by_month(user)
    return render(
        request,
        "missing/index.html",
        {
            "page_title": "Missing children",
            "missing_now": missing_now,
            "recent": recent,
            "returned": returned,
            "repeat": selectors.repeat_missing_for_user(user),
            "repeat_rule": selectors.repeat_rule(),
            "can_record": user.can(Perm.RECORD_EPISODES),
            "is_police": bool(user.agency and user.agency.is_police),
            "months": months,
            "chart": column_chart(
                "Episodes started each month, last six months; the figures are in the table below",
                [Bar(label, count) for label, count in months],
            ),
            "held_count": selectors.held_pushes_for_user(user).count(),
        },
    )


@requires(Perm.RECORD_EPISODES, personal_data=True)
def worklist(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    work = selectors.rhi_worklist(user)
    audit_record(
        actor=user,
        action=Action.VIEW,
        object_type="missing.returninterview",
        summary=f"Viewed the return home interview worklist ({work.total} open)",
        request=request,
    )
    return render(request, "missing/worklist.html", {"page_title": "Return home interviews", "work": work})


@requires(Perm.RECORD_EPISODES, personal_data=True, search=True)
def find_child(request: HttpRequest) -> HttpResponse:
    """Step one of recording an episode: search the index first so no child is added twice."""
    user = user_of(request)
    form = FindChildForm(search_data(request))
    results = None
    searched = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        # "Add the child" carries an id for these terms, not the name and date of birth themselves.
        searched = remember_search(request, data)
        results = person_search_recorded(
            request,
            actor=user,
            name=data["name"],
            date_of_birth=data["date_of_birth"],
            purpose="for a child to record a missing episode",
        )
    return render(
        request,
        "missing/find_child.html",
        {
            "page_title": "Record a missing episode",
            "form": form,
            "results": results,
            "searched": searched,
            "can_trace": user.can(Perm.TRACE_PERSON),
        },
    )


def _searched_for(data: dict[str, Any]) -> dict[str, Any]:
    """The name and date of birth just searched for, so the person adding the child does not type them again.

    ``data`` is the search kept in the session (``recall_search``): the terms never travel in the URL.
    """
    words = str(data.get("name") or "").split()
    initial: dict[str, Any] = {}
    if words:
        initial["given_name"] = words[0]
    if len(words) > 1:
        initial["family_name"] = " ".join(words[1:])
    if data.get("date_of_birth"):
        initial["date_of_birth"] = data["date_of_birth"]
    return initial


@requires(Perm.RECORD_EPISODES, personal_data=True)
def add_child(request: HttpRequest) -> HttpResponse:
    """Step two, only after a search found no one: add the child to the index."""
    user = user_of(request)
    terms = recall_search(request, request.GET.get("searched", ""))
    if request.method != "POST" and terms is None:
        messages.info(request, "Search for the child first: add them only if they are not already known.")
        return redirect("missing:find")
    form = PersonForm(request.POST or None, initial=_searched_for(terms or {}))
    if request.method == "POST" and form.is_valid():
        assert user.agency is not None
        data = form.cleaned_data
        identifiers = [(IdentifierKind.NHS_NUMBER, data["nhs_number"])] if data["nhs_number"] else []
        if data["upn"]:
            identifiers.append((IdentifierKind.UPN, data["upn"]))
        person = person_create(
            actor=user,
            partnership=user.agency.partnership,
            agency=user.agency,
            given_name=data["given_name"],
            family_name=data["family_name"],
            middle_names=data["middle_names"],
            known_as=data["known_as"],
            date_of_birth=data["date_of_birth"],
            sex=Sex(data["sex"]),
            kind=PersonKind(data["kind"]),
            identifiers=identifiers,
            address={"line1": data["address_line"], "postcode": data["postcode"]},
            reason="Not found when recording a missing episode",
        )
        messages.success(request, f"Added {person.full_name}")
        return redirect("missing:record", person_pk=person.pk)
    return render(request, "missing/add_child.html", {"page_title": "Add the child", "form": form})


@requires(Perm.RECORD_EPISODES, personal_data=True)
def record(request: HttpRequest, person_pk: int) -> HttpResponse:
    user = user_of(request)
    person = get_person_for_user(user, person_pk)
    form = EpisodeForm(
        request.POST or None,
        initial=now_initial("started_at", "reported_at"),
        authorities=selectors.responsible_authorities(),
    )
    if request.method == "POST" and form.is_valid():
        assert user.agency is not None
        try:
            episode = services.episode_record(
                actor=user, agency=user.agency, person=person, data=form.episode_input(), request=request
            )
        except services.EpisodeProblem as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Episode recorded")
            return redirect("missing:episode", pk=episode.pk)
    return form_page(
        request,
        form,
        shows=Shows(person, person.pk, "the form to record a missing episode"),
        title="Record a missing episode",
        caption=person.full_name,
        back_url=reverse("missing:find"),
        back_label="Find the child",
        submit_label="Record episode",
    )


def _shares_shown(user: User, rhi: Any) -> Any:
    """What was passed to police: police see what reached their agency; the interview's keepers see it all."""
    if rhi is None:
        return []
    shares = rhi.police_shares.select_related("police_agency", "shared_by")
    if user.agency is not None and user.agency.is_police:
        return shares.filter(police_agency_id=user.agency_id)
    return shares if selectors.sees_interview_detail(user, rhi) else []


@requires(Perm.VIEW_EPISODES, personal_data=True)
def episode(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    ep = selectors.get_episode_for_user(user, pk)
    _audit_view(user, request, ep, ep.person_id, "Viewed a missing episode")
    rhi = getattr(ep, "rhi", None)
    return render(
        request,
        "missing/episode.html",
        {
            "page_title": f"Missing episode: {ep.person.full_name}",
            "episode": ep,
            "clock": selectors.rhi_clock(ep),
            "rhi": rhi,
            "grades": ep.grade_changes.all(),
            "categories": ep.category_changes.all(),
            "shares": _shares_shown(user, rhi),
            "repeat": selectors.is_repeat_missing(ep.person),
            "repeat_rule": selectors.repeat_rule(),
            "can_record": user.can(Perm.RECORD_EPISODES),
            # Only then does the interview's list have a Change link, so only then do its other rows need padding.
            "rhi_changeable": bool(rhi and selectors.handles_interview(user, rhi) and not rhi.is_closed),
            "handles_rhi": bool(rhi and selectors.handles_interview(user, rhi)),
            "has_profile": selectors.profile_of(ep.person) is not None,
            "may_record_return": user.can(Perm.RECORD_EPISODES) and selectors.may_record_return(user.agency, ep),
            "may_regrade": user.can(Perm.RECORD_EPISODES) and bool(user.agency and user.agency.is_police),
            "sees_rhi_detail": bool(rhi and selectors.sees_interview_detail(user, rhi)),
            # The decision is the recording agency's record: only its staff open it.
            "decision_visible": bool(
                ep.police_decision_id and user.agency_id == ep.recording_agency_id and user.can(Perm.RECORD_SHARING)
            ),
        },
    )


@requires(Perm.RECORD_EPISODES, personal_data=True)
def episode_return(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    ep = selectors.get_episode_for_user(user, pk)
    if not selectors.may_record_return(user.agency, ep):
        raise Http404(services.RETURN_WHO)
    if ep.ended_at is not None:
        messages.info(request, "The return has already been recorded")
        return redirect("missing:episode", pk=ep.pk)
    default = default_rhi_provider(ep.partnership_id)
    form = ReturnForm(
        request.POST or None,
        providers=trusted_workers(ep.partnership_id),
        initial={"rhi_provider": default.pk if default else None, **now_initial("ended_at")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.episode_return(
                actor=user,
                episode=ep,
                ended_at=data["ended_at"],
                found_place=data["found_place"],
                found_how=data["found_how"],
                rhi_provider=data["rhi_provider"],
            )
        except services.EpisodeProblem as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Return recorded: the return home interview is now due")
            return redirect("missing:episode", pk=ep.pk)
    return form_page(
        request,
        form,
        shows=Shows(ep, ep.person_id, "the form to record the return"),
        title="Record the return",
        caption=ep.person.full_name,
        intro="The return home interview will be due 72 hours after this time.",
        back_url=reverse("missing:episode", args=[ep.pk]),
        back_label="Back to the episode",
        submit_label="Record return",
    )


@requires(Perm.RECORD_EPISODES, personal_data=True)
def episode_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a return recorded in error: the episode is open again and police see the profile again."""
    user = user_of(request)
    ep = selectors.get_episode_for_user(user, pk)
    if not selectors.may_record_return(user.agency, ep):
        raise Http404(services.RETURN_WHO)
    if ep.ended_at is None:
        messages.info(request, "The child is already recorded as missing")
        return redirect("missing:episode", pk=ep.pk)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.episode_reopen(actor=user, episode=ep, reason=form.cleaned_data["reason"])
        except services.EpisodeProblem as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Return corrected: the child is recorded as missing again")
            return redirect("missing:episode", pk=ep.pk)
    return form_page(
        request,
        form,
        shows=Shows(ep, ep.person_id, "the form to correct a return"),
        title="Correct the return",
        caption=ep.person.full_name,
        intro=f"The return recorded for {timezone.localtime(ep.ended_at):%d/%m/%Y %H:%M} will be removed and the "
        "child shown as missing again; police can see the Philomena profile again. Your reason is kept in the audit.",
        back_url=reverse("missing:episode", args=[ep.pk]),
        back_label="Back to the episode",
        submit_label="Correct the return",
    )


def _applied_from_page(
    request: HttpRequest,
    ep: Episode,
    form: AppliedFromForm,
    *,
    change: Callable[[dict[str, Any]], object],
    done: str,
    what: str,
    title: str,
    submit_label: str,
    intro: str = "",
) -> HttpResponse:
    """A page that gives an episode a new value from a time, with why: the risk grade, missing or away."""
    if request.method == "POST" and form.is_valid():
        try:
            change(form.cleaned_data)
        except services.EpisodeProblem as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, done)
            return redirect("missing:episode", pk=ep.pk)
    return form_page(
        request,
        form,
        shows=Shows(ep, ep.person_id, what),
        title=title,
        caption=ep.person.full_name,
        intro=intro,
        back_url=reverse("missing:episode", args=[ep.pk]),
        back_label="Back to the episode",
        submit_label=submit_label,
    )


@requires(Perm.RECORD_EPISODES, personal_data=True)
def regrade(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    ep = selectors.get_episode_for_user(user, pk)
    if user.agency is None or not user.agency.is_police:
        raise Http404("Only police change the police risk grade")
    return _applied_from_page(
        request,
        ep,
        RegradeForm(request.POST or None, initial={"grade": ep.risk_grade}),
        change=lambda data: services.episode_regrade(
            actor=user,
            episode=ep,
            grade=RiskGrade(data["grade"]),
            applied_at=data["applied_at"],
            reason=data["reason"],
        ),
        done="Risk grade changed",
        what="the form to change an episode's risk grade",
        title="Change the risk grade",
        submit_label="Change grade",
    )


@requires(Perm.RECORD_EPISODES, personal_data=True)
def recategorise(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    ep = selectors.get_episode_for_user(user, pk)
    other = Category.AWAY if ep.category == Category.MISSING else Category.MISSING
    return _applied_from_page(
        request,
        ep,
        RecategoriseForm(request.POST or None, initial={"category": other}),
        change=lambda data: services.episode_recategorise(
            actor=user,
            episode=ep,
            category=Category(data["category"]),
            applied_at=data["applied_at"],
            reason=data["reason"],
        ),
        done="Changed",
        what="the form to change whether an episode is missing or away",
        title="Change missing or away",
        submit_label="Change",
        intro="Missing means no one knows where the child is; away means the child is known to be somewhere "
        "they are not allowed to be. Say from when the change applies: the history keeps both.",
    )


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
def rhi(request: HttpRequest, pk: int) -> HttpResponse:
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
        if not problems:
            try:
                services.rhi_record(actor=user, rhi=interview, details=details)
            except services.EpisodeProblem as exc:
                # Moved to another provider since this page loaded.
                form.add_error(None, str(exc))
            else:
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
def rhi_provider(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    ep, interview = selectors.get_interview_for_user(user, pk)
    form = ProviderForm(
        request.POST or None,
        providers=trusted_workers(ep.partnership_id).exclude(pk=interview.provider_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.rhi_reassign(
                actor=user, rhi=interview, provider=form.cleaned_data["provider"], reason=form.cleaned_data["reason"]
            )
        except services.EpisodeProblem as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"The return home interview is now with {form.cleaned_data['provider'].name}")
            return redirect("missing:episode", pk=ep.pk)
    return form_page(
        request,
        form,
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
def share(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    ep, interview = selectors.get_interview_for_user(user, pk)
    form = PoliceShareForm(request.POST or None, initial={"information": interview.shared_with_police})
    if request.method == "POST" and form.is_valid():
        try:
            services.rhi_share_with_police(
                actor=user,
                rhi=interview,
                information=form.cleaned_data["information"],
                reason=form.cleaned_data["reason"],
                consent=Consent(form.cleaned_data["consent"]),
                no_consent_reason=form.cleaned_data["no_consent_reason"],
            )
        except services.EpisodeProblem as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Passed to police: they can now see what you shared")
            return redirect("missing:episode", pk=ep.pk)
    return form_page(
        request,
        form,
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
def shared(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    shares = paginate(request, selectors.police_shares_for_user(user))
    audit_record(
        actor=user,
        action=Action.VIEW,
        object_type="missing.policeshare",
        summary=f"Viewed return home interview information shared with police ({len(shares.page)} of {shares.total})",
        request=request,
    )
    return render(
        request,
        "missing/shared.html",
        {
            "page_title": "Shared with police",
            "shares": shares,
            "is_police": bool(user.agency and user.agency.is_police),
        },
    )


@requires(Perm.VIEW_EPISODES, personal_data=True)
def shared_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    item = selectors.get_police_share_for_user(user, pk)
    _audit_view(user, request, item, item.person_id, "Viewed return home interview information shared with police")
    return render(request, "missing/shared_detail.html", {"page_title": "Shared with police", "share": item})


# Police pushes waiting for children's services


@requires(Perm.RECORD_EPISODES, personal_data=True)
def held_pushes(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    held = paginate(request, selectors.held_pushes_for_user(user))
    audit_record(
        actor=user,
        action=Action.VIEW,
        object_type="missing.heldpush",
        summary=f"Viewed police episodes waiting to be matched ({len(held.page)} of {held.total})",
        request=request,
    )
    return render(request, "missing/held_pushes.html", {"page_title": "Police episodes to match", "held": held})


def _describe(person: Any) -> str:
    dob = f"{person.date_of_birth:%d/%m/%Y}" if person.date_of_birth else "date of birth not known"
    postcodes = ", ".join(a.postcode for a in person.addresses.all() if a.is_current and a.postcode)
    return f"{person.full_name}, born {dob}" + (f", {postcodes}" if postcodes else "")


@requires(Perm.RECORD_EPISODES, personal_data=True)
def held_push(request: HttpRequest, pk: int) -> HttpResponse:
    """Say which child a police episode is about, or that the child is new."""
    user = user_of(request)
    held = selectors.get_held_push_for_user(user, pk)
    candidates = list(held.candidates.prefetch_related("addresses").order_by("family_name", "given_name"))
    form = ResolvePushForm(request.POST or None, candidates=[(str(p.pk), _describe(p)) for p in candidates])
    if request.method == "POST" and form.is_valid():
        choice = form.cleaned_data["child"]
        person = next((p for p in candidates if str(p.pk) == choice), None)
        try:
            episode = services.push_resolve(actor=user, held=held, person=person)
        except services.EpisodeProblem as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Matched: the episode is recorded")
            return redirect("missing:episode", pk=episode.pk)
    sent = held.person_sent
    return form_page(
        request,
        form,
        shows=Shows(held, None, "a police episode waiting to be matched"),
        title="Which child is this?",
        caption=f"Police reference {held.police_reference}",
        intro=f"{held.agency.name} sent a missing episode for {sent.get('given_name', '')} "
        f"{sent.get('family_name', '')}, born {sent.get('date_of_birth', '')}"
        + (f", postcode {sent['postcode']}" if sent.get("postcode") else "")
        + ". It could not be matched for certain. Choose the child, or add a new one if none of these is them.",
        back_url=reverse("missing:held_pushes"),
        back_label="Police episodes to match",
        submit_label="Record the episode",
    )


# Philomena profiles


@requires(Perm.VIEW_EPISODES, personal_data=True)
def profiles(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form, missing_now, updated_before = _profile_filters(request)
    found = paginate(request, selectors.profiles_filtered(user, missing_now=missing_now, updated_before=updated_before))
    audit_record(
        actor=user,
        action=Action.VIEW,
        object_type="missing.philomenaprofile",
        summary=(
            f"Viewed the list of Philomena profiles ({len(found.page)} of {found.total}"
            f"{_profile_filters_described(missing_now, updated_before)})"
        ),
        request=request,
    )
    return render(
        request,
        "missing/profiles.html",
        {
            "page_title": "Philomena profiles",
            "profiles": found,
            "form": form,
            "filters": filters_querystring(request.GET),
            "is_police": bool(user.agency and user.agency.is_police),
            "can_edit": user.can(Perm.EDIT_PHILOMENA),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _profile_filters(request: HttpRequest) -> tuple[ProfileFilterForm, bool, dt.date | None]:
    form = ProfileFilterForm(request.GET if any(key != "page" for key in request.GET) else None)
    if form.is_bound and form.is_valid():
        return form, bool(form.cleaned_data["missing_now"]), form.cleaned_data["updated_before"]
    return form, False, None


def _profile_filters_described(missing_now: bool, updated_before: dt.date | None) -> str:
    said = (["missing now"] if missing_now else []) + (
        [f"not updated since {updated_before}"] if updated_before else []
    )
    return f", {' and '.join(said)}" if said else ""


PROFILES_HEADER = ("Child", "Date of birth", "Missing now", "Last updated", "Updated by", "Photo", "Risk locations")


@requires(Perm.VIEW_EPISODES, personal_data=True)
def profiles_export(request: HttpRequest) -> HttpResponseBase:
    """The list of profiles (not their contents) with its filters, as CSV."""
    user = user_of(request)
    form, missing_now, updated_before = _profile_filters(request)
    if form.is_bound and form.errors:
        return redirect(f"{reverse('missing:profiles')}?{request.GET.urlencode()}")
    found = list(
        selectors.profiles_filtered(user, missing_now=missing_now, updated_before=updated_before).annotate(
            location_count=Count("locations")
        )
    )
    audit_record(
        actor=user,
        action=Action.EXPORT,
        object_type="missing.philomenaprofile",
        summary=(
            f"Exported the list of {len(found)} Philomena profiles as CSV"
            f"{_profile_filters_described(missing_now, updated_before)}"
        ),
        request=request,
    )
    rows = (
        [
            profile.person.full_name,
            profile.person.date_of_birth.isoformat() if profile.person.date_of_birth else "",
            "Yes" if profile.missing_now else "No",  # type: ignore[attr-defined]
            timezone.localtime(profile.updated_at).strftime("%Y-%m-%d %H:%M"),
            profile.updated_by.display_name() if profile.updated_by else "",
            "Yes" if profile.photo else "No",
            profile.location_count,  # type: ignore[attr-defined]
        ]
        for profile in found
    )
    return csv_download(PROFILES_HEADER, rows, filename=f"philomena-profiles-{timezone.localdate():%Y-%m-%d}.csv")


@requires(Perm.VIEW_EPISODES, personal_data=True)
def profile(request: HttpRequest, person_pk: int) -> HttpResponse:
    user = user_of(request)
    person = selectors.get_profile_person_for_user(user, person_pk)
    found = selectors.profile_of(person)
    open_episode = selectors.open_episode_of(person)
    audit_record(
        actor=user,
        action=Action.VIEW,
        target=found or person,
        person_id=person.pk,
        summary="Viewed Philomena profile" + (" while the child is missing" if open_episode else ""),
        request=request,
    )
    return render(
        request,
        "missing/profile.html",
        {
            "page_title": f"Philomena profile: {person.full_name}",
            "person": person,
            "profile": found,
            "open_episode": open_episode,
            "can_edit": user.can(Perm.EDIT_PHILOMENA),
            "age": age_in_years(person.date_of_birth, today=timezone.localdate()),
            "episodes": selectors.episodes_for_user(user).filter(person=person)[:20],
        },
    )


@requires(Perm.EDIT_PHILOMENA, personal_data=True)
def profile_edit(request: HttpRequest, person_pk: int) -> HttpResponse:
    user = user_of(request)
    person = selectors.get_profile_person_for_user(user, person_pk)
    existing = selectors.profile_of(person)
    initial = {name: getattr(existing, name) for name in services.PROFILE_FIELDS} if existing else {}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.profile_save(actor=user, person=person, fields=dict(form.cleaned_data))
        messages.success(request, "Profile saved")
        return redirect("missing:profile", person_pk=person.pk)
    return form_page(
        request,
        form,
        shows=Shows(person, person.pk, "the Philomena profile form"),
        title="Philomena profile: Part 1",
        caption=person.full_name,
        intro="Police see this profile only while the child is missing.",
        back_url=reverse("missing:profile", args=[person.pk]),
        back_label="Back to the profile",
        submit_label="Save profile",
    )


@requires(Perm.EDIT_PHILOMENA, personal_data=True)
def profile_photo(request: HttpRequest, person_pk: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.get_profile_for_user(user, person_pk)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["photo"]
        try:
            services.profile_photo_set(actor=user, profile=found, data=upload.read())
        except PhotoRejected as exc:
            form.add_error("photo", str(exc))
        else:
            messages.success(request, "Photo saved")
            return redirect("missing:profile", person_pk=person_pk)
    return form_page(
        request,
        form,
        shows=Shows(found, found.person_id, "the Philomena photo form"),
        title="Upload a photo",
        caption=found.person.full_name,
        back_url=reverse("missing:profile", args=[person_pk]),
        back_label="Back to the profile",
        submit_label="Upload photo",
    )


@requires(Perm.VIEW_EPISODES, personal_data=True)
def profile_photo_image(request: HttpRequest, person_pk: int) -> HttpResponseBase:
    """The photo itself: never a public URL, only this access-checked, audited view."""
    user = user_of(request)
    found = selectors.get_profile_for_user(user, person_pk)
    if not found.photo or not default_storage.exists(found.photo.name):
        raise Http404("No photo")
    audit_record(
        actor=user,
        action=Action.VIEW,
        target=found,
        person_id=found.person_id,
        summary="Viewed the Philomena profile photo",
        request=request,
    )
    response = FileResponse(default_storage.open(found.photo.name, "rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = "inline"
    return response


@requires(Perm.EDIT_PHILOMENA, personal_data=True)
def location_add(request: HttpRequest, person_pk: int) -> HttpResponse:
    user = user_of(request)
    found = selectors.get_profile_for_user(user, person_pk)
    form = LocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.location_add(
            actor=user,
            profile=found,
            name=data["name"],
            address=data["address"],
            risk=LocationRisk(data["risk"]),
            notes=data["notes"],
            assessed_on=data["assessed_on"],
        )
        messages.success(request, "Location added")
        return redirect("missing:profile", person_pk=person_pk)
    return form_page(
        request,
        form,
        shows=Shows(found, found.person_id, "the form to add a risk-assessed location"),
        title="Add a risk-assessed location",
        caption=found.person.full_name,
        back_url=reverse("missing:profile", args=[person_pk]),
        back_label="Back to the profile",
        submit_label="Add location",
    )


@requires(Perm.EDIT_PHILOMENA, personal_data=True)
def location_remove(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    """Ask first (a page, not a script): a place removed by mistake is one police no longer search."""
    user = user_of(request)
    location = selectors.get_location_for_user(user, person_pk, pk)
    if request.method != "POST":
        _audit_view(user, request, location, location.profile.person_id, "Opened the form to remove a location")
        return render(
            request,
            "missing/location_remove.html",
            {"page_title": f"Remove {location.name}?", "location": location, "person": location.profile.person},
        )
    services.location_remove(actor=user, location=location)
    messages.success(request, "Location removed")
    return redirect("missing:profile", person_pk=person_pk)


@requires(Perm.VIEW_EPISODES, personal_data=True)
def export(request: HttpRequest) -> HttpResponseBase:
    """Episodes in the shape of the statutory return, as CSV."""
    user = user_of(request)
    form = ExportForm(request.GET or None)
    if request.GET and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        rows = selectors.export_rows(user, start=start, end=end)
        audit_record(
            actor=user,
            action=Action.EXPORT,
            object_type="missing.episode",
            summary=f"Exported {len(rows)} missing episodes from {start:%d/%m/%Y} to {end:%d/%m/%Y} as CSV",
            request=request,
        )
        return csv_download(selectors.EXPORT_HEADER, rows, filename=f"missing-episodes-{start}-{end}.csv")
    return render(
        request,
        "missing/export.html",
        {"page_title": "Export episodes", "form": form, "header": selectors.EXPORT_HEADER},
        status=400 if form.is_bound and form.errors else 200,
    )


# The list of episodes: every episode in the user's scope, filtered, paged and downloadable


def _episode_filter_form(request: HttpRequest) -> EpisodeFilterForm:
    """Bound only when a filter was sent, so the bare list is not an error."""
    return EpisodeFilterForm(request.GET if any(key != "page" for key in request.GET) else None)


@requires(Perm.VIEW_EPISODES, personal_data=True)
def episodes(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = _episode_filter_form(request)
    filters = form.filters()
    found = paginate(request, selectors.episodes_filtered(user, filters))
    audit_record(
        actor=user,
        action=Action.VIEW,
        object_type="missing.episode",
        summary=f"Viewed the list of missing episodes ({len(found.page)} of {found.total}, filters: {filters.described()})",
        request=request,
    )
    return render(
        request,
        "missing/episodes.html",
        {
            "page_title": "Missing episodes",
            "form": form,
            "found": found,
            "shown": selectors.with_clocks(found.page),
            "filters": filters_querystring(request.GET),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


EPISODES_HEADER = (
    "Child",
    "Date of birth",
    "Category",
    "Risk grade",
    "Went missing",
    "Reported",
    "Returned",
    "Looked after",
    "Recorded by agency",
    "Return home interview",
)


@requires(Perm.VIEW_EPISODES, personal_data=True)
def episodes_export(request: HttpRequest) -> HttpResponseBase:
    """The episode list, with its filters, as CSV (the statutory return has its own export)."""
    user = user_of(request)
    form = _episode_filter_form(request)
    if form.is_bound and not form.is_valid():
        # The list shows the same filters with their errors; everything would not be what was asked.
        return redirect(f"{reverse('missing:episodes')}?{request.GET.urlencode()}")
    filters = form.filters()
    found = selectors.with_clocks(selectors.episodes_filtered(user, filters))
    audit_record(
        actor=user,
        action=Action.EXPORT,
        object_type="missing.episode",
        summary=f"Exported {len(found)} missing episodes as CSV (filters: {filters.described()})",
        request=request,
    )
    rows = (
        [
            ep.person.full_name,
            ep.person.date_of_birth.isoformat() if ep.person.date_of_birth else "",
            ep.get_category_display(),
            ep.get_risk_grade_display(),
            timezone.localtime(ep.started_at).strftime("%Y-%m-%d %H:%M"),
            timezone.localtime(ep.reported_at).strftime("%Y-%m-%d %H:%M"),
            timezone.localtime(ep.ended_at).strftime("%Y-%m-%d %H:%M") if ep.ended_at else "",
            "Yes" if ep.looked_after else "No",
            ep.recording_agency.name,
            ep.clock.text if ep.clock else "",  # type: ignore[attr-defined]
        ]
        for ep in found
    )
    return csv_download(EPISODES_HEADER, rows, filename=f"missing-episodes-{timezone.localdate():%Y-%m-%d}.csv")
