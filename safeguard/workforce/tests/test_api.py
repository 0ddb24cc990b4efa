"""Agency systems send and read their workforce returns: all or nothing, idempotent, only their own."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from typing import Any
from unittest import mock

from django.test import Client

from safeguard.audit.models import Action, AuditEvent
from safeguard.core.testing import BaseTestCase
from safeguard.partnership.roles import Role
from safeguard.partnership.services import api_token_create

from .. import selectors, services
from ..models import StaffGroup, WorkforceReturn
from .factories import a_return

URL = "/api/workforce/returns"


def item(group: str = "health_visitors", **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "staff_group": group,
        "establishment_fte": 40,
        "filled_fte": 32.5,
        "vacancies_fte": "7.5",
        "agency_fte": 6,
        "leavers": 2,
        "sickness_percent": 4.5,
        "average_caseload": 18,
        "pressures": "Court work rising",
    }
    body.update(changes)
    return body


def batch(*items: dict[str, Any], quarter: str = "2026-04-01") -> dict[str, Any]:
    return {"quarter_start": quarter, "returns": list(items) or [item()]}


class WorkforceApiTests(BaseTestCase):
    token: str

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        _, cls.token = api_token_create(actor=None, agency=cls.world.health, name="ESR", roles={Role.DATA_OFFICER})

    def a_token(self, *roles: Role, agency: str = "health") -> str:
        _, raw = api_token_create(actor=None, agency=getattr(self.world, agency), name="other", roles=set(roles))
        return raw

    def post(self, body: Any, token: str | None = None) -> Any:
        data = body if isinstance(body, str) else json.dumps(body)
        return Client().post(
            URL, data=data, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token or self.token}"
        )

    def get(self, quarter: str = "2026-04-01", token: str | None = None) -> Any:
        return Client().get(URL, {"quarter": quarter}, HTTP_AUTHORIZATION=f"Bearer {token or self.token}")

    def test_an_agency_system_sends_a_quarter_and_reads_it_back(self) -> None:
        response = self.post(batch(item(), item("school_nurses", average_caseload=None, pressures="")))
        assert response.status_code == 200, response.content
        body = response.json()
        assert [(r["staff_group"], r["outcome"]) for r in body] == [("health_visitors", "created"),
                                                                            ("school_nurses", "created")]  # fmt: skip
        assert (body[0]["filled_fte"], body[0]["vacancies_fte"]) == ("32.50", "7.50")
        saved = WorkforceReturn.objects.get(staff_group=StaffGroup.HEALTH_VISITORS)
        assert (saved.agency, saved.quarter_start, saved.submitted_by) == (self.world.health, dt.date(2026, 4, 1), None)
        assert saved.filled_fte == Decimal("32.5")
        read = self.get()
        assert read.status_code == 200
        assert [{k: v for k, v in r.items() if k != "outcome"} for r in body] == read.json()
        assert self.get("2026-01-01").json() == []
        events = AuditEvent.objects.filter(action=Action.API, object_type="workforce.api")
        assert events.count() == 3
        assert events.filter(summary__startswith="Received Darlington Health Trust's workforce returns").exists()
        per_row = AuditEvent.objects.filter(action=Action.CREATE, object_type="workforce.workforcereturn")
        assert per_row.count() == 2
        assert all(e.actor_username.startswith("api:sg_") for e in per_row)

    def test_sending_the_same_returns_again_gives_the_same_stored_result(self) -> None:
        first = self.post(batch(item(), item("midwives")))
        stored = list(WorkforceReturn.objects.order_by("pk").values())
        audited = AuditEvent.objects.exclude(action=Action.API).count()
        again = self.post(batch(item(), item("midwives")))
        assert again.status_code == 200
        assert [r["outcome"] for r in again.json()] == ["unchanged", "unchanged"]
        strip = lambda rows: [{k: v for k, v in r.items() if k != "outcome"} for r in rows]  # noqa: E731
        assert strip(first.json()) == strip(again.json())
        assert list(WorkforceReturn.objects.order_by("pk").values()) == stored
        assert AuditEvent.objects.exclude(action=Action.API).count() == audited

    def test_a_retry_that_races_the_first_request_is_taken_as_the_same_batch_sent_again(self) -> None:
        self.post(batch(item()))
        stored = list(WorkforceReturn.objects.values())
        real = services._locked
        calls: list[int] = []

        def missed_the_first(*args: Any) -> Any:
            # The retry looks before the first request has committed, then collides with it on create.
            calls.append(1)
            return None if len(calls) == 1 else real(*args)

        with mock.patch.object(services, "_locked", missed_the_first):
            response = self.post(batch(item()))
        assert response.status_code == 200
        assert [r["outcome"] for r in response.json()] == ["unchanged"]
        assert list(WorkforceReturn.objects.values()) == stored

    def test_a_sent_item_replaces_that_group_and_leaves_the_others_alone(self) -> None:
        # dana typed the midwives in by hand; the system now sends health visitors twice over.
        typed = a_return(self.dana, group=StaffGroup.MIDWIVES)
        self.post(batch(item()))
        response = self.post(batch(item(vacancies_fte=8, filled_fte=32)))
        assert [r["outcome"] for r in response.json()] == ["updated"]
        assert WorkforceReturn.objects.get(staff_group=StaffGroup.HEALTH_VISITORS).vacancies_fte == 8
        typed.refresh_from_db()
        assert typed.submitted_by == self.dana
        assert WorkforceReturn.objects.count() == 2

    def test_a_batch_with_any_bad_item_saves_nothing_and_lists_every_problem_by_index(self) -> None:
        response = self.post(
            batch(
                item(),
                item("nurses"),
                item("midwives", filled_fte=50, sickness_percent="4.555"),
                item("health_visitors"),
                item("doctors", pressures="Bell\x07", average_caseload=-1),
            )
        )
        assert response.status_code == 422
        assert response.json()["error"] == "Nothing was saved: fix every problem and send again"
        assert [(p["index"], p["field"], p["reason"]) for p in response.json()["problems"]] == [
            (1, "staff_group", "'nurses' is not a staff group: use the template's names"),
            (2, "sickness_percent", "can have at most 2 decimal places, got '4.555'"),
            (3, "staff_group", "Health visitors for Apr to Jun 2026 is already on item 0"),
            (4, "pressures", "contains characters that cannot be used"),
        ]
        assert not WorkforceReturn.objects.exists()
        response = self.post(batch(item(filled_fte=50), item("midwives", average_caseload=-1)))
        assert [(p["index"], p["field"]) for p in response.json()["problems"]] == [
            (0, "filled_fte"),
            (1, "average_caseload"),
        ]
        assert not WorkforceReturn.objects.exists()

    def test_a_quarter_that_is_not_a_completed_quarters_first_day_is_refused(self) -> None:
        current = selectors.shift_quarter(selectors.latest_quarter(), 1)
        for quarter, reason in (
            ("2026-05-01", "give the first day of a quarter, such as 2026-04-01"),
            (
                current.isoformat(),
                f"{selectors.quarter_label(current)} has not ended: returns are for completed quarters",
            ),
        ):
            with self.subTest(quarter=quarter):
                response = self.post(batch(quarter=quarter))
                assert response.status_code == 422
                assert response.json()["problems"] == [{"index": None, "field": "quarter_start", "reason": reason}]
        assert self.get("2026-05-01").status_code == 422
        assert not WorkforceReturn.objects.exists()

    def test_malformed_payloads_get_a_json_4xx_never_a_500(self) -> None:
        for body in (
            "not json",
            "[]",
            {},
            {"quarter_start": "2026-04-01"},
            {"quarter_start": "April", "returns": [item()]},
            {"quarter_start": "2026-04-01", "returns": []},
            {"quarter_start": "2026-04-01", "returns": "health_visitors"},
            {"quarter_start": "2026-04-01", "returns": [item() for _ in range(len(StaffGroup) + 1)]},
            batch(item(vacancies_fte="n/a")),
            batch(item(establishment_fte=None)),
            batch(item(establishment_fte="NaN")),
            batch(item(establishment_fte="1e400")),
            batch(item(leavers=[1])),
            batch({"staff_group": "health_visitors"}),
            batch(item(staff_group=None)),
        ):
            with self.subTest(body=body):
                response = self.post(body)
                assert response.status_code in (400, 422), response.content
                assert "error" in response.json()
        for query in ({}, {"quarter": "soon"}):
            with self.subTest(query=query):
                response = Client().get(URL, query, HTTP_AUTHORIZATION=f"Bearer {self.token}")
                assert response.status_code == 422
        assert not WorkforceReturn.objects.exists()

    def test_a_token_without_the_permission_or_holding_a_read_only_role_is_refused(self) -> None:
        for roles in ((Role.PRACTITIONER,), (Role.AUDITOR,), (Role.BOARD_MEMBER,)):
            raw = self.a_token(*roles)
            with self.subTest(roles=roles):
                response = self.post(batch(), token=raw)
                assert response.status_code == 403
                # An auditor's token is refused as read-only before its permissions are looked at.
                assert re.search("does not allow|read-only", response.json()["error"])
                assert self.get(token=raw).status_code == 403
        # An auditor's role on the token makes it read-only, whatever else it holds.
        both = self.a_token(Role.DATA_OFFICER, Role.AUDITOR)
        response = self.post(batch(), token=both)
        assert response.status_code == 403
        assert response.json() == {"error": "This token is read-only: it can read but not change records"}
        assert self.get(token=both).status_code == 200
        assert Client().post(URL, batch(), content_type="application/json").status_code == 401
        assert self.post(batch(), token="sg_made_up").status_code == 401
        assert not WorkforceReturn.objects.exists()

    def test_a_token_reads_and_writes_only_its_own_agencys_returns(self) -> None:
        theirs = a_return(self.dana)
        childrens = self.a_token(Role.ANALYST, agency="childrens")
        assert self.get(token=childrens).json() == []
        response = self.post(batch(item(vacancies_fte=0, filled_fte=40)), token=childrens)
        assert response.json()[0]["outcome"] == "created"
        mine = WorkforceReturn.objects.exclude(pk=theirs.pk).get()
        assert mine.agency == self.world.childrens
        theirs.refresh_from_db()
        assert theirs.vacancies_fte == 8
        assert [r["vacancies_fte"] for r in self.get().json()] == ["8.00"]
