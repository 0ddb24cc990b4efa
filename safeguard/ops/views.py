"""Probes for load balancers and monitoring: JSON, no sign-in, nothing about anyone."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from safeguard.ops import health
from safeguard.partnership.access import public


@public
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is alive and answering; says nothing about the database."""
    return JsonResponse({"status": "ok", "time": health.now_iso()})


@public
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready to serve: 200 when every check passes, otherwise 503 naming the failing checks."""
    checks = health.readiness()
    failing = [name for name, result in checks.items() if not result["ok"]]
    return JsonResponse(
        {"status": "failing" if failing else "ok", "failing": failing, "checks": checks, "time": health.now_iso()},
        status=503 if failing else 200,
    )
