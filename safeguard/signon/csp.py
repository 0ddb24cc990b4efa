"""The Content Security Policy exception single sign-on needs, and no wider."""

from __future__ import annotations

from django.http import HttpResponseBase

from safeguard.signon.selectors import provider_origins


def allow_provider_redirects(response: HttpResponseBase) -> HttpResponseBase:
    """Let a sign-in form's POST be redirected on to an agency's provider.

    The "Sign in with …" buttons POST to Safeguard (with the CSRF token), which answers with a
    redirect to the provider; browsers hold that redirect to ``form-action 'self'`` too, and
    would block it. Only pages with such a form get the providers' origins added.
    """
    origins = provider_origins()
    if origins:
        response._csp_update = {"form-action": origins}  # type: ignore[attr-defined]
    return response
