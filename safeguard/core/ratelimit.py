"""Fixed-window rate limits kept in Django's cache.

With the default local-memory cache each server process counts on its own; a
deployment with several processes configures a shared cache (or limits at the
reverse proxy as well). A count that slightly overshoots at a window boundary is
acceptable: the point is to stop floods, not to meter exactly.
"""

from __future__ import annotations

import time

from django.core.cache import cache

from safeguard.audit.services import client_address

__all__ = ["allow", "client_address"]


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
