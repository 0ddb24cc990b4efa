"""Police see a child who is missing now: the episode is shared with them as soon as it is recorded."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from safeguard.audit.models import Action, AuditEvent
from safeguard.core.testing import BaseTestCase
from safeguard.missing import services
from safeguard.missing.models import Category, Episode, RiskGrade
from safeguard.sharing.models import Decision, LawfulBasis, SharingDecision, SpecialCondition


def form_data(*, risk: str = "high", police_reference: str = "", tell_police: str = "yes", reason: str = "") -> dict:  # type: ignore[type-arg]
    earlier = timezone.localtime() - dt.timedelta(hours=3)
    return {
        "category": "missing",
        "risk_grade": risk,
        "started_at_date_day": earlier.day,
        "started_at_date_month": earlier.month,
        "started_at_date_year": earlier.year,
        "started_at_time": earlier.strftime("%H:%M"),
        "reported_at_date_day": earlier.day,
        "reported_at_date_month": earlier.month,
        "reported_at_date_year": earlier.year,
        "reported_at_time": earlier.strftime("%H:%M"),
        "last_seen_place": "Skerne Park",
        "clothing": "Red hoodie",
        "police_reference": police_reference,
        "tell_police": tell_police,
        "not_telling_police_reason": reason,
    }


class PoliceSeeAMissingChildTests(BaseTestCase):
    def record(self, **kwargs: str) -> Episode:
        self.login(self.charlie)
        response = self.client.post(reverse("missing:record", args=[self.child.pk]), form_data(**kwargs))
        assert response.status_code == 302, response.content.decode()[:3000]
        return Episode.objects.get()

    def test_police_can_see_a_high_risk_child_who_is_missing_right_now(self) -> None:
        episode = self.record(risk="high", police_reference="DP-2026-0042")
        self.login(self.bob)
        page = self.client.get(reverse("missing:episode", args=[episode.pk]))
        self.assertContains(page, "Amelia Hartley")
        self.assertContains(page, "Red hoodie")
        self.assertContains(self.client.get(reverse("missing:index")), "Amelia Hartley")
        self.assertContains(self.client.get(reverse("missing:profile", args=[self.child.pk])), "Red hoodie")

    def test_sharing_an_episode_with_police_is_recorded_as_a_sharing_decision(self) -> None:
        episode = self.record(risk="high", police_reference="DP-2026-0042")
        decision = SharingDecision.objects.get()
        assert episode.police_decision == decision
        assert episode.police_told_at is not None
        assert decision.decision == Decision.SHARE
        assert decision.lawful_basis == LawfulBasis.PUBLIC_TASK
        assert decision.special_condition == SpecialCondition.SAFEGUARDING
        assert list(decision.shared_with_agencies.all()) == [self.world.police]
        assert "Philomena profile" in decision.what_shared
        assert decision.purpose
        assert decision.decision_reasons
        assert decision.agency == self.world.childrens
        assert AuditEvent.objects.filter(action=Action.SHARE, object_type="missing.episode").exists()

    def test_police_see_the_updates_to_a_shared_episode(self) -> None:
        episode = self.record(risk="medium")
        services.episode_regrade(
            actor=self.bob,
            episode=episode,
            grade=RiskGrade.HIGH,
            applied_at=timezone.now() - dt.timedelta(hours=1),
            reason="Seen at her boyfriend's flat",
        )
        self.login(self.bob)
        self.assertContains(self.client.get(reverse("missing:episode", args=[episode.pk])), "boyfriend")

    def test_a_medium_risk_episode_is_always_shared_with_police(self) -> None:
        self.login(self.charlie)
        response = self.client.post(
            reverse("missing:record", args=[self.child.pk]), form_data(risk="medium", tell_police="no", reason="x")
        )
        self.assertContains(response, "Police must be told of an episode", status_code=400)
        assert not Episode.objects.exists()

    def test_an_episode_with_a_police_reference_is_always_shared_with_police(self) -> None:
        with self.assertRaisesMessage(services.EpisodeProblem, "Police must be told"):
            services.episode_record(
                actor=self.charlie,
                agency=self.world.childrens,
                person=self.child,
                data=services.EpisodeInput(
                    category=Category.MISSING,
                    risk_grade=RiskGrade.LOW,
                    reported_at=timezone.now(),
                    started_at=timezone.now() - dt.timedelta(hours=1),
                    police_reference="DP-1",
                    tell_police=False,
                    not_telling_police_reason="Low risk",
                ),
            )

    def test_a_low_risk_episode_not_shared_records_the_decision_not_to_share_and_police_cannot_see_it(self) -> None:
        episode = self.record(risk="low", tell_police="no", reason="Known to be at her aunt's; back within the hour")
        decision = SharingDecision.objects.get()
        assert decision.decision == Decision.NOT_SHARE
        assert "aunt" in decision.decision_reasons
        assert episode.police_told_at is None
        self.login(self.bob)
        assert self.client.get(reverse("missing:episode", args=[episode.pk])).status_code == 404
        assert self.client.get(reverse("missing:profile", args=[self.child.pk])).status_code == 404

    def test_police_lose_the_philomena_profile_but_keep_the_episode_when_the_child_returns(self) -> None:
        episode = self.record(risk="high")
        services.episode_return(
            actor=self.charlie, episode=episode, ended_at=timezone.now(), found_place="Home", found_how=""
        )
        self.login(self.bob)
        assert self.client.get(reverse("missing:profile", args=[self.child.pk])).status_code == 404
        assert self.client.get(reverse("missing:episode", args=[episode.pk])).status_code == 200
