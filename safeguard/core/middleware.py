from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# Paths a signed-in user can reach before finishing the second factor.
_SECOND_FACTOR_EXEMPT = (
    "/sign-in/",
    "/sign-out/",
    "/static/",
    "/two-factor/",
    "/api/",
    "/accessibility/",
    "/privacy/",
    "/password/",
    # Public pages: the bulletin archive, subscriptions and the training calendar feed.
    "/governance/bulletins/",
    "/training/feed/",
)


class IdleTimeoutMiddleware:
    """Sign the user out after a period without requests (30 minutes by default)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get("last_activity")
            limit = settings.SESSION_IDLE_TIMEOUT_MINUTES * 60
            if last is not None and now - int(last) > limit:
                logout(request)
                messages.info(
                    request,
                    f"You were signed out after {settings.SESSION_IDLE_TIMEOUT_MINUTES} minutes without activity.",
                )
                return redirect(f"{reverse('login')}?next={quote(request.path)}")
            # Write at most once a minute, so every request does not rewrite the session.
            if last is None or now - int(last) >= 60:
                request.session["last_activity"] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """Outside demo mode, a password alone reaches nothing but the second-factor pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not settings.DEMO_MODE
            and not user.is_verified()  # type: ignore[union-attr,attr-defined]
            and not request.path.startswith(_SECOND_FACTOR_EXEMPT)
        ):
            return redirect("two_factor")
        return self.get_response(request)
