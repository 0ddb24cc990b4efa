from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record, audit_viewed
from safeguard.core.charts import line_chart
from safeguard.core.exports import XLSX, download
from safeguard.core.pages import form_page, form_status, submitted
from safeguard.core.paging import filters_querystring, paginate
from safeguard.datawash.models import CohortChild
from safeguard.partnership.access import AuthedRequest, requires, user_of
from safeguard.partnership.models import Partnership, User
from safeguard.partnership.roles import Perm
from safeguard.visits import selectors, services
from safeguard.visits.exports import visits_workbook
from safeguard.visits.forms import CampaignCloseForm, CampaignRunForm, CampaignStartForm, OutcomeForm, PlanForm
from safeguard.visits.models import SIGHTING_OUTCOMES, JointVisit, Outcome, VisitStatus


def _partnership(user: User) -> Partnership:
    assert user.agency is not None
    return user.agency.partnership


@requires(Perm.VIEW_CAMPAIGN_TOTALS)
def dashboard(request: AuthedRequest) -> HttpResponse:
    """Aggregate numbers only: board members see this page and never a name."""
    user = user_of(request)
    partnership = _partnership(user)
    totals = selectors.campaign_totals(partnership=partnership)
    campaign = totals.campaign
    is_lead = selectors.is_campaign_lead(user, campaign)
    chart = line_chart(
        "Children still not seen (red line) and taken off the campaign without being seen (grey dashed line), over time",
        [(f"{p.day:%d %b %Y}", p.not_seen) for p in totals.burn_down],
        second=[p.off_campaign for p in totals.burn_down],
    )
    return render(
        request,
        "visits/dashboard.html",
        {
            "totals": totals,
            "chart": chart,
            "may_see_names": selectors.may_see_names(user),
            "can_plan": user.can(Perm.PLAN_VISITS),
            "history": selectors.campaign_history(campaign) if campaign else [],
            "can_start": campaign is None and selectors.leads_a_group(user),
            "can_close": campaign is not None and is_lead,
            "closed_campaigns": selectors.closed_campaigns(partnership=partnership),
            "newer_runs": selectors.runs_to_update_from(campaign) if campaign and is_lead else [],
            "page_title": "Unseen children campaign",
        },
    )


@requires(Perm.VIEW_CAMPAIGN_TOTALS)
def campaign_start(request: AuthedRequest) -> HttpResponse:
    """A named lead starts the campaign from a run they choose (counts only: no names on this page)."""
    user = user_of(request)
    partnership = _partnership(user)
    groups = selectors.groups_led_by(user)
    if selectors.campaign_for(partnership=partnership) is not None:
        messages.info(request, "The campaign has already been started: its lead can update it from a newer run")
        return redirect("visits:dashboard")
    if not selectors.leads_a_group(user):
        messages.info(request, "Only a named lead of a group can start the campaign")
        return redirect("visits:dashboard")
    form = CampaignStartForm(
        request.POST if request.method == "POST" else None,
        runs=selectors.runs_to_start_from(partnership=partnership),
        groups=groups,
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        services.campaign_start(
            actor=user, group=form.cleaned_data["group"], run=form.chosen_run(), name=form.cleaned_data["name"]
        )
        messages.success(request, "Campaign started. Later wash runs change it only when a lead says so.")
        return redirect("visits:dashboard")

    return form_page(
        request,
        form,
        save=save,
        title="Start the unseen children campaign",
        intro="The board's figures follow the run you choose here. A later run, such as a test run or a "
        "rerun of the register, changes nothing until a lead of the group updates the campaign from it.",
        submit_label="Start the campaign",
        back_url=reverse("visits:dashboard"),
        back_label="Unseen children campaign",
    )


@requires(Perm.VIEW_CAMPAIGN_TOTALS)
def campaign_update(request: AuthedRequest) -> HttpResponse:
    """The campaign's lead moves it to a newer run; its history keeps the runs before."""
    user = user_of(request)
    campaign = selectors.campaign_for(partnership=_partnership(user))
    if campaign is None:
        return redirect("visits:campaign_start")
    if not selectors.is_campaign_lead(user, campaign):
        messages.info(request, f"Only a named lead of {campaign.group} can update the campaign")
        return redirect("visits:dashboard")
    runs = selectors.runs_to_update_from(campaign)
    if not runs:
        messages.info(request, "No newer run on the campaign's register has finished")
        return redirect("visits:dashboard")
    form = CampaignRunForm(request.POST if request.method == "POST" else None, runs=runs)

    def save(data: dict[str, Any]) -> HttpResponse:
        run = form.chosen_run()
        services.campaign_update(actor=user, campaign=campaign, run=run)
        messages.success(request, f"The campaign now works from wash run {run.pk}")
        return redirect("visits:dashboard")

    return form_page(
        request,
        form,
        save=save,
        title="Update the campaign from a newer run",
        caption=campaign.name,
        intro="The campaign's figures and list of children will follow the run you choose from today; "
        "the burn-down keeps what happened before.",
        submit_label="Update the campaign",
        back_url=reverse("visits:dashboard"),
        back_label="Unseen children campaign",
    )


@requires(Perm.VIEW_CAMPAIGN_TOTALS)
def campaign_close(request: AuthedRequest) -> HttpResponse:
    """The campaign's lead closes it with a summary; a new one can then be started."""
    user = user_of(request)
    campaign = selectors.campaign_for(partnership=_partnership(user))
    if campaign is None:
        messages.info(request, "No campaign is running")
        return redirect("visits:dashboard")
    if not selectors.is_campaign_lead(user, campaign):
        messages.info(request, f"Only a named lead of {campaign.group} can close the campaign")
        return redirect("visits:dashboard")
    form = CampaignCloseForm(request.POST if request.method == "POST" else None)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.campaign_close(actor=user, campaign=campaign, summary=form.cleaned_data["summary"])
        messages.success(request, "Campaign closed. A lead can start the next one.")
        return redirect("visits:dashboard")

    return form_page(
        request,
        form,
        save=save,
        title="Close the campaign",
        caption=campaign.name,
        intro="Its figures and history stay as they are. Once it is closed, a lead can start a new campaign "
        "from a wash run they choose.",
        submit_label="Close the campaign",
        back_url=reverse("visits:dashboard"),
        back_label="Unseen children campaign",
    )


@requires(Perm.VIEW_CAMPAIGN_TOTALS, personal_data=True)
def unseen(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    if not selectors.may_see_names(user):
        # Names are scoped like records: outside the leads and assigned officers, there is nothing here.
        raise Http404("Names are for the sub-group's leads and the officers assigned to a visit.")
    partnership = _partnership(user)
    run = selectors.campaign_run(partnership=partnership)
    if run and selectors.sees_every_name(user):
        # Paged in the database: a county's run leaves thousands unseen, and building every row took seconds.
        still = paginate(request, selectors.still_to_see(partnership=partnership, run=run))
        still.page.object_list = selectors.unseen_rows(partnership=partnership, run=run, children=list(still.page))
        rows = selectors.settled_rows(partnership=partnership, run=run)
        shown = still.total + len(rows)
    else:
        # An assigned officer's own children: as many as their visits.
        rows = selectors.unseen_list(partnership=partnership, run=run, user=user) if run else []
        still = paginate(request, [r for r in rows if not r.settled])
        shown = len(rows)
    audit_viewed(
        request,
        actor=user,
        object_type="visits.unseen",
        summary=f"Viewed the list of children not seen ({shown} children)",
    )
    return render(
        request,
        "visits/unseen.html",
        {
            "rows": still,
            "seen": [r for r in rows if r.seen],
            "off_campaign": [r for r in rows if r.off_campaign],
            "can_open_wash": user.can(Perm.RUN_WASH),
            "run": run,
            "can_plan": user.can(Perm.PLAN_VISITS),
            "page_title": "Children not seen",
        },
    )


@requires(Perm.PLAN_VISITS, personal_data=True)
def plan(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    partnership = _partnership(user)
    run = selectors.campaign_run(partnership=partnership)
    open_rows = selectors.children_to_plan(partnership=partnership, run=run) if run else []
    by_pk = {r.child.pk: r.child for r in open_rows}
    form = PlanForm(
        request.POST if request.method == "POST" else None,
        children=[(r.child.pk, _plan_label(r)) for r in open_rows],
        officers=selectors.officers_for(partnership=partnership),
        initial={"children": request.GET.getlist("child")},
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        chosen = [by_pk[int(pk)] for pk in data["children"]]
        planned = services.visits_plan(
            actor=user,
            children=chosen,
            lead_officer=data["lead_officer"],
            second_officer=data["second_officer"],
            due_date=data["due_date"],
        )
        messages.success(request, _planned_message(chosen, planned))
        return redirect("visits:unseen")

    done = submitted(request, form, save)
    if done is not None:
        return done
    # Shown first or again with errors, the page lists the children: either way it is a view.
    audit_viewed(
        request,
        actor=user,
        object_type="visits.unseen",
        summary=f"Viewed children to plan visits for ({len(open_rows)})",
    )
    return render(
        request,
        "visits/plan.html",
        {"form": form, "run": run, "page_title": "Plan joint visits"},
        status=form_status(form),
    )


def _plan_label(row: selectors.UnseenChild) -> str:
    """The child's name and date of birth (or cohort record id before indexing), and why they are offered again."""
    child = row.child
    label = child.person.full_name if child.person else child.cohort_record_id
    if child.person and child.person.date_of_birth:
        label += f", born {child.person.date_of_birth:%d %b %Y}"
    return label + (" – revisit after no access" if row.visit else "")


def _planned_message(chosen: list[CohortChild], planned: list[JointVisit]) -> str:
    not_indexed = sum(1 for child in chosen if child.person is None)
    already = len(chosen) - not_indexed - len(planned)
    return (
        f"Planned {len(planned)} joint visit{'s' if len(planned) != 1 else ''}"
        + (f"; {already} already had one planned" if already else "")
        + (f"; {not_indexed} not yet in the person index, so not planned" if not_indexed else "")
    )


@requires(Perm.RECORD_VISITS, personal_data=True)
def my_visits(request: AuthedRequest) -> HttpResponse:
    user = user_of(request)
    status = _status_filter(request)
    visits = paginate(request, selectors.visits_listed(user, status))
    audit_viewed(
        request,
        actor=user,
        object_type="visits.jointvisit",
        summary=f"Viewed joint visits ({len(visits.page)} of {visits.total}{f', status {status}' if status else ''})",
    )
    return render(
        request,
        "visits/list.html",
        {
            "visits": visits,
            "statuses": VisitStatus.choices,
            "status": status,
            "filters": filters_querystring(request.GET),
            "can_export": user.can(Perm.PLAN_VISITS),
            "page_title": "Joint visits",
        },
    )


def _status_filter(request: AuthedRequest) -> str:
    """A visit status to list (a code, never a child's details); anything unknown means every status."""
    status = request.GET.get("status", "")
    return status if status in VisitStatus.values else ""


@requires(Perm.RECORD_VISITS, personal_data=True)
def visit_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    visit = selectors.get_visit_for_user(user, pk)
    form = OutcomeForm(
        request.POST if request.method == "POST" else None, initial={"outcome_date": timezone.localdate()}
    )
    if request.method == "POST" and visit.status != VisitStatus.PLANNED:
        raise PermissionDenied("This visit's outcome is already recorded")

    def save(data: dict[str, Any]) -> HttpResponse:
        # Another officer may have recorded it between this page loading and now: theirs stands, and the
        # service's refusal is shown on the form.
        outcome = Outcome(data["outcome"])
        services.visit_record(
            actor=user,
            visit=visit,
            outcome=outcome,
            outcome_date=data["outcome_date"],
            referred_to=data["referred_to"],
            notes=data["notes"],
            confirmed_on=data["confirmed_on"],
        )
        messages.success(
            request,
            "Outcome recorded. The next wash run counts it as contact from that date."
            if outcome in SIGHTING_OUTCOMES
            else "Outcome recorded. Nobody saw the child, so it is not counted as seen"
            + (" and a revisit is needed." if outcome == Outcome.NO_ACCESS else "; the child leaves the campaign."),
        )
        return redirect("visits:visit", pk=visit.pk)

    done = submitted(request, form, save)
    if done is not None:
        return done
    audit_viewed(request, actor=user, target=visit, person_id=visit.person_id, summary="Viewed a joint visit")
    return render(
        request,
        "visits/visit.html",
        {"visit": visit, "form": form, "page_title": f"Joint visit to {visit.person.full_name}"},
        status=form_status(form),
    )


@requires(Perm.PLAN_VISITS, personal_data=True)
def export(request: AuthedRequest) -> HttpResponseBase:
    user = user_of(request)
    status = _status_filter(request)
    visits = list(selectors.visits_to_export(user, status))
    content = visits_workbook(visits)
    audit_record(
        actor=user,
        action=Action.EXPORT,
        object_type="visits.jointvisit",
        summary=f"Exported the joint visit list to Excel ({len(visits)} visits{f', status {status}' if status else ''})",
        request=request,
    )
    response = download(content, filename=f"joint-visits-{timezone.localdate():%Y-%m-%d}.xlsx", content_type=XLSX)
    response["Cache-Control"] = "no-store"
    return response
