"""Every kind of record leaves through its own app when its time is up (issue 17), with a frozen clock:
exactly the records past their time go, nothing about a person under legal hold, and the audit trail
says what kind of record went and its id, never what it held."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db.models import Model

from safeguard.audit.models import Action, AuditEvent
from safeguard.audit.selectors import verify_chain
from safeguard.core.testing import World
from safeguard.dataprotection import selectors, services
from safeguard.dataprotection.models import Disposal, RecordKind, Trigger
from safeguard.dataprotection.retention import KINDS, disposals_for, retention_apply, retention_report
from safeguard.intelligence import services as intelligence_services
from safeguard.intelligence.models import EntityKind, PersonRole, Submission
from safeguard.intelligence.tests.factories import make_submission
from safeguard.missing.models import PhilomenaProfile
from safeguard.missing.services import profile_save
from safeguard.people.models import Person, Sex
from safeguard.people.services import person_create
from safeguard.reviews.services import review_open
from safeguard.sharing.models import SharingDecision
from safeguard.sharing.tests.factories import make_decision
from safeguard.training import services as training_services
from safeguard.training.models import Booking

pytestmark = pytest.mark.django_db

OLD = dt.datetime(2015, 1, 10, 12, 0, tzinfo=dt.UTC)
RECENT = dt.datetime(2020, 6, 1, 12, 0, tzinfo=dt.UTC)
JOB_DAY = dt.date(2021, 6, 1)


def _person(world: World, given: str, born: dt.date) -> Person:
    return person_create(
        actor=world.charlie,
        partnership=world.darlington,
        agency=world.childrens,
        given_name=given,
        family_name="Pearson",
        date_of_birth=born,
        sex=Sex.MALE,
    )


def _intelligence(world: World, person: Person) -> Submission:
    submission = make_submission(world.charlie, submit=False)
    intelligence_services.entity_add(
        actor=world.charlie, submission=submission, kind=EntityKind.PERSON, person=person, role=PersonRole.AT_RISK
    )
    intelligence_services.submission_submit(actor=world.charlie, submission=submission)
    return submission


def _booking(world: World, title: str) -> Booking:
    now = dt.datetime.now(tz=dt.UTC)
    session = training_services.session_create(
        actor=world.alice,
        partnership=world.darlington,
        title=title,
        audience="Practitioners",
        starts_at=now + dt.timedelta(days=10),
        ends_at=now + dt.timedelta(days=10, hours=3),
        capacity=10,
        booking_opens_at=now - dt.timedelta(days=5),
        booking_closes_at=now + dt.timedelta(days=9),
        venue="Town Hall",
    )
    return training_services.booking_book(actor=world.charlie, session=session)


def _delete_intelligence_after_six_years(world: World) -> None:
    services.retention_rule_change(
        actor=world.alice,
        partnership=world.darlington,
        rule=selectors.rule_for(world.darlington, RecordKind.INTELLIGENCE),
        years=6,
        days=0,
        trigger=Trigger.CREATED,
        disposal=Disposal.DELETE,
        reason="Agreed with the police after their MoPI review",
    )


def _world_of_records(world: World) -> dict[str, Model]:
    with time_machine.travel(OLD, tick=False):
        held = _person(world, "Noah", dt.date(2010, 2, 1))
        # 25 on 1 March 2015: his profile is past its time in 2021; the held child's is not (25 in 2035).
        adult = _person(world, "Liam", dt.date(1990, 3, 1))
        rows = {
            "old_intelligence": _intelligence(world, world.child),
            "held_intelligence": _intelligence(world, held),
            "old_decision": make_decision(world.charlie, world.child),
            "held_decision": make_decision(world.charlie, held),
            "old_booking": _booking(world, "Old course"),
            "adult_profile": profile_save(actor=world.charlie, person=adult, fields={"description": "Tall"}),
            "child_profile": profile_save(actor=world.charlie, person=world.child, fields={"description": "Short"}),
        }
    with time_machine.travel(RECENT, tick=False):
        rows["recent_intelligence"] = _intelligence(world, world.child)
        rows["recent_decision"] = make_decision(world.charlie, world.child)
        rows["recent_booking"] = _booking(world, "Recent course")
        review_open(
            actor=world.alice,
            partnership=world.darlington,
            subject=held,
            reference="DSP-2020-01",
            became_aware_on=dt.date(2020, 6, 1),
            incident_summary="Serious injury.",
        )
    return rows


def _pks(rows: dict[str, Model], *names: str) -> set[int]:
    return {rows[name].pk for name in names}


def test_every_kind_but_the_audit_trail_is_disposed_of_by_its_own_app() -> None:
    assert set(KINDS) == set(RecordKind) - {RecordKind.AUDIT}
    assert disposals_for(RecordKind.AUDIT) == {Disposal.REVIEW}


def test_the_job_removes_exactly_the_records_past_their_time_and_nothing_under_hold(world: World) -> None:
    rows = _world_of_records(world)
    _delete_intelligence_after_six_years(world)
    with time_machine.travel(dt.datetime(2021, 6, 1, 2, 30, tzinfo=dt.UTC), tick=False):
        retention_apply(today=JOB_DAY)
    assert set(Submission.objects.values_list("pk", flat=True)) == _pks(
        rows, "held_intelligence", "recent_intelligence"
    )
    assert set(SharingDecision.objects.values_list("pk", flat=True)) == _pks(rows, "held_decision", "recent_decision")
    assert set(Booking.objects.values_list("pk", flat=True)) == _pks(rows, "recent_booking")
    assert set(PhilomenaProfile.objects.values_list("pk", flat=True)) == _pks(rows, "child_profile")
    # The trail names the kind and id of what went, never its content, and the chain still verifies.
    event = AuditEvent.objects.get(
        action=Action.DELETE,
        object_type="intelligence.submission",
        object_id=str(rows["old_intelligence"].pk),
    )
    assert "SI-" not in event.summary and "Amelia" not in event.summary and event.actor_username == "apply_retention"
    assert AuditEvent.objects.filter(
        object_type="dataprotection.retentionrule", summary__contains="Retention batch"
    ).exists()
    assert verify_chain().ok


def test_a_day_before_their_six_years_are_up_nothing_of_those_kinds_goes(world: World) -> None:
    rows = _world_of_records(world)
    _delete_intelligence_after_six_years(world)
    with time_machine.travel(dt.datetime(2021, 1, 9, 2, 30, tzinfo=dt.UTC), tick=False):
        # Only the profile of the man who turned 25 in 2015 goes.
        assert retention_apply(today=dt.date(2021, 1, 9)) == 1
    assert not PhilomenaProfile.objects.filter(pk=rows["adult_profile"].pk).exists()
    assert Submission.objects.count() == 3 and SharingDecision.objects.count() == 3 and Booking.objects.count() == 2


def test_report_only_kinds_are_counted_for_review_but_nothing_goes(world: World) -> None:
    _world_of_records(world)
    with time_machine.travel(dt.datetime(2021, 6, 1, 2, 30, tzinfo=dt.UTC), tick=False):
        reports = {r.rule.kind: r for r in retention_report(partnership=world.darlington, today=JOB_DAY)}
        retention_apply(today=JOB_DAY)
    intelligence = reports[RecordKind.INTELLIGENCE]
    assert not intelligence.disposed_by_job
    assert (intelligence.would_go, intelligence.held) == (1, 1)
    assert Submission.objects.count() == 3
    assert not reports[RecordKind.AUDIT].counted


def test_a_sharing_decision_a_later_one_supersedes_is_kept(world: World) -> None:
    with time_machine.travel(OLD, tick=False):
        first = make_decision(world.charlie, world.child)
    with time_machine.travel(RECENT, tick=False):
        later = make_decision(world.charlie, world.child)
        SharingDecision.objects.filter(pk=later.pk).update(supersedes=first)
    with time_machine.travel(dt.datetime(2021, 6, 1, 2, 30, tzinfo=dt.UTC), tick=False):
        retention_apply(today=JOB_DAY)
    assert SharingDecision.objects.filter(pk=first.pk).exists()


def test_the_audit_trail_cannot_be_set_to_be_deleted_or_anonymised(world: World) -> None:
    rule = selectors.rule_for(world.darlington, RecordKind.AUDIT)
    for disposal in (Disposal.DELETE, Disposal.ANONYMISE):
        with pytest.raises(services.DataProtectionError, match="evidence"):
            services.retention_rule_change(
                actor=world.alice,
                partnership=world.darlington,
                rule=rule,
                years=7,
                days=0,
                trigger=Trigger.CREATED,
                disposal=disposal,
                reason="Tidy up",
            )


def test_a_kind_without_anonymisation_cannot_be_set_to_anonymise(world: World) -> None:
    with pytest.raises(services.DataProtectionError, match="cannot be anonymised"):
        services.retention_rule_change(
            actor=world.alice,
            partnership=world.darlington,
            rule=selectors.rule_for(world.darlington, RecordKind.EPISODE),
            years=6,
            days=0,
            trigger=Trigger.CLOSED,
            disposal=Disposal.ANONYMISE,
            reason="Keep counts",
        )
