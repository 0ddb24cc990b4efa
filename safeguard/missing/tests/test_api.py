from __future__ import annotations

import json
from typing import Any
from unittest import mock

from django.test import Client

from safeguard.core.testing import BaseTestCase
from safeguard.missing.models import Episode
from safeguard.partnership.roles import Role
from safeguard.partnership.services import api_token_create
from safeguard.people.models import Person

URL = "/api/missing/episodes"


def payload(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "police_reference": "DC-2026-0001",
        "person": {"nhs_number": "943 476 5919", "date_of_birth": "2011-03-14"},
        "category": "missing",
        "risk_grade": "medium",
        "reported_at": "2026-03-27T20:00:00Z",
        "started_at": "2026-03-27T18:30:00Z",
        "last_seen_place": "Darlington railway station",
    }
    body.update(changes)
    return body


class EpisodeApiTests(BaseTestCase):
    raw: str
    read_only: str

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        _, cls.raw = api_token_create(
            actor=None, agency=cls.world.police, name="Niche", roles={Role.POLICE_INTELLIGENCE}
        )
        _, cls.read_only = api_token_create(actor=None, agency=cls.world.police, name="Reports", roles={Role.AUDITOR})

    def post(self, body: Any, token: str | None = None) -> Any:
        data = body if isinstance(body, str) else json.dumps(body)
        return Client().post(
            URL, data=data, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token or self.raw}"
        )

    def test_a_token_that_calls_too_often_gets_429_and_other_tokens_carry_on(self) -> None:
        with mock.patch("safeguard.core.api.RATE_LIMIT_PER_MINUTE", 2):
            assert self.post(payload()).status_code == 201
            assert self.post(payload()).status_code == 200
            response = self.post(payload())
            assert response.status_code == 429
            assert response.json() == {"error": "Too many requests: try again in a minute"}
            assert self.post(payload(), token=self.read_only).status_code == 403

    def test_a_token_holding_a_read_only_role_cannot_write_whatever_else_it_holds(self) -> None:
        _, mixed = api_token_create(
            actor=None, agency=self.world.police, name="Mixed", roles={Role.POLICE_INTELLIGENCE, Role.AUDITOR}
        )
        response = self.post(payload(), token=mixed)
        assert response.status_code == 403
        assert "read-only" in response.json()["error"]
        assert not Episode.objects.exists()

    def test_the_same_police_reference_twice_gives_the_same_episode(self) -> None:
        first = self.post(payload())
        assert first.status_code == 201, first.content
        second = self.post(payload())
        assert second.status_code == 200
        assert first.json()["id"] == second.json()["id"]
        assert Episode.objects.count() == 1
        assert Episode.objects.get().person == self.child

    def test_a_retry_that_reports_the_return_starts_the_rhi_clock(self) -> None:
        self.post(payload())
        response = self.post(payload(ended_at="2026-03-27T23:30:00Z"))
        assert response.status_code == 200
        # 72 real hours after 23:30 GMT on the Friday before the clocks change is 00:30 BST on Tuesday.
        assert response.json()["rhi_due_at"][:19] == "2026-03-31T00:30:00"

    def test_an_unknown_child_is_added_with_their_nhs_number(self) -> None:
        body = payload(
            police_reference="DC-2",
            person={
                "nhs_number": "9000000009",
                "date_of_birth": "2010-01-02",
                "given_name": "Kai",
                "family_name": "Lowe",
            },
        )
        assert self.post(body).status_code == 201
        assert Person.objects.filter(given_name="Kai", identifiers__value="9000000009").exists()

    def test_a_wrong_date_of_birth_is_refused_without_saying_which_part_disagreed(self) -> None:
        known = self.post(payload(person={"nhs_number": "9434765919", "date_of_birth": "2012-01-01"}))
        unknown = self.post(
            payload(police_reference="DC-3", person={"nhs_number": "9000000009", "date_of_birth": "2012-01-01"})
        )
        # A token cannot tell a number that exists from one that does not, so it cannot guess dates of birth.
        assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())
        assert known.status_code == 422
        assert "different" not in known.json()["error"]
        assert not Episode.objects.exists()

    def test_a_push_without_an_nhs_number_matches_the_child_by_name_date_of_birth_and_postcode(self) -> None:
        body = payload(
            person={
                "given_name": "Amelia",
                "family_name": "Hartley",
                "date_of_birth": "2011-03-14",
                "postcode": "dl37ab",
            }
        )
        response = self.post(body)
        assert response.status_code == 201, response.content
        assert Episode.objects.get().person == self.child
        assert Person.objects.filter(given_name="Amelia").count() == 1

    def test_an_uncertain_match_waits_for_childrens_services_instead_of_making_a_second_child(self) -> None:
        body = payload(person={"given_name": "Amelia", "family_name": "Hartly", "date_of_birth": "2011-03-14"})
        response = self.post(body)
        assert response.status_code == 202, response.content
        assert self.post(body).json()["held_id"] == response.json()["held_id"]  # a retry finds it
        assert not Episode.objects.exists()
        assert Person.objects.filter(given_name="Amelia").count() == 1
        held_url = f"/missing/police-pushes/{response.json()['held_id']}/"
        self.login(self.bob)  # police do not choose the child
        assert self.client.get(held_url).status_code == 404
        self.login(self.charlie)
        self.assertContains(self.client.get("/missing/police-pushes/"), "DC-2026-0001")
        self.assertContains(self.client.get(held_url), "Amelia Hartley, born 14/03/2011")
        resolved = self.client.post(held_url, {"child": str(self.child.pk)})
        episode = Episode.objects.get()
        self.assertRedirects(resolved, f"/missing/episodes/{episode.pk}/")
        assert (episode.person, episode.police_reference) == (self.child, "DC-2026-0001")
        assert self.post(body).status_code == 200  # later pushes go to the episode

    def test_malformed_payloads_get_a_json_error_not_a_crash(self) -> None:
        cases = [
            "{not json",
            "[]",
            json.dumps(payload(category="lost")),
            json.dumps(payload(person={"nhs_number": "1234567890", "date_of_birth": "2011-03-14"})),
            json.dumps(payload(started_at="yesterday")),
            json.dumps(payload(started_at="2026-03-27T18:30:00")),
            json.dumps({"police_reference": ""}),
            json.dumps(payload(ended_at="2026-03-26T10:00:00Z")),
            json.dumps(payload(started_at="2099-01-01T10:00:00Z", reported_at="2099-01-01T10:00:00Z")),
            # A system's empty date (.NET DateTime.MinValue) with a UK offset overflowed when saved.
            json.dumps(payload(started_at="0001-01-01T00:00:00+01:00", reported_at="0001-01-01T00:00:00+01:00")),
        ]
        for body in cases:
            with self.subTest(body=body[:60]):
                response = self.post(body)
                assert response.status_code in (400, 422), response.content
                assert "error" in response.json()
        assert Episode.objects.count() == 0

    def test_a_token_without_the_permission_is_refused(self) -> None:
        assert self.post(payload(), token=self.read_only).status_code == 403

    def test_no_token_is_refused(self) -> None:
        response = Client().post(URL, data=json.dumps(payload()), content_type="application/json")
        assert response.status_code == 401
