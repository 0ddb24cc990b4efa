"""Schemathesis against the API's own OpenAPI document, in-process through the WSGI app (no server).

Every operation is called with generated requests, once with a token of each role: no answer may be a
server error, and every answer must match the schema the API publishes for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import content_type_conformance, not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from safeguard.core.testing import World
from safeguard.partnership.roles import Role
from safeguard.partnership.services import api_token_create

# Each token belongs to an agency where that role makes sense.
ROLE_AGENCIES = {
    Role.PARTNERSHIP_ADMIN: "business_unit",
    Role.DATA_OFFICER: "health",
    Role.PRACTITIONER: "childrens",
    Role.ANALYST: "childrens",
    Role.BOARD_MEMBER: "business_unit",
    Role.POLICE_INTELLIGENCE: "police",
    Role.AUDITOR: "business_unit",
}


@pytest.fixture
def role_tokens(world: World, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[Role, str]]:
    # Hundreds of calls a minute per token here: the rate limit is tested on its own elsewhere.
    monkeypatch.setattr("safeguard.core.api.RATE_LIMIT_PER_MINUTE", 1_000_000)
    # Calls go through the WSGI handler, whose request signals would close the test's database connection at the
    # end of each call (PostgreSQL: "the connection is closed"); Django's own test client unhooks them the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    tokens = {}
    for role, agency in ROLE_AGENCIES.items():
        _, raw = api_token_create(actor=None, agency=getattr(world, agency), name=f"{role} system", roles={role})
        tokens[role] = raw
    try:
        yield tokens
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def test_every_role_gets_no_server_error_and_answers_that_match_the_schema(role_tokens: dict[Role, str]) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    checks = [not_a_server_error, response_schema_conformance, content_type_conformance]
    # A part of the schema schemathesis cannot read fails here, with its reason, rather than being skipped.
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) >= 5

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=8, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
        )
        def calls(case: Any) -> None:
            for raw in role_tokens.values():
                case.call_and_validate(headers={"Authorization": f"Bearer {raw}"}, checks=checks)

        calls()
