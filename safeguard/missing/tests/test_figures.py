from __future__ import annotations

import datetime as dt
import zoneinfo

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from safeguard.audit.models import Action, AuditEvent
from safeguard.core.figures import Figure
from safeguard.core.testing import BaseTestCase
from safeguard.missing import selectors
from safeguard.missing.clock import rhi_due_at
from safeguard.missing.models import Category, Episode, ReturnInterview, RiskGrade
from safeguard.people.models import Person

LONDON = zoneinfo.ZoneInfo("Europe/London")


def at(month: int, day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, 0, tzinfo=LONDON)


class FixedEpisodesTests(BaseTestCase):
    """Fixed data written straight to the tables, so the figures can be checked by hand."""

    other: Person

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.other = Person.objects.create(
            partnership=cls.world.darlington, given_name="=HYPERLINK(1)", family_name="Lowe"
        )
        cls.other.involvements.create(agency=cls.world.childrens, reason="episode")

        def episode(person: Person, start: dt.datetime, end: dt.datetime | None, completed: dt.datetime | None) -> None:
            ep = Episode.objects.create(
                partnership=cls.world.darlington,
                person=person,
                recording_agency=cls.world.childrens,
                category=Category.MISSING,
                risk_grade=RiskGrade.LOW,
                reported_at=start,
                started_at=start,
                ended_at=end,
                looked_after=True,
            )
            if end is not None:
                ReturnInterview.objects.create(
                    episode=ep,
                    provider=cls.world.childrens,
                    due_at=rhi_due_at(end),
                    completed_at=completed,
                    offered_at=end if completed else None,
                    outcome="accepted" if completed else "",
                )

        # Amelia: three episodes within 90 days, the third in June.
        episode(cls.child, at(4, 20), at(4, 21), at(4, 22))  # April: on time
        episode(cls.child, at(5, 25), at(5, 26), at(5, 30))  # May: late (4 days)
        episode(cls.child, at(6, 10), at(6, 11), at(6, 13, 11))  # June: within 72 hours (71 h)
        # Leo: two episodes in June; one RHI late, one never done.
        episode(cls.other, at(6, 1), at(6, 2), at(6, 6))
        episode(cls.other, at(6, 20), at(6, 21), None)
        # Returned on 30 June at 23:30: counts in June, though the RHI is due in July.
        episode(cls.other, at(6, 30, 20), dt.datetime(2026, 6, 30, 23, 30, tzinfo=LONDON), None)

    def figure(self, name: str, month: int) -> Figure:
        function = getattr(selectors, f"figure_{name}")
        last = dt.date(2026, month + 1, 1) - dt.timedelta(days=1)
        return function(partnership=self.world.darlington, period_start=dt.date(2026, month, 1), period_end=last)

    def test_rhis_within_72_hours_counts_returns_in_the_month(self) -> None:
        assert self.figure("rhi_within_72_hours", 6) == Figure(numerator=1, denominator=4)
        assert self.figure("rhi_within_72_hours", 4) == Figure(numerator=1, denominator=1)
        assert self.figure("rhi_within_72_hours", 5) == Figure(numerator=0, denominator=1)

    def test_episodes_per_child_divides_episodes_by_children(self) -> None:
        figure = self.figure("missing_episodes_per_child", 6)
        assert figure == Figure(numerator=4, denominator=2)
        assert figure.value == 2.0

    def test_children_with_repeat_episodes_counts_children_who_reach_the_rule_in_the_month(self) -> None:
        assert self.figure("children_repeat_missing", 6) == Figure(numerator=2)
        assert self.figure("children_repeat_missing", 5) == Figure(numerator=0)

    @override_settings(SAFEGUARD_REPEAT_MISSING_EPISODES=3, SAFEGUARD_REPEAT_MISSING_DAYS=30)
    def test_the_repeat_rule_is_a_setting(self) -> None:
        # In 30 days Amelia's episodes (20 Apr, 25 May, 10 Jun) are never three; Leo's are (1, 20, 30 Jun).
        assert self.figure("children_repeat_missing", 6) == Figure(numerator=1)

    def test_the_export_has_the_statutory_fields_neutralises_formulas_and_is_audited(self) -> None:
        self.login(self.charlie)
        response = self.client.get(
            reverse("missing:export"),
            {
                "start_day": "1",
                "start_month": "6",
                "start_year": "2026",
                "end_day": "30",
                "end_month": "6",
                "end_year": "2026",
            },
        )
        assert response.status_code == 200
        body = response.getvalue()
        assert body.startswith(b"\xef\xbb\xbf")  # the UTF-8 byte-order mark, so Excel reads UTF-8
        text = body.decode("utf-8-sig")
        lines = text.splitlines()
        assert lines[0] == "Child,Date of birth,Episode start,Type,Episode end,RHI offered,RHI accepted"
        assert len(lines) == 5
        assert "'=HYPERLINK(1)" in text
        assert "2026-06-10 12:00,MISSING,2026-06-11 12:00,Yes,Yes" in text
        assert AuditEvent.objects.filter(action=Action.EXPORT, actor=self.charlie).exists()

    def test_an_export_period_that_ends_before_it_starts_is_explained(self) -> None:
        self.login(self.charlie)
        response = self.client.get(
            reverse("missing:export"),
            {
                "start_day": "30",
                "start_month": "6",
                "start_year": "2026",
                "end_day": "1",
                "end_month": "6",
                "end_year": "2026",
            },
        )
        self.assertContains(response, "The end date must be on or after the start date", status_code=400)


class PendingInterviewTests(BaseTestCase):
    def returned(self, ago: dt.timedelta, **rhi: object) -> Episode:
        end = timezone.now() - ago
        episode = Episode.objects.create(
            partnership=self.world.darlington,
            person=self.child,
            recording_agency=self.world.childrens,
            category=Category.MISSING,
            risk_grade=RiskGrade.LOW,
            reported_at=end - dt.timedelta(hours=5),
            started_at=end - dt.timedelta(hours=5),
            looked_after=True,
            ended_at=end,
        )
        ReturnInterview.objects.create(episode=episode, provider=self.world.childrens, due_at=rhi_due_at(end), **rhi)
        return episode

    def figure(self) -> Figure:
        today = dt.date.today()
        return selectors.figure_rhi_within_72_hours(
            partnership=self.world.darlington, period_start=today - dt.timedelta(days=10), period_end=today
        )

    def test_an_interview_whose_72_hours_are_not_up_is_neither_on_time_nor_late(self) -> None:
        self.returned(dt.timedelta(hours=2))
        assert self.figure() == Figure(numerator=0, denominator=0)
        self.returned(dt.timedelta(hours=80))  # not done, and its 72 hours have passed: late
        assert self.figure() == Figure(numerator=0, denominator=1)

    def test_an_interview_done_early_counts_as_on_time_at_once(self) -> None:
        self.returned(dt.timedelta(hours=2), completed_at=timezone.now(), outcome="accepted")
        assert self.figure() == Figure(numerator=1, denominator=1)

    def test_a_declined_interview_is_exported_as_offered(self) -> None:
        self.returned(dt.timedelta(hours=30), outcome="declined")
        today = dt.date.today()
        rows = selectors.export_rows(self.charlie, start=today - dt.timedelta(days=3), end=today)
        assert rows[0][-2:] == ["Yes", "No"]

    def test_the_statutory_return_contains_looked_after_children_only(self) -> None:
        episode = self.returned(dt.timedelta(hours=30))
        Episode.objects.filter(pk=episode.pk).update(looked_after=False)
        today = dt.date.today()
        assert selectors.export_rows(self.charlie, start=today - dt.timedelta(days=3), end=today) == []
