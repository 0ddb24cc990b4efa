from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from safeguard.audit.models import Action, AuditEvent
from safeguard.core.testing import BaseTestCase
from safeguard.people.selectors import people_for_user
from safeguard.sharing import selectors, services
from safeguard.sharing.briefings import blocks_of
from safeguard.sharing.models import Decision, ReviewOutcome, SharingDecision
from safeguard.sharing.tests.factories import decision_input, make_decision


class DecisionRuleTests(BaseTestCase):
    def test_consent_not_sought_needs_a_reason(self) -> None:
        with pytest.raises(services.SharingError, match="Select why consent was not sought"):
            make_decision(self.charlie, self.child, no_consent_reason="")

    def test_sharing_needs_what_with_whom_why_and_when(self) -> None:
        problems = services.check_decision(
            decision_input(what_shared="", shared_with_other="", purpose="", shared_on=None)
        )
        assert [field for field, _ in problems] == ["what_shared", "shared_with_agencies", "purpose", "shared_on"]

    def test_a_decision_not_to_share_needs_no_recipient(self) -> None:
        decision = make_decision(
            self.charlie, self.child, decision=Decision.NOT_SHARE, what_shared="", shared_with_other="", purpose=""
        )
        assert decision.shared_on is None and decision.what_shared == ""

    def test_the_review_date_must_follow_the_decision(self) -> None:
        today = timezone.localdate()
        with pytest.raises(services.SharingError, match="review date must be after"):
            make_decision(self.charlie, self.child, review_on=today)

    def test_sharing_with_a_partner_agency_lets_it_see_the_person(self) -> None:
        assert not people_for_user(self.ivan).filter(pk=self.child.pk).exists()
        make_decision(self.charlie, self.child, shared_with=[self.world.health])
        assert people_for_user(self.ivan).filter(pk=self.child.pk).exists()

    def test_recording_a_decision_is_audited_against_the_person(self) -> None:
        decision = make_decision(self.charlie, self.child)
        assert AuditEvent.objects.filter(
            action=Action.DECIDE, person_id=self.child.pk, object_id=str(decision.pk)
        ).exists()


class SupersedeTests(BaseTestCase):
    def test_a_decision_is_superseded_not_changed(self) -> None:
        first = make_decision(self.charlie, self.child)
        second = services.decision_record(
            actor=self.charlie,
            person=self.child,
            data=decision_input(decision=Decision.NOT_SHARE, what_shared="", purpose=""),
            supersedes=first,
            supersede_reason="The man has moved out of the area",
        )
        assert second.supersedes == first
        assert SharingDecision.objects.count() == 2
        assert list(selectors.current_decisions(selectors.decisions_for_user(self.charlie))) == [second]
        assert selectors.decision_history(first) == [first, second]
        with pytest.raises(services.SharingError, match="already been replaced"):
            services.decision_record(
                actor=self.charlie, person=self.child, data=decision_input(), supersedes=first, supersede_reason="again"
            )

    def test_superseding_needs_a_reason(self) -> None:
        first = make_decision(self.charlie, self.child)
        with pytest.raises(services.SharingError, match="why this decision replaces"):
            services.decision_record(actor=self.charlie, person=self.child, data=decision_input(), supersedes=first)

    def test_there_is_no_way_to_delete_a_decision(self) -> None:
        from django.db.models import ProtectedError

        first = make_decision(self.charlie, self.child)
        services.decision_record(
            actor=self.charlie, person=self.child, data=decision_input(), supersedes=first, supersede_reason="New facts"
        )
        with pytest.raises(ProtectedError):
            first.delete()
        assert not hasattr(services, "decision_delete")


class AccessTests(BaseTestCase):
    def test_a_practitioner_sees_their_agencys_decisions_only(self) -> None:
        ours = make_decision(self.charlie, self.child)
        self.login(self.ivan)
        assert self.client.get(reverse("sharing:detail", args=[ours.pk])).status_code == 404
        self.login(self.charlie)
        assert self.client.get(reverse("sharing:detail", args=[ours.pk])).status_code == 200
        assert "MAPPA level 2 meeting" in self.client.get(reverse("sharing:list")).content.decode()

    def test_a_manager_sees_counts_and_records_a_review(self) -> None:
        person = self.child
        make_decision(self.bob, person, shared_with_other="Probation")
        old = make_decision(self.bob, person)
        SharingDecision.objects.filter(pk=old.pk).update(review_on=timezone.localdate() - dt.timedelta(days=1))
        counts = selectors.decision_counts(self.bob)
        assert counts.total == 2 and counts.shared == 2 and counts.reviews_overdue == 1
        self.login(self.bob)
        page = self.client.get(reverse("sharing:overview")).content.decode()
        assert "Overdue for review" in page
        response = self.client.post(reverse("sharing:review", args=[old.pk]), {"outcome": "new_decision"})
        assert response.status_code == 400 and "Say what needs to change" in response.content.decode()
        self.client.post(reverse("sharing:review", args=[old.pk]), {"outcome": "agreed"})
        assert old.reviews.get().outcome == ReviewOutcome.AGREED

    def test_a_practitioner_without_review_permission_cannot_review(self) -> None:
        decision = make_decision(self.charlie, self.child)
        self.login(self.charlie)
        assert self.client.post(reverse("sharing:review", args=[decision.pk]), {"outcome": "agreed"}).status_code == 403


class FormTests(BaseTestCase):
    def _post(self, **changes: object) -> str:
        today = timezone.localdate()
        review = today + dt.timedelta(days=30)
        data: dict[str, object] = {
            "concern": "Concern",
            "necessary_and_proportionate": "yes",
            "necessity_reasons": "Because",
            "consent": "not_sought",
            "no_consent_reason": "risk_to_child",
            "lawful_basis": "art6_1_e",
            "special_condition": "art9_2_g_sch1_18",
            "decision": "share",
            "decision_reasons": "Risk",
            "what_shared": "Address",
            "shared_with_agencies": [str(self.world.police.pk)],
            "purpose": "Protection",
            "shared_on_day": str(today.day),
            "shared_on_month": str(today.month),
            "shared_on_year": str(today.year),
            "decided_by_name": "Charlie",
            "decided_on_day": str(today.day),
            "decided_on_month": str(today.month),
            "decided_on_year": str(today.year),
            "review_on_day": str(review.day),
            "review_on_month": str(review.month),
            "review_on_year": str(review.year),
        }
        data.update(changes)
        self.login(self.charlie)
        response = self.client.post(reverse("sharing:create", args=[self.child.pk]), data)
        return response.content.decode() if response.status_code != 302 else "saved"

    def test_the_guided_form_records_a_decision(self) -> None:
        assert self._post() == "saved"
        decision = SharingDecision.objects.get()
        assert list(decision.shared_with_agencies.all()) == [self.world.police]

    def test_the_form_explains_missing_consent_reasons_and_bad_dates(self) -> None:
        assert "Select why consent was not sought" in self._post(no_consent_reason="")
        assert "must be a real date" in self._post(review_on_day="31", review_on_month="2")
        assert "Select or enter who it was shared with" in self._post(shared_with_agencies=[])


class BriefingTests(BaseTestCase):
    def test_only_published_briefings_are_shown_and_linked_from_the_form(self) -> None:
        draft = services.briefing_save(
            actor=self.alice, title="MAPPA information sharing", summary="When to share", body="## When\n\nShare."
        )
        self.login(self.charlie)
        assert self.client.get(reverse("sharing:briefing", args=[draft.slug])).status_code == 404
        services.briefing_publish(actor=self.alice, briefing=draft)
        assert self.client.get(reverse("sharing:briefing", args=[draft.slug])).status_code == 200
        form_page = self.client.get(reverse("sharing:create", args=[self.child.pk])).content.decode()
        assert reverse("sharing:briefing", args=[draft.slug]) in form_page

    def test_briefing_text_becomes_headings_paragraphs_and_bullets(self) -> None:
        blocks = blocks_of("## When to share\nIntro line\n\n- one\n- two\n\n<script>x</script>")
        assert [b.kind for b in blocks] == ["heading", "paragraph", "list", "paragraph"]
        assert blocks[2].items == ["one", "two"]


class FigureTests(BaseTestCase):
    def test_figures_count_decisions_and_reviews_on_time(self) -> None:
        today = timezone.localdate()
        reviewed = make_decision(self.charlie, self.child, decided_on=today - dt.timedelta(days=10), review_on=today)
        make_decision(self.charlie, self.child, decided_on=today - dt.timedelta(days=10), review_on=today)
        services.decision_review(actor=self.bob, decision=reviewed, outcome=ReviewOutcome.AGREED)
        kwargs = {
            "partnership": self.world.darlington,
            "period_start": today - dt.timedelta(days=30),
            "period_end": today,
        }
        assert selectors.figure_sharing_decisions_recorded(**kwargs).value == 2  # type: ignore[arg-type]
        assert selectors.figure_sharing_reviews_on_time(**kwargs).value == 0.5  # type: ignore[arg-type]
