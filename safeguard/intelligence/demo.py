"""Synthetic soft intelligence for the Darlington demo, made through the services.

The story: the joint Durham and Darlington exploitation group is seeing county
lines activity around the bus station and a takeaway on Northgate; one silver
car and one phone number keep coming up. Police have graded most of it; two
items are waiting in the queue today and one practitioner has an unsent draft.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from safeguard.intelligence import services
from safeguard.intelligence.models import (
    About,
    Category,
    EntityKind,
    Handling,
    HowKnown,
    InformationGrade,
    Outcome,
    PersonRole,
    Platform,
    SourceGrade,
    SubjectAware,
    Submission,
)
from safeguard.partnership.models import AgencyKind, Partnership, User
from safeguard.partnership.roles import Role
from safeguard.people.selectors import people_for_user
from safeguard.synth.lookups import find_users

C = Category
# (days ago, categories, what, place, postcode, extra details, grade?)
STORIES: list[tuple[int, tuple[Category, ...], str, str, str, list[tuple[EntityKind, str, str]], bool]] = [
    (
        150,
        (C.CCE, C.DRUGS),
        "Two boys of about 14 were seen taking small packages from the driver of a silver car and walking into the flats.",
        "Bus station, Beaumont Street",
        "DL1 5DW",
        [(EntityKind.VEHICLE, "YR19 KTD", "Silver Vauxhall Astra, tinted back windows")],
        True,
    ),
    (
        128,
        (C.CCE,),
        "A pupil told staff he is 'owed' money and has to 'work it off' for older lads. He has new trainers and two phones.",
        "Northgate takeaway",
        "DL1 1RW",
        [(EntityKind.PHONE, "07700 900461", "The number on his second phone, saved as 'T'")],
        True,
    ),
    (
        110,
        (C.CSE,),
        "A 15-year-old girl was collected from school by a man in his twenties in a silver car; she said he is her boyfriend.",
        "Outside the school gates, Harewood Hill",
        "DL3 7HY",
        [(EntityKind.VEHICLE, "YR19KTD", "Same car as before, according to the caretaker")],
        True,
    ),
    (
        92,
        (C.MODERN_SLAVERY,),
        "Four men living above a car wash appear to work every day from 7am to 9pm and are driven there and back in a van.",
        "Hand car wash, Yarm Road",
        "DL1 4DT",
        [(EntityKind.VEHICLE, "", "White Ford Transit, no side windows")],
        True,
    ),
    (
        75,
        (C.CCE, C.MISSING),
        "A child missing overnight said on return he had been 'in Middlesbrough with T' and was given £50.",
        "Bus station, Beaumont Street",
        "DL1 5DW",
        [(EntityKind.PHONE, "+44 7700 900461", "He called this number from the bus station")],
        True,
    ),
    (
        60,
        (C.ADULT_EXPLOITATION,),
        "A woman with a learning disability has had a man move into her flat; neighbours report visitors at all hours.",
        "Cockerton flats",
        "DL3 9EU",
        [],
        True,
    ),
    (
        40,
        (C.CSE,),
        "A girl in care is being messaged by an older man who sends her taxi money to meet him.",
        "Taxi rank, Feethams",
        "DL1 5AD",
        [(EntityKind.ACCOUNT, "@jay_dtn", "Snapchat")],
        True,
    ),
    (
        25,
        (C.DRUGS, C.CCE),
        "Regular short visits to a house on Eastbourne Road by teenagers on bikes; a silver Astra parks outside.",
        "Eastbourne Road",
        "DL1 4EW",
        [(EntityKind.VEHICLE, "YR19 KTD", "")],
        True,
    ),
    (
        12,
        (C.CCE,),
        "A Year 9 pupil has been seen at the takeaway during school hours with older youths.",
        "Northgate takeaway",
        "DL1 1RW",
        [],
        True,
    ),
    (
        3,
        (C.CSE, C.MISSING),
        "A 14-year-old returned from a missing episode with a new phone and would not say who gave it to her.",
        "Railway station, Bank Top",
        "DL1 4AA",
        [(EntityKind.PHONE, "07700 900461", "Number seen on her new phone's recent calls")],
        False,
    ),
    (
        1,
        (C.MODERN_SLAVERY,),
        "A man at the car wash asked a health visitor for help in broken English and then was called away.",
        "Hand car wash, Yarm Road",
        "DL1 4DT",
        [],
        False,
    ),
]


def load_demo(*, partnership: Partnership) -> None:
    practitioners = [
        u
        for u in find_users(partnership, role=Role.PRACTITIONER, order_by="username")
        if u.agency and not u.agency.is_police
    ]
    graders = [
        u
        for u in find_users(partnership, role=Role.POLICE_INTELLIGENCE, order_by="username")
        if u.agency and u.agency.kind == AgencyKind.POLICE
    ]
    if not practitioners:
        return
    now = timezone.now()
    for index, (days_ago, categories, what, place, postcode, details, graded) in enumerate(STORIES):
        user = practitioners[index % len(practitioners)]
        submission = services.submission_create(
            actor=user,
            data=services.SubmissionInput(
                about=About.ADULT if categories[0] in (C.MODERN_SLAVERY, C.ADULT_EXPLOITATION) else About.CHILD,
                categories=list(categories),
                what_happened=what,
                occurred_on=timezone.localdate() - dt.timedelta(days=days_ago + 1),
                occurred_time=dt.time(16 + index % 6, 10 * (index % 6)),
                place=place,
                postcode=postcode,
                how_known=HowKnown.SEEN if index % 3 else HowKnown.TOLD_BY_SUBJECT,
                subject_aware=SubjectAware.NO,
            ),
        )
        _name_entities(user, submission=submission, details=details, name_a_child=index in (0, 4, 9))
        services.submission_submit(actor=user, submission=submission)
        # Spread the story over the past months so the themes show a trend (demo data only).
        submitted_at = now - dt.timedelta(days=days_ago, hours=index)
        Submission.objects.filter(pk=submission.pk).update(created_at=submitted_at, submitted_at=submitted_at)
        if graded and graders:
            _grade(graders[0], submission=submission, index=index, place=place)
    _draft_today(practitioners[0])


def _name_entities(
    user: User, *, submission: Submission, details: list[tuple[EntityKind, str, str]], name_a_child: bool
) -> None:
    """The story's vehicles, phones and accounts, a child the user can see (for a few) and the man called 'T'."""
    for kind, value, detail in details:
        services.entity_add(
            actor=user,
            submission=submission,
            kind=kind,
            value=value,
            detail=detail if kind != EntityKind.ACCOUNT else "",
            platform=Platform.SNAPCHAT if kind == EntityKind.ACCOUNT else "",
        )
    if name_a_child:
        visible = list(people_for_user(user).filter(date_of_birth__isnull=False).order_by("pk")[:1])
        for person in visible:
            services.entity_add(
                actor=user, submission=submission, kind=EntityKind.PERSON, person=person, role=PersonRole.AT_RISK
            )
    services.entity_add(
        actor=user,
        submission=submission,
        kind=EntityKind.PERSON,
        detail="Man in his twenties known as 'T', slim, often wears a black North Face jacket",
        role=PersonRole.SUSPECTED,
    )


def _grade(grader: User, *, submission: Submission, index: int, place: str) -> None:
    services.assessment_record(
        actor=grader,
        submission=submission,
        source_grade=SourceGrade.UNTESTED if index % 2 else SourceGrade.RELIABLE,
        information_grade=InformationGrade.KNOWN_DIRECTLY if index % 3 else InformationGrade.INDIRECT,
        handling=Handling.PERMITTED,
        sanitised_summary="Partner information about possible exploitation near "
        + place.split(",")[0]
        + "; shared with the exploitation group.",
        outcome=Outcome.TASKED if index % 4 == 0 else Outcome.LOGGED,
    )


def _draft_today(practitioner: User) -> None:
    """One practitioner is half-way through a form today."""
    services.submission_create(
        actor=practitioner,
        data=services.SubmissionInput(
            about=About.CHILD,
            categories=[C.CCE],
            what_happened="Draft: a boy in Year 10 keeps leaving lessons to take calls",
            occurred_on=timezone.localdate(),
            occurred_time=None,
            place="School",
            postcode="DL3 7HY",
            how_known=HowKnown.SEEN,
            subject_aware=SubjectAware.NOT_KNOWN,
        ),
    )
