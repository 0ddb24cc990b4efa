from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from safeguard.audit.services import audit_viewed
from safeguard.core.pages import Shows, act, form_page
from safeguard.partnership.access import AuthedRequest, requires, user_of
from safeguard.partnership.roles import Perm
from safeguard.people.finding import FindFor, find_person_page
from safeguard.people.selectors import get_person_for_user
from safeguard.reviews import selectors, services
from safeguard.reviews.forms import (
    BriefingForm,
    CommissionForm,
    CompleteForm,
    ImpactForm,
    JoinForm,
    LearningActionForm,
    MemberForm,
    NotifiedForm,
    PublicationForm,
    RapidReviewForm,
    ReviewOpenForm,
)
from safeguard.reviews.models import LcsprDecision, PublicationKind, Review
from safeguard.reviews.rules import lcspr_report_due


def _review_page(review: Review, title: str) -> dict[str, Any]:
    return {
        "title": title,
        "caption": f"Review {review.reference}",
        "back_url": reverse("reviews:detail", args=[review.pk]),
    }


def _done(request: HttpRequest, review: Review, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("reviews:detail", pk=review.pk)


@requires(Perm.WORK_ON_REVIEWS, personal_data=True)
def index(request: AuthedRequest) -> HttpResponse:
    """The reviews the user works on, with the children they are about: each child shown is a view."""
    user = user_of(request)
    reviews = list(selectors.reviews_for_member(user))
    for review in reviews:
        audit_viewed(
            request, actor=user, target=review, person_id=review.subject_id, summary=f"Listed review {review.reference}"
        )
    rows = [(review, selectors.deadlines(review)) for review in reviews]
    return render(
        request,
        "reviews/index.html",
        {"page_title": "Your reviews", "rows": rows, "can_manage": user.can(Perm.MANAGE_REVIEWS)},
    )


@requires(Perm.VIEW_REVIEW_PROGRESS)
def progress(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    return render(
        request,
        "reviews/progress.html",
        {
            "page_title": "Serious incidents and reviews",
            "rows": selectors.progress_for_user(user),
            "joinable": selectors.joinable_review_ids(user),
        },
    )


@requires(Perm.MANAGE_REVIEWS)
def join(request: AuthedRequest, pk: int) -> HttpResponse:
    """An administrator not named on a review adds themselves, with a reason; the page shows no child."""
    user = user_of(request)
    review = selectors.get_review_for_manager(user, pk)
    form = JoinForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.member_join(actor=user, review=review, reason=data["reason"])
        return _done(request, review, "You now work on this review")

    return form_page(
        request,
        form,
        save=save,
        cancel=True,
        title="Work on this review",
        caption=f"Review {review.reference}",
        back_url=reverse("reviews:progress"),
        intro="Only the people working on a review see the child it is about. Adding yourself is recorded with your reason.",
    )


@requires(Perm.MANAGE_REVIEWS, personal_data=True, search=True)
def find_child(request: AuthedRequest) -> HttpResponse:
    return find_person_page(
        request,
        FindFor(
            caption="Record a serious incident",
            purpose="for a child to record a serious incident",
            action_url="reviews:new",
            action_label="Record a serious incident",
            back_url="reviews:index",
            back_label="Your reviews",
        ),
    )


@requires(Perm.MANAGE_REVIEWS, personal_data=True)
def review_new(request: AuthedRequest, person_pk: int) -> HttpResponse:
    user = user_of(request)
    person = get_person_for_user(user, person_pk)
    form = ReviewOpenForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        assert user.agency is not None
        review = services.review_open(
            actor=user,
            partnership=user.agency.partnership,
            subject=person,
            reference=data["reference"],
            became_aware_on=data["became_aware_on"],
            incident_summary=data["incident_summary"],
        )
        return _done(request, review, "Serious incident recorded")

    return form_page(
        request,
        form,
        save=save,
        cancel=True,
        title="Record a serious incident",
        caption=person.full_name,
        intro="The local authority must notify the Child Safeguarding Practice Review Panel within 5 working days "
        "of becoming aware.",
        back_url=reverse("reviews:find"),
        shows=Shows(target=person, person_id=person.pk, what="the serious incident form"),
    )


@requires(Perm.WORK_ON_REVIEWS, personal_data=True)
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    review = selectors.get_review_for_member(user, pk)
    audit_viewed(
        request, actor=user, target=review, person_id=review.subject_id, summary=f"Viewed review {review.reference}"
    )
    return render(
        request,
        "reviews/detail.html",
        {
            "page_title": f"Review {review.reference}",
            "review": review,
            "deadlines": selectors.deadlines(review),
            "learning": selectors.learning_rows(review),
            "briefings": review.briefings.all(),
            "members": selectors.review_members(review),
            "can_manage": user.can(Perm.MANAGE_REVIEWS),
            "commissioned": review.decision == LcsprDecision.COMMISSION,
            "read_only": user.is_read_only,
        },
    )


@requires(Perm.MANAGE_REVIEWS)
def member_add(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    review = selectors.get_review_for_member(user, pk)
    form = MemberForm(request.POST or None, users=selectors.possible_members(review))

    def save(data: dict[str, Any]) -> HttpResponse:
        chosen = selectors.get_possible_member(review, int(data["user"]))
        services.member_add(actor=user, review=review, user=chosen)
        return _done(request, review, f"{chosen.display_name()} now works on this review")

    return form_page(
        request,
        form,
        save=save,
        cancel=True,
        intro="Only the people working on a review see the child it is about.",
        **_review_page(review, "Add someone to the review"),
    )


@requires(Perm.WORK_ON_REVIEWS)
def notified(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    review = selectors.get_review_for_member(user, pk)
    form = NotifiedForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.notification_record(actor=user, review=review, notified_on=data["notified_on"])
        return _done(request, review, "Notification recorded: the rapid review is due in 15 working days")

    return form_page(
        request, form, save=save, cancel=True, **_review_page(review, "Record the notification to the Panel")
    )


@requires(Perm.WORK_ON_REVIEWS)
def rapid_review(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    review = selectors.get_review_for_member(user, pk)
    form = RapidReviewForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.rapid_review_record(
            actor=user,
            review=review,
            sent_on=data["sent_on"],
            decision=LcsprDecision(data["decision"]),
            reason=data["reason"],
        )
        return _done(request, review, "Rapid review recorded")

    return form_page(request, form, save=save, cancel=True, **_review_page(review, "Record the rapid review"))


@requires(Perm.WORK_ON_REVIEWS)
def commission(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    review = selectors.get_review_for_member(user, pk)
    initial = {}
    if review.rapid_review_sent_on is not None:
        initial["report_due_on"] = review.report_due_on or lcspr_report_due(review.rapid_review_sent_on)
    form = CommissionForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.lcspr_commission(
            actor=user,
            review=review,
            reviewer=data["reviewer"],
            terms_of_reference=data["terms_of_reference"],
            commissioned_on=data["commissioned_on"],
            report_due_on=data["report_due_on"],
        )
        return _done(request, review, "Local review commissioned")

    return form_page(request, form, save=save, cancel=True, **_review_page(review, "Commission the local review"))


@requires(Perm.WORK_ON_REVIEWS)
def publication(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    review = selectors.get_review_for_member(user, pk)
    form = PublicationForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.publication_record(
            actor=user,
            review=review,
            published_on=data["published_on"],
            kind=PublicationKind(data["kind"]),
            summary_reason=data["summary_reason"],
            sent_to_panel_on=data["sent_to_panel_on"],
            sent_to_secretary_of_state_on=data["sent_to_secretary_of_state_on"],
        )
        return _done(request, review, "Publication recorded")

    return form_page(request, form, save=save, cancel=True, **_review_page(review, "Record the published report"))


@requires(Perm.WORK_ON_REVIEWS)
def learning_new(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    review = selectors.get_review_for_member(user, pk)
    form = LearningActionForm(
        request.POST or None, groups=selectors.action_groups(review), owners=selectors.possible_owners(review)
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        services.learning_action_add(
            actor=user,
            review=review,
            group=data["group"],
            finding=data["finding"],
            description=data["description"],
            owner=data["owner"],
            due_on=data["due_on"],
        )
        return _done(request, review, "Learning action added to the group's action log")

    return form_page(request, form, save=save, cancel=True, **_review_page(review, "Add a learning action"))


@requires(Perm.WORK_ON_REVIEWS)
def learning_complete(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    learning = selectors.get_learning_for_member(user, pk)
    form = CompleteForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.learning_action_complete(actor=user, learning=learning, evidence=data["evidence"])
        return _done(request, learning.review, "Learning action completed")

    return form_page(
        request,
        form,
        save=save,
        cancel=True,
        intro=learning.action.description,
        **_review_page(learning.review, "Complete the learning action"),
    )


@requires(Perm.WORK_ON_REVIEWS)
def learning_impact(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    learning = selectors.get_learning_for_member(user, pk)
    form = ImpactForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.learning_impact_record(
            actor=user, learning=learning, checked_on=data["checked_on"], impact=data["impact"]
        )
        return _done(request, learning.review, "Check of impact recorded")

    return form_page(
        request,
        form,
        save=save,
        cancel=True,
        intro=learning.action.description,
        **_review_page(learning.review, "Record the check of impact"),
    )


@requires(Perm.WORK_ON_REVIEWS)
def briefing_new(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    review = selectors.get_review_for_member(user, pk)
    form = BriefingForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.briefing_publish(
            actor=user, review=review, title=data["title"], summary=data["summary"], published_on=data["published_on"]
        )
        return _done(request, review, "Learning briefing recorded")

    return form_page(request, form, save=save, cancel=True, **_review_page(review, "Record a learning briefing"))


@requires(Perm.WORK_ON_REVIEWS, write=True)
def close(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    review = selectors.get_review_for_member(user, pk)
    return act(
        request,
        lambda: services.review_close(actor=user, review=review),
        done="Review closed",
        redirect_to=reverse("reviews:detail", args=[review.pk]),
    )
