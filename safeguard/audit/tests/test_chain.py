from __future__ import annotations

from io import StringIO

from django.core.management import CommandError, call_command
from django.db import connection
from django.test import RequestFactory

from safeguard.audit.models import Action, AuditChainHead, AuditEvent
from safeguard.audit.selectors import verify_chain
from safeguard.audit.services import audit_record
from safeguard.core.testing import BaseTestCase


class AuditChainTestCase(BaseTestCase):
    def setUp(self) -> None:
        for n in range(5):
            audit_record(
                actor=self.charlie, action=Action.VIEW, target=self.child, person_id=self.child.pk, summary=f"view {n}"
            )

    def test_an_untouched_chain_verifies(self) -> None:
        result = verify_chain()
        assert result.ok, result.problem
        assert result.checked == AuditEvent.objects.count()

    def test_the_command_reports_success(self) -> None:
        out = StringIO()
        call_command("audit", "verify", stdout=out)
        assert "no breaks" in out.getvalue()

    def test_it_detects_an_edited_row(self) -> None:
        victim = AuditEvent.objects.order_by("seq")[3]
        # Edit behind the application's back, as someone with database access would.
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditevent SET summary = %s WHERE id = %s", ["nothing to see", victim.pk])
        result = verify_chain()
        assert not result.ok
        assert result.first_bad_seq == victim.seq
        assert "altered" in result.problem

    def test_it_detects_a_deleted_row(self) -> None:
        victim = AuditEvent.objects.order_by("seq")[2]
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [victim.pk])
        result = verify_chain()
        assert not result.ok
        assert result.first_bad_seq == victim.seq

    def test_it_detects_deleted_newest_rows(self) -> None:
        newest = AuditEvent.objects.order_by("-seq").first()
        assert newest is not None
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [newest.pk])
        assert not verify_chain().ok

    def test_a_chain_cut_short_with_its_head_moved_back_is_caught_by_an_earlier_anchor(self) -> None:
        anchor = verify_chain().head
        assert anchor is not None
        newest = AuditEvent.objects.order_by("-seq").first()
        earlier = AuditEvent.objects.order_by("-seq")[1]
        assert newest is not None
        # Someone with database access removes the newest event and moves the head back to the one before.
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [newest.pk])
            cursor.execute(
                "UPDATE audit_auditchainhead SET seq = %s, entry_hash = %s", [earlier.seq, earlier.entry_hash]
            )
        assert verify_chain().ok  # the chain alone cannot tell
        result = verify_chain(anchors=(anchor,))
        assert not result.ok
        assert "anchored but is missing" in result.problem

    def test_an_emptied_trail_or_a_missing_head_is_caught(self) -> None:
        anchor = verify_chain().head
        assert anchor is not None
        AuditChainHead.objects.all().delete()
        assert "head record is missing" in verify_chain().problem
        AuditEvent.objects.all().delete()
        assert not verify_chain(anchors=(anchor,)).ok

    def test_the_command_prints_the_head_and_takes_it_back_as_an_anchor(self) -> None:
        out = StringIO()
        call_command("audit", "verify", stdout=out)
        head = out.getvalue().split("--anchor ")[1].split(")")[0]
        call_command("audit", "verify", "--anchor", head, stdout=StringIO())
        with self.assertRaisesMessage(CommandError, "An anchor is SEQ:HASH"):
            call_command("audit", "verify", "--anchor", "nonsense", stdout=StringIO())

    def test_the_command_fails_loudly_on_a_broken_chain(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditevent SET reason = 'x' WHERE seq = 1")
        with self.assertRaisesMessage(CommandError, "broken at event 1"):
            call_command("audit", "verify", stdout=StringIO())

    def test_events_copy_who_and_which_agency(self) -> None:
        event = AuditEvent.objects.order_by("-seq").first()
        assert event is not None
        assert event.actor_username == "charlie"
        assert event.agency_name == "Darlington Children's Services"
        assert event.person_id == self.child.pk

    def test_the_address_recorded_is_the_one_that_connected_not_one_the_client_claims(self) -> None:
        factory = RequestFactory()
        forged = factory.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="192.0.2.1")
        event = audit_record(actor=self.charlie, action=Action.VIEW, summary="x", request=forged)
        assert event.ip_address == "192.0.2.1"
        with self.settings(SAFEGUARD_BEHIND_PROXY=True):
            proxied = factory.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7", REMOTE_ADDR="10.0.0.2")
            event = audit_record(actor=self.charlie, action=Action.VIEW, summary="x", request=proxied)
        # Our proxy appended the last hop; the first is whatever the client sent.
        assert event.ip_address == "198.51.100.7"


class PersonAccessLogTestCase(BaseTestCase):
    def test_viewing_a_person_is_recorded_and_shown_to_auditors(self) -> None:
        self.login(self.charlie)
        self.client.get(f"/people/{self.child.pk}/")
        self.login(self.grace)
        response = self.client.get(f"/audit/people/{self.child.pk}/")
        self.assertContains(response, "Viewed person record")
        self.assertContains(response, "charlie")

    def test_an_unprintable_user_filter_finds_no_one_rather_than_breaking_the_query(self) -> None:
        # PostgreSQL refuses a NUL byte in a query; no username holds one anyway.
        self.login(self.grace)
        response = self.client.get("/audit/", {"user": "char\x00lie"})
        assert response.status_code == 200
        self.assertNotContains(response, "Viewed person record")

    def test_practitioners_cannot_see_who_looked(self) -> None:
        self.login(self.charlie)
        assert self.client.get(f"/audit/people/{self.child.pk}/").status_code == 403
