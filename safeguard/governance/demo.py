"""Synthetic governance records for the demo: the board's July 2017 meeting and its bulletin, and a live action log.

Everything here is invented for the demo; the bulletin paraphrases the shape of a
real issue. Records are made through the services, so they are audited like any other.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from safeguard.governance import services
from safeguard.governance.models import ActionStatus, AttendanceStatus, Meeting, MeetingCycle
from safeguard.partnership.models import (
    Agency,
    AgencyKind,
    Audience,
    Group,
    GroupKind,
    GroupMembership,
    GroupRole,
    Partnership,
    User,
)
from safeguard.partnership.roles import Role
from safeguard.synth.lookups import find_agency, find_user

WEBSITE = "https://www.darlingtonsafeguardingboards.co.uk"

HEADLINES_2017 = [
    (
        "Children's services Improvement Board update",
        "Ofsted made another monitoring visit in June, this time looking at performance management and quality "
        "assurance. Early feedback is that a lot has improved: the performance scorecards are far more detailed, "
        "answer the concerns Ofsted raised before, and now need to be brought together with audit findings.\n\n"
        "The Department for Education's six-month review also took place in June. The stakeholder panel gave "
        "very positive messages, including about the strength of multi-agency training.",
    ),
    (
        "MAPPA information sharing briefing",
        "A recent serious case review in Durham found that professionals invited to Multi-Agency Public "
        "Protection Arrangements (MAPPA) meetings were not always sure what they could share. A briefing now "
        "helps practitioners judge when and what to share there. Read the briefing on the "
        f"[DSCB website]({WEBSITE}/mappa-briefing).\n\n"
        "Awareness sessions run in October and November; dates are on the "
        f"[DSCB website]({WEBSITE}/training).",
    ),
    (
        "Joint Durham and Darlington sexual exploitation task and finish group",
        "Durham and Darlington have set up a joint group whose terms of reference and membership are agreed, "
        "with members from both the children's and the adults' workforce. It is looking at how the child sexual "
        "exploitation procedures, including the soft intelligence form, could be adapted for adults at risk of "
        "exploitation. It will also raise awareness of modern slavery and write local practice guidance for "
        "staff in both areas.",
    ),
    (
        "Multi-agency workforce stability",
        "The board received an overview of workforce stability in the key agencies: NHS commissioners and "
        "providers, Durham Constabulary and Darlington Borough Council. Shortages of social workers and medical "
        "staff were given as examples. Workforce pressures are monitored elsewhere, but the board agreed it "
        "needs a clear view of where they may affect safeguarding capacity. Members welcomed the report as a "
        "good starting point: it sets out current mitigation, and agencies have active recruitment plans, "
        "including promoting Darlington as a good place to live and work.",
    ),
    (
        "Missing and unseen children",
        "Detective Superintendent Victoria Fuller of Durham Constabulary presented the work of the board's "
        "Missing, Exploited and Sexual abuse sub-group (MESA) on children missing from home and from education. "
        "Agencies have made return home interviews more timely and now share what they learn with the police "
        "for intelligence work; notifications when children are placed into or out of the area are being "
        "improved.\n\n"
        "A data wash in January 2017 found 101 children in elective home education, 57 of whom had not been "
        "seen by any service for 18 months. Joint visits have now seen most of them and will continue until "
        "every child has been seen. The board praised the MESA group's proactive work and its remarkable pace.",
    ),
]

INTRODUCTION_2017 = (
    "Welcome to the eighth bulletin from the Darlington Safeguarding Children Board. The board brings together "
    "leaders from the local authority, police, public health, the Clinical Commissioning Group, health "
    "providers, social care, housing, voluntary services and probation, who all share a duty to safeguard "
    "children and promote their welfare. It meets every two months to make sure safeguarding practice in "
    "Darlington is well coordinated and meets children's needs."
)

CONTACT_2017 = (
    "The board is supported by a joint business unit, which also supports the Darlington Safeguarding Adults "
    f"Partnership Board. For more information call the team on 01325 406452 or visit [our website]({WEBSITE})."
)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def load_demo(*, partnership: Partnership) -> None:
    # All or nothing, so a failure part-way leaves no half-told story behind.
    with transaction.atomic():
        _load(partnership)


def _load(partnership: Partnership) -> None:
    board = (
        Group.objects.filter(partnerships=partnership, kind=GroupKind.BOARD, audience=Audience.CHILDREN)
        .order_by("pk")
        .first()
    )
    admin = find_user(partnership, role=Role.PARTNERSHIP_ADMIN)
    if board is None or admin is None:
        return
    police = find_user(partnership, kind=AgencyKind.POLICE) or admin
    health = find_user(partnership, kind=AgencyKind.HEALTH_PROVIDER) or admin
    social = find_user(partnership, kind=AgencyKind.LA_CHILDREN) or admin
    chair = GroupMembership.objects.filter(group=board, role=GroupRole.CHAIR).select_related("user").first()

    # July 2017: the meeting behind bulletin 8, its actions (long since done) and the bulletin itself.
    _terms_of_reference(admin=admin, board=board)
    july = _july_meeting(partnership=partnership, admin=admin, board=board)
    _july_actions(admin=admin, board=board, july=july, police=police)
    _bulletin_8(partnership=partnership, admin=admin, board=board, chair=chair)
    # Today: a recent meeting whose headlines are ready for the next issue, and a live action log.
    today = timezone.localdate()
    recent = _recent_meeting(admin=admin, board=board, today=today)
    _live_actions(admin=admin, board=board, meeting=recent, police=police, health=health, social=social, today=today)
    _next_meeting(admin=admin, board=board, today=today)
    _subscribers(partnership=partnership)


def _terms_of_reference(*, admin: User, board: Group) -> None:
    """The board's 2016 terms of reference, and the 2017 ones that replaced them."""
    services.terms_agree(
        actor=admin,
        group=board,
        agreed_on=dt.date(2016, 4, 5),
        purpose="Coordinate what each agency does to safeguard and promote the welfare of children in Darlington.",
        meeting_cycle=MeetingCycle.BI_MONTHLY,
    )
    services.terms_agree(
        actor=admin,
        group=board,
        agreed_on=dt.date(2017, 1, 10),
        purpose=(
            "Coordinate what each agency does to safeguard and promote the welfare of children in Darlington, "
            "and make sure it is effective. Receives reports from its sub-groups, including MESA."
        ),
        meeting_cycle=MeetingCycle.BI_MONTHLY,
        review_by=dt.date(2018, 1, 10),
    )


def _july_meeting(*, partnership: Partnership, admin: User, board: Group) -> Meeting:
    """The board's 4 July 2017 meeting: agenda, attendance, headlines, a decision and agreed minutes."""
    july = services.meeting_schedule(
        actor=admin, group=board, starts_at=_at(dt.date(2017, 7, 4), 9, 30), location="Town Hall, Darlington"
    )
    police_agency = find_agency(partnership, kind=AgencyKind.POLICE)
    for title, presenter, agency in [
        ("Children's services Improvement Board update", "Director of Children's Services", None),
        ("MAPPA information sharing briefing", "Business unit manager", None),
        ("Multi-agency workforce stability", "Business unit manager", None),
        ("Missing and unseen children", "Det Supt Victoria Fuller", police_agency),
    ]:
        services.agenda_item_add(actor=admin, meeting=july, title=title, presenter=presenter, presenter_agency=agency)
    for agency in Agency.objects.filter(partnership=partnership, is_active=True).order_by("pk")[:6]:
        status = AttendanceStatus.APOLOGIES if agency.kind == AgencyKind.LA_EDUCATION else AttendanceStatus.PRESENT
        services.attendance_record(
            actor=admin, meeting=july, agency=agency, name=f"{agency.name} representative", status=status
        )
    for title, text in HEADLINES_2017:
        services.headline_agree(actor=admin, meeting=july, title=title, text=text)
    services.decision_record(
        actor=admin, meeting=july, text="Agencies to report where workforce pressures affect safeguarding capacity."
    )
    services.minutes_record(
        actor=admin,
        meeting=july,
        minutes="The board received the reports on the agenda and agreed the headlines for the bulletin.",
        agreed_on=dt.date(2017, 9, 5),
    )
    return july


def _july_actions(*, admin: User, board: Group, july: Meeting, police: User) -> None:
    """The July meeting's two actions, both complete: the MAPPA briefing sent, every unseen child visited."""
    circulate = services.action_create(
        actor=admin,
        group=board,
        meeting=july,
        description="Circulate the MAPPA information sharing briefing to all agencies",
        owner=admin,
        due_on=dt.date(2017, 7, 31),
    )
    services.action_update(
        actor=admin, action=circulate, text="Sent to every agency's safeguarding lead.", status=ActionStatus.COMPLETE
    )
    done = services.action_create(
        actor=admin,
        group=board,
        meeting=july,
        description="Complete joint visits to the elective home educated children not seen in 18 months",
        owner=police,
        due_on=dt.date(2017, 10, 31),
    )
    services.action_update(
        actor=police, action=done, text="All children seen by 20 October.", status=ActionStatus.COMPLETE
    )


def _bulletin_8(*, partnership: Partnership, admin: User, board: Group, chair: GroupMembership | None) -> None:
    """Bulletin 8 (20 July 2017), composed from the July headlines and published."""
    issue = services.bulletin_compose(
        actor=admin, partnership=partnership, board=board, issue_date=dt.date(2017, 7, 20), number=8
    )
    services.bulletin_update(
        actor=admin,
        issue=issue,
        issue_date=dt.date(2017, 7, 20),
        introduction=INTRODUCTION_2017,
        chair_name=chair.user.display_name() if chair else "Simon Hart",
        contact_text=CONTACT_2017,
    )
    services.bulletin_publish(actor=admin, issue=issue)


def _recent_meeting(*, admin: User, board: Group, today: dt.date) -> Meeting:
    """A meeting held 20 days ago whose headlines wait for the next bulletin."""
    recent = services.meeting_schedule(
        actor=admin, group=board, starts_at=_at(today - dt.timedelta(days=20), 9, 30), location="Town Hall"
    )
    services.headline_agree(
        actor=admin,
        meeting=recent,
        title="Return home interviews within 72 hours",
        text="More return home interviews now happen within 72 hours of a child coming home. The board asked for "
        "the figures by agency at its next meeting.",
    )
    services.headline_agree(
        actor=admin,
        meeting=recent,
        title="Information sharing awareness sessions",
        text=f"New sessions are open for booking. See the [training pages]({WEBSITE}/training).",
    )
    services.meeting_mark_held(actor=admin, meeting=recent)
    return recent


def _live_actions(
    *, admin: User, board: Group, meeting: Meeting, police: User, health: User, social: User, today: dt.date
) -> None:
    """The recent meeting's open actions for police, health and children's social care: two overdue, one due soon."""
    services.action_create(
        actor=admin,
        group=board,
        meeting=meeting,
        description="Bring return home interview timeliness by agency to the next board",
        owner=police,
        due_on=today - dt.timedelta(days=12),
    )
    services.action_create(
        actor=admin,
        group=board,
        meeting=meeting,
        description="Report the health visiting workforce vacancy rate",
        owner=health,
        due_on=today + dt.timedelta(days=3),
    )
    services.action_create(
        actor=admin,
        group=board,
        meeting=meeting,
        description="Review placement notification delays with the placements team",
        owner=social,
        due_on=today - dt.timedelta(days=2),
    )


def _next_meeting(*, admin: User, board: Group, today: dt.date) -> None:
    """The board's next meeting, in three weeks, with the scorecard on its agenda."""
    upcoming = services.meeting_schedule(
        actor=admin, group=board, starts_at=_at(today + dt.timedelta(days=21), 9, 30), location="Town Hall"
    )
    services.agenda_item_add(actor=admin, meeting=upcoming, title="Scorecard", report_url_name="performance:scorecard")
    services.agenda_item_add(actor=admin, meeting=upcoming, title="Workforce stability: update")


def _subscribers(*, partnership: Partnership) -> None:
    """A few of the partnership's users signed up for the bulletin."""
    for user in User.objects.filter(agency__partnership=partnership, is_active=True).exclude(email="")[:5]:
        services.subscribe(actor=user, partnership=partnership, email=user.email)
