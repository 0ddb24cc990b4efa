"""Fixed-window rate limits kept in Django's cache.

With the default local-memory cache each server process counts on its own; a
deployment with several processes configures a shared cache (or limits at the
reverse proxy as well). A count that slightly overshoots at a window boundary is
acceptable: the point is to stop floods, not to meter exactly.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def allow(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one hit against ``key``; False once more than ``limit`` hits fall in this window."""
    bucket = f"ratelimit:{key}:{int(time.time() // window_seconds)}"
    if cache.add(bucket, 1, timeout=window_seconds + 1):
        return limit >= 1
    try:
        count = cache.incr(bucket)
    except ValueError:  # expired between add() and incr()
        cache.set(bucket, 1, timeout=window_seconds + 1)
        count = 1
    return count <= limit


def client_address(request: HttpRequest) -> str:
    """The address that connected to us, or the one our own proxy says connected to it.

    Only the last X-Forwarded-For hop is used, and only behind our proxy: it is the
    one the proxy wrote, where earlier hops are whatever the client chose to send.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and settings.SAFEGUARD_BEHIND_PROXY:
        return forwarded.split(",")[-1].strip()[:45]
    return str(request.META.get("REMOTE_ADDR", ""))[:45]
