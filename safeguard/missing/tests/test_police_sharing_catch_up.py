"""Police are told of episodes with a sharing decision however the episode arrives: pushed by another
agency's system, or already open before police were told of every episode (issue 16)."""

from __future__ import annotations

import datetime as dt
import io
import json

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from safeguard.audit.models import Action, AuditEvent
from safeguard.core.testing import BaseTestCase
from safeguard.missing import services
from safeguard.missing.models import Category, Episode, RiskGrade
from safeguard.missing.tests.test_api import URL, payload
from safeguard.partnership.roles import Role
from safeguard.partnership.services import api_token_create
from safeguard.sharing.models import Decision, SharingDecision


class PoliceToldWithADecisionTests(BaseTestCase):
    def test_a_push_from_childrens_services_system_shares_with_police_and_records_the_decision(self) -> None:
        _, raw = api_token_create(actor=None, agency=self.world.childrens, name="Mosaic", roles={Role.PRACTITIONER})
        response = Client().post(
            URL,
            data=json.dumps(payload()),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )
        assert response.status_code == 201, response.content
        episode = Episode.objects.get()
        assert episode.police_told_at is not None
        decision = SharingDecision.objects.get()
        assert episode.police_decision == decision
        assert decision.decision == Decision.SHARE
        assert decision.agency == self.world.childrens
        assert decision.recorded_by is None
        assert "Mosaic" in decision.recorder
        assert list(decision.shared_with_agencies.all()) == [self.world.police]
        event = AuditEvent.objects.get(action=Action.DECIDE, object_type="sharing.sharingdecision")
        assert "Mosaic" in event.actor_username
        assert event.agency_name == self.world.childrens.name

    def _open_before_the_rule(self, **changes: object) -> Episode:
        """An episode as the data migration left it: open, police never told, no decision."""
        now = timezone.now()
        episode = services.episode_record(
            actor=self.charlie,
            agency=self.world.childrens,
            person=self.child,
            data=services.EpisodeInput(
                category=Category.MISSING,
                risk_grade=RiskGrade.LOW,
                reported_at=now - dt.timedelta(hours=2),
                started_at=now - dt.timedelta(hours=3),
                tell_police=False,
                not_telling_police_reason="Back within the hour usually",
            ),
        )
        decision = episode.police_decision
        Episode.objects.filter(pk=episode.pk).update(police_decision=None, police_told_at=None, **changes)
        if decision is not None:
            SharingDecision.objects.filter(pk=decision.pk).delete()
        episode.refresh_from_db()
        return episode

    def test_the_catch_up_shares_episodes_open_before_the_rule_with_a_decision_and_only_once(self) -> None:
        episode = self._open_before_the_rule()
        out = io.StringIO()
        call_command("missing_share_open_episodes", stdout=out)
        assert "Shared 1 open episode with police" in out.getvalue()
        episode.refresh_from_db()
        assert episode.police_told_at is not None
        decision = SharingDecision.objects.get()
        assert episode.police_decision == decision
        assert decision.recorder == services.CATCH_UP_JOB
        assert decision.agency == self.world.childrens
        assert services.open_episodes_share_with_police() == 0

    def test_the_catch_up_leaves_closed_episodes_and_those_someone_decided_not_to_share(self) -> None:
        closed = self._open_before_the_rule(ended_at=timezone.now() - dt.timedelta(hours=1))
        assert services.open_episodes_share_with_police() == 0
        closed.delete()
        now = timezone.now()
        kept_back = services.episode_record(
            actor=self.charlie,
            agency=self.world.childrens,
            person=self.child,
            data=services.EpisodeInput(
                category=Category.MISSING,
                risk_grade=RiskGrade.LOW,
                reported_at=now - dt.timedelta(hours=2),
                started_at=now - dt.timedelta(hours=3),
                tell_police=False,
                not_telling_police_reason="Known to be with her aunt",
            ),
        )
        assert services.open_episodes_share_with_police() == 0
        kept_back.refresh_from_db()
        assert kept_back.police_told_at is None
