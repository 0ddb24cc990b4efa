"""The missing-children rules of issue 16, one test each, named for the rule."""

from __future__ import annotations

import datetime as dt
import json

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safeguard.audit.models import Action, AuditEvent
from safeguard.core.testing import BaseTestCase
from safeguard.missing import services
from safeguard.missing.models import Category, Episode, RiskGrade
from safeguard.partnership.roles import Role
from safeguard.partnership.services import api_token_create
from safeguard.people.models import InvolvementReason
from safeguard.people.services import involvement_add
from safeguard.sharing.models import Decision, SharingDecision


class MissingRulesTests(BaseTestCase):
    def missing(self, *, by=None, agency=None, hours_ago: float = 4, **kwargs: object) -> Episode:  # type: ignore[no-untyped-def]
        now = timezone.now()
        return services.episode_record(
            actor=by or self.charlie,
            agency=agency or self.world.childrens,
            person=self.child,
            data=services.EpisodeInput(
                category=kwargs.pop("category", Category.MISSING),  # type: ignore[arg-type]
                risk_grade=kwargs.pop("risk_grade", RiskGrade.HIGH),  # type: ignore[arg-type]
                reported_at=now - dt.timedelta(hours=hours_ago) + dt.timedelta(minutes=10),
                started_at=now - dt.timedelta(hours=hours_ago),
                **kwargs,  # type: ignore[arg-type]
            ),
        )

    def back(self, episode: Episode, by=None) -> None:  # type: ignore[no-untyped-def]
        services.episode_return(
            actor=by or self.charlie, episode=episode, ended_at=timezone.now(), found_place="Home", found_how=""
        )

    def test_a_return_cannot_be_recorded_by_an_agency_that_only_heard_of_it(self) -> None:
        episode = self.missing()
        involvement_add(person=self.child, agency=self.world.health, reason=InvolvementReason.CASE)
        with self.assertRaisesMessage(services.EpisodeProblem, "Only the agency that recorded the episode"):
            self.back(episode, by=self.ivan)
        self.login(self.ivan)
        assert self.client.get(reverse("missing:return", args=[episode.pk])).status_code == 404
        self.assertNotContains(self.client.get(reverse("missing:episode", args=[episode.pk])), "Record the return")

    def test_the_childs_social_workers_agency_and_police_may_record_a_return(self) -> None:
        police_episode = self.missing(by=self.bob, agency=self.world.police)
        self.back(police_episode, by=self.charlie)  # children's services work with Amelia
        assert Episode.objects.get(pk=police_episode.pk).ended_at is not None
        episode = self.missing(hours_ago=0.5)
        self.back(episode, by=self.bob)
        assert Episode.objects.get(pk=episode.pk).ended_at is not None

    def test_a_corrected_return_reopens_the_episode_with_a_reason_and_police_see_the_profile_again(self) -> None:
        services.profile_save(actor=self.charlie, person=self.child, fields={"description": "Freckles"})
        episode = self.missing()
        self.back(episode)
        self.login(self.bob)
        assert self.client.get(reverse("missing:profile", args=[self.child.pk])).status_code == 404
        self.login(self.charlie)
        url = reverse("missing:reopen", args=[episode.pk])
        self.assertContains(self.client.post(url, {"reason": ""}), "Enter why the return was wrong", status_code=400)
        response = self.client.post(url, {"reason": "The school was told she was home; she was not"})
        self.assertRedirects(response, reverse("missing:episode", args=[episode.pk]))
        episode.refresh_from_db()
        assert episode.ended_at is None
        assert not (hasattr(episode, "rhi") and Episode.objects.filter(pk=episode.pk, rhi__isnull=False).exists())
        event = AuditEvent.objects.filter(object_id=str(episode.pk), summary__startswith="Corrected the return").get()
        assert "school" in event.reason
        self.login(self.bob)
        self.assertContains(self.client.get(reverse("missing:profile", args=[self.child.pk])), "Freckles")

    def test_one_incident_is_one_episode_so_a_second_open_episode_for_the_child_is_refused(self) -> None:
        self.missing()
        with self.assertRaisesMessage(services.EpisodeConflict, "already recorded as missing"):
            self.missing(hours_ago=1)
        assert Episode.objects.count() == 1

    def test_a_police_push_for_a_child_already_missing_joins_the_open_episode(self) -> None:
        episode = self.missing(hours_ago=2)
        _, raw = api_token_create(actor=None, agency=self.world.police, name="Niche", roles={Role.POLICE_INTELLIGENCE})
        started = (timezone.now() - dt.timedelta(hours=1)).isoformat()
        body = {
            "police_reference": "DC-2026-0099",
            "person": {"nhs_number": "943 476 5919", "date_of_birth": "2011-03-14"},
            "category": "missing",
            "risk_grade": "high",
            "reported_at": started,
            "started_at": started,
        }
        response = Client().post(
            "/api/missing/episodes",
            data=json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )
        assert response.status_code == 200, response.content
        assert response.json()["id"] == episode.pk
        assert Episode.objects.count() == 1
        assert Episode.objects.get().police_reference == "DC-2026-0099"

    def test_away_from_placement_is_only_for_looked_after_children(self) -> None:
        with self.assertRaisesMessage(services.EpisodeProblem, "only to a looked-after child"):
            self.missing(category=Category.AWAY)
        episode = self.missing()
        with self.assertRaisesMessage(services.EpisodeProblem, "only to a looked-after child"):
            services.episode_recategorise(
                actor=self.charlie,
                episode=episode,
                category=Category.AWAY,
                applied_at=timezone.now() - dt.timedelta(hours=1),
                reason="Seen at a friend's",
            )

    def test_only_police_change_the_police_risk_grade(self) -> None:
        episode = self.missing(risk_grade=RiskGrade.MEDIUM)
        applied = timezone.now() - dt.timedelta(hours=1)
        with self.assertRaisesMessage(services.EpisodeProblem, "Only police change the police risk grade"):
            services.episode_regrade(actor=self.charlie, episode=episode, grade=RiskGrade.LOW, applied_at=applied)
        self.login(self.charlie)
        assert self.client.get(reverse("missing:regrade", args=[episode.pk])).status_code == 404
        self.assertNotContains(self.client.get(reverse("missing:episode", args=[episode.pk])), "Change the risk grade")
        services.episode_regrade(actor=self.bob, episode=episode, grade=RiskGrade.HIGH, applied_at=applied)
        episode.refresh_from_db()
        assert episode.risk_grade == RiskGrade.HIGH

    def test_sharing_an_interview_with_police_records_a_decision_and_police_see_what_was_shared_not_every_field(
        self,
    ) -> None:
        episode = self.missing()
        self.back(episode)
        episode.refresh_from_db()
        rhi = episode.rhi
        services.rhi_record(
            actor=self.charlie,
            rhi=rhi,
            details=services.RhiDetails(
                offered_at=timezone.now(),
                outcome=None,
                push_factors="Arguments at home about her stepfather",
            ),
        )
        services.rhi_share_with_police(
            actor=self.charlie, rhi=rhi, information="Picked up by a silver car", reason="Risk of exploitation"
        )
        decision = SharingDecision.objects.filter(what_shared="Picked up by a silver car").get()
        assert decision.decision == Decision.SHARE
        assert list(decision.shared_with_agencies.all()) == [self.world.police]
        assert rhi.police_shares.get().decision == decision
        self.login(self.bob)
        page = self.client.get(reverse("missing:episode", args=[episode.pk]))
        self.assertContains(page, "Picked up by a silver car")
        self.assertNotContains(page, "stepfather")
        self.login(self.charlie)
        self.assertContains(self.client.get(reverse("missing:episode", args=[episode.pk])), "stepfather")

    def test_the_audit_records_who_corrected_a_return(self) -> None:
        episode = self.missing()
        self.back(episode)
        services.episode_reopen(actor=self.bob, episode=episode, reason="Seen again in Middlesbrough")
        assert AuditEvent.objects.filter(actor=self.bob, action=Action.UPDATE, object_id=str(episode.pk)).exists()


class HeldPushTests(BaseTestCase):
    def held(self) -> object:
        held, created = services.push_hold(
            agency=self.world.police,
            token_name="Niche",
            police_reference="DC-77",
            person_sent={"given_name": "Amelia", "family_name": "Hartly", "date_of_birth": "2011-03-14"},
            episode_sent={
                "category": "missing",
                "risk_grade": "high",
                "reported_at": (timezone.now() - dt.timedelta(hours=1)).isoformat(),
                "started_at": (timezone.now() - dt.timedelta(hours=2)).isoformat(),
                "ended_at": None,
            },
            candidates=[self.child],
        )
        assert created
        return held

    def test_a_held_push_resolved_as_a_new_child_adds_that_child_and_records_the_episode(self) -> None:
        held = self.held()
        episode = services.push_resolve(actor=self.charlie, held=held, person=None)  # type: ignore[arg-type]
        assert episode.person != self.child
        assert (episode.person.family_name, episode.police_reference) == ("Hartly", "DC-77")

    def test_only_childrens_services_resolve_which_child_a_held_push_is_about(self) -> None:
        held = self.held()
        with self.assertRaisesMessage(services.EpisodeProblem, "Only children's services"):
            services.push_resolve(actor=self.bob, held=held, person=self.child)  # type: ignore[arg-type]
        assert not Episode.objects.exists()
