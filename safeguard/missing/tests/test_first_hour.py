"""The smaller points a social worker and a police officer hit in their first hour (issue 19), one test each."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from safeguard.core.testing import BaseTestCase
from safeguard.missing import services
from safeguard.missing.models import Category, Episode, LocationRisk, RhiOutcome, RiskGrade, RiskLocation
from safeguard.people.selectors import age_in_years


class FirstHourTests(BaseTestCase):
    def missing(self, *, returned: bool = False) -> Episode:
        now = timezone.now()
        return services.episode_record(
            actor=self.charlie,
            agency=self.world.childrens,
            person=self.child,
            data=services.EpisodeInput(
                category=Category.MISSING,
                risk_grade=RiskGrade.HIGH,
                reported_at=now - dt.timedelta(hours=5),
                started_at=now - dt.timedelta(hours=6),
                clothing="Green parka",
                ended_at=now - dt.timedelta(hours=1) if returned else None,
            ),
        )

    def test_add_the_child_keeps_the_name_and_date_of_birth_just_searched_for(self) -> None:
        self.login(self.charlie)
        found = self.client.post(
            reverse("missing:find"),
            {"name": "Zara Quinn", "date_of_birth_day": "2", "date_of_birth_month": "9", "date_of_birth_year": "2012"},
        )
        # The link carries a short-lived id for the search, not the name and date of birth.
        response = self.client.get(reverse("missing:add_child"), {"searched": found.context["searched"]})
        initial = response.context["form"].initial
        assert (initial["given_name"], initial["family_name"], initial["date_of_birth"]) == (
            "Zara",
            "Quinn",
            dt.date(2012, 9, 2),
        )
        self.assertContains(response, 'value="Quinn"')

    def test_the_times_of_an_episode_and_a_return_default_to_now(self) -> None:
        self.login(self.charlie)
        initial = self.client.get(reverse("missing:record", args=[self.child.pk])).context["form"].initial
        today = timezone.localdate()
        assert (initial["started_at_date"], initial["reported_at_date"]) == (today, today)
        assert re.search(r"^\d\d:\d\d$", initial["started_at_time"])
        episode = self.missing()
        initial = self.client.get(reverse("missing:return", args=[episode.pk])).context["form"].initial
        assert initial["ended_at_date"] == today

    def test_the_risk_grades_are_explained_where_they_are_chosen(self) -> None:
        self.login(self.charlie)
        page = self.client.get(reverse("missing:record", args=[self.child.pk]))
        self.assertContains(page, "Medium: harm is likely but not serious")
        self.assertContains(page, "serious harm is very likely")

    def test_missing_or_away_is_on_the_episode_summary(self) -> None:
        episode = self.missing()
        self.login(self.charlie)
        page = self.client.get(reverse("missing:episode", args=[episode.pk])).content.decode()
        assert "Missing or away" in page
        assert "Missing (whereabouts unknown)" in page

    def test_the_responsible_authority_is_a_choice_of_local_authorities_not_free_text(self) -> None:
        self.login(self.charlie)
        url = reverse("missing:record", args=[self.child.pk])
        page = self.client.get(url)
        self.assertContains(page, "Darlington Children&#x27;s Services")
        self.assertContains(page, "Durham Children&#x27;s Services")  # a child placed here by another area
        self.assertNotContains(page, '<option value="Durham Constabulary"')
        earlier = timezone.localtime() - dt.timedelta(hours=2)
        response = self.client.post(
            url,
            {
                "category": "away",
                "risk_grade": "low",
                "started_at_date_day": earlier.day,
                "started_at_date_month": earlier.month,
                "started_at_date_year": earlier.year,
                "started_at_time": earlier.strftime("%H:%M"),
                "reported_at_date_day": earlier.day,
                "reported_at_date_month": earlier.month,
                "reported_at_date_year": earlier.year,
                "reported_at_time": earlier.strftime("%H:%M"),
                "looked_after": "on",
                "responsible_authority": "Narnia Council",
            },
        )
        self.assertContains(response, "Select an authority from the list", status_code=400)
        assert not Episode.objects.exists()

    def test_interviews_declined_or_not_possible_do_not_show_done(self) -> None:
        episode = self.missing(returned=True)
        services.rhi_record(
            actor=self.charlie,
            rhi=episode.rhi,
            details=services.RhiDetails(
                offered_at=timezone.now(), outcome=RhiOutcome.DECLINED, outcome_reason="Did not want to talk"
            ),
        )
        self.login(self.charlie)
        listing = self.client.get(reverse("missing:index")).content.decode()
        assert "Declined" in listing
        assert ">Done<" not in listing

    def test_the_philomena_profile_shows_the_age_part_1_before_part_2_and_links_the_episodes(self) -> None:
        services.profile_save(actor=self.charlie, person=self.child, fields={"description": "Freckles"})
        episode = self.missing()
        self.login(self.charlie)
        page = self.client.get(reverse("missing:profile", args=[self.child.pk])).content.decode()
        age = age_in_years(self.child.date_of_birth, today=timezone.localdate())
        assert f'<dd class="govuk-summary-list__value">{age}</dd>' in page
        assert page.index("Part 1") < page.index("Part 2")
        assert reverse("missing:episode", args=[episode.pk]) in page

    def test_removing_a_risk_assessed_location_asks_first(self) -> None:
        profile = services.profile_save(actor=self.charlie, person=self.child, fields={"description": "x"})
        location = services.location_add(
            actor=self.charlie,
            profile=profile,
            name="Bus station",
            address="",
            risk=LocationRisk.HIGH,
            notes="",
            assessed_on=dt.date(2026, 1, 5),
        )
        self.login(self.charlie)
        url = reverse("missing:location_remove", args=[self.child.pk, location.pk])
        self.assertContains(self.client.get(url), "Remove Bus station?")
        assert RiskLocation.objects.filter(pk=location.pk).exists()
        self.assertRedirects(self.client.post(url), reverse("missing:profile", args=[self.child.pk]))
        assert not RiskLocation.objects.filter(pk=location.pk).exists()

    def test_age_counts_whole_years_and_a_leap_day_birthday_from_the_first_of_march(self) -> None:
        assert age_in_years(dt.date(2012, 2, 29), today=dt.date(2026, 2, 28)) == 13
        assert age_in_years(dt.date(2012, 2, 29), today=dt.date(2026, 3, 1)) == 14
