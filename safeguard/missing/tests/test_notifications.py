from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any
from unittest import mock

from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from safeguard.audit.models import Action, AuditEvent
from safeguard.core.testing import BaseTestCase
from safeguard.missing import services, tasks
from safeguard.missing.models import Category, Episode, RiskGrade
from safeguard.people.models import Person


class NotificationTests(BaseTestCase):
    def returned(self, hours_ago: float) -> Episode:
        now = timezone.now()
        return services.episode_record(
            actor=self.charlie,
            agency=self.world.childrens,
            person=self.child,
            data=services.EpisodeInput(
                category=Category.AWAY,
                looked_after=True,
                responsible_authority="Darlington Borough Council",
                risk_grade=RiskGrade.LOW,
                reported_at=now - dt.timedelta(hours=hours_ago + 1),
                started_at=now - dt.timedelta(hours=hours_ago + 2),
                ended_at=now - dt.timedelta(hours=hours_ago),
            ),
        )

    def test_the_reminder_command_emails_once_for_an_interview_due_within_a_day(self) -> None:
        self.returned(60)
        out = StringIO()
        call_command("missing_rhi_reminders", stdout=out)
        call_command("missing_rhi_reminders", stdout=out)
        reminders = [m for m in mail.outbox if "within 24 hours" in m.subject]
        assert len(reminders) == 1
        assert "Sent 1 reminder." in out.getvalue()

    def test_no_reminder_goes_for_an_interview_that_is_done(self) -> None:
        episode = self.returned(60)
        episode.rhi.completed_at = timezone.now()
        episode.rhi.save(update_fields=["completed_at"])
        assert tasks.send_due_reminders() == 0

    @override_settings(
        EMAIL_BACKEND="safeguard.core.notify.NotifyEmailBackend",
        SAFEGUARD_NOTIFY_TEMPLATE_ID="template-1",
        GOVUK_NOTIFY_API_KEY="key-" + "a" * 36 + "-" + "b" * 36,
    )
    def test_gov_uk_notify_is_used_when_configured(self) -> None:
        episode = self.returned(2)
        episode.rhi.due_notified_at = None
        episode.rhi.save(update_fields=["due_notified_at"])
        reply = mock.Mock(status_code=201, json=lambda: {"id": "n-1"})
        with mock.patch("requests.Session.request", return_value=reply) as request:
            tasks.notify_rhi_due.call(episode.rhi.pk, "due")
        assert request.call_count == 1
        method, url = request.call_args.args
        body = json.loads(request.call_args.kwargs["data"])
        assert (method, url) == ("POST", "https://api.notifications.service.gov.uk/v2/notifications/email")
        assert (body["email_address"], body["template_id"]) == ("charlie@example.org", "template-1")
        assert request.call_args.kwargs["headers"]["Authorization"].startswith("Bearer ")


class SmallerFlowTests(BaseTestCase):
    def test_a_child_not_found_is_added_then_the_episode_form_opens(self) -> None:
        self.login(self.charlie)
        response = self.client.post(
            reverse("missing:add_child"),
            {"given_name": "Zara", "family_name": "Quinn", "sex": "female", "kind": "child"},
        )
        person = Person.objects.get(given_name="Zara")
        self.assertRedirects(response, reverse("missing:record", args=[person.pk]))

    def missing_for_hours(self, grade: RiskGrade) -> tuple[Episode, dict[str, Any]]:
        """An episode begun 4 hours ago, signed in as its recorder, and form fields for a change an hour ago."""
        now = timezone.now()
        episode = services.episode_record(
            actor=self.charlie,
            agency=self.world.childrens,
            person=self.child,
            data=services.EpisodeInput(
                category=Category.MISSING,
                risk_grade=grade,
                reported_at=now - dt.timedelta(hours=3),
                started_at=now - dt.timedelta(hours=4),
                looked_after=True,
                responsible_authority="Darlington Borough Council",
            ),
        )
        local = timezone.localtime(now - dt.timedelta(hours=1))
        self.login(self.charlie)
        applied = {
            "applied_at_date_day": local.day,
            "applied_at_date_month": local.month,
            "applied_at_date_year": local.year,
            "applied_at_time": local.strftime("%H:%M"),
        }
        return episode, applied

    def test_changing_the_risk_grade_keeps_the_history(self) -> None:
        episode, applied = self.missing_for_hours(RiskGrade.LOW)
        self.login(self.bob)
        response = self.client.post(
            reverse("missing:regrade", args=[episode.pk]),
            {"grade": "high", **applied, "reason": "Seen with adults of concern"},
        )
        self.assertRedirects(response, reverse("missing:episode", args=[episode.pk]))
        episode.refresh_from_db()
        assert episode.risk_grade == "high"
        assert list(episode.grade_changes.values_list("grade", flat=True)) == ["low", "high"]

    def test_a_missing_episode_that_turns_into_away_keeps_both_with_their_times(self) -> None:
        episode, applied = self.missing_for_hours(RiskGrade.MEDIUM)
        form = {"category": "away", **applied, "reason": "Seen at her boyfriend's flat; whereabouts now known"}
        url = reverse("missing:recategorise", args=[episode.pk])
        assert (
            self.client.post(url, {**form, "applied_at_date_year": applied["applied_at_date_year"] - 1}).status_code
            == 400
        )
        self.assertRedirects(self.client.post(url, form), reverse("missing:episode", args=[episode.pk]))
        episode.refresh_from_db()
        assert episode.category == Category.AWAY
        history = list(episode.category_changes.values_list("category", "reason"))
        assert history == [("missing", "When reported"), ("away", form["reason"])]
        page = self.client.get(reverse("missing:episode", args=[episode.pk])).content.decode()
        assert "Missing or away history" in page
        assert AuditEvent.objects.filter(action=Action.UPDATE, object_id=str(episode.pk)).exists()
