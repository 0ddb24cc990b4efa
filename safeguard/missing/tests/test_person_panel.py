from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from safeguard.core.testing import BaseTestCase
from safeguard.missing.models import Category, RiskGrade
from safeguard.missing.services import EpisodeInput, episode_record


class PersonPagePanelTestCase(BaseTestCase):
    def setUp(self) -> None:
        returned = timezone.now() - dt.timedelta(hours=10)
        episode_record(
            actor=self.charlie,
            agency=self.world.childrens,
            person=self.child,
            data=EpisodeInput(
                category=Category.MISSING,
                risk_grade=RiskGrade.MEDIUM,
                reported_at=returned - dt.timedelta(hours=5),
                started_at=returned - dt.timedelta(hours=6),
                ended_at=returned,
            ),
        )

    def test_the_childs_page_shows_their_episodes_with_the_rhi_clock(self) -> None:
        self.login(self.charlie)
        response = self.client.get(f"/people/{self.child.pk}/")
        self.assertContains(response, "Missing episodes")
        # Returned 10 hours ago: 62 hours of the 72 remain (61 and some minutes, shown rounded down).
        assert re.search(r"Due in 6[12] hours", response.content.decode())

    def test_an_agency_that_may_see_the_person_but_not_episodes_sees_no_panel(self) -> None:
        self.login(self.grace)
        response = self.client.get(f"/people/{self.child.pk}/")
        assert response.status_code == 200
        self.assertNotContains(response, "Missing episodes")
