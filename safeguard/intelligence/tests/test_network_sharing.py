"""Issue 16: analysts outside the police see what a submission names only once police graded it for sharing."""

from __future__ import annotations

from unittest import mock

from django.urls import reverse

from safeguard.core.testing import BaseTestCase
from safeguard.intelligence import selectors, services
from safeguard.intelligence.models import EntityKind, Handling, InformationGrade, Outcome, SourceGrade, Submission
from safeguard.intelligence.tests.factories import make_submission
from safeguard.partnership.models import User


def _grade(submission: Submission, user: User, handling: Handling = Handling.PERMITTED) -> None:
    services.assessment_record(
        actor=user,
        submission=submission,
        source_grade=SourceGrade.UNTESTED,
        information_grade=InformationGrade.KNOWN_DIRECTLY,
        handling=handling,
        handling_conditions="Share with the child's social worker only" if handling == Handling.CONDITIONS else "",
        sanitised_summary="Child seen with an unknown adult in a vehicle",
        outcome=Outcome.TASKED,
    )


class NetworkSharingTests(BaseTestCase):
    def _naming_the_child(self, registration: str = "AB12 CDE") -> Submission:
        submission = make_submission(self.charlie, submit=False, registration=registration)
        services.entity_add(actor=self.charlie, submission=submission, kind=EntityKind.PERSON, person=self.child)
        services.submission_submit(actor=self.charlie, submission=submission)
        submission.refresh_from_db()
        return submission

    def test_an_ungraded_submission_counts_for_an_analyst_but_shows_no_person_or_vehicle(self) -> None:
        first, second = self._naming_the_child(), self._naming_the_child()
        assert selectors.person_network(self.erin, self.child).submissions == []
        assert selectors.connected_submissions(self.erin, first) == []
        assert selectors.network_for_user(self.erin) == []
        assert selectors.withheld_count(self.erin) == 2
        # The police see everything, graded or not.
        assert len(selectors.person_network(self.bob, self.child).submissions) == 2
        assert [c.submission for c in selectors.connected_submissions(self.bob, first)] == [second]
        assert selectors.withheld_count(self.bob) == 0

    def test_a_submission_graded_with_a_sharing_handling_code_shows_its_values_to_an_analyst(self) -> None:
        first, second = self._naming_the_child(), self._naming_the_child()
        _grade(first, self.bob)
        assert selectors.person_network(self.erin, self.child).submissions == [first]
        # The second, still ungraded, is not revealed through the vehicle they share.
        assert selectors.connected_submissions(self.erin, first) == []
        _grade(second, self.bob, Handling.CONDITIONS)
        assert [c.submission for c in selectors.connected_submissions(self.erin, first)] == [second]
        assert selectors.withheld_count(self.erin) == 0

    def test_a_handling_code_that_does_not_allow_sharing_withholds_the_values(self) -> None:
        submission = self._naming_the_child()
        _grade(submission, self.bob, Handling.CONDITIONS)
        with mock.patch.object(selectors, "SHAREABLE_HANDLING", frozenset({Handling.PERMITTED})):
            assert selectors.person_network(self.erin, self.child).submissions == []
            assert selectors.withheld_count(self.erin) == 1
            # Regraded to allow sharing: the latest grading decides.
            _grade(submission, self.bob, Handling.PERMITTED)
            assert selectors.person_network(self.erin, self.child).submissions == [submission]

    def test_the_network_page_tells_an_analyst_how_many_submissions_are_withheld(self) -> None:
        self._naming_the_child()
        response = self.login(self.erin).get(reverse("intelligence:network"))
        self.assertContains(response, "1 submission not yet graded by the police for sharing is counted but not shown")
        self.assertNotContains(response, "AB12 CDE")
