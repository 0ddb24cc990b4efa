"""Building submissions for tests through the services, as the views do."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from safeguard.intelligence import services
from safeguard.intelligence.models import About, Category, EntityKind, HowKnown, SubjectAware, Submission
from safeguard.partnership.models import User


def make_submission(
    user: User,
    *,
    what: str = "Amelia was seen getting into a silver car outside the shop late at night",
    categories: tuple[Category, ...] = (Category.CSE,),
    postcode: str = "DL3 7AB",
    place: str = "Outside the Co-op, Station Road",
    registration: str = "",
    submit: bool = True,
) -> Submission:
    submission = services.submission_create(
        actor=user,
        data=services.SubmissionInput(
            about=About.CHILD,
            categories=list(categories),
            what_happened=what,
            # Relative, so a test travelling to another year can still make one.
            occurred_on=min(dt.date(2026, 1, 12), timezone.localdate()),
            occurred_time=dt.time(22, 15),
            place=place,
            postcode=postcode,
            how_known=HowKnown.SEEN,
            how_known_detail="",
            subject_aware=SubjectAware.NO,
        ),
    )
    if registration:
        services.entity_add(actor=user, submission=submission, kind=EntityKind.VEHICLE, value=registration)
    if submit:
        services.submission_submit(actor=user, submission=submission)
        submission.refresh_from_db()
    return submission
