"""The scheduler's own jobs: what the overdue-actions reminder and the figures chase send."""

from __future__ import annotations

import datetime as dt

from django.core import mail

from safeguard.audit.models import AuditEvent
from safeguard.core.testing import BaseTestCase
from safeguard.governance.services import action_create
from safeguard.governance.tasks import remind_overdue_actions
from safeguard.performance.services import late_submissions_chase


class OverdueActionReminderTests(BaseTestCase):
    def test_each_owner_gets_a_count_and_a_link_but_not_the_actions_wording(self) -> None:
        for description in ("Review Amelia Hartley's plan", "Write the neglect strategy"):
            action_create(
                actor=self.alice,
                group=self.world.board,
                description=description,
                owner=self.charlie,
                due_on=dt.date(2026, 11, 2),
            )
        action_create(
            actor=self.alice, group=self.world.board, description="Later", owner=self.dana, due_on=dt.date(2027, 1, 4)
        )
        assert remind_overdue_actions(today=dt.date(2026, 12, 2)) == 1
        (message,) = mail.outbox
        assert (message.to, message.subject) == (["charlie@example.org"], "You have 2 overdue actions")
        assert "/governance/actions/" in message.body
        assert "Hartley" not in message.body


class ChaseWithoutAPersonTests(BaseTestCase):
    def test_the_scheduler_can_chase_late_figures_with_no_one_signed_in(self) -> None:
        before = AuditEvent.objects.count()
        chased = late_submissions_chase(actor=None, partnership=self.world.darlington)
        events = AuditEvent.objects.order_by("seq")[before:]
        assert len(events) == chased
        assert all(e.actor_username == "scheduler" for e in events)
