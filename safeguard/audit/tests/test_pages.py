from __future__ import annotations

from django.urls import reverse

from safeguard.audit import selectors
from safeguard.core.testing import BaseTestCase
from safeguard.intelligence.models import EntityKind
from safeguard.intelligence.services import entity_add, submission_submit
from safeguard.intelligence.tests.factories import make_submission
from safeguard.partnership.models import RoleAssignment
from safeguard.partnership.roles import Role


class IntelligenceInTheAuditPagesTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.submission = make_submission(self.charlie, submit=False)
        entity_add(actor=self.charlie, submission=self.submission, kind=EntityKind.PERSON, person=self.child)
        submission_submit(actor=self.charlie, submission=self.submission)
        self.login(self.bob)
        self.client.get(reverse("intelligence:review", args=[self.submission.pk]))
        self.client.get(reverse("intelligence:person_network", args=[self.child.pk]))

    def pages(self) -> str:
        log = self.client.get(reverse("audit:log"))
        person = self.client.get(reverse("audit:person", args=[self.child.pk]))
        self.assertEqual((log.status_code, person.status_code), (200, 200))
        return log.content.decode() + person.content.decode()

    def test_administrators_and_auditors_do_not_learn_who_is_named_in_intelligence_or_who_reported_it(self) -> None:
        for reader in (self.alice, self.grace):
            self.login(reader)
            pages = self.pages()
            self.assertNotIn(self.submission.reference, pages, reader.username)
            self.assertNotIn("Viewed intelligence linked to this person", pages, reader.username)
            # What is not intelligence still shows: the child's record being made.
            shown = selectors.events_for_auditor(reader).values_list("summary", flat=True)
            self.assertIn("Added to the person index", list(shown))

    def test_someone_who_may_read_the_submission_sees_its_events(self) -> None:
        RoleAssignment.objects.create(user=self.bob, role=Role.AUDITOR)
        self.login(self.bob)
        pages = self.pages()
        self.assertIn(f"Added a person to {self.submission.reference}", pages)
        self.assertIn(f"Opened {self.submission.reference} to grade", pages)
        self.assertIn("Viewed intelligence linked to this person", pages)
