from __future__ import annotations

import datetime as dt

from django.urls import reverse

from safeguard.audit.models import AuditEvent
from safeguard.core.testing import BaseTestCase
from safeguard.governance import services as governance_services
from safeguard.governance.models import ActionItem, ActionStatus
from safeguard.reviews import rules, selectors, services
from safeguard.reviews.models import LcsprDecision, PublicationKind, Review, Stage
from safeguard.reviews.rules import Timeliness

AWARE = dt.date(2017, 7, 3)  # a Monday


class DeadlineRules(BaseTestCase):
    def test_the_panel_is_due_to_be_notified_5_working_days_after_the_authority_became_aware(self) -> None:
        assert rules.notification_due(AWARE) == dt.date(2017, 7, 10)

    def test_a_bank_holiday_does_not_count_towards_the_5_working_days(self) -> None:
        # Thursday 24 August 2017; Monday 28 August was the summer bank holiday.
        assert rules.notification_due(dt.date(2017, 8, 24)) == dt.date(2017, 9, 1)

    def test_a_rapid_review_is_due_15_working_days_after_the_notification(self) -> None:
        assert rules.rapid_review_due(dt.date(2017, 7, 10)) == dt.date(2017, 7, 31)

    def test_a_local_review_is_expected_about_six_months_after_the_decision(self) -> None:
        assert rules.lcspr_report_due(dt.date(2017, 7, 31)) == dt.date(2018, 1, 31)
        assert rules.lcspr_report_due(dt.date(2017, 8, 31)) == dt.date(2018, 2, 28)

    def test_a_deadline_3_working_days_away_is_due_soon_and_one_past_is_overdue(self) -> None:
        due = dt.date(2017, 7, 10)
        assert rules.timeliness(due_on=due, done_on=None, today=dt.date(2017, 7, 5)) == Timeliness.DUE_SOON
        assert rules.timeliness(due_on=due, done_on=None, today=dt.date(2017, 7, 3)) == Timeliness.DUE
        assert rules.timeliness(due_on=due, done_on=None, today=dt.date(2017, 7, 11)) == Timeliness.OVERDUE

    def test_a_notification_on_the_due_day_is_on_time_and_the_day_after_is_late(self) -> None:
        due = dt.date(2017, 7, 10)
        assert rules.timeliness(due_on=due, done_on=due, today=due) == Timeliness.DONE
        assert rules.timeliness(due_on=due, done_on=dt.date(2017, 7, 11), today=due) == Timeliness.DONE_LATE


class ReviewFlow(BaseTestCase):
    def _review(self) -> Review:
        return services.review_open(
            actor=self.alice,
            partnership=self.world.darlington,
            subject=self.child,
            reference="DSP-2017-01",
            became_aware_on=AWARE,
            incident_summary="Admitted to hospital with serious injuries.",
        )

    def test_recording_a_serious_incident_sets_the_notification_deadline_and_names_its_recorder(self) -> None:
        review = self._review()
        assert review.notification_due_on == dt.date(2017, 7, 10)
        assert review.stage == Stage.NOTIFICATION
        assert review.members.filter(user=self.alice).exists()

    def test_recording_the_notification_sets_the_rapid_review_deadline(self) -> None:
        review = services.notification_record(actor=self.alice, review=self._review(), notified_on=dt.date(2017, 7, 6))
        assert review.rapid_review_due_on == dt.date(2017, 7, 27)
        assert review.stage == Stage.RAPID_REVIEW

    def test_a_notification_cannot_be_dated_before_the_authority_became_aware(self) -> None:
        with self.assertRaisesMessage(services.ReviewError, "cannot be before"):
            services.notification_record(actor=self.alice, review=self._review(), notified_on=dt.date(2017, 7, 1))

    def test_a_rapid_review_needs_a_notification_first_and_a_reason_for_its_decision(self) -> None:
        review = self._review()
        with self.assertRaisesMessage(services.ReviewError, "notification to the Panel before"):
            services.rapid_review_record(
                actor=self.alice, review=review, sent_on=AWARE, decision=LcsprDecision.NO_REVIEW, reason="x"
            )
        services.notification_record(actor=self.alice, review=review, notified_on=AWARE)
        with self.assertRaisesMessage(services.ReviewError, "Say why"):
            services.rapid_review_record(
                actor=self.alice, review=review, sent_on=AWARE, decision=LcsprDecision.NO_REVIEW, reason=" "
            )

    def test_a_decision_to_hold_a_local_review_expects_its_report_six_months_later(self) -> None:
        review = self._review()
        services.notification_record(actor=self.alice, review=review, notified_on=dt.date(2017, 7, 6))
        services.rapid_review_record(
            actor=self.alice,
            review=review,
            sent_on=dt.date(2017, 7, 26),
            decision=LcsprDecision.COMMISSION,
            reason="Agencies did not share what they knew.",
        )
        assert review.report_due_on == dt.date(2018, 1, 26)
        assert review.stage == Stage.LCSPR

    def test_a_local_review_is_not_commissioned_when_the_rapid_review_decided_against_one(self) -> None:
        review = self._review()
        services.notification_record(actor=self.alice, review=review, notified_on=AWARE)
        services.rapid_review_record(
            actor=self.alice, review=review, sent_on=AWARE, decision=LcsprDecision.NO_REVIEW, reason="Learnt already."
        )
        with self.assertRaisesMessage(services.ReviewError, "only after the rapid review decided"):
            services.lcspr_commission(
                actor=self.alice,
                review=review,
                reviewer="A reviewer",
                terms_of_reference="ToR",
                commissioned_on=AWARE,
                report_due_on=dt.date(2018, 1, 1),
            )

    def _commissioned(self) -> Review:
        review = self._review()
        services.notification_record(actor=self.alice, review=review, notified_on=dt.date(2017, 7, 6))
        services.rapid_review_record(
            actor=self.alice, review=review, sent_on=dt.date(2017, 7, 26), decision=LcsprDecision.COMMISSION, reason="r"
        )
        return services.lcspr_commission(
            actor=self.alice,
            review=review,
            reviewer="Independent reviewer",
            terms_of_reference="Information sharing at MAPPA meetings.",
            commissioned_on=dt.date(2017, 8, 1),
            report_due_on=dt.date(2018, 1, 26),
        )

    def test_publishing_only_a_summary_needs_the_reasons(self) -> None:
        review = self._commissioned()
        with self.assertRaisesMessage(services.ReviewError, "why only a summary"):
            services.publication_record(
                actor=self.alice, review=review, published_on=dt.date(2018, 1, 20), kind=PublicationKind.SUMMARY
            )
        services.publication_record(
            actor=self.alice,
            review=review,
            published_on=dt.date(2018, 1, 20),
            kind=PublicationKind.SUMMARY,
            summary_reason="Criminal proceedings are under way.",
            sent_to_panel_on=dt.date(2018, 1, 20),
            sent_to_secretary_of_state_on=dt.date(2018, 1, 20),
        )
        assert review.stage == Stage.LEARNING

    def test_a_learning_action_is_a_line_of_the_groups_action_log(self) -> None:
        review = self._commissioned()
        learning = services.learning_action_add(
            actor=self.alice,
            review=review,
            group=self.world.board,
            finding="Practitioners were unsure what to share at MAPPA meetings.",
            description="Write a MAPPA information sharing briefing",
            owner=self.charlie,
            due_on=dt.date(2017, 9, 29),
        )
        action = ActionItem.objects.get(pk=learning.action_id)
        assert action.group == self.world.board
        assert action.owner_agency == self.world.childrens
        assert "DSP-2017-01" in action.description
        assert self.child.family_name not in action.description

    def test_a_learning_action_is_completed_only_with_evidence_and_its_impact_checked_only_after(self) -> None:
        review = self._commissioned()
        learning = services.learning_action_add(
            actor=self.alice,
            review=review,
            group=self.world.board,
            finding="f",
            description="d",
            owner=self.charlie,
            due_on=dt.date(2017, 9, 29),
        )
        with self.assertRaisesMessage(services.ReviewError, "Complete the action before"):
            services.learning_impact_record(
                actor=self.alice, learning=learning, checked_on=dt.date(2017, 12, 1), impact="i"
            )
        with self.assertRaisesMessage(services.ReviewError, "evidence"):
            services.learning_action_complete(actor=self.alice, learning=learning, evidence="  ")
        services.learning_action_complete(
            actor=self.charlie, learning=learning, evidence="Briefing circulated.", today=dt.date(2017, 9, 20)
        )
        learning.action.refresh_from_db()
        assert learning.action.status == ActionStatus.COMPLETE
        assert learning.action.updates.count() == 1
        with self.assertRaisesMessage(services.ReviewError, "cannot be before"):
            services.learning_impact_record(
                actor=self.alice, learning=learning, checked_on=dt.date(2017, 9, 1), impact="i"
            )
        services.learning_impact_record(
            actor=self.alice, learning=learning, checked_on=dt.date(2017, 12, 1), impact="Audits show sharing."
        )

    def test_an_action_completed_on_the_action_log_still_needs_its_evidence_before_the_impact_check(self) -> None:
        review = self._commissioned()
        learning = services.learning_action_add(
            actor=self.alice,
            review=review,
            group=self.world.board,
            finding="f",
            description="d",
            owner=self.charlie,
            due_on=dt.date(2017, 9, 29),
        )
        governance_services.action_update(
            actor=self.charlie, action=learning.action, text="Done", status=ActionStatus.COMPLETE
        )
        assert selectors.learning_rows(review)[0].tag == "Complete, evidence missing"
        with self.assertRaisesMessage(services.ReviewError, "Add the evidence"):
            services.learning_impact_record(
                actor=self.alice, learning=learning, checked_on=dt.date(2099, 1, 1), impact="i"
            )
        services.learning_action_complete(actor=self.charlie, learning=learning, evidence="Briefing circulated.")
        assert learning.action.updates.count() == 1
        assert selectors.learning_rows(review)[0].tag == "Complete, impact to check"

    def test_a_review_closes_only_when_its_report_is_published_and_every_learning_action_checked(self) -> None:
        review = self._commissioned()
        with self.assertRaisesMessage(services.ReviewError, "Publish"):
            services.review_close(actor=self.alice, review=review)
        services.publication_record(
            actor=self.alice, review=review, published_on=dt.date(2018, 1, 20), kind=PublicationKind.FULL
        )
        learning = services.learning_action_add(
            actor=self.alice,
            review=review,
            group=self.world.board,
            finding="f",
            description="d",
            owner=self.charlie,
            due_on=dt.date(2018, 3, 1),
        )
        with self.assertRaisesMessage(services.ReviewError, "1 learning action"):
            services.review_close(actor=self.alice, review=review)
        services.learning_action_complete(actor=self.alice, learning=learning, evidence="e")
        services.learning_impact_record(actor=self.alice, learning=learning, checked_on=dt.date(2099, 1, 1), impact="i")
        services.review_close(actor=self.alice, review=review, closed_on=dt.date(2018, 4, 1))
        assert review.stage == Stage.CLOSED

    def test_only_people_who_may_work_on_reviews_are_named_on_one(self) -> None:
        review = self._review()
        with self.assertRaisesMessage(services.ReviewError, "does not hold a role"):
            services.member_add(actor=self.alice, review=review, user=self.frank)
        with self.assertRaisesMessage(services.ReviewError, "does not work in this partnership"):
            services.member_add(actor=self.alice, review=review, user=self.heidi)
        services.member_add(actor=self.alice, review=review, user=self.charlie)
        assert review in selectors.reviews_for_member(self.charlie)

    def test_the_dashboard_shows_a_members_overdue_deadline_and_the_boards_count(self) -> None:
        self._review()
        found = selectors.open_deadlines_for_member(self.alice, today=dt.date(2017, 7, 11))
        assert [d.label for _, d in found] == ["Notify the Panel"]
        assert selectors.open_deadlines_for_member(self.charlie, today=dt.date(2017, 7, 11)) == []
        counts = selectors.progress_counts(self.frank, today=dt.date(2017, 7, 11))
        assert counts == {"open": 1, "overdue": 1, "due_soon": 0}

    def test_the_yearly_figures_count_reviews_and_their_timeliness(self) -> None:
        review = self._review()
        services.notification_record(actor=self.alice, review=review, notified_on=dt.date(2017, 7, 11))
        figures = selectors.figure_reviews(
            partnership=self.world.darlington, period_start=dt.date(2017, 4, 1), period_end=dt.date(2018, 3, 31)
        )
        assert (figures.notifications, figures.notified_on_time) == (1, 0)


class Scoping(BaseTestCase):
    def setUp(self) -> None:
        self.review = services.review_open(
            actor=self.alice,
            partnership=self.world.darlington,
            subject=self.child,
            reference="DSP-2017-07",
            became_aware_on=AWARE,
            incident_summary="Serious injury.",
        )

    def test_a_member_sees_the_child_and_the_view_is_audited_with_the_child(self) -> None:
        before = AuditEvent.objects.filter(person_id=self.child.pk, action="view").count()
        response = self.login(self.alice).get(reverse("reviews:detail", args=[self.review.pk]))
        self.assertContains(response, self.child.family_name)
        assert AuditEvent.objects.filter(person_id=self.child.pk, action="view").count() == before + 1

    def test_someone_not_named_on_the_review_gets_not_found_even_with_the_right_role(self) -> None:
        assert self.login(self.charlie).get(reverse("reviews:detail", args=[self.review.pk])).status_code == 404
        self.assertNotContains(self.login(self.charlie).get(reverse("reviews:index")), self.child.family_name)

    def test_an_outsider_from_another_partnership_gets_not_found(self) -> None:
        assert self.login(self.heidi).get(reverse("reviews:detail", args=[self.review.pk])).status_code == 404
        self.assertNotContains(self.login(self.heidi).get(reverse("reviews:progress")), "DSP-2017-07")

    def test_the_board_sees_progress_without_the_childs_name(self) -> None:
        client = self.login(self.frank)
        assert client.get(reverse("reviews:detail", args=[self.review.pk])).status_code == 403
        response = client.get(reverse("reviews:progress"))
        self.assertContains(response, "DSP-2017-07")
        self.assertContains(response, "Notifying the Panel")
        self.assertNotContains(response, self.child.family_name)
        self.assertNotContains(response, self.child.given_name)
        self.assertNotContains(response, "Serious injury")

    def test_a_member_added_later_sees_the_review(self) -> None:
        services.member_add(actor=self.alice, review=self.review, user=self.charlie)
        self.assertContains(self.login(self.charlie).get(reverse("reviews:detail", args=[self.review.pk])), "Hartley")

    def test_a_review_form_posted_with_a_bad_date_says_which_field(self) -> None:
        response = self.login(self.alice).post(
            reverse("reviews:notified", args=[self.review.pk]),
            {"notified_on_day": "31", "notified_on_month": "2", "notified_on_year": "2017"},
        )
        assert response.status_code == 400
        self.assertContains(response, "must be a real date", status_code=400)
