"""A story for the demo: children missing now, interviews due soon and overdue, a repeat runaway.

Everyone here is synthetic. Times are relative to now so the clocks look alive on any day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from safeguard.missing import services
from safeguard.missing.models import Category, Episode, ExploitationIndicator, LocationRisk, RhiOutcome, RiskGrade
from safeguard.partnership.models import Agency, AgencyKind, Partnership, User
from safeguard.partnership.roles import Perm
from safeguard.people.models import IdentifierKind, Person, Sex
from safeguard.people.services import person_create
from safeguard.synth.lookups import find_agency, find_user

CHILDREN = [
    ("Chloe", "Dawson", dt.date(2010, 8, 19), Sex.FEMALE, "9876543210"),
    ("Tyler", "Jobson", dt.date(2009, 2, 3), Sex.MALE, ""),
    ("Ellie", "Ward", dt.date(2011, 11, 27), Sex.FEMALE, ""),
    ("Jayden", "Price", dt.date(2008, 6, 12), Sex.MALE, ""),
    ("Maisie", "Carr", dt.date(2012, 4, 30), Sex.FEMALE, ""),
]


@dataclass(frozen=True)
class _Story:
    """Who records the story's episodes, and the moment its times are counted back from."""

    worker: User
    recorder: User
    recording_agency: Agency
    now: dt.datetime

    def hours(self, n: float) -> dt.datetime:
        """``n`` hours ago."""
        return self.now - dt.timedelta(hours=n)

    def episode(
        self,
        child: Person,
        start: float,
        end: float | None,
        grade: RiskGrade,
        place: str,
        *,
        clothing: str = "",
        looked_after: bool = False,
        responsible_authority: str = "",
    ) -> Episode:
        """A missing episode that began ``start`` hours ago, reported an hour later, ended ``end`` hours ago."""
        return services.episode_record(
            actor=self.recorder,
            agency=self.recording_agency,
            person=child,
            data=services.EpisodeInput(
                category=Category.MISSING,
                risk_grade=grade,
                reported_at=self.hours(start - 1),
                started_at=self.hours(start),
                ended_at=None if end is None else self.hours(end),
                last_seen_place=place,
                clothing=clothing,
                looked_after=looked_after,
                responsible_authority=responsible_authority,
            ),
        )


def _children(*, partnership: Partnership, agency: Agency, worker: User) -> list[Person]:
    return [
        person_create(
            actor=worker,
            partnership=partnership,
            agency=agency,
            given_name=given,
            family_name=family,
            date_of_birth=dob,
            sex=sex,
            identifiers=[(IdentifierKind.NHS_NUMBER, nhs)] if nhs else [],
            reason="Demo data",
        )
        for given, family, dob, sex, nhs in CHILDREN
    ]


def _chloe_repeat_runaway(story: _Story, chloe: Person) -> list[Episode]:
    """Three episodes in 90 days: the repeat rule flags her for a strategy discussion."""
    return [
        story.episode(
            chloe,
            start,
            end,
            RiskGrade.MEDIUM,
            "Darlington railway station",
            looked_after=True,
            responsible_authority="Darlington Borough Council",
        )
        for start, end in ((24 * 70, 24 * 69), (24 * 30, 24 * 29), (30, 26))
    ]


def _chloe_interviews(story: _Story, chloes: list[Episode], *, police_in_partnership: bool) -> None:
    """The first interview was done late (after 80 hours); the second was not possible; the latest was done
    in time and passed to police."""
    worker = story.worker
    services.rhi_record(
        actor=worker,
        rhi=chloes[0].rhi,
        details=services.RhiDetails(
            offered_at=story.hours(24 * 69 - 2),
            offered_by=worker.display_name(),
            outcome=RhiOutcome.ACCEPTED,
            completed_at=story.hours(24 * 69 - 80),
            completed_by=worker.display_name(),
            independent=False,
        ),
    )
    services.rhi_record(
        actor=worker,
        rhi=chloes[1].rhi,
        details=services.RhiDetails(
            outcome=RhiOutcome.NOT_POSSIBLE, outcome_reason="Chloe moved placement the next day"
        ),
    )
    done = chloes[2]
    services.rhi_record(
        actor=worker,
        rhi=done.rhi,
        details=services.RhiDetails(
            offered_at=story.hours(20),
            offered_by=worker.display_name(),
            outcome=RhiOutcome.ACCEPTED,
            completed_at=story.hours(4),
            completed_by="Jess Moore (independent RHI worker)",
            independent=True,
            push_factors="Arguments with carers about curfew",
            pull_factors="Older friends in Middlesbrough",
            exploitation_indicators=(ExploitationIndicator.OLDER_ASSOCIATES, ExploitationIndicator.GIFTS),
            shared_with_police="Names of two older associates and a car seen at the station",
        ),
    )
    if police_in_partnership:
        services.rhi_share_with_police(
            actor=worker,
            rhi=done.rhi,
            information="Chloe was picked up by a silver Vauxhall near the station.",
            reason="Risk of child sexual exploitation",
        )


def _tyler_missing_now(story: _Story, tyler: Person) -> None:
    """Missing now, high risk, with a Philomena profile police can see until he returns."""
    story.episode(
        tyler, 6, None, RiskGrade.HIGH, "Skerne Park, Darlington", clothing="Black North Face jacket, grey joggers"
    )
    profile = services.profile_save(
        actor=story.worker,
        person=tyler,
        fields={
            "description": "White, 5ft 8in, slim, short brown hair, scar on left eyebrow",
            "associates": "Known to spend time with older youths near the town centre",
            "places": "Skerne Park; McDonald's on Northgate; Bank Top station",
            "transport": "Uses trains to Middlesbrough and Newcastle",
        },
    )
    services.location_add(
        actor=story.worker,
        profile=profile,
        name="Bank Top railway station",
        address="Victoria Road, Darlington",
        risk=LocationRisk.HIGH,
        notes="Picked up here before",
        assessed_on=timezone.localdate() - dt.timedelta(days=14),
    )


def _back_recently(story: _Story, ellie: Person, jayden: Person, maisie: Person) -> None:
    """Three children back, with interviews due soon, overdue and declined."""
    # Ellie: back 52 hours ago, interview due in about 20 hours.
    story.episode(ellie, 60, 52, RiskGrade.LOW, "Friend's house, Cockerton")
    # Jayden: back 80 hours ago, interview overdue by about 8 hours.
    story.episode(jayden, 90, 80, RiskGrade.MEDIUM, "Town centre")
    # Maisie: back 3 hours ago; the interview was declined with a reason.
    maisie_episode = story.episode(maisie, 9, 3, RiskGrade.VERY_LOW, "School")
    services.rhi_record(
        actor=story.worker,
        rhi=maisie_episode.rhi,
        details=services.RhiDetails(
            offered_at=story.hours(2),
            offered_by=story.worker.display_name(),
            outcome=RhiOutcome.DECLINED,
            outcome_reason="Maisie said she would talk to her teacher instead",
        ),
    )


def load_demo(*, partnership: Partnership) -> None:
    childrens = find_agency(partnership, kind=AgencyKind.LA_CHILDREN)
    police = find_agency(partnership, kind=AgencyKind.POLICE)
    worker = find_user(agency=childrens, perm=Perm.RECORD_EPISODES, preferred="social.worker") if childrens else None
    officer = find_user(agency=police, perm=Perm.RECORD_EPISODES, preferred="police") if police else None
    if childrens is None or worker is None:
        return
    now = timezone.now()
    chloe, tyler, ellie, jayden, maisie = _children(partnership=partnership, agency=childrens, worker=worker)
    recorder, recording_agency = (officer, police) if officer and police else (worker, childrens)
    story = _Story(worker=worker, recorder=recorder, recording_agency=recording_agency, now=now)
    _chloe_interviews(story, _chloe_repeat_runaway(story, chloe), police_in_partnership=police is not None)
    _tyler_missing_now(story, tyler)
    _back_recently(story, ellie, jayden, maisie)
