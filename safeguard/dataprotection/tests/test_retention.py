from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from safeguard.audit.models import Action, AuditEvent
from safeguard.core.testing import World, signed_in_client
from safeguard.dataprotection import ropa, selectors, services
from safeguard.dataprotection.models import Disposal, RecordKind, RetentionRule, Trigger
from safeguard.dataprotection.retention import retention_apply, retention_report
from safeguard.governance.models import Subscriber
from safeguard.governance.services import subscribe, unsubscribe
from safeguard.missing.models import Category, Episode, RiskGrade
from safeguard.missing.services import EpisodeInput, episode_record
from safeguard.people.models import Person, Sex
from safeguard.people.services import person_create
from safeguard.reviews.services import review_open

pytestmark = pytest.mark.django_db

OLD = dt.datetime(2015, 1, 10, 12, 0, tzinfo=dt.UTC)
RECENT = dt.datetime(2020, 6, 1, 12, 0, tzinfo=dt.UTC)
# Six years after OLD's episodes closed, not after RECENT's.
JOB_DAY = dt.datetime(2021, 6, 1, 2, 30, tzinfo=dt.UTC)


def _episode(world: World, person: Person) -> Episode:
    now = dt.datetime.now(tz=dt.UTC)
    return episode_record(
        actor=world.charlie,
        agency=world.childrens,
        person=person,
        data=EpisodeInput(
            category=Category.MISSING,
            risk_grade=RiskGrade.MEDIUM,
            reported_at=now - dt.timedelta(hours=5),
            started_at=now - dt.timedelta(hours=6),
            ended_at=now - dt.timedelta(hours=1),
        ),
    )


def _held_child(world: World) -> Person:
    held = person_create(
        actor=world.charlie,
        partnership=world.darlington,
        agency=world.childrens,
        given_name="Noah",
        family_name="Pearson",
        date_of_birth=dt.date(2010, 2, 1),
        sex=Sex.MALE,
    )
    return held


def _rows(world: World) -> dict[str, object]:
    with time_machine.travel(OLD, tick=False):
        held = _held_child(world)
        old = _episode(world, world.child)
        old_held = _episode(world, held)
        gone = subscribe(actor=None, partnership=world.darlington, email="left@example.org")
        unsubscribe(subscriber=gone)
        staying = subscribe(actor=None, partnership=world.darlington, email="reader@example.org")
    with time_machine.travel(RECENT, tick=False):
        recent = _episode(world, world.child)
        review_open(
            actor=world.alice,
            partnership=world.darlington,
            subject=held,
            reference="DSP-2020-01",
            became_aware_on=dt.date(2020, 6, 1),
            incident_summary="Serious injury.",
        )
    return {"old": old, "old_held": old_held, "recent": recent, "gone": gone, "staying": staying}


def test_the_default_schedule_covers_every_kind_of_record() -> None:
    assert {rule.kind for rule in RetentionRule.objects.filter(partnership__isnull=True)} == set(RecordKind)


def test_the_record_of_processing_declares_every_kind_of_record() -> None:
    assert set(ropa.PROCESSING) == set(RecordKind)


def test_the_dry_run_counts_what_would_go_and_what_is_held(world: World) -> None:
    _rows(world)
    with time_machine.travel(JOB_DAY, tick=False):
        reports = {r.rule.kind: r for r in retention_report(partnership=world.darlington, today=dt.date(2021, 6, 1))}
    assert (reports[RecordKind.EPISODE].would_go, reports[RecordKind.EPISODE].held) == (1, 1)
    assert reports[RecordKind.SUBSCRIBER].would_go == 1
    assert not reports[RecordKind.AUDIT].disposed_by_job
    assert Episode.objects.count() == 3, "a dry run deletes nothing"


def test_the_job_removes_exactly_the_records_past_their_time_and_nothing_under_hold(world: World) -> None:
    rows = _rows(world)
    with time_machine.travel(JOB_DAY, tick=False):
        retention_apply(today=dt.date(2021, 6, 1))
    assert set(Episode.objects.values_list("pk", flat=True)) == {rows["old_held"].pk, rows["recent"].pk}  # type: ignore[attr-defined]
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["reader@example.org"]
    # The trail says a record went, not what was in it.
    deleted = AuditEvent.objects.get(action=Action.DELETE, object_type="missing.episode")
    assert deleted.object_id == str(rows["old"].pk)  # type: ignore[attr-defined]
    assert "Amelia" not in deleted.summary and deleted.person_id is None


def test_the_job_a_day_early_removes_nothing(world: World) -> None:
    _rows(world)
    with time_machine.travel(dt.datetime(2015, 2, 1, tzinfo=dt.UTC), tick=False):
        assert retention_apply(today=dt.date(2015, 2, 1)) == 0
    assert Episode.objects.count() == 3


def test_a_partnership_changes_its_own_schedule_with_a_reason_and_others_keep_the_default(world: World) -> None:
    rule = selectors.rule_for(world.darlington, RecordKind.EPISODE)
    with pytest.raises(services.DataProtectionError, match="reason"):
        services.retention_rule_change(
            actor=world.alice,
            partnership=world.darlington,
            rule=rule,
            years=25,
            days=0,
            trigger=Trigger.CLOSED,
            disposal=Disposal.DELETE,
            reason="",
        )
    services.retention_rule_change(
        actor=world.alice,
        partnership=world.darlington,
        rule=rule,
        years=25,
        days=0,
        trigger=Trigger.CLOSED,
        disposal=Disposal.DELETE,
        reason="The local authority's schedule keeps these longer",
    )
    assert selectors.rule_for(world.darlington, RecordKind.EPISODE).years == 25
    assert selectors.rule_for(world.durham, RecordKind.EPISODE).years == 6
    event = AuditEvent.objects.filter(object_type="dataprotection.retentionrule").latest("seq")
    assert event.reason == "The local authority's schedule keeps these longer"


def test_the_retention_page_and_the_record_of_processing_open_for_the_administrator(world: World) -> None:
    client = signed_in_client(world.alice)
    assert "Retention schedule" in client.get(reverse("dataprotection:retention")).content.decode()
    response = client.get(reverse("dataprotection:processing_record"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_privacy_notice_is_public_once_published(world: World) -> None:
    url = reverse("dataprotection:privacy", args=[world.darlington.slug])
    assert signed_in_client(world.alice).get(url).status_code == 404
    services.privacy_notice_save(actor=world.alice, partnership=world.darlington, body="We are the controllers.")
    from django.test import Client

    assert "We are the controllers." in Client().get(url).content.decode()


def test_the_retention_job_is_registered_with_the_scheduler_and_off_by_default() -> None:
    from django.conf import settings

    from safeguard.ops import schedule

    assert "apply_retention" in schedule.JOBS
    assert "apply_retention" not in schedule.configured_jobs() or settings.SAFEGUARD_SCHEDULE["apply_retention"]


def test_an_anonymised_subscriber_is_kept_without_their_address_and_not_anonymised_again(world: World) -> None:
    rows = _rows(world)
    rule = selectors.rule_for(world.darlington, RecordKind.SUBSCRIBER)
    services.retention_rule_change(
        actor=world.alice,
        partnership=world.darlington,
        rule=rule,
        years=0,
        days=30,
        trigger=Trigger.LEFT,
        disposal=Disposal.ANONYMISE,
        reason="Count subscribers who left",
    )
    with time_machine.travel(JOB_DAY, tick=False):
        retention_apply(today=dt.date(2021, 6, 1))
        retention_apply(today=dt.date(2021, 6, 2))
    gone = Subscriber.objects.get(pk=rows["gone"].pk)  # type: ignore[attr-defined]
    assert "left@example.org" not in gone.email
    events = AuditEvent.objects.filter(object_type="governance.subscriber", actor_username="apply_retention")
    assert events.count() == 1


def test_a_wash_run_past_its_time_goes_with_its_results_unless_a_campaign_uses_it(world: World) -> None:
    from safeguard.datawash.models import CohortChild, WashRun
    from safeguard.datawash.tests.factories import sample_run
    from safeguard.visits.tests.factories import sample_campaign

    with time_machine.travel(OLD, tick=False):
        used, _, _ = sample_campaign(world)
    with time_machine.travel(OLD, tick=False):
        unused, _, _ = sample_run(world)
    with time_machine.travel(JOB_DAY, tick=False):
        retention_apply(today=dt.date(2021, 6, 1))
    assert list(WashRun.objects.values_list("pk", flat=True)) == [used.pk]
    assert not CohortChild.objects.filter(run_id=unused.pk).exists()
    assert AuditEvent.objects.filter(object_type="datawash.washrun", object_id=str(unused.pk)).exists()
