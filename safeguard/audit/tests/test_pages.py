from __future__ import annotations

from django.test import Client
from django.urls import reverse

from safeguard.audit import selectors
from safeguard.audit.models import Action, AuditEvent
from safeguard.audit.services import audit_record
from safeguard.core.testing import BaseTestCase
from safeguard.intelligence.models import EntityKind
from safeguard.intelligence.services import entity_add, submission_submit
from safeguard.intelligence.tests.factories import make_submission
from safeguard.partnership.models import RoleAssignment, User
from safeguard.partnership.roles import Perm, Role
from safeguard.partnership.services import api_token_create, user_update


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
        assert (log.status_code, person.status_code) == (200, 200)
        return log.content.decode() + person.content.decode()

    def test_administrators_and_auditors_do_not_learn_who_is_named_in_intelligence_or_who_reported_it(self) -> None:
        for reader in (self.alice, self.grace):
            self.login(reader)
            pages = self.pages()
            assert self.submission.reference not in pages, reader.username
            assert "Viewed intelligence linked to this person" not in pages, reader.username
            # What is not intelligence still shows: the child's record being made.
            shown = selectors.events_for_auditor(reader).values_list("summary", flat=True)
            assert "Added to the person index" in list(shown)

    def test_someone_who_may_read_the_submission_sees_its_events(self) -> None:
        RoleAssignment.objects.create(user=self.bob, role=Role.AUDITOR)
        self.login(self.bob)
        pages = self.pages()
        assert f"Added a person to {self.submission.reference}" in pages
        assert f"Opened {self.submission.reference} to grade" in pages
        assert "Viewed intelligence linked to this person" in pages


class WhatTheAuditorsLogShowsTests(BaseTestCase):
    def summaries(self, user: User) -> list[str]:
        return list(selectors.events_for_auditor(user).values_list("summary", flat=True))

    def test_api_calls_task_writes_and_failed_sign_ins_are_in_the_partnerships_log(self) -> None:
        _, ours = api_token_create(actor=None, agency=self.world.health, name="HR system", roles={Role.DATA_OFFICER})
        _, theirs = api_token_create(
            actor=None, agency=self.world.durham_childrens, name="Durham HR", roles={Role.DATA_OFFICER}
        )
        for raw in (ours, theirs):
            response = Client().get(
                "/api/workforce/returns", {"quarter": "2025-01-01"}, HTTP_AUTHORIZATION=f"Bearer {raw}"
            )
            assert response.status_code == 200
        Client().post(reverse("login"), {"username": "charlie", "password": "not the password"})
        Client().post(reverse("login"), {"username": "no-such-user", "password": "guess"})
        audit_record(actor=None, actor_username="wash task", action=Action.UPDATE, summary="Wash run failed: test")
        shown = self.summaries(self.grace)
        assert "Read Darlington Health Trust's workforce returns for 2025-01" in shown
        assert "Read Durham Children's Services's workforce returns for 2025-01" not in shown
        assert shown.count("Wrong username or password") == 2
        assert "Wash run failed: test" in shown
        # Durham's auditor sees Durham's token, not Darlington's, and not charlie's failure.
        durham = self.summaries(self.heidi) if self.heidi.can(Perm.VIEW_AUDIT) else []
        assert "Read Darlington Health Trust's workforce returns for 2025-01" not in durham

    def test_an_administrators_change_of_a_users_email_is_named_in_the_trail(self) -> None:
        user_update(
            actor=self.alice,
            user=self.charlie,
            first_name=self.charlie.first_name,
            last_name=self.charlie.last_name,
            email="charlie.new@example.net",
            job_title=self.charlie.job_title,
            roles=set(self.charlie.roles),
            is_active=True,
        )
        event = AuditEvent.objects.latest("seq")
        assert "email changed from charlie@example.org to charlie.new@example.net" in event.summary
        assert event.summary in self.summaries(self.grace)
