from __future__ import annotations

import datetime as dt
import html
import re

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from safeguard.audit.models import Action, AuditEvent
from safeguard.core.testing import BaseTestCase
from safeguard.missing import selectors, services
from safeguard.missing.models import Category, Episode, PoliceShare, RhiOutcome, RiskGrade
from safeguard.people.models import Involvement, InvolvementReason


def record(world_agency, person, actor, *, hours_ago: float = 30, returned_hours_ago: float | None = None) -> Episode:  # type: ignore[no-untyped-def]
    now = timezone.now()
    return services.episode_record(
        actor=actor,
        agency=world_agency,
        person=person,
        data=services.EpisodeInput(
            category=Category.MISSING,
            risk_grade=RiskGrade.MEDIUM,
            reported_at=now - dt.timedelta(hours=hours_ago - 1),
            started_at=now - dt.timedelta(hours=hours_ago),
            last_seen_place="Darlington bus station",
            ended_at=None if returned_hours_ago is None else now - dt.timedelta(hours=returned_hours_ago),
        ),
    )


class RecordingAnEpisodeTests(BaseTestCase):
    def test_a_practitioner_records_an_episode_with_its_grade_history_and_an_involvement(self) -> None:
        self.login(self.charlie)
        yesterday = timezone.localdate() - dt.timedelta(days=1)
        response = self.client.post(
            reverse("missing:record", args=[self.child.pk]),
            {
                "category": "missing",
                "risk_grade": "high",
                "started_at_date_day": yesterday.day,
                "started_at_date_month": yesterday.month,
                "started_at_date_year": yesterday.year,
                "started_at_time": "21:15",
                "reported_at_date_day": yesterday.day,
                "reported_at_date_month": yesterday.month,
                "reported_at_date_year": yesterday.year,
                "reported_at_time": "22:00",
                "last_seen_place": "Skerne Park",
                "clothing": "Red hoodie",
            },
        )
        episode = Episode.objects.get()
        self.assertRedirects(response, reverse("missing:episode", args=[episode.pk]))
        assert timezone.localtime(episode.started_at).strftime("%H:%M") == "21:15"
        assert list(episode.grade_changes.values_list("grade", flat=True)) == ["high"]
        assert Involvement.objects.filter(
            person=self.child, agency=self.charlie.agency, reason=InvolvementReason.EPISODE
        ).exists()
        assert AuditEvent.objects.filter(action=Action.CREATE, object_type="missing.episode").exists()

    def test_it_explains_a_time_that_is_not_a_time_instead_of_failing(self) -> None:
        self.login(self.charlie)
        response = self.client.post(
            reverse("missing:record", args=[self.child.pk]),
            {
                "category": "missing",
                "risk_grade": "low",
                "started_at_date_day": "1",
                "started_at_date_month": "2",
                "started_at_date_year": "2026",
                "started_at_time": "25:99",
                "reported_at_date_day": "1",
                "reported_at_date_month": "2",
                "reported_at_date_year": "2026",
                "reported_at_time": "10:00",
            },
        )
        assert response.status_code == 400
        self.assertContains(response, "govuk-error-summary", status_code=400)
        self.assertContains(response, "Enter a real time", status_code=400)
        assert not Episode.objects.exists()

    def test_searching_comes_before_adding_a_child(self) -> None:
        self.login(self.charlie)
        self.assertRedirects(self.client.get(reverse("missing:add_child")), reverse("missing:find"))
        response = self.client.post(reverse("missing:find"), {"name": "Amelia Hartly"})
        self.assertContains(response, "Amelia Hartley")
        self.assertContains(response, "add the child to the index")

    def test_the_search_and_the_link_to_add_the_child_keep_the_name_out_of_the_url(self) -> None:
        self.login(self.charlie)
        self.assertNotContains(self.client.get(reverse("missing:find"), {"name": "Amelia Hartley"}), "Hartley")
        response = self.client.post(reverse("missing:find"), {"name": "Zara Quinn"})
        [link] = re.findall(r'href="([^"]*new-child[^"]*)"', response.content.decode())
        assert "Zara" not in link
        assert "Quinn" not in link
        add_page = self.client.get(html.unescape(link))
        self.assertContains(add_page, 'value="Zara"')
        # The id is good only in the session that searched.
        self.login(self.world.users()["ivan"])
        self.assertRedirects(self.client.get(html.unescape(link)), reverse("missing:find"))

    def test_an_outsider_cannot_open_the_episode(self) -> None:
        episode = record(self.world.childrens, self.child, self.charlie)
        self.login(self.heidi)
        assert self.client.get(reverse("missing:episode", args=[episode.pk])).status_code == 404
        self.login(self.ivan)
        assert self.client.get(reverse("missing:episode", args=[episode.pk])).status_code == 404

    def test_the_episode_page_shows_the_clock_and_is_audited(self) -> None:
        episode = record(self.world.childrens, self.child, self.charlie, returned_hours_ago=2)
        self.login(self.charlie)
        response = self.client.get(reverse("missing:episode", args=[episode.pk]))
        self.assertContains(response, "Due in 69 hours")
        assert AuditEvent.objects.filter(action=Action.VIEW, person_id=self.child.pk).exists()
        listing = self.client.get(reverse("missing:index"))
        self.assertContains(listing, "Due in 69 hours")
        self.assertContains(listing, 'role="img"')
        self.assertContains(listing, "Episodes started each month")


class ReturnAndInterviewTests(BaseTestCase):
    def test_recording_the_return_starts_a_72_hour_clock_and_emails_the_provider_without_the_childs_name(self) -> None:
        episode = record(self.world.childrens, self.child, self.charlie)
        returned = timezone.now() - dt.timedelta(hours=1)
        with self.captureOnCommitCallbacks(execute=True):
            rhi = services.episode_return(
                actor=self.charlie, episode=episode, ended_at=returned, found_place="Home", found_how="Walked in"
            )
        assert rhi.due_at - returned == dt.timedelta(hours=72)
        assert rhi.provider == self.world.childrens
        assert len(mail.outbox) == 1
        assert "charlie@example.org" in mail.outbox[0].to
        assert "Amelia" not in f"{mail.outbox[0].subject} {mail.outbox[0].body}"
        rhi.refresh_from_db()
        assert rhi.due_notified_at is not None

    def test_a_return_cannot_be_recorded_twice(self) -> None:
        episode = record(self.world.childrens, self.child, self.charlie, returned_hours_ago=3)
        with self.assertRaisesMessage(services.EpisodeProblem, "already been recorded"):
            services.episode_return(
                actor=self.charlie, episode=episode, ended_at=timezone.now(), found_place="", found_how=""
            )

    def test_completing_the_interview_takes_it_off_the_worklist(self) -> None:
        episode = record(self.world.childrens, self.child, self.charlie, hours_ago=70, returned_hours_ago=60)
        assert [r.pk for r in selectors.rhi_worklist(self.charlie).due_soon] == [episode.rhi.pk]
        self.login(self.charlie)
        now = timezone.localtime() - dt.timedelta(hours=1)
        response = self.client.post(
            reverse("missing:rhi", args=[episode.pk]),
            {
                "offered_at_date_day": now.day,
                "offered_at_date_month": now.month,
                "offered_at_date_year": now.year,
                "offered_at_time": now.strftime("%H:%M"),
                "offered_by": "Chris Evans",
                "outcome": "accepted",
                "completed_at_date_day": now.day,
                "completed_at_date_month": now.month,
                "completed_at_date_year": now.year,
                "completed_at_time": now.strftime("%H:%M"),
                "completed_by": "Jess Moore",
                "independent": "yes",
                "push_factors": "Arguments at home",
                "exploitation_indicators": ["cce", "gifts"],
            },
        )
        self.assertRedirects(response, reverse("missing:episode", args=[episode.pk]))
        episode.rhi.refresh_from_db()
        assert episode.rhi.outcome == RhiOutcome.ACCEPTED
        assert episode.rhi.independent
        assert selectors.rhi_worklist(self.charlie).total == 0

    def test_a_declined_interview_needs_a_reason(self) -> None:
        episode = record(self.world.childrens, self.child, self.charlie, returned_hours_ago=5)
        self.login(self.charlie)
        response = self.client.post(reverse("missing:rhi", args=[episode.pk]), {"outcome": "declined"})
        self.assertContains(response, "Say why the interview was declined", status_code=400)

    def test_the_worklist_sorts_interviews_into_overdue_due_soon_and_due(self) -> None:
        other = self.world.durham_child  # another partnership: never on Darlington's list
        overdue = record(self.world.childrens, self.child, self.charlie, hours_ago=100, returned_hours_ago=80)
        soon = record(self.world.childrens, self.child, self.charlie, hours_ago=70, returned_hours_ago=50)
        due = record(self.world.childrens, self.child, self.charlie, hours_ago=8, returned_hours_ago=2)
        work = selectors.rhi_worklist(self.charlie)
        assert [r.episode_id for r in work.overdue] == [overdue.pk]
        assert [r.episode_id for r in work.due_soon] == [soon.pk]
        assert [r.episode_id for r in work.due] == [due.pk]
        assert other.pk not in [r.episode.person_id for r in work.due]
        self.login(self.charlie)
        response = self.client.get(reverse("missing:worklist"))
        self.assertContains(response, "Overdue by 8 hours")


class SharingWithPoliceTests(BaseTestCase):
    def test_passing_information_to_police_makes_a_shared_record_police_can_see(self) -> None:
        episode = record(self.world.childrens, self.child, self.charlie, returned_hours_ago=5)
        self.login(self.charlie)
        response = self.client.post(
            reverse("missing:share", args=[episode.pk]),
            {
                "information": "Picked up by a silver car in Eastbourne",
                "reason": "Risk of criminal exploitation",
                "consent": "not_sought",
                "no_consent_reason": "risk_to_child",
            },
        )
        self.assertRedirects(response, reverse("missing:episode", args=[episode.pk]))
        share = PoliceShare.objects.get()
        assert share.police_agency == self.world.police
        assert AuditEvent.objects.filter(action=Action.SHARE, person_id=self.child.pk).exists()
        assert Involvement.objects.filter(
            person=self.child, agency=self.world.police, reason=InvolvementReason.SHARED
        ).exists()
        self.login(self.bob)
        self.assertContains(self.client.get(reverse("missing:shared")), "Amelia Hartley")
        self.assertContains(self.client.get(reverse("missing:shared_detail", args=[share.pk])), "silver car")
        # Another agency of the partnership does not see what was passed to police.
        self.login(self.ivan)
        assert self.client.get(reverse("missing:shared_detail", args=[share.pk])).status_code == 404


class DashboardTests(BaseTestCase):
    def test_the_dashboard_counts_children_missing_again_and_again_without_naming_them(self) -> None:
        # The landing page is not audited, so it must show no child; the names are on an audited page.
        for days_ago in (3, 2, 1):
            record(
                self.world.childrens,
                self.child,
                self.charlie,
                hours_ago=24 * days_ago,
                returned_hours_ago=24 * days_ago - 2,
            )
        self.login(self.charlie)
        page = self.client.get(reverse("dashboard")).content.decode()
        assert "1 child went missing" in page
        assert self.child.family_name not in page
        listing = self.client.get(reverse("missing:index")).content.decode()
        assert self.child.family_name in listing
