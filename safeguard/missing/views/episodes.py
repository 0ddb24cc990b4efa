"""Pages for missing episodes: the lists and downloads, finding the child, recording, returns, grades and police pushes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record, audit_viewed
from safeguard.core.charts import Bar, column_chart
from safeguard.core.exports import csv_download
from safeguard.core.listing import csv_export, filter_form, filters_refused, list_page
from safeguard.core.pages import Shows, form_page, form_status, recall_search, submitted
from safeguard.core.paging import paginate
from safeguard.missing import selectors, services
from safeguard.missing.forms import (
    AppliedFromForm,
    EpisodeFilterForm,
    EpisodeForm,
    ExportForm,
    RecategoriseForm,
    RegradeForm,
    ReopenForm,
    ResolvePushForm,
    ReturnForm,
    now_initial,
)
from safeguard.missing.models import Category, Episode, RiskGrade
from safeguard.partnership.access import AuthedRequest, requires, user_of
from safeguard.partnership.roles import Perm
from safeguard.people.finding import FindFor, find_person_page
from safeguard.people.forms import PersonForm
from safeguard.people.models import IdentifierKind, PersonKind, Sex
from safeguard.people.selectors import get_person_for_user
from safeguard.people.services import person_create


@requires(Perm.VIEW_EPISODES, personal_data=True)
def index(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    episodes = selectors.episodes_for_user(user)
    missing_now = selectors.with_clocks(selectors.still_missing(episodes))
    returned = paginate(request, selectors.returned(episodes), per_page=25)
    recent = selectors.with_clocks(returned.page)
    audit_viewed(
        request,
        actor=user,
        object_type="missing.episode",
        summary=f"Viewed the list of missing episodes ({len(missing_now)} open, "
        f"returns {returned.page.start_index()} to {returned.page.end_index()} of {returned.total})",
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
            "held_count": selectors.held_push_count(user),
        },
    )


@requires(Perm.RECORD_EPISODES, personal_data=True, search=True)
def find_child(request: AuthedRequest) -> HttpResponse:
    """Step one of recording an episode: search the index first so no child is added twice."""
    return find_person_page(
        request,
        FindFor(
            caption="Record a missing episode",
            intro="Search the person index first, so the same child is not added twice.",
            purpose="for a child to record a missing episode",
            action_url="missing:record",
            action_label="Record episode",
            back_url="missing:index",
            back_label="Missing children",
            add_url="missing:add_child",
        ),
        can_trace=user_of(request).can(Perm.TRACE_PERSON),
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
def add_child(request: AuthedRequest) -> HttpResponse:
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
def record(request: AuthedRequest, person_pk: int) -> HttpResponse:
    user = user_of(request)
    person = get_person_for_user(user, person_pk)
    form = EpisodeForm(
        request.POST or None,
        initial=now_initial("started_at", "reported_at"),
        authorities=selectors.responsible_authorities(),
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        assert user.agency is not None
        episode = services.episode_record(
            actor=user, agency=user.agency, person=person, data=form.episode_input(), request=request
        )
        messages.success(request, "Episode recorded")
        return redirect("missing:episode", pk=episode.pk)

    return form_page(
        request,
        form,
        save=save,
        shows=Shows(person, person.pk, "the form to record a missing episode"),
        title="Record a missing episode",
        caption=person.full_name,
        back_url=reverse("missing:find"),
        back_label="Find the child",
        submit_label="Record episode",
    )


@requires(Perm.VIEW_EPISODES, personal_data=True)
def episode(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    ep = selectors.get_episode_for_user(user, pk)
    audit_viewed(request, actor=user, target=ep, person_id=ep.person_id, summary="Viewed a missing episode")
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
            "shares": selectors.shares_of_interview_for_user(user, rhi),
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
def episode_return(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    ep = selectors.get_episode_for_user(user, pk)
    if not selectors.may_record_return(user.agency, ep):
        raise Http404(services.RETURN_WHO)
    if ep.ended_at is not None:
        messages.info(request, "The return has already been recorded")
        return redirect("missing:episode", pk=ep.pk)
    default = selectors.default_rhi_provider(ep.partnership_id)
    form = ReturnForm(
        request.POST or None,
        providers=selectors.trusted_workers(ep.partnership_id),
        initial={"rhi_provider": default.pk if default else None, **now_initial("ended_at")},
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        services.episode_return(
            actor=user,
            episode=ep,
            ended_at=data["ended_at"],
            found_place=data["found_place"],
            found_how=data["found_how"],
            rhi_provider=data["rhi_provider"],
        )
        messages.success(request, "Return recorded: the return home interview is now due")
        return redirect("missing:episode", pk=ep.pk)

    return form_page(
        request,
        form,
        save=save,
        shows=Shows(ep, ep.person_id, "the form to record the return"),
        title="Record the return",
        caption=ep.person.full_name,
        intro="The return home interview will be due 72 hours after this time.",
        back_url=reverse("missing:episode", args=[ep.pk]),
        back_label="Back to the episode",
        submit_label="Record return",
    )


@requires(Perm.RECORD_EPISODES, personal_data=True)
def episode_reopen(request: AuthedRequest, pk: int) -> HttpResponse:
    """Correct a return recorded in error: the episode is open again and police see the profile again."""
    user = user_of(request)
    ep = selectors.get_episode_for_user(user, pk)
    if not selectors.may_record_return(user.agency, ep):
        raise Http404(services.RETURN_WHO)
    if ep.ended_at is None:
        messages.info(request, "The child is already recorded as missing")
        return redirect("missing:episode", pk=ep.pk)
    form = ReopenForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.episode_reopen(actor=user, episode=ep, reason=form.cleaned_data["reason"])
        messages.success(request, "Return corrected: the child is recorded as missing again")
        return redirect("missing:episode", pk=ep.pk)

    return form_page(
        request,
        form,
        save=save,
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
    save: Callable[[dict[str, Any]], HttpResponse],
    what: str,
    title: str,
    submit_label: str,
    intro: str = "",
) -> HttpResponse:
    """A page that gives an episode a new value from a time, with why: the risk grade, missing or away."""
    return form_page(
        request,
        form,
        save=save,
        shows=Shows(ep, ep.person_id, what),
        title=title,
        caption=ep.person.full_name,
        intro=intro,
        back_url=reverse("missing:episode", args=[ep.pk]),
        back_label="Back to the episode",
        submit_label=submit_label,
    )


@requires(Perm.RECORD_EPISODES, personal_data=True)
def regrade(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    ep = selectors.get_episode_for_user(user, pk)
    if user.agency is None or not user.agency.is_police:
        raise Http404("Only police change the police risk grade")

    def save(data: dict[str, Any]) -> HttpResponse:
        services.episode_regrade(
            actor=user,
            episode=ep,
            grade=RiskGrade(data["grade"]),
            applied_at=data["applied_at"],
            reason=data["reason"],
        )
        messages.success(request, "Risk grade changed")
        return redirect("missing:episode", pk=ep.pk)

    return _applied_from_page(
        request,
        ep,
        RegradeForm(request.POST or None, initial={"grade": ep.risk_grade}),
        save=save,
        what="the form to change an episode's risk grade",
        title="Change the risk grade",
        submit_label="Change grade",
    )


@requires(Perm.RECORD_EPISODES, personal_data=True)
def recategorise(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    ep = selectors.get_episode_for_user(user, pk)
    other = Category.AWAY if ep.category == Category.MISSING else Category.MISSING

    def save(data: dict[str, Any]) -> HttpResponse:
        services.episode_recategorise(
            actor=user,
            episode=ep,
            category=Category(data["category"]),
            applied_at=data["applied_at"],
            reason=data["reason"],
        )
        messages.success(request, "Changed")
        return redirect("missing:episode", pk=ep.pk)

    return _applied_from_page(
        request,
        ep,
        RecategoriseForm(request.POST or None, initial={"category": other}),
        save=save,
        what="the form to change whether an episode is missing or away",
        title="Change missing or away",
        submit_label="Change",
        intro="Missing means no one knows where the child is; away means the child is known to be somewhere "
        "they are not allowed to be. Say from when the change applies: the history keeps both.",
    )


@requires(Perm.RECORD_EPISODES, personal_data=True)
def held_pushes(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    held = paginate(request, selectors.held_pushes_for_user(user))
    audit_viewed(
        request,
        actor=user,
        object_type="missing.heldpush",
        summary=f"Viewed police episodes waiting to be matched ({len(held.page)} of {held.total})",
    )
    return render(request, "missing/held_pushes.html", {"page_title": "Police episodes to match", "held": held})


def _describe(person: Any) -> str:
    dob = f"{person.date_of_birth:%d/%m/%Y}" if person.date_of_birth else "date of birth not known"
    postcodes = ", ".join(a.postcode for a in person.addresses.all() if a.is_current and a.postcode)
    return f"{person.full_name}, born {dob}" + (f", {postcodes}" if postcodes else "")


@requires(Perm.RECORD_EPISODES, personal_data=True)
def held_push(request: AuthedRequest, pk: int) -> HttpResponse:
    """Say which child a police episode is about, or that the child is new."""
    user = user_of(request)
    held = selectors.get_held_push_for_user(user, pk)
    candidates = selectors.held_push_candidates(held)
    form = ResolvePushForm(request.POST or None, candidates=[(str(p.pk), _describe(p)) for p in candidates])

    def save(data: dict[str, Any]) -> HttpResponse:
        choice = form.cleaned_data["child"]
        person = next((p for p in candidates if str(p.pk) == choice), None)
        episode = services.push_resolve(actor=user, held=held, person=person)
        messages.success(request, "Matched: the episode is recorded")
        return redirect("missing:episode", pk=episode.pk)

    done = submitted(request, form, save)
    if done is not None:
        return done
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


@requires(Perm.VIEW_EPISODES, personal_data=True)
def export(request: AuthedRequest) -> HttpResponseBase:
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
        status=form_status(form),
    )


@requires(Perm.VIEW_EPISODES, personal_data=True)
def episodes(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    form = filter_form(request, EpisodeFilterForm)
    filters = form.filters()
    found = paginate(request, selectors.episodes_filtered(user, filters))
    return list_page(
        request,
        "missing/episodes.html",
        form=form,
        found=found,
        object_type="missing.episode",
        summary=f"Viewed the list of missing episodes ({len(found.page)} of {found.total}, filters: {filters.described()})",
        context={"page_title": "Missing episodes", "found": found, "shown": selectors.with_clocks(found.page)},
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


def _episode_row(ep: Episode) -> list[str]:
    return [
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


@requires(Perm.VIEW_EPISODES, personal_data=True)
def episodes_export(request: AuthedRequest) -> HttpResponseBase:
    """The episode list, with its filters, as CSV (the statutory return has its own export)."""
    user = user_of(request)
    form = filter_form(request, EpisodeFilterForm)
    if (back := filters_refused(request, form, "missing:episodes")) is not None:
        return back
    filters = form.filters()
    found = selectors.with_clocks(selectors.episodes_filtered(user, filters))
    return csv_export(
        request,
        found,
        header=EPISODES_HEADER,
        row=_episode_row,
        filename="missing-episodes",
        object_type="missing.episode",
        summary=f"Exported {len(found)} missing episodes as CSV (filters: {filters.described()})",
    )
