from __future__ import annotations

import re

from django.core import mail

from safeguard.audit.models import AuditEvent
from safeguard.core.testing import BaseTestCase
from safeguard.partnership.models import Agency, GroupMembership, User
from safeguard.partnership.roles import Role
from safeguard.partnership.services import UsernameTaken, user_create


class UserAdminTestCase(BaseTestCase):
    def test_an_administrator_adds_a_user_who_sets_a_password_from_the_emailed_link(self) -> None:
        self.login(self.alice)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                "/partnership/users/new/",
                {
                    "username": "judy",
                    "first_name": "Judy",
                    "last_name": "Smith",
                    "email": "judy@example.org",
                    "agency": self.world.health.pk,
                    "roles": [Role.PRACTITIONER.value],
                    "is_active": "on",
                },
            )
        self.assertRedirects(response, "/partnership/users/")
        judy = User.objects.get(username="judy")
        assert judy.roles == {Role.PRACTITIONER}
        assert not judy.has_usable_password()
        assert len(mail.outbox) == 1
        link = re.search(r"http://testserver(/password/reset/\S+)", str(mail.outbox[0].body))
        assert link is not None
        self.client.logout()
        form_page = self.client.get(link.group(1), follow=True)
        self.assertContains(form_page, "Choose a password")
        done = self.client.post(
            form_page.redirect_chain[-1][0],
            {"new_password1": "a long new passphrase 42", "new_password2": "a long new passphrase 42"},
        )
        self.assertRedirects(done, "/password/reset/done/")
        judy.refresh_from_db()
        assert judy.check_password("a long new passphrase 42")

    def test_a_duplicate_username_is_refused_with_a_message(self) -> None:
        self.login(self.alice)
        response = self.client.post(
            "/partnership/users/new/",
            {
                "username": "Charlie",
                "first_name": "C",
                "last_name": "D",
                "email": "c@example.org",
                "agency": self.world.health.pk,
            },
        )
        self.assertContains(response, "That username is already in use")

    def test_the_database_keeps_usernames_unique_whatever_their_case(self) -> None:
        # Behind the form's check, for two administrators (or a double submit) at the same moment.
        with self.assertRaisesMessage(UsernameTaken, "already in use"):
            user_create(
                actor=self.alice,
                agency=self.world.health,
                username="CHARLIE",
                first_name="C",
                last_name="D",
                email="c@example.org",
                roles=set(),
            )
        assert User.objects.filter(username__iexact="charlie").count() == 1

    def test_changing_roles_is_audited_with_what_changed(self) -> None:
        self.login(self.alice)
        self.client.post(
            f"/partnership/users/{self.ivan.pk}/",
            {
                "first_name": "Ivan",
                "last_name": "Tester",
                "email": "ivan@example.org",
                "roles": [Role.PRACTITIONER.value, Role.DATA_OFFICER.value],
                "is_active": "on",
            },
        )
        event = AuditEvent.objects.order_by("-seq").first()
        assert event is not None
        assert "granted Agency data officer" in event.summary

    def test_an_administrator_cannot_manage_another_partnerships_users(self) -> None:
        self.login(self.heidi)
        assert self.client.get(f"/partnership/users/{self.charlie.pk}/").status_code == 404
        self.assertNotContains(self.client.get("/partnership/users/"), "charlie")

    def test_an_administrator_adds_an_agency_and_a_group_member(self) -> None:
        self.login(self.alice)
        response = self.client.post(
            "/partnership/agencies/new/",
            {"name": "Darlington Housing", "kind": "housing", "code": "housing", "is_active": "on"},
        )
        self.assertRedirects(response, "/partnership/")
        assert Agency.objects.filter(code="housing", partnership=self.world.darlington).exists()
        response = self.client.post(
            f"/partnership/groups/{self.world.board.pk}/", {"user": self.frank.pk, "role": "chair"}
        )
        assert GroupMembership.objects.get(group=self.world.board, user=self.frank).role == "chair"

    def test_a_token_is_shown_once_and_stored_only_as_a_hash(self) -> None:
        self.login(self.alice)
        response = self.client.post(
            "/partnership/api-tokens/",
            {"name": "Police push", "agency": self.world.police.pk, "roles": [Role.PRACTITIONER.value]},
        )
        raw = re.search(r"<code>(sg_[^<]+)</code>", response.content.decode())
        assert raw is not None
        token = self.world.police.api_tokens.get()
        assert token.token_hash != raw.group(1)
        api = self.client.get("/api/whoami", HTTP_AUTHORIZATION=f"Bearer {raw.group(1)}")
        assert api.json()["agency_code"] == "durham-police"
