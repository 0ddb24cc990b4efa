"""The JSON API for agency systems (OpenAPI schema at /api/openapi.json).

Each app adds a ninja ``router`` in its own ``api.py``; this module mounts them.
Requests carry a per-agency token (``Authorization: Bearer sg_…``) that acts
with the roles it was given, scoped to its agency like a user. Every request is
audited and rate-limited; malformed requests get a 4xx JSON error, never a 500.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.http import HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from safeguard.core import ratelimit
from safeguard.env import env_int
from safeguard.partnership.models import Agency, ApiToken
from safeguard.partnership.roles import Perm
from safeguard.partnership.selectors import api_token_lookup

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
RATE_LIMIT_PER_MINUTE = env_int("SAFEGUARD_API_RATE_PER_MINUTE", 120)


class ErrorOut(Schema):
    """Every error the API answers: one sentence a developer can act on."""

    error: str


class Problem(Schema):
    index: int | None = Field(description="The item's position in the request's list, from 0; null for the whole")
    field: str
    reason: str


class ProblemsOut(Schema):
    """A batch refused as a whole, with every problem found in it."""

    error: str
    problems: list[Problem]


@dataclass(frozen=True)
class ApiCaller:
    """What an API view knows about who is calling."""

    token: ApiToken

    @property
    def agency(self) -> Agency:
        return self.token.agency

    def can(self, perm: Perm) -> bool:
        return perm in self.token.permissions

    def require(self, perm: Perm) -> None:
        if not self.can(perm):
            raise HttpError(403, f"This token does not allow: {perm.label}")


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiCaller | None:
        found = api_token_lookup(token.strip())
        if found is None:
            return None
        if not ratelimit.allow(f"api-token:{found.pk}", limit=RATE_LIMIT_PER_MINUTE, window_seconds=60):
            raise HttpError(429, "Too many requests: try again in a minute")
        # Checked here, for every endpoint at once, so no app can forget it.
        if request.method not in SAFE_METHODS and found.is_read_only:
            raise HttpError(403, "This token is read-only: it can read but not change records")
        return ApiCaller(found)


def caller_of(request: HttpRequest) -> ApiCaller:
    caller = request.auth  # type: ignore[attr-defined]
    assert isinstance(caller, ApiCaller)
    return caller


api = NinjaAPI(
    title="Safeguard API",
    version="1",
    description=(
        "For agency systems: push extracts, missing episodes and workforce returns; read run status and "
        "returns. Authenticate with a per-agency token."
    ),
    auth=TokenAuth(),
    urls_namespace="api",
    # The interactive docs page loads scripts from a CDN; the service must work offline.
    docs_url=None,
)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    # The same shape as ProblemsOut (and so ErrorOut), which endpoints declare for 422: a client reads one
    # list of problems whether the request's shape or its content was wrong. "details" is kept as it was.
    problems = [
        {
            "index": next((part for part in error.get("loc", ()) if isinstance(part, int)), None),
            "field": ".".join(str(part) for part in error.get("loc", ()) if part not in ("body", "payload")),
            "reason": str(error.get("msg", "")),
        }
        for error in exc.errors
    ]
    return api.create_response(
        request, {"error": "The request is not valid", "problems": problems, "details": exc.errors}, status=422
    )


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"error": "Missing, unknown or revoked token"}, status=401)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"error": str(exc)}, status=exc.status_code)


@api.get("/whoami", summary="Which agency and permissions this token has")
def whoami(request: HttpRequest) -> dict[str, Any]:
    caller = caller_of(request)
    return {
        "agency": caller.agency.name,
        "agency_code": caller.agency.code,
        "permissions": sorted(caller.token.permissions),
    }


def _mount_routers() -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith("safeguard.") or config.name == "safeguard.core":
            continue
        try:
            module = importlib.import_module(f"{config.name}.api")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.api":
                raise
            continue
        api.add_router(f"/{config.label}/", module.router)


_mount_routers()
