"""The police decide whether soft intelligence goes into subject access bundles (issue 17)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safeguard.audit.models import Action, AuditEvent
from safeguard.core.testing import World, signed_in_client
from safeguard.intelligence import selectors, services
from safeguard.intelligence.models import EntityKind, PersonRole, Release, ReleaseDecision
from safeguard.intelligence.tests.factories import make_submission

pytestmark = pytest.mark.django_db


def _naming_the_child(world: World):  # type: ignore[no-untyped-def]
    submission = make_submission(world.charlie, submit=False)
    services.entity_add(
        actor=world.charlie, submission=submission, kind=EntityKind.PERSON, person=world.child, role=PersonRole.AT_RISK
    )
    services.submission_submit(actor=world.charlie, submission=submission)
    return submission


def test_a_police_grader_releases_a_submission_with_who_when_and_why_and_it_is_audited(world: World) -> None:
    submission = _naming_the_child(world)
    decided = services.release_decide(
        actor=world.bob, submission=submission, decision=Release.RELEASE, reason="Nothing in it harms an inquiry"
    )
    assert decided.decided_by == world.bob and decided.reason == "Nothing in it harms an inquiry"
    event = AuditEvent.objects.get(object_type="intelligence.releasedecision", object_id=str(decided.pk))
    assert event.action == Action.DECIDE
    assert event.person_id == world.child.pk
    assert "Nothing in it" not in event.summary + event.reason
    assert selectors.released_ids(type(submission).objects.all()) == {submission.pk}


def test_only_police_graders_decide_what_is_released(world: World) -> None:
    submission = _naming_the_child(world)
    for user in (world.charlie, world.erin, world.alice, world.kate):
        with pytest.raises(services.IntelligenceError, match="Only the police"):
            services.release_decide(actor=user, submission=submission, decision=Release.RELEASE, reason="Why not")
    assert not ReleaseDecision.objects.exists()


def test_a_release_needs_a_reason_and_a_draft_cannot_be_released(world: World) -> None:
    submission = _naming_the_child(world)
    with pytest.raises(services.IntelligenceError, match="why"):
        services.release_decide(actor=world.bob, submission=submission, decision=Release.RELEASE, reason=" ")
    draft = make_submission(world.charlie, submit=False)
    with pytest.raises(services.IntelligenceError, match="draft"):
        services.release_decide(actor=world.bob, submission=draft, decision=Release.RELEASE, reason="Fine")


def test_the_latest_decision_counts(world: World) -> None:
    submission = _naming_the_child(world)
    services.release_decide(actor=world.bob, submission=submission, decision=Release.RELEASE, reason="Fine")
    services.release_decide(actor=world.bob, submission=submission, decision=Release.WITHHOLD, reason="Inquiry")
    assert selectors.released_ids(type(submission).objects.all()) == set()
    assert selectors.records_for_subject(world.child) == []


def test_the_police_record_the_decision_on_the_grading_page(world: World) -> None:
    submission = _naming_the_child(world)
    client = signed_in_client(world.bob)
    url = reverse("intelligence:release", kwargs={"pk": submission.pk})
    refused = client.post(url, {"decision": "release", "reason": ""})
    assert refused.status_code == 400
    assert "Enter why you decided this" in refused.content.decode()
    response = client.post(url, {"decision": "release", "reason": "Reviewed with the force DPO"})
    assert response.status_code == 302
    page = client.get(reverse("intelligence:review", kwargs={"pk": submission.pk})).content.decode()
    assert "Reviewed with the force DPO" in page and "Released" in page


def test_a_submitter_cannot_reach_the_release_decision(world: World) -> None:
    submission = _naming_the_child(world)
    url = reverse("intelligence:release", kwargs={"pk": submission.pk})
    assert signed_in_client(world.charlie).post(url, {"decision": "release", "reason": "x"}).status_code == 403
    assert signed_in_client(world.heidi).post(url, {"decision": "release", "reason": "x"}).status_code == 403
