from __future__ import annotations

import datetime as dt
import io
import re
import time
import zipfile
from unittest import mock

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from safeguard.audit.models import AuditEvent
from safeguard.core.registry import dashboard_panels_for
from safeguard.core.testing import BaseTestCase
from safeguard.governance import selectors, services
from safeguard.governance.models import (
    ActionStatus,
    BulletinIssue,
    BulletinStatus,
    Meeting,
    MeetingCycle,
    Subscriber,
)
from safeguard.governance.rules import effective_due_date, is_overdue, next_meeting_due, paragraphs_of
from safeguard.governance.tokens import confirm_token, unsubscribe_token


def london(year: int, month: int, day: int, hour: int, minute: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


class OverdueRuleTests(BaseTestCase):
    def test_an_action_is_overdue_the_day_after_a_weekday_due_date(self) -> None:
        due = dt.date(2017, 9, 1)  # a Friday
        assert not is_overdue(due_on=due, status=ActionStatus.OPEN, today=due)
        assert is_overdue(due_on=due, status=ActionStatus.OPEN, today=dt.date(2017, 9, 2))

    def test_a_due_date_on_a_weekend_moves_to_the_next_working_day(self) -> None:
        saturday = dt.date(2017, 9, 2)
        assert effective_due_date(saturday) == dt.date(2017, 9, 4)
        assert not is_overdue(due_on=saturday, status=ActionStatus.OPEN, today=dt.date(2017, 9, 4))
        assert is_overdue(due_on=saturday, status=ActionStatus.OPEN, today=dt.date(2017, 9, 5))

    def test_christmas_and_the_boxing_day_substitute_are_not_working_days(self) -> None:
        # 25 December 2026 is a Friday; Boxing Day falls on Saturday, so Monday 28th is the bank holiday.
        assert effective_due_date(dt.date(2026, 12, 25)) == dt.date(2026, 12, 29)
        assert not is_overdue(due_on=dt.date(2026, 12, 25), status="open", today=dt.date(2026, 12, 29))
        assert is_overdue(due_on=dt.date(2026, 12, 25), status="open", today=dt.date(2026, 12, 30))

    def test_the_meeting_cycle_sets_when_the_group_should_next_meet(self) -> None:
        assert next_meeting_due(cycle="bi_monthly", last_met=dt.date(2017, 7, 4)) == dt.date(2017, 9, 4)
        assert next_meeting_due(cycle="quarterly", last_met=dt.date(2017, 11, 30)) == dt.date(2018, 2, 28)
        assert next_meeting_due(cycle="monthly", last_met=dt.date(2020, 1, 31)) == dt.date(2020, 2, 29)
        assert next_meeting_due(cycle="as_needed", last_met=dt.date(2017, 7, 4)) is None

    def test_a_complete_or_cancelled_action_is_never_overdue(self) -> None:
        long_ago = dt.date(2017, 1, 2)
        for status in (ActionStatus.COMPLETE, ActionStatus.CANCELLED):
            assert not is_overdue(due_on=long_ago, status=status, today=dt.date(2026, 1, 1))

    def test_overdue_actions_reach_the_owners_dashboard_and_leave_it_when_complete(self) -> None:
        action = services.action_create(
            actor=self.alice,
            group=self.world.board,
            description="Circulate the briefing",
            owner=self.dana,
            due_on=timezone.localdate() - dt.timedelta(days=10),
        )
        titles = [p.title for p in dashboard_panels_for(self.dana)]
        assert "Your overdue actions" in titles
        assert "Your overdue actions" not in [p.title for p in dashboard_panels_for(self.charlie)]
        services.action_update(actor=self.dana, action=action, text="Sent to all leads", status=ActionStatus.COMPLETE)
        assert "Your overdue actions" not in [p.title for p in dashboard_panels_for(self.dana)]
        assert action.updates.count() == 1
        assert action.completed_on == timezone.localdate()

    def test_the_scorecard_figure_counts_actions_overdue_at_the_end_of_the_period(self) -> None:
        board = self.world.board
        late = services.action_create(
            actor=self.alice, group=board, description="a", owner=self.charlie, due_on=dt.date(2017, 6, 1)
        )
        services.action_create(
            actor=self.alice, group=board, description="b", owner=self.ivan, due_on=dt.date(2099, 1, 1)
        )
        done_late = services.action_create(
            actor=self.alice, group=board, description="c", owner=self.ivan, due_on=dt.date(2017, 6, 1)
        )
        services.action_update(actor=self.ivan, action=done_late, text="done", status=ActionStatus.COMPLETE)
        today = timezone.localdate()
        figure = selectors.figure_governance_actions_overdue(
            partnership=self.world.darlington, period_start=today - dt.timedelta(days=30), period_end=today
        )
        assert (figure.numerator, figure.denominator) == (1, 2)
        services.action_update(actor=self.charlie, action=late, text="done", status=ActionStatus.COMPLETE)
        figure = selectors.figure_governance_actions_overdue(
            partnership=self.world.darlington, period_start=today, period_end=today
        )
        assert (figure.numerator, figure.denominator) == (0, 1)

    def test_the_next_meeting_agenda_lists_actions_overdue_on_its_day(self) -> None:
        meeting = services.meeting_schedule(
            actor=self.alice, group=self.world.board, starts_at=london(2017, 9, 5, 9, 30)
        )
        late = services.action_create(
            actor=self.alice, group=self.world.board, description="Late", owner=self.charlie, due_on=dt.date(2017, 8, 1)
        )
        services.action_create(
            actor=self.alice,
            group=self.world.board,
            description="Later",
            owner=self.charlie,
            due_on=dt.date(2017, 9, 30),
        )
        assert selectors.overdue_actions_for_meeting(meeting) == [late]
        response = self.login(self.frank).get(reverse("governance:meeting", args=[meeting.pk]))
        self.assertContains(response, "Actions overdue on the day of the meeting")
        self.assertContains(response, "Late")

    def test_an_action_owner_outside_the_groups_partnerships_is_refused(self) -> None:
        with pytest.raises(services.GovernanceError):
            services.action_create(
                actor=self.alice, group=self.world.board, description="x", owner=self.heidi, due_on=dt.date(2017, 9, 1)
            )

    def test_only_the_owner_or_the_business_unit_may_update_an_action(self) -> None:
        action = services.action_create(
            actor=self.alice, group=self.world.board, description="x", owner=self.charlie, due_on=dt.date(2017, 9, 1)
        )
        url = reverse("governance:action_update", args=[action.pk])
        data = {"text": "Done", "status": "complete"}
        assert self.login(self.ivan).post(url, data).status_code == 403
        assert self.login(self.charlie).post(url, data).status_code == 302
        response = self.login(self.charlie).post(url, {"text": "", "status": "complete"})
        self.assertContains(response, "Enter the update", status_code=400)


class MeetingTests(BaseTestCase):
    def setUp(self) -> None:
        self.meeting = services.meeting_schedule(
            actor=self.alice, group=self.world.board, starts_at=london(2017, 7, 4, 9, 30)
        )

    def test_terms_of_reference_get_a_new_version_each_time(self) -> None:
        client = self.login(self.alice)
        url = reverse("governance:terms_new", args=[self.world.board.pk])
        data = {
            "agreed_on_day": "10",
            "agreed_on_month": "1",
            "agreed_on_year": "2017",
            "purpose": "Coordinate",
            "meeting_cycle": "bi_monthly",
        }
        assert client.post(url, data).status_code == 302
        assert client.post(url, data).status_code == 302
        versions = list(self.world.board.terms_of_reference.values_list("version", flat=True))  # type: ignore[attr-defined]
        assert sorted(versions) == [1, 2]

    def test_a_meeting_time_is_stored_in_london_time_across_the_clock_change(self) -> None:
        client = self.login(self.alice)
        url = reverse("governance:meeting_new", args=[self.world.board.pk])
        data = {"day_day": "29", "day_month": "10", "day_year": "2017", "time": "14:00", "location": "Town Hall"}
        response = client.post(url, data)
        assert response.status_code == 302
        meeting = Meeting.objects.latest("pk")
        # 29 October 2017 is the day the clocks go back: 14:00 in London is 14:00 UTC (GMT).
        assert meeting.starts_at == dt.datetime(2017, 10, 29, 14, 0, tzinfo=dt.UTC)
        data["day_day"] = "28"
        client.post(url, data)
        assert Meeting.objects.latest("pk").starts_at == dt.datetime(2017, 10, 28, 13, 0, tzinfo=dt.UTC)

    def test_a_wrong_time_is_an_error_on_the_form(self) -> None:
        url = reverse("governance:meeting_new", args=[self.world.board.pk])
        response = self.login(self.alice).post(
            url, {"day_day": "4", "day_month": "7", "day_year": "2017", "time": "25:00"}
        )
        self.assertContains(response, "Start time must be a time in 24-hour format", status_code=400)
        self.assertContains(response, "govuk-error-summary", status_code=400)

    def test_a_paper_is_served_only_through_the_access_checked_view(self) -> None:
        item = services.agenda_item_add(
            actor=self.alice,
            meeting=self.meeting,
            title="Workforce stability",
            paper=SimpleUploadedFile("workforce.pdf", b"%PDF-1.4 workforce"),
        )
        url = reverse("governance:paper", args=[item.pk])
        response = self.login(self.frank).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 workforce"  # type: ignore[attr-defined]
        assert "attachment" in response["Content-Disposition"]
        assert self.login(self.heidi).get(url).status_code == 404
        assert Client().get(url).status_code == 302

    def test_a_paper_of_the_wrong_kind_is_refused_with_a_clear_message(self) -> None:
        url = reverse("governance:agenda_new", args=[self.meeting.pk])
        upload = SimpleUploadedFile("run.exe", b"MZ")
        response = self.login(self.alice).post(url, {"title": "Item", "paper": upload})
        self.assertContains(response, "The paper must be a PDF", status_code=400)

    def test_a_report_is_attached_by_reference_and_linked_from_the_agenda(self) -> None:
        url = reverse("governance:agenda_new", args=[self.meeting.pk])
        response = self.login(self.alice).post(
            url, {"title": "Action log", "report_url_name": "governance:actions", "report_query": "show=overdue"}
        )
        assert response.status_code == 302
        page = self.login(self.frank).get(reverse("governance:meeting", args=[self.meeting.pk]))
        self.assertContains(page, 'href="/governance/actions/?show=overdue"')
        # The board reads the report's name, not the page's internal one.
        self.assertContains(page, "Report: Action log")
        self.assertNotContains(page, "Report: governance:actions")
        bad = self.login(self.alice).post(url, {"title": "X", "report_url_name": "no:such"})
        self.assertContains(bad, "Choose a report from the list", status_code=400)
        # Only pages of figures can be attached: a list of named children cannot go into the board's papers.
        named = self.login(self.alice).post(url, {"title": "X", "report_url_name": "visits:unseen"})
        self.assertContains(named, "Choose a report from the list", status_code=400)

    def test_attendance_is_recorded_per_agency(self) -> None:
        url = reverse("governance:attendance_new", args=[self.meeting.pk])
        response = self.login(self.alice).post(
            url, {"agency": self.world.police.pk, "name": "Victoria Fuller", "status": "present"}
        )
        assert response.status_code == 302
        outsider = self.login(self.alice).post(
            url, {"agency": self.world.durham_police.pk, "name": "X", "status": "present"}
        )
        assert outsider.status_code == 400


def _held_meeting_with_headlines(test: BaseTestCase) -> Meeting:
    meeting = services.meeting_schedule(actor=test.alice, group=test.world.board, starts_at=london(2017, 7, 4, 9, 30))
    services.headline_agree(
        actor=test.alice,
        meeting=meeting,
        title="MAPPA information sharing briefing",
        text="A briefing is on the [DSCB website](https://example.org/briefing).\n\nSessions follow in October.",
    )
    services.headline_agree(actor=test.alice, meeting=meeting, title="Workforce stability", text="Shortages.")
    services.meeting_mark_held(actor=test.alice, meeting=meeting)
    return meeting


class BulletinTests(BaseTestCase):
    def setUp(self) -> None:
        self.meeting = _held_meeting_with_headlines(self)
        self.issue = services.bulletin_compose(
            actor=self.alice, partnership=self.world.darlington, board=self.world.board
        )
        self.url = reverse("governance:bulletin", args=["darlington", self.issue.number])

    def test_composing_starts_from_the_latest_board_meetings_headlines(self) -> None:
        assert self.issue.number == 1
        assert [s.heading for s in self.issue.sections.all()] == [
            "MAPPA information sharing briefing",
            "Workforce stability",
        ]
        assert self.issue.meeting == self.meeting
        assert "Business Unit" in self.issue.contact_text

    def test_composing_refuses_a_board_without_agreed_headlines(self) -> None:
        self.meeting.headlines.all().delete()
        with pytest.raises(services.GovernanceError):
            services.bulletin_compose(actor=self.alice, partnership=self.world.darlington, board=self.world.board)

    def test_an_unpublished_issue_is_never_public(self) -> None:
        assert Client().get(self.url).status_code == 404
        assert Client().get(self.url + "bulletin.docx").status_code == 404
        assert self.login(self.charlie).get(self.url).status_code == 404
        assert self.login(self.heidi).get(self.url).status_code == 404
        archive = Client().get(reverse("governance:bulletin_archive", args=["darlington"]))
        self.assertNotContains(archive, "Issue 1")
        # The business unit sees its own draft, marked as one.
        self.assertContains(self.login(self.alice).get(self.url), "Draft: only the business unit")

    def test_a_draft_is_not_shown_after_the_password_until_the_second_factor_is_done(self) -> None:
        password_only = Client()
        password_only.force_login(self.alice)
        assert password_only.get(self.url).status_code == 404
        assert password_only.get(self.url + "bulletin.docx").status_code == 404

    def test_a_published_issue_is_public_in_the_archive_and_as_a_word_file(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            services.bulletin_publish(actor=self.alice, issue=self.issue)
        response = Client().get(self.url)
        self.assertContains(response, "MAPPA information sharing briefing")
        self.assertContains(response, '<a class="govuk-link" href="https://example.org/briefing">DSCB website</a>')
        archive = Client().get(reverse("governance:bulletin_archive", args=["darlington"]))
        self.assertContains(archive, "Issue 1")
        # The yearly report is published beside the bulletin, on the same public pages.
        self.assertContains(archive, reverse("yearly_report:archive", args=["darlington"]))
        word = Client().get(self.url + "bulletin.docx")
        assert word.status_code == 200
        with zipfile.ZipFile(io.BytesIO(word.getvalue())) as docx:
            document = docx.read("word/document.xml").decode()
            rels = docx.read("word/_rels/document.xml.rels").decode()
        assert "<w:hyperlink" in document
        assert 'Target="https://example.org/briefing" TargetMode="External"' in rels
        assert 'w:val="Heading1"' in document
        assert 'w:val="Title"' in document

    def test_a_published_issue_cannot_be_changed_or_published_twice(self) -> None:
        loaded_earlier = BulletinIssue.objects.get(pk=self.issue.pk)  # a second click's copy, still a draft
        services.bulletin_publish(actor=self.alice, issue=self.issue)
        with pytest.raises(services.GovernanceError):
            services.bulletin_publish(actor=self.alice, issue=self.issue)
        with pytest.raises(services.GovernanceError):
            services.bulletin_publish(actor=self.alice, issue=loaded_earlier)
        section = self.issue.sections.first()
        assert section is not None
        with pytest.raises(services.GovernanceError):
            services.bulletin_section_save(
                actor=self.alice, issue=self.issue, section=section, heading="x", body="y", order=1
            )

    def test_publishing_emails_each_subscriber_with_their_own_unsubscribe_link(self) -> None:
        services.subscribe(actor=self.charlie, partnership=self.world.darlington, email="charlie@example.org")
        services.subscribe(actor=None, partnership=self.world.darlington, email="gone@example.org")
        gone = Subscriber.objects.get(email="gone@example.org")
        services.unsubscribe(subscriber=gone)
        Subscriber.objects.create(partnership=self.world.durham, email="durham@example.org")
        with self.captureOnCommitCallbacks(execute=True):
            services.bulletin_publish(actor=self.alice, issue=self.issue)
        assert [m.to for m in mail.outbox] == [["charlie@example.org"]]
        message = mail.outbox[0]
        token = unsubscribe_token(Subscriber.objects.get(email="charlie@example.org"))
        assert (
            message.extra_headers["List-Unsubscribe"]
            == f"<http://127.0.0.1:8000/governance/bulletins/unsubscribe/{token}/>"
        )  # type: ignore[attr-defined]
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"  # type: ignore[attr-defined]
        assert "MAPPA information sharing briefing" in message.body
        self.issue.refresh_from_db()
        assert self.issue.emailed_count == 1

    def test_a_rolled_back_publication_sends_nothing(self) -> None:
        services.subscribe(actor=None, partnership=self.world.darlington, email="reader@example.org")
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            services.bulletin_publish(actor=self.alice, issue=self.issue)
        assert mail.outbox == []
        # The sending waits for the commit (beside the audit log's copy of each event).
        for callback in callbacks:
            callback()
        assert [m.to for m in mail.outbox] == [["reader@example.org"]]

    def test_publishing_through_the_page_needs_a_post_from_the_business_unit(self) -> None:
        url = reverse("governance:bulletin_publish", args=[self.issue.pk])
        assert self.login(self.alice).get(url).status_code == 405
        assert self.login(self.frank).post(url).status_code == 403
        assert self.login(self.heidi).post(url).status_code == 404
        response = self.login(self.alice).post(url)
        self.assertRedirects(response, self.url)
        self.issue.refresh_from_db()
        assert self.issue.status == BulletinStatus.PUBLISHED

    def test_a_section_with_a_broken_link_is_refused_with_a_clear_message(self) -> None:
        url = reverse("governance:section_new", args=[self.issue.pk])
        response = self.login(self.alice).post(
            url, {"heading": "Links", "body": "See [the site](javascript:alert(1))", "order": "5"}
        )
        self.assertContains(response, "must have words and an address starting https://", status_code=400)

    def test_bulletin_text_escapes_everything_but_its_own_links(self) -> None:
        runs = paragraphs_of("<b>bold</b> and [site](https://example.org)\nsame paragraph\n\nnext")
        assert len(runs) == 2
        assert runs[0][1].url == "https://example.org"
        services.bulletin_section_save(
            actor=self.alice, issue=self.issue, heading="Esc", body="<script>x</script>", order=99
        )
        services.bulletin_publish(actor=self.alice, issue=self.issue)
        self.assertContains(Client().get(self.url), "&lt;script&gt;x&lt;/script&gt;")

    def test_issue_numbers_follow_on_within_a_partnership(self) -> None:
        second = services.bulletin_compose(actor=self.alice, partnership=self.world.darlington, board=self.world.board)
        assert second.number == 2
        assert BulletinIssue.objects.filter(partnership=self.world.darlington).count() == 2


class UnsubscribeTests(BaseTestCase):
    def setUp(self) -> None:
        self.subscriber = services.subscribe(actor=None, partnership=self.world.darlington, email="Reader@Example.org")
        self.url = reverse("governance:unsubscribe", args=[unsubscribe_token(self.subscriber)])

    def test_opening_the_link_only_asks_so_link_scanners_unsubscribe_nobody(self) -> None:
        response = Client().get(self.url)
        self.assertContains(response, "Unsubscribe")
        self.subscriber.refresh_from_db()
        assert self.subscriber.is_active

    def test_one_click_from_a_mail_client_unsubscribes_without_a_session_or_csrf_token(self) -> None:
        client = Client(enforce_csrf_checks=True)
        response = client.post(self.url, {"List-Unsubscribe": "One-Click"})
        self.assertContains(response, "will not receive any more bulletin emails")
        self.subscriber.refresh_from_db()
        assert not self.subscriber.is_active
        assert AuditEvent.objects.filter(summary="Unsubscribed from the bulletin").exists()

    def test_a_tampered_token_unsubscribes_nobody(self) -> None:
        token = unsubscribe_token(self.subscriber)
        response = Client().post(reverse("governance:unsubscribe", args=[token[:-2] + "xx"]))
        self.assertContains(response, "not recognised", status_code=400)
        self.subscriber.refresh_from_db()
        assert self.subscriber.is_active

    def test_a_practitioner_subscribes_and_unsubscribes_from_their_account(self) -> None:
        client = self.login(self.ivan)
        url = reverse("governance:subscription")
        client.post(url)
        assert Subscriber.objects.get(email="ivan@example.org").is_active
        client.post(url)
        assert not Subscriber.objects.get(email="ivan@example.org").is_active
        client.post(url)
        assert Subscriber.objects.get(email="ivan@example.org").is_active

    def test_a_read_only_auditor_cannot_change_subscriptions(self) -> None:
        response = self.login(self.grace).post(reverse("governance:subscription"))
        assert response.status_code == 403
        assert not Subscriber.objects.filter(email="grace@example.org").exists()

    def test_anyone_signs_up_and_is_subscribed_only_after_confirming_by_email(self) -> None:
        response = Client().post(reverse("governance:sign_up", args=["darlington"]), {"email": "Reader2@Example.org"})
        self.assertContains(response, "Check your email")
        assert not Subscriber.objects.filter(email="reader2@example.org").exists()
        [message] = mail.outbox
        link = re.search(r"http://\S+/governance/bulletins/confirm/\S+/", str(message.body))
        assert link is not None
        path = link.group(0).split("127.0.0.1:8000", 1)[1]
        self.assertContains(Client().get(path), "Confirm subscription")
        assert not Subscriber.objects.filter(email="reader2@example.org").exists()
        self.assertContains(Client().post(path), "will be emailed to reader2@example.org")
        assert Subscriber.objects.get(email="reader2@example.org").is_active

    def test_a_sign_up_link_expires_after_a_week(self) -> None:
        token = confirm_token(partnership_id=self.world.darlington.pk, email="late@example.org")
        eight_days = time.time() + 8 * 24 * 3600
        with mock.patch("django.core.signing.time.time", return_value=eight_days):
            response = Client().post(reverse("governance:confirm", args=[token]))
        self.assertContains(response, "more than 7 days old", status_code=400)
        assert not Subscriber.objects.filter(email="late@example.org").exists()

    def test_a_sign_up_with_a_wrong_email_shows_a_clear_error(self) -> None:
        response = Client().post(reverse("governance:sign_up", args=["darlington"]), {"email": "not an email"})
        self.assertContains(response, "Enter an email address in the correct format", status_code=400)

    def test_one_address_gets_at_most_three_confirmation_emails_a_day(self) -> None:
        url = reverse("governance:sign_up", args=["darlington"])
        for _ in range(5):
            response = Client().post(url, {"email": "target@example.org"})
            # The page is the same every time, so it says nothing about earlier tries.
            self.assertContains(response, "Check your email")
        assert len(mail.outbox) == 3

    @override_settings(SAFEGUARD_SIGN_UPS_PER_HOUR=2)
    def test_a_flood_of_sign_ups_from_one_network_is_refused_with_429(self) -> None:
        url = reverse("governance:sign_up", args=["darlington"])
        for n in range(2):
            assert Client().post(url, {"email": f"r{n}@example.org"}).status_code == 200
        response = Client().post(url, {"email": "r3@example.org"})
        self.assertContains(response, "too many sign-ups from your network", status_code=429)
        assert len(mail.outbox) == 2
        # A forwarding header the client wrote itself does not get round the limit.
        forged = Client().post(url, {"email": "r4@example.org"}, HTTP_X_FORWARDED_FOR="10.9.9.9")
        assert forged.status_code == 429
        with self.settings(SAFEGUARD_BEHIND_PROXY=True):
            # Behind the proxy only the hop the proxy appended counts.
            forged = Client().post(url, {"email": "r5@example.org"}, HTTP_X_FORWARDED_FOR="10.9.9.9, 127.0.0.1")
            assert forged.status_code == 429
            other = Client().post(url, {"email": "r6@example.org"}, HTTP_X_FORWARDED_FOR="127.0.0.1, 192.0.2.7")
            assert other.status_code == 200


class DemoTests(BaseTestCase):
    def test_the_demo_loads_issue_8_and_a_live_action_log(self) -> None:
        from safeguard.governance.demo import load_demo

        load_demo(partnership=self.world.darlington)
        issue = BulletinIssue.objects.get(partnership=self.world.darlington, number=8)
        assert issue.is_published
        response = Client().get(reverse("governance:bulletin", args=["darlington", 8]))
        self.assertContains(response, "Missing and unseen children")
        self.assertContains(response, "101 children")
        self.assertContains(response, "4 July 2017")
        assert selectors.overdue(selectors.actions_for_user(self.alice))


class ChairOverviewTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        from safeguard.performance import services as performance_services

        performance_services.indicators_seed_standard(actor=self.alice, partnership=self.world.darlington)
        self.meeting = services.meeting_schedule(
            actor=self.alice,
            group=self.world.board,
            starts_at=timezone.now() + dt.timedelta(days=14),
            location="Town Hall",
        )
        services.agenda_item_add(
            actor=self.alice, meeting=self.meeting, title="Scorecard", report_url_name="performance:scorecard"
        )
        self.late = services.action_create(
            actor=self.alice,
            group=self.world.board,
            description="Bring RHI timeliness by agency",
            owner=self.charlie,
            due_on=timezone.localdate() - dt.timedelta(days=10),
        )

    def test_the_chairs_home_page_shows_overdue_actions_the_next_meeting_and_headlines(self) -> None:
        page = self.login(self.frank).get(reverse("dashboard"))
        self.assertContains(page, "How the partnership is doing")
        self.assertContains(page, "Bring RHI timeliness by agency")
        self.assertContains(page, "Town Hall")
        self.assertContains(page, "report: Scorecard")
        self.assertContains(page, "Soft intelligence about exploitation")
        self.assertContains(page, reverse("governance:board_pack", args=[self.meeting.pk]))

    def test_a_practitioner_does_not_get_the_chairs_overview(self) -> None:
        page = self.login(self.charlie).get(reverse("dashboard"))
        self.assertNotContains(page, "How the partnership is doing")

    def test_the_board_pack_brings_the_agenda_indicators_headlines_and_overdue_actions_together(self) -> None:
        import docx

        response = self.login(self.frank).get(reverse("governance:board_pack", args=[self.meeting.pk]))
        assert response.status_code == 200
        document = docx.Document(io.BytesIO(response.getvalue()))
        text = "\n".join(p.text for p in document.paragraphs)
        for expected in ("Agenda", "Scorecard (report: Scorecard", "Indicators to discuss", "Headlines"):
            assert expected in text
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        assert "Bring RHI timeliness by agency" in cells
        assert AuditEvent.objects.filter(summary__startswith="Downloaded the board pack").exists()

    def test_a_worsening_or_red_indicator_is_listed_with_its_commentary_red_first(self) -> None:
        from safeguard.performance.scoring import Rag

        overview = selectors.board_overview(self.frank)
        assert overview is not None
        rags = [row.rag for row in overview.attention]
        assert rags == sorted(rags, key=lambda rag: rag != Rag.RED)
        assert all(row.rag == Rag.RED or row.direction.worse for row in overview.attention)

    def test_terms_of_reference_past_their_review_date_are_flagged(self) -> None:
        services.terms_agree(
            actor=self.alice,
            group=self.world.board,
            agreed_on=dt.date(2017, 1, 10),
            purpose="Coordinate safeguarding.",
            meeting_cycle=MeetingCycle.BI_MONTHLY,
            review_by=timezone.localdate() - dt.timedelta(days=1),
        )
        self.assertContains(
            self.login(self.frank).get(reverse("governance:group", args=[self.world.board.pk])), "Review overdue"
        )
        self.assertContains(self.login(self.frank).get(reverse("governance:index")), "Review overdue")

    def test_someone_who_sees_meetings_but_not_the_scorecard_gets_the_pack_without_its_figures(self) -> None:
        import docx

        response = self.login(self.charlie).get(reverse("governance:board_pack", args=[self.meeting.pk]))
        assert response.status_code == 200
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.getvalue())).paragraphs)
        assert "The scorecard and headlines are left out" in text
        assert "Indicators to discuss" not in text
