from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.core import ratelimit
from safeguard.core.exports import DOCX, download
from safeguard.core.pages import act, form_page, form_status, submitted
from safeguard.governance import selectors, services
from safeguard.governance.forms import (
    ActionForm,
    ActionUpdateForm,
    AgendaItemForm,
    AttendanceForm,
    ComposeForm,
    DecisionForm,
    HeadlineForm,
    IssueForm,
    MeetingForm,
    MinutesForm,
    SectionForm,
    SignUpForm,
    TermsForm,
)
from safeguard.governance.models import (
    ActionItem,
    ActionStatus,
    AttendanceStatus,
    BulletinIssue,
    Meeting,
    MeetingCycle,
)
from safeguard.governance.rules import next_meeting_due
from safeguard.governance.tasks import send_confirmation
from safeguard.governance.tokens import confirmation_from_token, subscriber_from_token
from safeguard.governance.word import board_pack_docx, bulletin_docx
from safeguard.partnership.access import AuthedRequest, public, requires, signed_in, user_of, verified_user_of
from safeguard.partnership.models import User
from safeguard.partnership.roles import Perm
from safeguard.partnership.selectors import active_agencies, active_users, get_partnership_by_slug, group_members


def _agencies(user: User) -> Any:
    assert user.agency is not None  # every governance permission needs an agency
    return active_agencies(user.agency.partnership_id)


# Groups and meetings


@requires(Perm.VIEW_GOVERNANCE)
def index(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    now = timezone.now()
    meetings = selectors.meetings_for_user(user)
    groups = selectors.groups_for_user(user)
    return render(
        request,
        "governance/index.html",
        {
            "page_title": "Boards and groups",
            "groups": groups,
            "terms_overdue": selectors.groups_with_terms_overdue(groups),
            "upcoming": selectors.upcoming_meetings(meetings, now=now),
            "recent": selectors.recent_meetings(meetings, now=now),
            "can_manage": user.can(Perm.MANAGE_GOVERNANCE),
        },
    )


@requires(Perm.VIEW_GOVERNANCE)
def group_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    group = selectors.get_group_for_user(user, pk)
    terms = selectors.latest_terms(group)
    actions = selectors.open_actions(selectors.group_actions_for_user(user, group))
    last_held = selectors.last_held_meeting(group)
    due = (
        next_meeting_due(cycle=terms[0].meeting_cycle, last_met=timezone.localtime(last_held.starts_at).date())
        if terms and last_held
        else None
    )
    return render(
        request,
        "governance/group.html",
        {
            "page_title": group.name,
            "group": group,
            "terms": terms[0] if terms else None,
            "terms_overdue": selectors.terms_review_overdue(terms[0] if terms else None),
            "earlier_terms": terms[1:],
            "members": group_members(group),
            "meetings": selectors.group_meetings(group),
            "next_due": due,
            "next_planned": selectors.next_meeting(group),
            "actions": _tagged(actions),
            "can_manage": user.can(Perm.MANAGE_GOVERNANCE),
        },
    )


@requires(Perm.MANAGE_GOVERNANCE)
def terms_new(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    group = selectors.get_group_for_user(user, pk)
    form = TermsForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        terms = services.terms_agree(
            actor=user,
            group=group,
            agreed_on=data["agreed_on"],
            purpose=data["purpose"],
            meeting_cycle=MeetingCycle(data["meeting_cycle"]),
            review_by=data["review_by"],
        )
        messages.success(request, f"Terms of reference version {terms.version} recorded")
        return redirect("governance:group", pk=group.pk)

    back = reverse("governance:group", kwargs={"pk": group.pk})
    return form_page(
        request, form, save=save, cancel=True, title="New terms of reference", caption=group.name, back_url=back
    )


@requires(Perm.MANAGE_GOVERNANCE)
def meeting_new(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    group = selectors.get_group_for_user(user, pk)
    form = MeetingForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        meeting = services.meeting_schedule(
            actor=user, group=group, starts_at=form.starts_at(), location=data["location"]
        )
        messages.success(request, "Meeting scheduled")
        return redirect("governance:meeting", pk=meeting.pk)

    back = reverse("governance:group", kwargs={"pk": group.pk})
    return form_page(
        request, form, save=save, cancel=True, title="Schedule a meeting", caption=group.name, back_url=back
    )


@requires(Perm.VIEW_GOVERNANCE)
def meeting_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    meeting = selectors.get_meeting_for_user(user, pk)
    items = selectors.agenda_with_reports(meeting)
    day = timezone.localtime(meeting.starts_at).date()
    return render(
        request,
        "governance/meeting.html",
        {
            "page_title": str(meeting),
            "meeting": meeting,
            "items": items,
            "overdue": _tagged(selectors.overdue_actions_for_meeting(meeting), today=day),
            "attendance": selectors.meeting_attendance(meeting),
            "decisions": meeting.decisions.all(),
            "headlines": meeting.headlines.all(),
            "actions": _tagged(selectors.meeting_actions(meeting)),
            "can_manage": user.can(Perm.MANAGE_GOVERNANCE),
        },
    )


@requires(Perm.VIEW_GOVERNANCE)
def board_pack(request: AuthedRequest, pk: int) -> HttpResponseBase:
    user = user_of(request)
    meeting = selectors.get_meeting_for_user(user, pk)
    # Someone who may see meetings but not the scorecard gets the pack without its figures.
    overview = selectors.board_overview(user)
    content = board_pack_docx(
        meeting=meeting,
        agenda=selectors.agenda_with_reports(meeting),
        overview=overview,
        overdue=selectors.overdue_actions_for_meeting(meeting),
    )
    audit_record(actor=user, action=Action.EXPORT, target=meeting, summary=f"Downloaded the board pack for {meeting}")
    day = timezone.localtime(meeting.starts_at).date()
    return download(content, filename=f"board-pack-{day:%Y-%m-%d}.docx", content_type=DOCX)


@requires(Perm.VIEW_GOVERNANCE)
def paper(request: AuthedRequest, pk: int) -> HttpResponse:
    """Papers are private files: served only here, after the same scoping as the meeting."""
    user = user_of(request)
    item = selectors.get_agenda_item_for_user(user, pk)
    if not item.paper:
        raise Http404("This item has no paper")
    audit_record(actor=user, action=Action.EXPORT, target=item, summary=f"Downloaded paper {item.paper_name}"[:500])
    response = FileResponse(item.paper.open("rb"), as_attachment=True, filename=item.paper_name or "paper")
    return cast(HttpResponse, response)  # a streaming response; the decorators only need its status


def _meeting_form_view(
    request: HttpRequest, pk: int, *, form_class: type[forms.Form]
) -> tuple[User, Meeting, forms.Form, str]:
    user = user_of(request)
    meeting = selectors.get_meeting_for_user(user, pk)
    kwargs: dict[str, Any] = {}
    if form_class in (AgendaItemForm, AttendanceForm):
        kwargs["agencies"] = _agencies(user)
    form = form_class(request.POST or None, request.FILES or None, **kwargs)
    return user, meeting, form, reverse("governance:meeting", kwargs={"pk": meeting.pk})


@requires(Perm.MANAGE_GOVERNANCE)
def agenda_new(request: AuthedRequest, pk: int) -> HttpResponse:
    user, meeting, form, back = _meeting_form_view(request, pk, form_class=AgendaItemForm)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.agenda_item_add(
            actor=user,
            meeting=meeting,
            title=data["title"],
            presenter=data["presenter"],
            presenter_agency=data["presenter_agency"],
            paper=data["paper"],
            report_url_name=data["report_url_name"],
            report_query=data["report_query"],
        )
        messages.success(request, "Agenda item added")
        return redirect(back)

    return form_page(
        request, form, save=save, cancel=True, title="Add an agenda item", caption=str(meeting), back_url=back
    )


@requires(Perm.MANAGE_GOVERNANCE)
def attendance_new(request: AuthedRequest, pk: int) -> HttpResponse:
    user, meeting, form, back = _meeting_form_view(request, pk, form_class=AttendanceForm)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.attendance_record(
            actor=user,
            meeting=meeting,
            agency=data["agency"],
            name=data["name"],
            status=AttendanceStatus(data["status"]),
        )
        messages.success(request, "Attendance recorded")
        return redirect(back)

    return form_page(
        request,
        form,
        save=save,
        cancel=True,
        title="Record attendance or apologies",
        caption=str(meeting),
        back_url=back,
    )


@requires(Perm.MANAGE_GOVERNANCE)
def minutes(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    meeting = selectors.get_meeting_for_user(user, pk)
    initial = {"minutes": meeting.minutes, "agreed_on": meeting.minutes_agreed_on}
    form = MinutesForm(request.POST or None, initial=initial)
    back = reverse("governance:meeting", kwargs={"pk": meeting.pk})

    def save(data: dict[str, Any]) -> HttpResponse:
        services.minutes_record(actor=user, meeting=meeting, minutes=data["minutes"], agreed_on=data["agreed_on"])
        messages.success(request, "Minutes saved")
        return redirect(back)

    return form_page(request, form, save=save, cancel=True, title="Minutes", caption=str(meeting), back_url=back)


@requires(Perm.MANAGE_GOVERNANCE)
def decision_new(request: AuthedRequest, pk: int) -> HttpResponse:
    user, meeting, form, back = _meeting_form_view(request, pk, form_class=DecisionForm)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.decision_record(actor=user, meeting=meeting, text=data["text"])
        messages.success(request, "Decision recorded")
        return redirect(back)

    return form_page(
        request, form, save=save, cancel=True, title="Record a decision", caption=str(meeting), back_url=back
    )


@requires(Perm.MANAGE_GOVERNANCE)
def headline_new(request: AuthedRequest, pk: int) -> HttpResponse:
    user, meeting, form, back = _meeting_form_view(request, pk, form_class=HeadlineForm)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.headline_agree(actor=user, meeting=meeting, title=data["title"], text=data["text"])
        messages.success(request, "Headline agreed for publication")
        return redirect(back)

    return form_page(
        request,
        form,
        save=save,
        cancel=True,
        title="Agree a headline for publication",
        caption=str(meeting),
        back_url=back,
    )


# The action log


def _tagged(actions: Any, *, today: Any = None) -> list[tuple[ActionItem, str, str]]:
    return [(a, *selectors.action_status_tag(a, today=today)) for a in actions]


ACTION_FILTERS = {"open": "Open actions", "overdue": "Overdue actions", "mine": "My actions", "all": "All actions"}


@requires(Perm.VIEW_GOVERNANCE)
def action_log(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    show = request.GET.get("show", "open")
    if show not in ACTION_FILTERS:
        show = "open"
    actions = selectors.actions_for_user(user)
    chosen: Any
    if show == "overdue":
        chosen = selectors.overdue(actions)
    elif show == "mine":
        chosen = selectors.actions_owned_by(actions, user)
    elif show == "open":
        chosen = selectors.open_actions(actions)
    else:
        chosen = actions
    return render(
        request,
        "governance/actions.html",
        {
            "page_title": ACTION_FILTERS[show],
            "show": show,
            "filters": ACTION_FILTERS,
            "actions": _tagged(chosen),
            "can_manage": user.can(Perm.MANAGE_GOVERNANCE),
        },
    )


@requires(Perm.MANAGE_GOVERNANCE)
def action_new(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    groups = selectors.groups_for_user(user)
    assert user.agency is not None
    owners = active_users(user.agency.partnership_id)
    initial = {"group": request.GET.get("group")} if request.GET.get("group", "").isdigit() else {}
    form = ActionForm(request.POST or None, groups=groups, owners=owners, initial=initial)

    def save(data: dict[str, Any]) -> HttpResponse:
        action = services.action_create(
            actor=user, group=data["group"], description=data["description"], owner=data["owner"], due_on=data["due_on"]
        )
        messages.success(request, "Action added to the log")
        return redirect("governance:action", pk=action.pk)

    return form_page(
        request, form, save=save, cancel=True, title="Add an action", back_url=reverse("governance:actions")
    )


def _may_update(user: User, action: ActionItem) -> bool:
    return user.can(Perm.MANAGE_GOVERNANCE) or action.owner_id == user.pk


@requires(Perm.VIEW_GOVERNANCE)
def action_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    action = selectors.get_action_for_user(user, pk)
    return _action_page(request, user, action, ActionUpdateForm(initial={"status": action.status}))


def _action_page(
    request: HttpRequest, user: User, action: ActionItem, form: ActionUpdateForm, status: int = 200
) -> HttpResponse:
    label, code = selectors.action_status_tag(action)
    return render(
        request,
        "governance/action.html",
        {
            "page_title": "Action",
            "action": action,
            "tag": label,
            "tag_code": code,
            "updates": selectors.action_updates(action),
            "form": form,
            "can_update": _may_update(user, action) and not user.is_read_only,
        },
        status=status,
    )


@requires(Perm.VIEW_GOVERNANCE, write=True)
def action_update(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    action = selectors.get_action_for_user(user, pk)
    if not _may_update(user, action):
        raise PermissionDenied("Only the action's owner or the business unit can update it.")
    form = ActionUpdateForm(request.POST)
    if not form.is_valid():
        return _action_page(request, user, action, form, status=400)
    services.action_update(
        actor=user, action=action, text=form.cleaned_data["text"], status=ActionStatus(form.cleaned_data["status"])
    )
    messages.success(request, "Update added")
    return redirect("governance:action", pk=action.pk)


# Composing the bulletin


@requires(Perm.MANAGE_GOVERNANCE)
def bulletins_manage(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    return render(
        request,
        "governance/bulletins_manage.html",
        {
            "page_title": "Bulletins",
            "issues": selectors.issues_for_manager(user),
            "form": ComposeForm(boards=selectors.boards_for_manager(user)),
            "subscribers": selectors.subscriber_count(user),
        },
    )


@requires(Perm.MANAGE_GOVERNANCE, write=True)
def bulletin_compose(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    form = ComposeForm(request.POST, boards=selectors.boards_for_manager(user))
    assert user.agency is not None
    partnership = user.agency.partnership
    issue = submitted(
        request, form, lambda data: services.bulletin_compose(actor=user, partnership=partnership, board=data["board"])
    )
    if issue is not None:
        messages.success(request, f"Issue {issue.number} drafted from the board's headlines")
        return redirect("governance:bulletin_edit", pk=issue.pk)
    return render(
        request,
        "governance/bulletins_manage.html",
        {
            "page_title": "Bulletins",
            "issues": selectors.issues_for_manager(user),
            "form": form,
            "subscribers": selectors.subscriber_count(user),
        },
        status=400,
    )


@requires(Perm.MANAGE_GOVERNANCE)
def bulletin_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    issue = selectors.get_issue_for_manager(user, pk)
    initial = {
        "issue_date": issue.issue_date,
        "introduction": issue.introduction,
        "chair_name": issue.chair_name,
        "contact_text": issue.contact_text,
    }
    form = IssueForm(request.POST or None, initial=initial)
    if submitted(request, form, lambda data: services.bulletin_update(actor=user, issue=issue, **data)):
        messages.success(request, "Issue details saved")
        return redirect("governance:bulletin_edit", pk=issue.pk)
    return render(
        request,
        "governance/bulletin_edit.html",
        {"page_title": f"Issue {issue.number}", "issue": issue, "form": form, "sections": issue.sections.all()},
        status=form_status(form),
    )


@requires(Perm.MANAGE_GOVERNANCE)
def section_edit(request: AuthedRequest, pk: int, section: int = 0) -> HttpResponse:
    user = user_of(request)
    issue = selectors.get_issue_for_manager(user, pk)
    existing = selectors.get_section_for_manager(user, issue, section) if section else None
    back = reverse("governance:bulletin_edit", kwargs={"pk": issue.pk})
    if request.method == "POST" and existing is not None and "delete" in request.POST:
        return act(
            request, lambda: services.bulletin_section_delete(actor=user, section=existing), done="", redirect_to=back
        )
    next_order = selectors.next_section_order(issue)
    initial = (
        {"heading": existing.heading, "body": existing.body, "order": existing.order}
        if existing
        else {"order": next_order}
    )
    form = SectionForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.bulletin_section_save(actor=user, issue=issue, section=existing, **data)
        messages.success(request, "Section saved")
        return redirect(back)

    title = "Change section" if existing else "Add a section"
    return form_page(
        request,
        form,
        save=save,
        cancel=True,
        title=title,
        caption=f"Bulletin issue {issue.number}",
        back_url=back,
        delete_label="Remove section" if existing else "",
    )


def _issue_context(issue: BulletinIssue) -> dict[str, Any]:
    return {
        "issue": issue,
        "sections": issue.sections.all(),
        "met_on": timezone.localtime(issue.meeting.starts_at).date() if issue.meeting else None,
        "page_title": f"{issue.board.name} bulletin, issue {issue.number}",
    }


@requires(Perm.MANAGE_GOVERNANCE)
def bulletin_preview(request: AuthedRequest, pk: int) -> HttpResponse:
    issue = selectors.get_issue_for_manager(user_of(request), pk)
    return render(request, "governance/bulletin_preview.html", _issue_context(issue))


@requires(Perm.MANAGE_GOVERNANCE, write=True)
def bulletin_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    issue = selectors.get_issue_for_manager(user, pk)
    return act(
        request,
        lambda: services.bulletin_publish(actor=user, issue=issue),
        done=f"Issue {issue.number} published and sent to subscribers",
        redirect_to=reverse("governance:bulletin", args=[issue.partnership.slug, issue.number]),
        refused_to=reverse("governance:bulletin_preview", args=[issue.pk]),
    )


# The public bulletin


@public
def bulletin_partnerships(request: HttpRequest) -> HttpResponse:
    partnerships = selectors.partnerships_with_bulletins()
    return render(
        request, "governance/public/partnerships.html", {"page_title": "Bulletins", "partnerships": partnerships}
    )


@public
def bulletin_archive(request: HttpRequest, partnership: str) -> HttpResponse:
    found = get_partnership_by_slug(partnership)
    return render(
        request,
        "governance/public/archive.html",
        {
            "page_title": f"{found.name} bulletins",
            "partnership": found,
            "issues": selectors.published_issues(found),
        },
    )


@public
def bulletin(request: HttpRequest, partnership: str, number: int) -> HttpResponse:
    found = get_partnership_by_slug(partnership)
    issue = selectors.get_public_issue(verified_user_of(request), partnership=found, number=number)
    return render(request, "governance/public/issue.html", _issue_context(issue))


@public
def bulletin_word(request: HttpRequest, partnership: str, number: int) -> HttpResponseBase:
    found = get_partnership_by_slug(partnership)
    issue = selectors.get_public_issue(verified_user_of(request), partnership=found, number=number)
    return download(
        bulletin_docx(issue), filename=f"bulletin-{found.slug}-issue-{issue.number}.docx", content_type=DOCX
    )


# One-click unsubscribe (RFC 8058): mail clients POST without a session or CSRF token; the signed
# token is the proof. A GET only shows the button, so link scanners cannot unsubscribe anyone.
@public
@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = subscriber_from_token(token)
    if subscriber is None:
        return render(
            request,
            "governance/public/unsubscribe.html",
            {"page_title": "Link not recognised", "invalid": True},
            status=400,
        )
    done = request.method == "POST"
    if done:
        services.unsubscribe(subscriber=subscriber)
    return render(
        request,
        "governance/public/unsubscribe.html",
        {
            "page_title": "You have unsubscribed" if done else "Unsubscribe from the bulletin",
            "subscriber": subscriber,
            "done": done or not subscriber.is_active,
        },
    )


@signed_in
def subscription(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    current = selectors.subscription_of(user)
    if request.method == "POST" and user.is_read_only:
        raise PermissionDenied("Your role can read but not change records.")
    if request.method == "POST" and user.agency is not None and user.email:
        if current is not None and current.is_active:
            services.unsubscribe(subscriber=current, actor=user)
            messages.success(request, "You will no longer receive the bulletin")
        else:
            services.subscribe(actor=user, partnership=user.agency.partnership, email=user.email)
            messages.success(request, f"The bulletin will be emailed to {user.email}")
        return redirect("governance:subscription")
    return render(
        request,
        "governance/subscription.html",
        {"page_title": "Bulletin emails", "subscriber": current, "has_email": bool(user.email and user.agency)},
    )


@public
def sign_up(request: HttpRequest, partnership: str) -> HttpResponse:
    """Anyone may ask for the bulletin; the address is only added once its owner confirms by email."""
    found = get_partnership_by_slug(partnership)
    form = SignUpForm(request.POST or None)
    sent = False
    status = 200
    if request.method == "POST" and not ratelimit.allow(
        f"bulletin-sign-up:{ratelimit.client_address(request)}",
        limit=settings.SAFEGUARD_SIGN_UPS_PER_HOUR,
        window_seconds=3600,
    ):
        form.add_error(None, "There have been too many sign-ups from your network. Try again in an hour.")
        status = 429
    elif request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        # One address gets a few confirmation emails a day at most, so the form cannot
        # be used to flood someone's inbox. The page looks the same either way, so it
        # says nothing about which addresses were tried before.
        if ratelimit.allow(f"bulletin-confirm:{email}", limit=3, window_seconds=86400):
            send_confirmation.enqueue(found.pk, email)
        sent = True
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "governance/public/sign_up.html",
        {"page_title": "Get the bulletin by email", "partnership": found, "form": form, "sent": sent},
        status=status,
    )


@public
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    found = confirmation_from_token(token)
    partnership = selectors.partnership_or_none(found[0]) if found else None
    if found is None or partnership is None:
        return render(
            request,
            "governance/public/confirm.html",
            {"page_title": "Link not recognised", "invalid": True},
            status=400,
        )
    done = request.method == "POST"
    if done:
        services.subscribe(actor=None, partnership=partnership, email=found[1])
    return render(
        request,
        "governance/public/confirm.html",
        {
            "page_title": "You are subscribed" if done else "Confirm your subscription",
            "email": found[1],
            "partnership": partnership,
            "done": done,
        },
    )
