from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safeguard.core.testing import World
from safeguard.governance import services
from safeguard.governance.models import MeetingCycle, Subscriber
from safeguard.governance.tokens import confirm_token, unsubscribe_token


def samples(world: World) -> dict[str, dict[str, Any]]:
    board = world.board
    services.terms_agree(
        actor=world.alice,
        group=board,
        agreed_on=dt.date(2017, 1, 10),
        purpose="Coordinate safeguarding.",
        meeting_cycle=MeetingCycle.BI_MONTHLY,
    )
    meeting = services.meeting_schedule(
        actor=world.alice, group=board, starts_at=timezone.make_aware(dt.datetime(2017, 7, 4, 9, 30))
    )
    item = services.agenda_item_add(
        actor=world.alice,
        meeting=meeting,
        title="Workforce stability",
        paper=SimpleUploadedFile("workforce.pdf", b"%PDF-1.4 sample"),
    )
    services.headline_agree(actor=world.alice, meeting=meeting, title="Workforce", text="Shortages reported.")
    services.meeting_mark_held(actor=world.alice, meeting=meeting)
    action = services.action_create(
        actor=world.alice, group=board, description="Report back", owner=world.charlie, due_on=dt.date(2017, 9, 1)
    )
    published = services.bulletin_compose(actor=world.alice, partnership=world.darlington, board=board)
    services.bulletin_publish(actor=world.alice, issue=published)
    draft = services.bulletin_compose(actor=world.alice, partnership=world.darlington, board=board)
    section = draft.sections.first()
    assert section is not None
    subscriber = Subscriber.objects.create(partnership=world.darlington, email="reader@example.org")
    return {
        "governance:group": {"pk": board.pk},
        "governance:terms_new": {"pk": board.pk},
        "governance:meeting_new": {"pk": board.pk},
        "governance:meeting": {"pk": meeting.pk},
        "governance:board_pack": {"pk": meeting.pk},
        "governance:agenda_new": {"pk": meeting.pk},
        "governance:attendance_new": {"pk": meeting.pk},
        "governance:minutes": {"pk": meeting.pk},
        "governance:decision_new": {"pk": meeting.pk},
        "governance:headline_new": {"pk": meeting.pk},
        "governance:paper": {"pk": item.pk},
        "governance:action": {"pk": action.pk},
        "governance:action_update": {"pk": action.pk},
        "governance:bulletin_edit": {"pk": draft.pk},
        "governance:section_new": {"pk": draft.pk},
        "governance:section_edit": {"pk": draft.pk, "section": section.pk},
        "governance:bulletin_preview": {"pk": draft.pk},
        "governance:bulletin_publish": {"pk": draft.pk},
        "governance:bulletin_archive": {"partnership": world.darlington.slug},
        "governance:bulletin": {"partnership": world.darlington.slug, "number": published.number},
        "governance:bulletin_word": {"partnership": world.darlington.slug, "number": published.number},
        "governance:unsubscribe": {"token": unsubscribe_token(subscriber)},
        "governance:sign_up": {"partnership": world.darlington.slug},
        "governance:confirm": {"token": confirm_token(partnership_id=world.darlington.pk, email="new@example.org")},
    }
