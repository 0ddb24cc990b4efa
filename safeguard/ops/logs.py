"""Logs as one JSON object a line, each tagged with the request it belongs to.

``RequestLogMiddleware`` gives every request an id (or keeps a sane ``X-Request-ID`` from
the proxy), returns it in the response, and writes one line per request: path (never the
query string, which can hold a searched name), status, duration, user id and agency id.
Lines logged while the request runs carry the same request id.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar("safeguard_request", default=None)
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# Fields of a LogRecord that are not "extra" values passed by the caller.
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}

request_logger = logging.getLogger("safeguard.request")


def _user_fields(request: HttpRequest) -> dict[str, Any]:
    # Only a user the auth middleware has already loaded: a log line must not cause a query.
    user = request.__dict__.get("_cached_user")
    if user is None or not getattr(user, "is_authenticated", False):
        return {}
    return {"user_id": user.pk, "agency_id": getattr(user, "agency_id", None)}


def _loggable_path(request: HttpRequest) -> str:
    """The path, except that a secret in it (a password-reset or unsubscribe token) is logged as the route."""
    match = request.resolver_match
    if match is not None and {"token", "uidb64"} & set(match.kwargs):
        return "/" + match.route
    return request.path


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = _request.get()
        if request is not None:
            entry["request_id"] = getattr(request, "request_id", "")
            entry.update(_user_fields(request))
        # Values passed with the line (``extra=``) win over those of the request in progress.
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = request.headers.get("X-Request-ID", "")
        request.request_id = offered if _SANE_ID.match(offered) else uuid.uuid4().hex  # type: ignore[attr-defined]
        token = _request.set(request)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.request_id  # type: ignore[attr-defined]
            path = _loggable_path(request)
            request_logger.info(
                "%s %s %s",
                request.method,
                path,
                response.status_code,
                extra={
                    "request_id": request.request_id,  # type: ignore[attr-defined]
                    **_user_fields(request),
                    "method": request.method,
                    "path": path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            _request.reset(token)
