from __future__ import annotations

import datetime as dt

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from safeguard.audit.models import AuditEvent
from safeguard.core.testing import BaseTestCase
from safeguard.missing import selectors, services
from safeguard.missing.models import Category, Episode, RhiOutcome, RiskGrade
from safeguard.partnership.models import Agency, AgencyKind
from safeguard.partnership.roles import Role
from safeguard.partnership.services import partnership_settings_update, user_create
from safeguard.people.models import InvolvementReason
from safeguard.people.services import involvement_add


class RhiProviderTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.charity = Agency.objects.create(
            partnership=self.world.darlington, name="Step Forward Youth Charity", kind=AgencyKind.VOLUNTARY, code="sf"
        )
        self.youth_worker = user_create(
            actor=None,
            agency=self.charity,
            username="yasmin",
            first_name="Yasmin",
            last_name="Khan",
            email="yasmin@example.org",
            roles={Role.PRACTITIONER},
        )

    def episode(self, *, returned: bool = True) -> Episode:
        now = timezone.now()
        return services.episode_record(
            actor=self.charlie,
            agency=self.world.childrens,
            person=self.child,
            data=services.EpisodeInput(
                category=Category.MISSING,
                risk_grade=RiskGrade.LOW,
                reported_at=now - dt.timedelta(hours=20),
                started_at=now - dt.timedelta(hours=21),
                ended_at=now - dt.timedelta(hours=2) if returned else None,
            ),
        )

    def test_new_interviews_go_to_the_provider_the_partnership_commissions(self) -> None:
        partnership_settings_update(
            actor=self.alice,
            partnership=self.world.darlington,
            notify_police_of_placements=True,
            rhi_provider=self.charity,
        )
        episode = self.episode()
        assert episode.rhi.provider == self.charity
        # The provider's worker sees the child and the interview on their worklist.
        assert [r.pk for r in selectors.rhi_worklist(self.youth_worker).due] == [episode.rhi.pk]
        assert selectors.rhi_worklist(self.charlie).total == 0

    def test_without_a_commissioned_provider_childrens_services_offer_the_interview(self) -> None:
        assert self.episode().rhi.provider == self.world.childrens

    def test_an_inactive_commissioned_provider_falls_back_to_childrens_services(self) -> None:
        partnership_settings_update(
            actor=self.alice,
            partnership=self.world.darlington,
            notify_police_of_placements=True,
            rhi_provider=self.charity,
        )
        self.charity.is_active = False
        self.charity.save(update_fields=["is_active"])
        assert self.episode().rhi.provider == self.world.childrens

    def test_the_recorder_chooses_the_provider_when_recording_the_return(self) -> None:
        episode = self.episode(returned=False)
        self.login(self.charlie)
        form = self.client.get(reverse("missing:return", args=[episode.pk]))
        self.assertContains(form, "Step Forward Youth Charity")
        back = timezone.localtime() - dt.timedelta(hours=1)
        response = self.client.post(
            reverse("missing:return", args=[episode.pk]),
            {
                "ended_at_date_day": back.day,
                "ended_at_date_month": back.month,
                "ended_at_date_year": back.year,
                "ended_at_time": back.strftime("%H:%M"),
                "found_how": "Came home",
                "rhi_provider": self.charity.pk,
            },
        )
        self.assertRedirects(response, reverse("missing:episode", args=[episode.pk]))
        episode.refresh_from_db()
        assert episode.rhi.provider == self.charity

    def test_a_return_recorded_without_choosing_goes_to_the_usual_provider(self) -> None:
        episode = self.episode(returned=False)
        self.login(self.charlie)
        back = timezone.localtime() - dt.timedelta(hours=1)
        response = self.client.post(
            reverse("missing:return", args=[episode.pk]),
            {
                "ended_at_date_day": back.day,
                "ended_at_date_month": back.month,
                "ended_at_date_year": back.year,
                "ended_at_time": back.strftime("%H:%M"),
                "found_how": "Came home",
                "rhi_provider": "",
            },
        )
        self.assertRedirects(response, reverse("missing:episode", args=[episode.pk]))
        episode.refresh_from_db()
        assert episode.rhi.provider == self.world.childrens

    def test_a_child_can_have_a_trusted_teacher_take_the_interview(self) -> None:
        school = Agency.objects.create(
            partnership=self.world.darlington, name="Hummersknott Academy", kind=AgencyKind.SCHOOL, code="hum"
        )
        episode = self.episode()
        services.rhi_reassign(actor=self.charlie, rhi=episode.rhi, provider=school, reason="She trusts her teacher")
        episode.rhi.refresh_from_db()
        assert episode.rhi.provider == school

    def test_a_provider_from_another_partnership_is_refused(self) -> None:
        episode = self.episode(returned=False)
        with self.assertRaisesMessage(services.EpisodeProblem, "in this partnership"):
            services.episode_return(
                actor=self.charlie,
                episode=episode,
                ended_at=timezone.now() - dt.timedelta(hours=1),
                found_place="",
                found_how="",
                rhi_provider=self.world.durham_childrens,
            )

    def test_moving_an_interview_tells_the_new_provider_and_keeps_the_deadline(self) -> None:
        episode = self.episode()
        due_at = episode.rhi.due_at
        self.login(self.charlie)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("missing:rhi_provider", args=[episode.pk]),
                {"provider": self.charity.pk, "reason": "She trusts her youth worker"},
            )
        self.assertRedirects(response, reverse("missing:episode", args=[episode.pk]))
        rhi = type(episode.rhi).objects.get(pk=episode.rhi.pk)
        assert (rhi.provider, rhi.due_at) == (self.charity, due_at)
        assert mail.outbox[-1].to == ["yasmin@example.org"]
        event = AuditEvent.objects.filter(object_type="missing.returninterview").latest("pk")
        assert "to Step Forward Youth Charity" in event.summary
        assert event.reason == "She trusts her youth worker"

    def test_moving_needs_a_reason(self) -> None:
        episode = self.episode()
        self.login(self.charlie)
        response = self.client.post(reverse("missing:rhi_provider", args=[episode.pk]), {"provider": self.charity.pk})
        self.assertContains(response, "Enter why another agency will offer the interview", status_code=400)

    def test_a_finished_interview_cannot_be_moved(self) -> None:
        episode = self.episode()
        services.rhi_record(
            actor=self.charlie,
            rhi=episode.rhi,
            details=services.RhiDetails(
                offered_at=timezone.now() - dt.timedelta(hours=1),
                offered_by="C Worker",
                outcome=RhiOutcome.DECLINED,
                outcome_reason="Did not want to talk",
            ),
        )
        with self.assertRaisesMessage(services.EpisodeProblem, "already finished"):
            services.rhi_reassign(actor=self.charlie, rhi=episode.rhi, provider=self.charity, reason="x")

    def test_an_agency_with_no_part_in_the_interview_cannot_move_it(self) -> None:
        episode = self.episode()
        with self.assertRaisesMessage(services.EpisodeProblem, "Only the current provider"):
            services.rhi_reassign(actor=self.ivan, rhi=episode.rhi, provider=self.world.health, reason="x")

    def test_an_agency_that_only_sees_the_episode_cannot_record_or_close_the_interview(self) -> None:
        episode = self.episode()
        # Ivan's health trust was told of the episode, so the episode and its interview are on his screen.
        involvement_add(person=self.child, agency=self.world.health, reason=InvolvementReason.EPISODE)
        self.login(self.ivan)
        page = self.client.get(reverse("missing:episode", args=[episode.pk])).content.decode()
        assert reverse("missing:rhi", args=[episode.pk]) not in page
        response = self.client.post(reverse("missing:rhi", args=[episode.pk]), {"outcome": "declined"})
        assert response.status_code == 404
        details = services.RhiDetails(outcome=RhiOutcome.DECLINED, outcome_reason="Refused")
        with self.assertRaisesMessage(services.EpisodeProblem, "Only the provider"):
            services.rhi_record(actor=self.ivan, rhi=episode.rhi, details=details)
        episode.rhi.refresh_from_db()
        assert episode.rhi.outcome == ""


class PartnershipSettingsTests(BaseTestCase):
    def test_the_administrator_chooses_the_rhi_provider_and_the_police_setting(self) -> None:
        self.login(self.alice)
        health = self.world.health
        response = self.client.post(reverse("partnership:settings"), {"rhi_provider": health.pk})
        self.assertRedirects(response, reverse("partnership:overview"))
        self.world.darlington.refresh_from_db()
        assert self.world.darlington.rhi_provider == health
        assert not self.world.darlington.notify_police_of_placements

    def test_only_agencies_that_can_offer_interviews_are_offered(self) -> None:
        self.login(self.alice)
        response = self.client.post(reverse("partnership:settings"), {"rhi_provider": self.world.police.pk})
        self.assertContains(response, "Select who offers return home interviews from the list", status_code=400)
