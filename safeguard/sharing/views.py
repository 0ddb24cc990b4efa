from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from safeguard.audit.services import audit_form_opened, audit_viewed
from safeguard.core.pages import form_status, submitted
from safeguard.partnership.access import AuthedRequest, requires, signed_in, user_of
from safeguard.partnership.models import User
from safeguard.partnership.roles import Perm
from safeguard.people.finding import FindFor, find_person_page
from safeguard.people.forms import PersonFindForm
from safeguard.people.models import Person
from safeguard.people.selectors import get_person_for_user
from safeguard.sharing import selectors, services
from safeguard.sharing.briefings import blocks_of
from safeguard.sharing.forms import BriefingForm, DecisionForm, ReviewForm, SupersedeForm
from safeguard.sharing.models import ReviewOutcome, SharingDecision


@requires(Perm.RECORD_SHARING, personal_data=True)
def decision_list(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    show_all = request.GET.get("show") == "all"
    scope = selectors.decisions_for_user(user)
    decisions = scope if show_all else selectors.current_decisions(scope)
    audit_viewed(
        request, actor=user, object_type="sharing.sharingdecision", summary="Viewed the agency's sharing decisions"
    )
    return render(
        request,
        "sharing/list.html",
        {
            "decisions": decisions,
            "show_all": show_all,
            "briefings": selectors.briefings_for_user(user),
            "can_review": user.can(Perm.REVIEW_SHARING),
            "page_title": "Information-sharing decisions",
        },
    )


@requires(Perm.RECORD_SHARING, personal_data=True, search=True)
def choose_person(request: AuthedRequest) -> HttpResponse:
    return find_person_page(
        request,
        FindFor(
            caption="",
            heading="Who is the information about?",
            purpose="people to record a sharing decision",
            action_url="sharing:create",
            action_label="Record a decision",
            back_url="sharing:list",
            back_label="Information-sharing decisions",
            nobody="No one your agency works with matches.",
            search_label="Find person",
            form_class=PersonFindForm,
            limit=20,
        ),
    )


def _decision_page(
    request: HttpRequest, user: User, person: Person, form: DecisionForm, earlier: SharingDecision | None = None
) -> HttpResponse:
    return render(
        request,
        "sharing/decision_form.html",
        {
            "form": form,
            "person": person,
            "earlier": earlier,
            "briefings": selectors.briefings_for_user(user),
            "page_title": "Record an information-sharing decision",
        },
        status=form_status(form),
    )


@requires(Perm.RECORD_SHARING, personal_data=True)
def decision_create(request: AuthedRequest, person_pk: int) -> HttpResponse:
    user = user_of(request)
    person = get_person_for_user(user, person_pk)
    form = DecisionForm(request.POST or None, user=user, initial=DecisionForm.initial_for(user))

    def save(data: dict[str, Any]) -> HttpResponse:
        decision = services.decision_record(actor=user, person=person, data=form.decision_input())
        messages.success(request, "Decision recorded")
        return redirect("sharing:detail", pk=decision.pk)

    done = submitted(request, form, save)
    if done is not None:
        return done
    audit_form_opened(
        request, actor=user, target=person, person_id=person.pk, what="the form to record a sharing decision"
    )
    return _decision_page(request, user, person, form)


@requires(Perm.RECORD_SHARING, personal_data=True)
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    decision = selectors.get_decision_for_user(user, pk)
    audit_viewed(
        request, actor=user, target=decision, person_id=decision.person_id, summary="Viewed a sharing decision"
    )
    return render(request, "sharing/detail.html", _detail_context(user, decision, ReviewForm()))


def _detail_context(user: User, decision: SharingDecision, review_form: ReviewForm) -> dict[str, Any]:
    history = selectors.decision_history(decision)
    return {
        "decision": decision,
        "shared_with": decision.shared_with_agencies.all(),
        "reviews": selectors.decision_reviews(decision),
        "history": history if len(history) > 1 else [],
        "is_current": history[-1].pk == decision.pk,
        "can_review": user.can(Perm.REVIEW_SHARING),
        "review_form": review_form,
        "page_title": f"Sharing decision about {decision.person.full_name}",
    }


@requires(Perm.RECORD_SHARING, personal_data=True)
def supersede(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    earlier = selectors.get_decision_for_user(user, pk)
    initial = {
        "meeting_description": earlier.meeting_description,
        "concern": earlier.concern,
        "lawful_basis": earlier.lawful_basis,
        "special_condition": earlier.special_condition,
        **DecisionForm.initial_for(user),
    }
    form = SupersedeForm(request.POST or None, user=user, initial=initial)

    def save(data: dict[str, Any]) -> HttpResponse:
        decision = services.decision_record(
            actor=user,
            person=earlier.person,
            data=form.decision_input(),
            supersedes=earlier,
            supersede_reason=form.cleaned_data["supersede_reason"],
        )
        messages.success(request, "New decision recorded; the earlier one is kept and marked as replaced")
        return redirect("sharing:detail", pk=decision.pk)

    done = submitted(request, form, save)
    if done is not None:
        return done
    audit_form_opened(
        request, actor=user, target=earlier, person_id=earlier.person_id, what="the form to replace a sharing decision"
    )
    return _decision_page(request, user, earlier.person, form, earlier)


@requires(Perm.REVIEW_SHARING, personal_data=True, write=True)
def review(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    decision = selectors.get_decision_for_user(user, pk)
    form = ReviewForm(request.POST)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.decision_review(
            actor=user, decision=decision, outcome=ReviewOutcome(data["outcome"]), note=data["note"]
        )
        messages.success(request, "Review recorded")
        return redirect("sharing:detail", pk=pk)

    done = submitted(request, form, save)
    if done is not None:
        return done
    audit_form_opened(request, actor=user, target=decision, person_id=decision.person_id, what="a sharing decision")
    return render(request, "sharing/detail.html", _detail_context(user, decision, form), status=form_status(form))


@requires(Perm.REVIEW_SHARING, personal_data=True)
def overview(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    audit_viewed(
        request,
        actor=user,
        object_type="sharing.sharingdecision",
        summary="Viewed sharing decision counts and reviews due",
    )
    return render(
        request,
        "sharing/overview.html",
        {
            "counts": selectors.decision_counts(user),
            "due": selectors.reviews_due(user),
            "page_title": "Sharing decisions: reviews",
        },
    )


@signed_in
def briefing_list(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    return render(
        request,
        "sharing/briefing_list.html",
        {
            "briefings": selectors.briefings_for_user(user),
            "can_manage": user.can(Perm.MANAGE_GOVERNANCE),
            "page_title": "Information-sharing briefings",
        },
    )


@signed_in
def briefing(request: AuthedRequest, slug: str) -> HttpResponse:
    user = user_of(request)
    page = selectors.get_briefing_for_user(user, slug)
    return render(
        request, "sharing/briefing.html", {"briefing": page, "blocks": blocks_of(page.body), "page_title": page.title}
    )


@requires(Perm.MANAGE_GOVERNANCE)
def briefing_manage(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    form = BriefingForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        created = services.briefing_save(actor=user, **form.cleaned_data)
        messages.success(request, f"Draft saved: {created.title}")
        return redirect("sharing:briefing_edit", pk=created.pk)

    done = submitted(request, form, save)
    if done is not None:
        return done
    return render(
        request,
        "sharing/briefing_manage.html",
        {"briefings": selectors.briefings_for_editor(user), "form": form, "page_title": "Manage briefings"},
        status=form_status(form),
    )


@requires(Perm.MANAGE_GOVERNANCE)
def briefing_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    page = selectors.get_briefing_for_editor(user, pk)
    form = BriefingForm(request.POST or None, initial={"title": page.title, "summary": page.summary, "body": page.body})

    def save(data: dict[str, Any]) -> HttpResponse:
        services.briefing_save(actor=user, briefing=page, **form.cleaned_data)
        messages.success(request, "Saved")
        return redirect("sharing:briefing_edit", pk=pk)

    done = submitted(request, form, save)
    if done is not None:
        return done
    return render(
        request,
        "sharing/briefing_edit.html",
        {"briefing": page, "form": form, "blocks": blocks_of(page.body), "page_title": f"Change {page.title}"},
        status=form_status(form),
    )


@requires(Perm.MANAGE_GOVERNANCE, write=True)
def briefing_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    page = selectors.get_briefing_for_editor(user, pk)
    publish = request.POST.get("publish") != "withdraw"
    services.briefing_publish(actor=user, briefing=page, publish=publish)
    messages.success(request, "Published" if publish else "Withdrawn")
    return redirect("sharing:briefing_edit", pk=pk)
