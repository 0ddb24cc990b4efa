from __future__ import annotations

import pytest
from django.test import Client

from safeguard.core.testing import World
from safeguard.partnership.roles import Role
from safeguard.partnership.services import api_token_create

from ..models import Submission
from .factories import submitted_indicator

pytestmark = pytest.mark.django_db


def _client(world: World, agency_name: str = "health", role: Role = Role.DATA_OFFICER) -> tuple[Client, str]:
    _, raw = api_token_create(actor=None, agency=getattr(world, agency_name), name="system", roles={role})
    return Client(), f"Bearer {raw}"


def test_an_agency_system_submits_figures_all_or_nothing(world: World) -> None:
    submitted_indicator(world)
    client, auth = _client(world)
    listed = client.get("/api/performance/indicators", HTTP_AUTHORIZATION=auth).json()
    assert [i["code"] for i in listed] == ["re-referrals"]
    bad = client.post(
        "/api/performance/figures",
        {"figures": [
            {"indicator_code": "re-referrals", "period": "2026-01", "numerator": 5, "denominator": 40},
            {"indicator_code": "re-referrals", "period": "2026-02", "numerator": 50, "denominator": 40},
            {"indicator_code": "nope", "period": "Feb", "numerator": 1},
        ]},
        content_type="application/json",
        HTTP_AUTHORIZATION=auth,
    )  # fmt: skip
    assert bad.status_code == 422
    assert [(p["index"], p["field"]) for p in bad.json()["problems"]] == [
        (1, "numerator"),
        (2, "indicator_code"),
        (2, "period"),
    ]
    assert not Submission.objects.exists()
    good = client.post(
        "/api/performance/figures",
        {"figures": [{"indicator_code": "re-referrals", "period": "2026-01", "numerator": 5, "denominator": 40}]},
        content_type="application/json",
        HTTP_AUTHORIZATION=auth,
    )
    assert good.status_code == 200 and good.json()[0]["status"] == "accepted"
    assert Submission.objects.get().submitted_by is None


def test_one_month_written_two_ways_in_a_batch_is_the_same_period_twice(world: World) -> None:
    submitted_indicator(world)
    client, auth = _client(world)
    response = client.post(
        "/api/performance/figures",
        {"figures": [
            {"indicator_code": "re-referrals", "period": "2026-1", "numerator": 5, "denominator": 40},
            {"indicator_code": "re-referrals", "period": "2026-01", "numerator": 6, "denominator": 40},
        ]},
        content_type="application/json",
        HTTP_AUTHORIZATION=auth,
    )  # fmt: skip
    assert response.status_code == 422
    assert [(p["index"], p["reason"]) for p in response.json()["problems"]] == [
        (1, "the same indicator and period twice")
    ]
    assert not Submission.objects.exists()


def test_a_token_without_the_permission_or_of_another_agency_submits_nothing(world: World) -> None:
    submitted_indicator(world)
    client, auth = _client(world, role=Role.PRACTITIONER)
    assert client.get("/api/performance/indicators", HTTP_AUTHORIZATION=auth).status_code == 403
    client, auth = _client(world, agency_name="childrens")
    response = client.post(
        "/api/performance/figures",
        {"figures": [{"indicator_code": "re-referrals", "period": "2026-01", "numerator": 5, "denominator": 40}]},
        content_type="application/json",
        HTTP_AUTHORIZATION=auth,
    )
    assert response.status_code == 422 and not Submission.objects.exists()
