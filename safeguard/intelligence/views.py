from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_form_opened, audit_record, audit_viewed
from safeguard.core.charts import Bar, Svg, bar_chart
from safeguard.core.exports import XLSX, download
from safeguard.core.listing import list_page
from safeguard.core.pages import act, form_status, search_data, submitted
from safeguard.core.paging import paginate
from safeguard.intelligence import exports, selectors, services
from safeguard.intelligence.forms import (
    AccountForm,
    AdditionForm,
    AssessmentForm,
    DescribedPersonForm,
    LinkPersonForm,
    PhoneForm,
    PlaceForm,
    ReleaseForm,
    SubmissionForm,
    ThemesPeriodForm,
    VehicleForm,
)
from safeguard.intelligence.models import (
    EntityKind,
    Handling,
    InformationGrade,
    Outcome,
    PersonRole,
    Platform,
    Release,
    SourceGrade,
    Submission,
    entity_label,
)
from safeguard.partnership.access import AuthedRequest, requires, user_of
from safeguard.partnership.models import User
from safeguard.partnership.roles import Perm
from safeguard.people.forms import PersonFindForm
from safeguard.people.selectors import get_person_for_user
from safeguard.people.services import person_search_recorded

# Each "add" form on a submission page, by the kind in its URL.
ENTITY_FORMS: dict[str, type[forms.Form]] = {
    "person": LinkPersonForm,
    "described": DescribedPersonForm,
    "vehicle": VehicleForm,
    "phone": PhoneForm,
    "account": AccountForm,
    "place": PlaceForm,
}


def _audit_open(request: HttpRequest, user: User, submission: Submission, summary: str) -> None:
    """One event for each person from the index the submission names, so a person's history shows who read it."""
    named: list[int | None] = [*selectors.linked_person_ids(submission)]
    for person_id in named or [None]:
        audit_viewed(request, actor=user, target=submission, person_id=person_id, summary=summary)


@requires(Perm.SUBMIT_INTELLIGENCE, personal_data=True)
def mine(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    submissions = selectors.submissions_for_submitter(user)
    return render(
        request,
        "intelligence/mine.html",
        {
            "submissions": submissions,
            "page_title": "Soft intelligence",
            "is_grader": selectors.is_grader(user),
            "can_analyse": selectors.can_analyse(user),
        },
    )


@requires(Perm.SUBMIT_INTELLIGENCE, personal_data=True)
def create(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    form = SubmissionForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        submission = services.submission_create(actor=user, data=form.submission_input())
        messages.success(request, f"Draft saved: your reference is {submission.reference}")
        return redirect("intelligence:detail", pk=submission.pk)

    done = submitted(request, form, save)
    if done is not None:
        return done
    return render(request, "intelligence/form.html", {"form": form, "page_title": "Share soft intelligence"})


@requires(Perm.SUBMIT_INTELLIGENCE, personal_data=True)
def edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    submission = selectors.get_submission_for_submitter(user, pk)
    if not submission.is_draft:
        messages.info(request, "This has been submitted and cannot be changed: add to it instead")
        return redirect("intelligence:detail", pk=pk)
    place = selectors.primary_place(submission)
    initial = {
        "about": submission.about,
        "categories": [c.category for c in submission.categories.all()],
        "what_happened": submission.what_happened,
        "occurred_on": submission.occurred_on,
        "occurred_time": submission.occurred_time.strftime("%H:%M") if submission.occurred_time else "",
        "place": place.value if place else "",
        "postcode": place.postcode if place else "",
        "how_known": submission.how_known,
        "how_known_detail": submission.how_known_detail,
        "subject_aware": submission.subject_aware,
    }
    form = SubmissionForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.submission_update(actor=user, submission=submission, data=form.submission_input())
        messages.success(request, "Draft saved")
        return redirect("intelligence:detail", pk=pk)

    done = submitted(request, form, save)
    if done is not None:
        return done
    audit_form_opened(
        request, actor=user, target=submission, person_id=None, what="their draft intelligence to change it"
    )
    return render(
        request,
        "intelligence/form.html",
        {"form": form, "submission": submission, "page_title": f"Change {submission.reference}"},
    )


def _detail_context(
    request: HttpRequest, user: User, submission: Submission, bound: dict[str, forms.Form] | None = None
) -> dict[str, Any]:
    bound = bound or {}
    find_form = PersonFindForm(search_data(request), prefix="find")
    matches = None
    if "find-name" in request.POST and find_form.is_valid():
        found = person_search_recorded(
            request,
            actor=user,
            name=find_form.cleaned_data["name"],
            date_of_birth=find_form.cleaned_data["date_of_birth"],
            purpose=f"people to link to {submission.reference}",
            limit=10,
        )
        matches = [m.person for m in found]
    entities = list(submission.entities.all())
    return {
        "submission": submission,
        "categories": [c.get_category_display() for c in submission.categories.all()],
        "entities": [(e, entity_label(e), None) for e in entities],
        "additions": selectors.submission_additions(submission),
        "find_form": find_form,
        "matches": matches,
        "role_choices": PersonRole.choices,
        "forms": {kind: bound.get(kind) or cls(prefix=kind) for kind, cls in ENTITY_FORMS.items()},
        "addition_form": bound.get("addition") or AdditionForm(),
        "bound_form": next(iter(bound.values()), None),
        "page_title": submission.reference,
    }


@requires(Perm.SUBMIT_INTELLIGENCE, personal_data=True, search=True)
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    submission = selectors.get_submission_for_submitter(user, pk)
    _audit_open(request, user, submission, f"Opened own submission {submission.reference}")
    return render(request, "intelligence/detail.html", _detail_context(request, user, submission))


@requires(Perm.SUBMIT_INTELLIGENCE, personal_data=True, write=True)
def entity_add(request: AuthedRequest, pk: int, kind: str) -> HttpResponse:
    user = user_of(request)
    submission = selectors.get_submission_for_submitter(user, pk)
    form_class = ENTITY_FORMS.get(kind)
    if form_class is None:
        raise Http404("No such detail")
    form = form_class(request.POST, prefix=kind)

    def save(data: dict[str, Any]) -> HttpResponse:
        if kind == "person":
            # Only someone the submitter may see in the index can be linked.
            person = get_person_for_user(user, data["person"])
            services.entity_add(
                actor=user,
                submission=submission,
                kind=EntityKind.PERSON,
                person=person,
                role=PersonRole(data["role"]),
            )
        elif kind == "described":
            services.entity_add(
                actor=user,
                submission=submission,
                kind=EntityKind.PERSON,
                detail=data["detail"],
                role=PersonRole(data["role"]),
            )
        else:
            services.entity_add(
                actor=user,
                submission=submission,
                kind=EntityKind(kind),
                value=data.get("value", ""),
                detail=data.get("detail", ""),
                platform=Platform(data["platform"]) if data.get("platform") else "",
                postcode=data.get("postcode", ""),
            )
        messages.success(request, f"Added to {submission.reference}")
        return redirect("intelligence:detail", pk=pk)

    done = submitted(request, form, save)
    if done is not None:
        return done
    _audit_open(request, user, submission, f"Shown own submission {submission.reference} again with errors")
    context = _detail_context(request, user, submission, {kind: form})
    return render(request, "intelligence/detail.html", context, status=400)


@requires(Perm.SUBMIT_INTELLIGENCE, personal_data=True, write=True)
def entity_remove(request: AuthedRequest, pk: int, entity_pk: int) -> HttpResponse:
    user = user_of(request)
    submission = selectors.get_submission_for_submitter(user, pk)
    entity = selectors.submission_entity(submission, entity_pk)
    if entity is None:
        raise Http404("No such detail")
    return act(
        request,
        lambda: services.entity_remove(actor=user, entity=entity),
        done="Removed",
        redirect_to=reverse("intelligence:detail", args=[pk]),
    )


@requires(Perm.SUBMIT_INTELLIGENCE, personal_data=True, write=True)
def submit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    submission = selectors.get_submission_for_submitter(user, pk)
    return act(
        request,
        lambda: services.submission_submit(actor=user, submission=submission),
        done=f"{submission.reference} has been sent to the police intelligence team",
        redirect_to=reverse("intelligence:detail", args=[pk]),
    )


@requires(Perm.SUBMIT_INTELLIGENCE, personal_data=True, write=True)
def addition_add(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    submission = selectors.get_submission_for_submitter(user, pk)
    form = AdditionForm(request.POST)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.addition_add(actor=user, submission=submission, text=form.cleaned_data["text"])
        messages.success(request, f"Added to {submission.reference}")
        return redirect("intelligence:detail", pk=pk)

    done = submitted(request, form, save)
    if done is not None:
        return done
    _audit_open(request, user, submission, f"Shown own submission {submission.reference} again with errors")
    context = _detail_context(request, user, submission, {"addition": form})
    return render(request, "intelligence/detail.html", context, status=400)


@requires(Perm.GRADE_INTELLIGENCE, personal_data=True)
def queue(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    show_all = request.GET.get("show") == "all"
    items = selectors.queue_for_user(user)
    if not show_all:
        items = selectors.waiting_for_grading(items)
    # Paged: a county's queue after a busy week runs to thousands, and one page of all of them took seconds.
    paged = paginate(request, items)
    return list_page(
        request,
        "intelligence/queue.html",
        found=paged,
        object_type="intelligence.submission",
        summary="Viewed the intelligence queue",
        context={
            "items": paged,
            "show_all": show_all,
            "is_grader": selectors.is_grader(user),
            "page_title": "Intelligence queue",
        },
    )


@requires(Perm.GRADE_INTELLIGENCE, personal_data=True)
def review(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    submission = selectors.get_queue_item_for_user(user, pk)
    form = AssessmentForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.assessment_record(
            actor=user,
            submission=submission,
            source_grade=SourceGrade(data["source_grade"]),
            information_grade=InformationGrade(data["information_grade"]),
            handling=Handling(data["handling"]),
            handling_conditions=data["handling_conditions"],
            sanitised_summary=data["sanitised_summary"],
            outcome=Outcome(data["outcome"]),
            outcome_detail=data["outcome_detail"],
        )
        messages.success(request, f"{submission.reference} graded")
        return redirect("intelligence:queue")

    done = submitted(request, form, save)
    if done is not None:
        return done
    _audit_open(request, user, submission, f"Opened {submission.reference} to grade")
    return _render_review(request, user, submission, form=form, release_form=ReleaseForm())


@requires(Perm.GRADE_INTELLIGENCE, personal_data=True, write=True)
def release(request: AuthedRequest, pk: int) -> HttpResponse:
    """The police decide whether the submission goes into subject access bundles (``services.release_decide``)."""
    user = user_of(request)
    submission = selectors.get_queue_item_for_user(user, pk)
    release_form = ReleaseForm(request.POST)
    decided = submitted(
        request,
        release_form,
        lambda data: services.release_decide(
            actor=user, submission=submission, decision=Release(data["decision"]), reason=data["reason"]
        ),
    )
    if decided is not None:
        verb = "released in" if decided.decision == Release.RELEASE else "withheld from"
        messages.success(request, f"{submission.reference} is {verb} subject access bundles")
        return redirect("intelligence:review", pk=pk)
    _audit_open(request, user, submission, f"Shown {submission.reference} again with errors")
    return _render_review(request, user, submission, form=AssessmentForm(), release_form=release_form)


def _render_review(
    request: HttpRequest, user: User, submission: Submission, *, form: forms.Form, release_form: forms.Form
) -> HttpResponse:
    entities = list(submission.entities.all())
    visible_people = selectors.people_visible_among(user, entities)
    return render(
        request,
        "intelligence/review.html",
        {
            "submission": submission,
            "categories": [c.get_category_display() for c in submission.categories.all()],
            "entities": [
                (
                    e,
                    entity_label(e),
                    int(e.person_ref) if e.person_ref and int(e.person_ref) in visible_people else None,
                )
                for e in entities
            ],
            "additions": selectors.submission_additions(submission),
            "assessments": selectors.submission_assessments(submission),
            "release_decisions": selectors.submission_release_decisions(submission),
            "connections": selectors.connected_submissions(user, submission),
            "form": form,
            "release_form": release_form,
            "page_title": f"Grade {submission.reference}",
        },
        status=400 if any(f.is_bound and f.errors for f in (form, release_form)) else 200,
    )


@requires(Perm.ANALYSE_INTELLIGENCE, personal_data=True, search=True)
def network(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    allowed = selectors.can_analyse(user)
    clusters = selectors.network_for_user(user) if allowed else []
    find_form = PersonFindForm(search_data(request), prefix="find")
    matches = None
    if allowed:
        audit_viewed(
            request, actor=user, object_type="intelligence.submission", summary="Viewed the intelligence network"
        )
        if "find-name" in request.POST and find_form.is_valid():
            data = find_form.cleaned_data
            found = person_search_recorded(
                request,
                actor=user,
                name=data["name"],
                date_of_birth=data["date_of_birth"],
                purpose="people for their intelligence network",
            )
            matches = [m.person for m in found]
    return render(
        request,
        "intelligence/network.html",
        {
            "allowed": allowed,
            "clusters": clusters,
            "find_form": find_form,
            "matches": matches,
            "summaries": selectors.sanitised_summaries([s for c in clusters for s in c.submissions]),
            "is_grader": selectors.is_grader(user),
            "withheld": selectors.withheld_count(user) if allowed else 0,
            "page_title": "Intelligence network",
        },
    )


@requires(Perm.ANALYSE_INTELLIGENCE, personal_data=True)
def person_network(request: AuthedRequest, person_pk: int) -> HttpResponse:
    user = user_of(request)
    person = get_person_for_user(user, person_pk)
    if not selectors.can_analyse(user):
        raise Http404("Not found")
    result = selectors.person_network(user, person)
    audit_viewed(
        request,
        actor=user,
        object_type=selectors.NETWORK_OBJECT_TYPE,
        object_id=person.pk,
        person_id=person.pk,
        summary="Viewed intelligence linked to this person",
    )
    shown = result.submissions + [c.submission for c in result.connected]
    return render(
        request,
        "intelligence/person_network.html",
        {
            "person": person,
            "result": result,
            "summaries": selectors.sanitised_summaries(shown),
            "is_grader": selectors.is_grader(user),
            "page_title": f"Intelligence linked to {person.full_name}",
        },
    )


def _themes_request(request: HttpRequest) -> tuple[ThemesPeriodForm, dt.date, dt.date]:
    today = timezone.localdate()
    start = selectors.finished_quarters(today, count=1)[0]
    form = ThemesPeriodForm(request.GET or None, today=today, initial={"quarter": f"{start:%Y-%m}"})
    if request.GET and form.is_valid():
        return form, form.cleaned_data["period_start"], form.cleaned_data["period_end"]
    return form, start, selectors.quarter_end(start)


def _theme_chart(title: str, cells: list[selectors.ThemeCell]) -> Svg:
    """A bar per cell; a withheld count gets no bar, only its words."""
    bars = [Bar(cell.label, None if cell.suppressed else cell.count, cell.shown) for cell in cells]
    return bar_chart(title, bars, width=800, label_width=260)


@requires(Perm.VIEW_THEMES, personal_data=False)
def themes(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    assert user.agency is not None
    form, start, end = _themes_request(request)
    result = selectors.themes_for_partnership(partnership=user.agency.partnership, period_start=start, period_end=end)
    return render(
        request,
        "intelligence/themes.html",
        {
            "form": form,
            "themes": result,
            "charts": [
                (title, _theme_chart(title, cells), cells)
                for title, cells in (
                    ("Submissions by kind of concern", result.by_category),
                    ("Submissions by month", result.by_month),
                    ("Submissions by postcode district", result.by_district),
                    ("Submissions by agency", result.by_agency),
                )
            ],
            "export_query": request.GET.urlencode(),
            "suppressed_text": selectors.SUPPRESSED_TEXT,
            "page_title": "Exploitation themes",
        },
        status=form_status(form),
    )


@requires(Perm.VIEW_THEMES, personal_data=False)
def themes_export(request: AuthedRequest) -> HttpResponseBase:
    user = user_of(request)
    assert user.agency is not None
    form, start, end = _themes_request(request)
    if form.is_bound and form.errors:
        return redirect("intelligence:themes")
    result = selectors.themes_for_partnership(partnership=user.agency.partnership, period_start=start, period_end=end)
    audit_record(
        actor=user,
        action=Action.EXPORT,
        object_type="intelligence.submission",
        summary=f"Exported intelligence themes {start} to {end} (no names)",
        request=request,
    )
    return download(
        exports.themes_workbook(result, partnership_name=user.agency.partnership.name),
        filename=f"intelligence-themes-{start}-{end}.xlsx",
        content_type=XLSX,
    )
